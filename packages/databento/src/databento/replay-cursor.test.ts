import { describe, expect, it } from 'vitest';
import { ReplayCursor } from './replay-cursor.ts';

const M1 = 0x21;
const MINUTE_NS = 60_000_000_000n;
/** 2025-01-02T14:00Z */
const H14 = 1735826400000000000n;
const at = (minute: number): bigint => H14 + BigInt(minute) * MINUTE_NS;
const continuous = { stypeIn: 'continuous', symbols: ['ES.c.0', 'NQ.c.0'] };
const es = { instrumentId: 100001, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESH5' };
const esm5 = { instrumentId: 100003, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESM5' };

describe('ReplayCursor', () => {
  it('before any bar the replay starts at the floor (the first session, or the warm-up start)', () => {
    const cursor = new ReplayCursor([continuous], 3_600_000);
    expect(cursor.replayStart(M1, continuous, at(-1))).toBe(at(-1));
    expect(cursor.replayStart(M1, continuous, undefined)).toBeUndefined();
  });

  it('both symbols level at 14:30: last bar + 1 ns (spec scenario 6)', () => {
    const cursor = new ReplayCursor([continuous], 3_600_000);
    cursor.mark(M1, 'ES.c.0', at(30));
    cursor.mark(M1, 'NQ.c.0', at(30));
    expect(cursor.replayStart(M1, continuous, at(-1))).toBe(at(30) + 1n);
  });

  it('NQ has 14:29 only: the replay starts right after it, so its 14:30 bar comes back', () => {
    const cursor = new ReplayCursor([continuous], 3_600_000);
    cursor.mark(M1, 'NQ.c.0', at(29));
    cursor.mark(M1, 'ES.c.0', at(30));
    expect(cursor.replayStart(M1, continuous, at(-1))).toBe(at(29) + 1n);
  });

  it('an illiquid symbol reaches back to its last bar, at most maxLookbackMs before the newest bar; a symbol with no bar counts from the floor', () => {
    const subscription = { stypeIn: 'continuous', symbols: ['ES.c.0', 'CL.c.0'] };
    const cursor = new ReplayCursor([subscription], 20 * 60_000);
    cursor.mark(M1, 'ES.c.0', at(30));
    expect(cursor.replayStart(M1, subscription, at(25))).toBe(at(25)); // CL: no bar, from the floor
    expect(cursor.replayStart(M1, subscription, at(-60))).toBe(at(10) + 1n); // bounded: 20 min before 14:30
    cursor.mark(M1, 'CL.c.0', at(15));
    expect(cursor.replayStart(M1, subscription, at(-60))).toBe(at(15) + 1n);
    cursor.markUnresolved('CL.c.0');
    expect(cursor.replayStart(M1, subscription, at(-60))).toBe(at(30) + 1n);
  });

  it('the floor wins over everything: never replay before the first session or the warm-up seam', () => {
    const cursor = new ReplayCursor([continuous], 3_600_000);
    cursor.mark(M1, 'ES.c.0', at(30));
    expect(cursor.replayStart(M1, continuous, at(20))).toBe(at(20));
  });

  it('a continuous symbol is one series across a roll: the new contract\'s bars up to the last one are behind', () => {
    const cursor = new ReplayCursor([continuous], 3_600_000);
    expect(cursor.seriesOf(es, es.instrumentId)).toBe('ES.c.0');
    expect(cursor.seriesOf(esm5, esm5.instrumentId)).toBe('ES.c.0');
    cursor.mark(M1, cursor.seriesOf(es, es.instrumentId), at(30));
    expect(cursor.isBehind(M1, cursor.seriesOf(esm5, esm5.instrumentId), at(30))).toBe(true);
    expect(cursor.isBehind(M1, cursor.seriesOf(esm5, esm5.instrumentId), at(31))).toBe(false);
    expect(cursor.isBehind(0x22, 'ES.c.0', at(30))).toBe(false); // hour bars are their own series
    expect(cursor.seriesOf(undefined, 42)).toBe('#42');
  });

  it('a parent symbol: one series per instrument, and the replay waits for the lagging one', () => {
    const parent = { stypeIn: 'parent', symbols: ['ES.FUT'] };
    const cursor = new ReplayCursor([parent], 3_600_000);
    const h5 = cursor.seriesOf({ instrumentId: 1, subscribedSymbol: 'ES.FUT', rawSymbol: 'ESH5' }, 1);
    const m5 = cursor.seriesOf({ instrumentId: 2, subscribedSymbol: 'ES.FUT', rawSymbol: 'ESM5' }, 2);
    expect([h5, m5]).toEqual(['ES.FUT/ESH5', 'ES.FUT/ESM5']);
    cursor.mark(M1, h5, at(30));
    cursor.mark(M1, m5, at(28));
    expect(cursor.isBehind(M1, m5, at(29))).toBe(false);
    expect(cursor.replayStart(M1, parent, at(-1))).toBe(at(28) + 1n);
    expect(cursor.newest(M1)).toBe(at(30));
    expect(cursor.newest()).toBe(at(30));
  });
});
