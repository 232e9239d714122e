import { RooneyError } from '@rooney/core';

/** One of N deterministic slices of a sweep (`--shard I/N`, I from 0). */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Parses `--shard I/N`: `I` in 0..N-1, so a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX`
 * (0-based) can be passed as is.
 */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (match === null) throw new RooneyError('bad_option', `--shard must look like I/N (e.g. 0/4), was "${text}"`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1) throw new RooneyError('bad_option', `--shard: N must be >= 1, was ${count}`);
  if (index >= count) throw new RooneyError('bad_option', `--shard: I must be in 0..${count - 1} (0-based), was ${index}`);
  return { index, count };
}

/**
 * Positions (in the run's combination list of `total`) that belong to `shard`: every N-th one
 * starting at I. Striding rather than cutting into blocks spreads neighbouring (similarly costly)
 * combinations over all shards; the union of the N shards is every position exactly once.
 */
export function shardPositions(total: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let k = shard.index; k < total; k += shard.count) out.push(k);
  return out;
}
