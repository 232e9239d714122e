import { describe, expect, it } from 'vitest';
import { RandomForestClassifier } from '../forest.ts';
import { syntheticClassification } from '../synthetic-data.ts';

// These run the workers from TypeScript sources under vitest: each worker loads tsx itself.
describe('worker threads', () => {
  it('fitAsync on 2 worker threads gives the same bytes as fit on one thread', async () => {
    const { x, y } = syntheticClassification(600, 8, 5);
    const options = { trees: 12, maxDepth: 8, minSamplesLeaf: 3, seed: 12, oobScore: true };
    const single = JSON.stringify(new RandomForestClassifier(options).fit(x, y));
    const two = JSON.stringify(await new RandomForestClassifier({ ...options, jobs: 2 }).fitAsync(x, y));
    expect(two).toBe(single);
  });

  it('more jobs than trees (one worker per tree) still gives the single-thread forest', async () => {
    const { x, y } = syntheticClassification(200, 6, 6);
    const options = { trees: 3, seed: 1 };
    const single = JSON.stringify(new RandomForestClassifier(options).fit(x, y));
    const many = JSON.stringify(await new RandomForestClassifier({ ...options, jobs: 5 }).fitAsync(x, y));
    expect(many).toBe(single);
  });
});
