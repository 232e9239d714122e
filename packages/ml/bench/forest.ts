/**
 * Random forest benchmark against scikit-learn 1.2 (numbers measured on this machine, quoted from
 * the ML issue) and ml-random-forest 2.1.0.
 *
 *   cd /work/main && node --conditions=source --import tsx packages/ml/bench/forest.ts
 *
 * Data: every feature i.i.d. N(0, 1); label 1 when
 * 0.8·x0 − 0.6·x1·x2 + 0.5·sin(2·x3) + 0.4·[x4 > 0.5] + ε > 0, ε ~ N(0, 1.5²); test on 20,000
 * held-out rows. Forest: max_depth 12, min_samples_leaf 5, max_features sqrt, bootstrap.
 *
 * Environment: ROONEY_BENCH_SCALE (default 1) multiplies the training rows and trees, e.g. 0.1 for
 * a quick run; ROONEY_BENCH_JOBS (default 2) is the thread count of the parallel run;
 * ROONEY_BENCH_MLRF=0 skips the ml-random-forest baseline.
 * The machine has 2 cores shared with other jobs: wall times, and above all the speed-up, are noisy.
 * CPU time (user, all threads) is printed next to wall time to show the work done.
 */
import { cpus, loadavg } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RandomForestClassifier as MlRandomForest } from 'ml-random-forest';
import { auc } from '../src/metrics.ts';
import { RandomForestClassifier } from '../src/forest.ts';
import type { RandomForestOptions } from '../src/forest-options.ts';
import type { Matrix } from '../src/matrix.ts';
import { syntheticClassification } from '../src/synthetic-data.ts';

const scale = Number(process.env.ROONEY_BENCH_SCALE ?? '1');
const parallelJobs = Number(process.env.ROONEY_BENCH_JOBS ?? '2');
const withMlRandomForest = process.env.ROONEY_BENCH_MLRF !== '0';

interface Case {
  readonly name: string;
  readonly rows: number;
  readonly features: number;
  readonly trees: number;
  readonly sklearnSeconds: number;
  readonly sklearnAuc: number;
}

const cases: Case[] = [
  { name: '20k x 30, 100 trees', rows: 20_000, features: 30, trees: 100, sklearnSeconds: 8.0, sklearnAuc: 0.721 },
  { name: '100k x 40, 200 trees', rows: 100_000, features: 40, trees: 200, sklearnSeconds: 116, sklearnAuc: 0.725 },
];

interface Measure {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly auc: number;
}

async function measure(train: { x: Matrix; y: Uint8Array }, test: { x: Matrix; y: Uint8Array }, options: RandomForestOptions): Promise<Measure> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const forest = await new RandomForestClassifier(options).fitAsync(train.x, train.y);
  const seconds = (performance.now() - start) / 1000;
  const cpuSeconds = process.cpuUsage(cpu).user / 1e6;
  return { seconds, cpuSeconds, auc: auc(forest.predictProbability(test.x), test.y) };
}

/**
 * Plain-loop baseline for the speed-up: the same fixed CPU-bound loop on 1 thread, then on `jobs`
 * threads at once. On a machine with `jobs` free cores the second takes as long as the first; the
 * ratio jobs·t1/tN is the speed-up this machine can give right now to perfectly parallel work.
 */
async function parallelCapacity(jobs: number): Promise<number> {
  const code = `
    const { parentPort } = require('node:worker_threads');
    let x = 0;
    for (let i = 0; i < 2e8; i++) x = (x + i * 7) % 1000003;
    parentPort.postMessage(x);
  `;
  const runThreads = async (count: number): Promise<number> => {
    const start = performance.now();
    await Promise.all(
      Array.from({ length: count }, () => new Promise((resolve) => new Worker(code, { eval: true }).once('message', resolve))),
    );
    return performance.now() - start;
  };
  const one = await runThreads(1);
  const many = await runThreads(jobs);
  return (jobs * one) / many;
}

function cell(text: string, width: number): string {
  return text.padStart(width);
}

