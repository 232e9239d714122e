import { describe, expect, it } from 'vitest';
import { parseShard, shardPositions } from './shard.ts';

describe('shards', () => {
  it('parses I/N with a 0-based I (as JOB_COMPLETION_INDEX)', () => {
    expect(parseShard('0/4')).toEqual({ index: 0, count: 4 });
    expect(parseShard(' 3/4 ')).toEqual({ index: 3, count: 4 });
    expect(() => parseShard('4/4')).toThrow('I must be in 0..3 (0-based), was 4');
    expect(() => parseShard('1/0')).toThrow('N must be >= 1, was 0');
    expect(() => parseShard('1-4')).toThrow('--shard must look like I/N');
  });

  it('strides positions so that the shards partition the list', () => {
    expect(shardPositions(10, { index: 1, count: 3 })).toEqual([1, 4, 7]);
    for (const count of [1, 2, 3, 7, 12]) {
      const all = Array.from({ length: count }, (_, index) => shardPositions(10, { index, count })).flat();
      expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: 10 }, (_, k) => k));
    }
  });
});
