/**
 * Monte Carlo speed: 10,000 paths × 1,000 trades per method, single thread, next to a plain loop
 * that draws the same number of random indices and sums them (the floor for any bootstrap).
 * Run: cd /work/main && node --conditions=source --import tsx packages/portfolio/bench/montecarlo.ts
 */
import { Rng } from '@rooney/core';
import { runMonteCarlo } from '../src/monte-carlo.ts';
import type { ResampleMethod } from '../src/monte-carlo.ts';

const PATHS = 10_000;
const TRADES = 1_000;
const rng = new Rng(1);
const pnls = new Float64Array(TRADES);
for (let i = 0; i < TRADES; i++) pnls[i] = 50 + 400 * rng.normal();

function time(run: () => unknown): number {
  run(); // warm-up
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const start = process.hrtime.bigint();
    run();
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return Math.min(...runs);
}

const rows: Array<[string, number]> = [];
rows.push([
  'plain loop (fork + int draws + sum)',
  time(() => {
    const root = new Rng(7);
    let total = 0;
    for (let p = 0; p < PATHS; p++) {
      const r = root.fork(p);
      let equity = 0;
      for (let i = 0; i < TRADES; i++) equity += pnls[r.int(TRADES)];
      total += equity;
    }
    return total;
  }),
]);
for (const method of ['iid', 'block', 'shuffle'] as ResampleMethod[]) {
  rows.push([
    `runMonteCarlo ${method}`,
    time(() => runMonteCarlo(pnls, { paths: PATHS, method, seed: 7, startEquity: 100_000, blockSize: 10 })),
  ]);
}
console.log(`Monte Carlo, ${PATHS} paths × ${TRADES} trades (best of 3, one thread)`);
console.log('| run | ms | ns / trade draw |');
console.log('|---|---:|---:|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${((ms * 1e6) / (PATHS * TRADES)).toFixed(1)} |`);
