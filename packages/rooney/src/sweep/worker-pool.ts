import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RooneyError } from '@rooney/core';
import type { MarketData } from '../backtest/market-data.ts';
import { shareMarketData } from './shared-data.ts';
import type { SharedMarketData } from './shared-data.ts';
import { runSweepTask } from './sweep-task.ts';
import type { SweepSetup, SweepTask, SweepTaskResult } from './sweep-task.ts';
import type { SweepWorkerData, SweepWorkerReply } from './sweep-worker.ts';

/**
 * Started from this code string (`eval: true`) when running from TypeScript sources: it registers
 * tsx's loader through its API (Node 20 does not apply `--import` loaders given in a worker's
 * `execArgv`), then imports the worker module, which starts itself. The `source` export condition
 * is passed in `execArgv` so workspace packages resolve to their sources, as in the parent.
 */
const SOURCE_BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then((api) => api.register()).then(() => import(workerData.moduleUrl));
`;

/** URL of tsx's ESM `register` API (`tsx/esm/api`), resolved from `fromUrl`. */
function tsxEsmApiUrl(fromUrl: string): string {
  const manifestPath = createRequire(fromUrl).resolve('tsx/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  return pathToFileURL(join(dirname(manifestPath), manifest.exports['./esm/api'].import.default)).href;
}

/**
 * A worker thread running `sweep-worker`. From sources (tsx, vitest) the `.ts` module is loaded
 * through the bootstrap above; from a build, `sweep-worker.js` next to this module is started
 * directly and inherits the parent's Node flags.
 */
function startWorker(setup: SweepSetup, shared: SharedMarketData): Worker {
  const data: SweepWorkerData = { rooneySweep: true, setup, data: shared };
  if (import.meta.url.endsWith('.ts')) {
    const moduleUrl = new URL('./sweep-worker.ts', import.meta.url).href;
    return new Worker(SOURCE_BOOTSTRAP, {
      eval: true,
      execArgv: ['--conditions=source'],
      workerData: { ...data, moduleUrl, tsxApi: tsxEsmApiUrl(import.meta.url) },
    });
  }
  return new Worker(new URL('./sweep-worker.js', import.meta.url), { workerData: data });
}

export interface RunTasksOptions {
  /** Threads to use; 1 (or fewer tasks than 2) runs in this thread with `data`. */
  readonly workers: number;
  /** The loaded data: used as is in this thread, or copied once into shared memory for the workers. */
  readonly data: MarketData;
  /** Called after each finished task with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs `tasks` and returns their results in task order. With `workers > 1`, up to that many worker
 * threads get the data once (shared memory) and take the next task whenever they finish one. Every task is
 * a pure function of the setup and the task (the engine is deterministic and reads no clock or
 * global random source), and results are put back by task id, so the output does not depend on
 * the number of workers or on which thread ran which task.
 */
export async function runSweepTasks(setup: SweepSetup, tasks: readonly SweepTask[], options: RunTasksOptions): Promise<SweepTaskResult[]> {
  const byId = new Map<number, number>();
  tasks.forEach((task, k) => {
    if (byId.has(task.id)) throw new RooneyError('invalid_parameter', `two sweep tasks have id ${task.id}`);
    byId.set(task.id, k);
  });
  const workerCount = Math.max(1, Math.min(Math.floor(options.workers), tasks.length));
  if (workerCount <= 1) {
    const data = options.data;
    return tasks.map((task, k) => {
      const result = runSweepTask(setup, data, task);
      options.onProgress?.(k + 1, tasks.length);
      return result;
    });
  }
  const results = new Array<SweepTaskResult>(tasks.length);
  const shared = shareMarketData(options.data);
  return new Promise<SweepTaskResult[]>((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0;
    let done = 0;
    let finished = false;
    const stopAll = (): void => {
      for (const worker of workers) void worker.terminate();
    };
    const fail = (error: Error): void => {
      if (finished) return;
      finished = true;
      stopAll();
      reject(error);
    };
    const assign = (worker: Worker): void => {
      if (next < tasks.length) worker.postMessage(tasks[next++]);
    };
    for (let w = 0; w < workerCount; w++) {
      const worker = startWorker(setup, shared);
      workers.push(worker);
      worker.on('message', (reply: SweepWorkerReply) => {
        if (finished) return;
        if (reply.kind === 'error') {
          const error = new RooneyError(reply.code, reply.message);
          if (reply.stack !== undefined) error.stack = reply.stack;
          fail(error);
          return;
        }
        const position = byId.get(reply.result.id);
        if (position === undefined) {
          fail(new Error(`a sweep worker answered unknown task ${reply.result.id}`));
          return;
        }
        results[position] = reply.result;
        done++;
        options.onProgress?.(done, tasks.length);
        if (done === tasks.length) {
          finished = true;
          stopAll();
          resolve(results);
        } else {
          assign(worker);
        }
      });
      worker.on('error', (error) => fail(error instanceof Error ? error : new Error(String(error))));
      worker.on('exit', (code) => {
        if (!finished) fail(new Error(`a sweep worker thread exited early with code ${code}`));
      });
      assign(worker);
    }
  });
}
