import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { RooneyError } from '@rooney/core';
import type { MarketData } from '../backtest/market-data.ts';
import { restoreMarketData } from './shared-data.ts';
import type { SharedMarketData } from './shared-data.ts';
import { runSweepTask } from './sweep-task.ts';
import type { SweepSetup, SweepTask, SweepTaskResult } from './sweep-task.ts';

/** What the pool hands a worker in `workerData`. */
export interface SweepWorkerData {
  readonly rooneySweep: true;
  readonly setup: SweepSetup;
  /** The main thread's bars, in shared memory. */
  readonly data: SharedMarketData;
}

/** A worker's answer to one task. */
export type SweepWorkerReply =
  | { readonly kind: 'result'; readonly result: SweepTaskResult }
  | { readonly kind: 'error'; readonly id: number; readonly code: string; readonly message: string; readonly stack?: string };

function errorReply(id: number, error: unknown): SweepWorkerReply {
  if (error instanceof RooneyError) return { kind: 'error', id, code: error.code, message: error.message };
  const e = error instanceof Error ? error : new Error(String(error));
  return { kind: 'error', id, code: 'worker_failed', message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) };
}

/**
 * Body of a sweep worker thread: takes the market data once (the main thread's bars, in shared
 * memory), then runs each task it is sent and posts the result back, its arrays transferred rather
 * than copied. Errors are posted as replies, never thrown across threads.
 */
export function runSweepWorker(): void {
  const port = parentPort;
  if (port === null) throw new Error('runSweepWorker must run inside a worker thread');
  const { setup, data: shared } = workerData as SweepWorkerData;
  let data: MarketData | undefined;
  let loadError: unknown;
  try {
    data = restoreMarketData(shared);
  } catch (error) {
    loadError = error;
  }
  port.on('message', (task: SweepTask) => {
    if (data === undefined) {
      port.postMessage(errorReply(task.id, loadError));
      return;
    }
    let reply: SweepWorkerReply;
    try {
      reply = { kind: 'result', result: runSweepTask(setup, data, task) };
    } catch (error) {
      port.postMessage(errorReply(task.id, error));
      return;
    }
    const { result } = reply;
    const transfer: ArrayBuffer[] = [result.daily.ts.buffer as ArrayBuffer, result.daily.value.buffer as ArrayBuffer];
    if (result.detail !== undefined) transfer.push(result.detail.equity.ts.buffer as ArrayBuffer, result.detail.equity.value.buffer as ArrayBuffer);
    port.postMessage(reply, transfer);
  });
}

// Started as a sweep worker (directly, or imported by the source bootstrap): run.
if (!isMainThread && (workerData as Partial<SweepWorkerData> | null)?.rooneySweep === true) runSweepWorker();
