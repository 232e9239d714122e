import { describe, expect, it } from 'vitest';
import { QuarantinePolicy } from './quarantine-policy.ts';

const M1 = 0x21;
const T = 1735828200000000000n;
const MINUTE = 60_000_000_000n;

describe('QuarantinePolicy (limit 3)', () => {
  it('the same bad bar: quarantined twice, rejected the third time; another bar starts from 1 again', () => {
    const policy = new QuarantinePolicy(3);
    expect(policy.badBar(M1, 'ES.c.0', 1, T, 'price_band')).toEqual({ action: 'quarantine', attempt: 1 });
    expect(policy.badBar(M1, 'ES.c.0', 1, T, 'price_band')).toEqual({ action: 'quarantine', attempt: 2 });
    expect(policy.badBar(M1, 'ES.c.0', 1, T, 'bad_ohlc')).toEqual({ action: 'reject', attempts: 3 });
    expect(policy.badBar(M1, 'ES.c.0', 1, T + MINUTE, 'price_band')).toEqual({ action: 'quarantine', attempt: 1 });
  });

  it('a bar that comes good on the replay clears its count', () => {
    const policy = new QuarantinePolicy(3);
    policy.badBar(M1, 'ES.c.0', 1, T, 'off_tick');
    policy.badBar(M1, 'ES.c.0', 1, T, 'off_tick');
    policy.goodBar(M1, 'ES.c.0', 1, T);
    expect(policy.badBar(M1, 'ES.c.0', 1, T, 'off_tick')).toEqual({ action: 'quarantine', attempt: 1 });
  });

  it('a series failing one way bar after bar: after 3 rejections in a row the next is rejected at once; a good bar ends the streak', () => {
    const policy = new QuarantinePolicy(3);
    const reject = (minute: bigint): unknown => {
      for (;;) {
        const verdict = policy.badBar(M1, 'NQ.c.0', 2, T + minute * MINUTE, 'off_tick');
        if (verdict.action !== 'quarantine') return verdict;
      }
    };
    expect([reject(0n), reject(1n), reject(2n)]).toEqual(Array(3).fill({ action: 'reject', attempts: 3 }));
    expect(policy.badBar(M1, 'NQ.c.0', 2, T + 3n * MINUTE, 'off_tick')).toEqual({ action: 'reject', attempts: 0 });
    // Another reason, or another series, is not systematic.
    expect(policy.badBar(M1, 'NQ.c.0', 2, T + 4n * MINUTE, 'price_band')).toEqual({ action: 'quarantine', attempt: 1 });
    expect(policy.badBar(M1, 'ES.c.0', 1, T + 4n * MINUTE, 'off_tick')).toEqual({ action: 'quarantine', attempt: 1 });
    policy.goodBar(M1, 'NQ.c.0', 2, T + 5n * MINUTE);
    expect(policy.badBar(M1, 'NQ.c.0', 2, T + 6n * MINUTE, 'off_tick')).toEqual({ action: 'quarantine', attempt: 1 });
  });

  it('an unknown record type: quarantined twice, then it and every later record of its type are skipped', () => {
    const policy = new QuarantinePolicy(3);
    expect(policy.unknownRecord(0xee, 1, T)).toEqual({ action: 'quarantine', attempt: 1 });
    expect(policy.unknownRecord(0xee, 1, T)).toEqual({ action: 'quarantine', attempt: 2 });
    expect(policy.skips(0xee)).toBe(false);
    expect(policy.unknownRecord(0xee, 1, T)).toEqual({ action: 'skip', learned: true, attempts: 3 });
    expect(policy.skips(0xee)).toBe(true);
    expect(policy.unknownRecord(0xee, 2, T + MINUTE)).toEqual({ action: 'skip', learned: false, attempts: 0 });
    expect(policy.unknownRecord(0xef, 2, T)).toEqual({ action: 'quarantine', attempt: 1 });
  });

  it('the same broken framing: quarantined twice, fatal the third time; without a fingerprint never fatal', () => {
    const policy = new QuarantinePolicy(3);
    expect(policy.framingError('bad_length:20:33:1:T')).toEqual({ action: 'quarantine', attempt: 1 });
    expect(policy.framingError('bad_length:20:33:1:T')).toEqual({ action: 'quarantine', attempt: 2 });
    expect(policy.framingError('truncated:14:33:2:T')).toEqual({ action: 'quarantine', attempt: 1 });
    expect(policy.framingError('bad_length:20:33:1:T')).toEqual({ action: 'fatal', attempt: 3 });
    for (let i = 0; i < 5; i++) expect(policy.framingError(undefined)).toEqual({ action: 'quarantine', attempt: 1 });
  });

  it('limit 1: no retry at all; the limit must be a whole number >= 1', () => {
    expect(new QuarantinePolicy(1).badBar(M1, 'ES.c.0', 1, T, 'bad_ohlc')).toEqual({ action: 'reject', attempts: 1 });
    expect(() => new QuarantinePolicy(0)).toThrow('"quarantineLimit" must be an integer >= 1, was 0');
    expect(() => new QuarantinePolicy(2.5)).toThrow('"quarantineLimit" must be an integer >= 1, was 2.5');
  });
});