async function main(): Promise<void> {
  console.log(`random forest benchmark — scale ${scale}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('(sklearn: RandomForestClassifier(max_depth=12, min_samples_leaf=5, max_features="sqrt", n_jobs=1), scikit-learn 1.2, same machine)');
  console.log('');
  const header = ['case', 'sklearn s', 'sklearn AUC', 'ours 1 thread s', 'cpu s', 'AUC', `ours ${parallelJobs} threads s`, 'cpu s', 'speed-up', 'vs sklearn'];
  const widths = [24, 10, 12, 16, 7, 7, 17, 7, 9, 11];
  console.log(header.map((h, i) => (i === 0 ? h.padEnd(widths[i]) : cell(h, widths[i]))).join(' '));
  for (const c of cases) {
    const rows = Math.max(200, Math.round(c.rows * scale));
    const trees = Math.max(2, Math.round(c.trees * scale));
    const train = syntheticClassification(rows, c.features, 1);
    const test = syntheticClassification(20_000, c.features, 2);
    const options: RandomForestOptions = { trees, maxDepth: 12, minSamplesLeaf: 5, maxFeatures: 'sqrt', seed: 42 };
    const single = await measure(train, test, { ...options, jobs: 1 });
    const capacityBefore = await parallelCapacity(parallelJobs);
    const parallel = await measure(train, test, { ...options, jobs: parallelJobs });
    const capacityAfter = await parallelCapacity(parallelJobs);
    const name = scale === 1 ? c.name : `${rows} x ${c.features}, ${trees} trees`;
    console.log(
      [
        name.padEnd(widths[0]),
        cell(scale === 1 ? c.sklearnSeconds.toFixed(1) : '-', widths[1]),
        cell(c.sklearnAuc.toFixed(3), widths[2]),
        cell(single.seconds.toFixed(2), widths[3]),
        cell(single.cpuSeconds.toFixed(2), widths[4]),
        cell(single.auc.toFixed(4), widths[5]),
        cell(parallel.seconds.toFixed(2), widths[6]),
        cell(parallel.cpuSeconds.toFixed(2), widths[7]),
        cell(`${(single.seconds / parallel.seconds).toFixed(2)}x`, widths[8]),
        cell(scale === 1 ? `${(c.sklearnSeconds / single.seconds).toFixed(1)}x faster` : '-', widths[9]),
      ].join(' '),
    );
    console.log(
      `  plain-loop baseline: ${parallelJobs} threads of a pure CPU loop ran ${capacityBefore.toFixed(2)}x / ${capacityAfter.toFixed(2)}x ` +
        `faster than 1 just before / after (ideal ${parallelJobs}x); CPU work with ${parallelJobs} threads / 1 thread: ` +
        `${(parallel.cpuSeconds / single.cpuSeconds).toFixed(2)} (start-up, JIT warm-up per thread, contention; 1.00 = none)`,
    );
    if (parallel.auc !== single.auc) console.log(`  !! AUC differs between 1 and ${parallelJobs} threads: the forests are not identical`);
  }

  if (withMlRandomForest) {
    // Baseline: ml-random-forest's CART rescans every row per candidate split (O(n²) per node).
    const rows = 2_000;
    const train = syntheticClassification(rows, 30, 1);
    const test = syntheticClassification(5_000, 30, 2);
    const trainRows = Array.from({ length: rows }, (_, r) => Array.from(train.x.values.subarray(r * 30, (r + 1) * 30)));
    let start = performance.now();
    const reference = new MlRandomForest({ nEstimators: 1, seed: 42, maxFeatures: 1.0, noOOB: true, treeOptions: { maxDepth: 12 } });
    reference.train(trainRows, Array.from(train.y));
    const theirs = (performance.now() - start) / 1000;
    start = performance.now();
    for (let i = 0; i < 10; i++) {
      new RandomForestClassifier({ trees: 1, maxDepth: 12, minSamplesLeaf: 3, maxFeatures: 'all', seed: i }).fit(train.x, train.y);
    }
    const ours = (performance.now() - start) / 10 / 1000;
    const ourForest = new RandomForestClassifier({ trees: 1, maxDepth: 12, minSamplesLeaf: 3, maxFeatures: 'all', seed: 42 }).fit(train.x, train.y);
    const testRows = Array.from({ length: 5_000 }, (_, r) => Array.from(test.x.values.subarray(r * 30, (r + 1) * 30)));
    const theirAuc = auc(Float64Array.from(reference.predictionValues(testRows).getColumn(0) as number[]), test.y);
    console.log(
      `\nbaseline, one tree (all 30 features per split, depth 12) on ${rows} x 30: ` +
        `ml-random-forest 2.1.0 ${theirs.toFixed(2)} s, ours ${(ours * 1000).toFixed(1)} ms ` +
        `(${(theirs / ours).toFixed(0)}x); single-tree test AUC ${theirAuc.toFixed(3)} vs ${auc(ourForest.predictProbability(test.x), test.y).toFixed(3)}`,
    );
  }
}

await main();
