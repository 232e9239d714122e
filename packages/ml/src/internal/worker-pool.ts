import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FOREST_WORKER_MODULE_URL } from './forest-worker.ts';
import type { TreeReply } from './forest-worker.ts';
import { shareTrainingData } from './training-data.ts';
import type { TrainingData, TreeArrays } from './training-data.ts';

/**
 * The worker is started from this code string (`eval: true`), which imports the module holding
 * `runForestWorker` by URL. So no separate worker file has to exist next to the bundle: from source
 * it imports `forest-worker.ts`; after `tsup` it imports `dist/index.js`, which re-exports it.
 * From source, the worker first registers tsx's loader through its API: Node 20 does not apply
 * `--import` loaders given in a worker's `execArgv`.
 */
const WORKER_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const loader = workerData.tsxApi === null ? Promise.resolve() : import(workerData.tsxApi).then((api) => api.register());
loader.then(() => import(workerData.moduleUrl)).then((module) => module.runForestWorker());
`;

/**
 * How to start a worker. From TypeScript sources (tsx, vitest) the worker loads tsx, resolved from
 * this package, and gets the `source` export condition so workspace packages resolve to their
 * sources (vitest itself uses no Node loader, so nothing can be inherited). From the build the
 * worker inherits the parent's Node flags, as Node does by default.
 */
function workerSetup(moduleUrl: string): { execArgv: string[] | undefined; tsxApi: string | null } {
  if (!moduleUrl.endsWith('.ts')) return { execArgv: undefined, tsxApi: null };
  return { execArgv: ['--conditions=source'], tsxApi: tsxEsmApiUrl(moduleUrl) };
}

/** URL of tsx's ESM `register` API (`tsx/esm/api`, import condition), resolved from `fromUrl`. */
function tsxEsmApiUrl(fromUrl: string): string {
  const manifestPath = createRequire(fromUrl).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(manifestPath), manifest.exports['./esm/api'].import.default)).href;
}

/** The number of threads `jobs` stands for: -1 is one per CPU. */
export function resolveJobs(jobs: number): number {
  return jobs === -1 ? Math.max(1, availableParallelism()) : jobs;
}

/**
 * Grows trees 0..trees-1 on `jobs` worker threads. Each tree depends only on the data and its
 * index (its random stream is a fork of the seed), and results are put back in tree order, so the
 * forest is the same whatever the number of threads and whichever thread grew which tree.
 */
export function trainTreesInWorkers(data: TrainingData, trees: number, jobs: number): Promise<TreeArrays[]> {
  const shared = shareTrainingData(data);
  const workerCount = Math.max(1, Math.min(jobs, trees));
  const results: TreeArrays[] = new Array<TreeArrays>(trees);
  const { execArgv, tsxApi } = workerSetup(FOREST_WORKER_MODULE_URL);
  return new Promise<TreeArrays[]>((resolve, reject) => {
    const workers: Worker[] = [];
    let nextTree = 0;
    let done = 0;
    let finished = false;
    const stopAll = (): void => {
      for (const worker of workers) void worker.terminate();
    };
    const fail = (error: unknown): void => {
      if (finished) return;
      finished = true;
      stopAll();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const assign = (worker: Worker): void => {
      if (nextTree < trees) worker.postMessage({ tree: nextTree++ });
    };
    for (let w = 0; w < workerCount; w++) {
      const worker = new Worker(WORKER_BOOTSTRAP, {
        eval: true,
        execArgv,
        workerData: { moduleUrl: FOREST_WORKER_MODULE_URL, tsxApi, trainingData: shared },
      });
      workers.push(worker);
      worker.on('message', (reply: TreeReply) => {
        if (finished) return;
        results[reply.tree] = reply.arrays;
        done++;
        if (done === trees) {
          finished = true;
          stopAll();
          resolve(results);
        } else {
          assign(worker);
        }
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (!finished) fail(new Error(`a forest worker thread exited early with code ${code}`));
      });
      assign(worker);
    }
  });
}
