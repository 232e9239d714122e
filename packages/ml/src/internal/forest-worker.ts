import { parentPort, workerData } from 'node:worker_threads';
import type { TrainingData, TreeArrays } from './training-data.ts';
import { TreeTrainer } from './tree-trainer.ts';

/**
 * URL of the module holding {@link runForestWorker}: this file when running from source, the
 * bundle (`dist/index.js`, which re-exports it) after a tsup build.
 */
export const FOREST_WORKER_MODULE_URL = import.meta.url;

/** A request from the pool: grow tree `tree`. */
export interface TreeRequest {
  readonly tree: number;
}

/** The answer: the grown tree (its buffers are transferred, not copied). */
export interface TreeReply {
  readonly tree: number;
  readonly arrays: TreeArrays;
}

/**
 * Body of a forest worker thread: reads the shared training data from `workerData` and grows the
 * trees it is asked for. Exported for the worker bootstrap only; not part of the public API.
 */
export function runForestWorker(): void {
  const port = parentPort;
  if (port === null) throw new Error('runForestWorker must run inside a worker thread');
  const data = (workerData as { trainingData: TrainingData }).trainingData;
  const trainer = new TreeTrainer(data);
  port.on('message', (request: TreeRequest) => {
    const arrays = trainer.train(request.tree);
    const reply: TreeReply = { tree: request.tree, arrays };
    port.postMessage(reply, [
      arrays.feature.buffer as ArrayBuffer,
      arrays.threshold.buffer as ArrayBuffer,
      arrays.next.buffer as ArrayBuffer,
      arrays.leafValues.buffer as ArrayBuffer,
      arrays.importance.buffer as ArrayBuffer,
    ]);
  });
}
