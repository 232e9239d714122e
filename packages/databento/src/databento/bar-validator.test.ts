import { readFileSync, readdirSync } from 'node:fs';
import { DEFAULT_CONTRACTS } from '@rooney/core';
import { decompress } from 'fzstd';
import { describe, expect, it } from 'vitest';
import type { OhlcvRecord } from '../dbn/dbn-records.ts';
import { concatBytes, encodeDbnMetadata, encodeOhlcvRecord } from '../dbn/dbn-encoder.ts';
import { DbnStreamDecoder } from '../dbn/dbn-stream-decoder.ts';
import { SHARED_DIR, load6eMinutes } from '../testing/shared-data.ts';
import { BarValidator, onTickGrid } from './bar-validator.ts';
import type { BarUnderCheck } from './bar-validator.ts';

const MINUTE_NS = 60_000_000_000n;
const T0 = 1735828200000000000n; // 2025-01-02T14:30Z

function bar(fields: Partial<BarUnderCheck> = {}): BarUnderCheck {
  return { symbol: 'ES.c.0', instrumentId: 100001, barMs: 60_000, tsEventNs: T0, open: 5900.25, high: 5901.5, low: 5899.75, close: 5901, volume: 1523, ...fields };
}

/** Records as the live decoder produces them from these bytes (metadata prepended). */
function decodeRecords(records: readonly Uint8Array[], errors: string[] = []): OhlcvRecord[] {
  const out: OhlcvRecord[] = [];
  const decoder = new DbnStreamDecoder({ metadata: () => undefined, record: (r) => r.kind === 'ohlcv' && out.push(r), error: (e) => errors.push(e.code) });
  decoder.push(concatBytes([encodeDbnMetadata({ dataset: 'GLBX.MDP3', startNs: T0 }), ...records]));
  decoder.end();
  return out;
}

describe('BarValidator: the checks that need no instrument', () => {
  const validator = new BarValidator();

  it('a sound bar passes', () => {
    expect(validator.check(bar())).toBeUndefined();
  });

  it('ts_event must lie on the bar grid', () => {
    expect(validator.check(bar({ tsEventNs: T0 + 1n }))).toEqual({ code: 'bad_timestamp', field: 'ts_event', message: 'ts_event 1735828200000000001 is not on the 60 s bar grid' });
    const hour = 1735826400000000000n; // 14:00
    expect(validator.check(bar({ tsEventNs: hour, barMs: 3_600_000 }))).toBeUndefined();
    expect(validator.check(bar({ tsEventNs: hour + MINUTE_NS, barMs: 3_600_000 }))?.code).toBe('bad_timestamp');
  });

  it('prices must be defined (UNDEF_PRICE decodes to NaN), finite and > 0', () => {
    expect(validator.check(bar({ high: Number.NaN }))).toEqual({ code: 'bad_price', field: 'high', message: 'high is undefined (UNDEF_PRICE)' });
    expect(validator.check(bar({ low: Number.POSITIVE_INFINITY }))).toMatchObject({ code: 'bad_price', field: 'low' });
    expect(validator.check(bar({ open: 0, low: 0 }))).toEqual({ code: 'bad_price', field: 'open', message: 'open 0 is not > 0' });
    expect(validator.check(bar({ close: -1, low: -1 }))).toMatchObject({ code: 'bad_price', field: 'low' });
  });

  it('OHLC order: low <= high, open and close within [low, high]', () => {
    expect(validator.check(bar({ high: 5899, low: 5900 }))).toMatchObject({ code: 'bad_ohlc', field: 'high' });
    expect(validator.check(bar({ open: 5902 }))).toEqual({ code: 'bad_ohlc', field: 'open', message: 'open 5902 is outside [low 5899.75, high 5901.5]' });
    expect(validator.check(bar({ close: 5899.5 }))).toMatchObject({ code: 'bad_ohlc', field: 'close' });
    expect(validator.check(bar({ close: 1e6 }))).toMatchObject({ code: 'bad_ohlc', field: 'close' });
  });

  it('volume: a whole number in [0, u32 max]', () => {
    expect(validator.check(bar({ volume: 0 }))).toBeUndefined();
    expect(validator.check(bar({ volume: 4_294_967_295 }))).toBeUndefined();
    expect(validator.check(bar({ volume: 4_294_967_296 }))).toMatchObject({ code: 'bad_volume' });
    expect(validator.check(bar({ volume: 1.5 }))).toMatchObject({ code: 'bad_volume' });
    expect(validator.check(bar({ volume: -1 }))).toMatchObject({ code: 'bad_volume' });
  });

  it('negative prices pass for a symbol that allows them (CL in April 2020)', () => {
    const cl = new BarValidator({ instruments: { 'CL.c.0': { tickSize: 0.01, positivePrices: false } } });
    expect(cl.check(bar({ symbol: 'CL.c.0', open: -37.63, high: -10.5, low: -40.32, close: -37.63 }))).toBeUndefined();
    expect(cl.check(bar({ symbol: 'CL.c.0', open: -37.635, high: -10.5, low: -40.32, close: -37.63 }))).toMatchObject({ code: 'off_tick', field: 'open' });
  });
});

describe('BarValidator: tick grid', () => {
  it('exact on the 1e-9 fixed-point value, for every default contract tick', () => {
    for (const spec of Object.values(DEFAULT_CONTRACTS)) {
      const tick = spec.tickSize;
      for (const ticks of [1, 7, 12345, 987654]) {
        const price = Number((ticks * tick).toFixed(9));
        expect(onTickGrid(price, tick), `${spec.symbol} ${price}`).toBe(true);
        expect(onTickGrid(price + 1e-9, tick), `${spec.symbol} ${price} + 1e-9`).toBe(false);
        expect(onTickGrid(Number((price + tick / 2).toFixed(9)), tick), `${spec.symbol} half tick`).toBe(tick / 2 < 1e-9);
      }
    }
    expect(onTickGrid(110.515625, 1 / 64)).toBe(true);
    expect(onTickGrid(110.5078125, 1 / 64)).toBe(false);
  });

  it('a price off the grid is `off_tick`, naming the field', () => {
    const v = new BarValidator({ instruments: { 'ES.c.0': { tickSize: 0.25 } } });
    expect(v.check(bar())).toBeUndefined();
    expect(v.check(bar({ close: 5901.1 }))).toEqual({ code: 'off_tick', field: 'close', message: 'close 5901.1 is not a multiple of the tick size 0.25' });
  });

  it('a tick size that is not a positive number is refused at construction', () => {
    expect(() => new BarValidator({ instruments: { X: { tickSize: 0 } } })).toThrow('"tickSize" of X must be a finite number > 0, was 0');
    expect(() => new BarValidator({ maxMovePct: 0 })).toThrow('"maxMovePct" must be > 0, was 0');
  });
});

describe('BarValidator: price band around the last close', () => {
  it('1e6 on 6E is refused against the last close; nothing to compare with before the first bar', () => {
    const v = new BarValidator({ instruments: { '6E.c.0': { tickSize: 0.00005 } } });
    const sixE = (fields: Partial<BarUnderCheck>): BarUnderCheck => bar({ symbol: '6E.c.0', instrumentId: 42140, open: 1.0855, high: 1.086, low: 1.085, close: 1.0855, volume: 300, ...fields });
    const absurd = sixE({ open: 1_000_000, high: 1_000_000, low: 1_000_000, close: 1_000_000 });
    expect(v.check(absurd)).toBeUndefined(); // no reference yet: only the instrument-free checks apply
    v.accept(sixE({}));
    expect(v.check(absurd)).toEqual({ code: 'price_band', field: 'open', message: 'open 1000000 is 9.21e+7% from the reference close 1.0855 (max 10%)' });
    expect(v.check(sixE({ tsEventNs: T0 + MINUTE_NS, open: 1.0855, high: 1.2, low: 1.085, close: 1.0855 }))).toMatchObject({ code: 'price_band', field: 'high' });
    expect(v.check(sixE({ tsEventNs: T0 + MINUTE_NS, open: 1.0855, high: 1.19, low: 1.085, close: 1.0855 }))).toBeUndefined(); // 9.6 %
  });

  it('a reference close seeds the band before the first live bar; after a roll the symbol\'s last close is the reference', () => {
    const v = new BarValidator({ instruments: { 'ES.c.0': { tickSize: 0.25, referenceClose: 5900 } }, maxMovePct: 5 });
    expect(v.check(bar({ open: 6500, high: 6500, low: 6500, close: 6500 }))?.code).toBe('price_band');
    v.accept(bar());
    // ESM5 (new instrument id) trades 0.8 % above ESH5: fine; 20 % above: refused.
    expect(v.check(bar({ instrumentId: 100003, open: 5950, high: 5951.25, low: 5949.5, close: 5951 }))).toBeUndefined();
    expect(v.check(bar({ instrumentId: 100003, open: 7100, high: 7100, low: 7100, close: 7100 }))?.code).toBe('price_band');
  });

  it('a rejected band breaker becomes a second reference: a real jump costs one bar, a lone spike only itself', () => {
    const v = new BarValidator({ maxMovePct: 10 });
    const at = (minute: number, price: number): BarUnderCheck => bar({ tsEventNs: T0 + BigInt(minute) * MINUTE_NS, open: price, high: price, low: price, close: price });
    v.accept(at(0, 100));
    // A jump to 130 that the market keeps: the first bar breaks the band and is given up on, the next one passes.
    const jump = at(1, 130);
    const problem = v.check(jump);
    expect(problem?.code).toBe('price_band');
    v.reject(jump, problem!);
    expect(v.check(at(2, 131))).toBeUndefined();
    v.accept(at(2, 131));
    expect(v.check(at(3, 100))?.code).toBe('price_band');
    // A lone spike: rejected; the next ordinary bar is measured against the last accepted close and passes.
    const spike = at(4, 1_000);
    v.reject(spike, v.check(spike)!);
    expect(v.check(at(5, 131.5))).toBeUndefined();
    // Only band failures move the second reference.
    const broken = at(6, 200);
    v.reject(broken, { code: 'bad_ohlc' });
    expect(v.check(at(7, 200))?.code).toBe('price_band');
  });
});

describe('BarValidator on real data: no false alarm, and every flipped bit caught', () => {
  const sixE = load6eMinutes();

  it(`6EH4, January 2024: all ${sixE.length} minutes pass with the default 6E tick (0.00005) and a 10 % band`, () => {
    expect(sixE.length).toBe(29_996);
    const v = new BarValidator({ instruments: { '6E.c.0': { tickSize: DEFAULT_CONTRACTS['6E'].tickSize } } });
    let largestMove = 0;
    let previous: number | undefined;
    const problems: string[] = [];
    for (const m of sixE) {
      const candidate = bar({ symbol: '6E.c.0', instrumentId: 42140, tsEventNs: BigInt(m.ts - 60_000) * 1_000_000n, ...m });
      const problem = v.check(candidate);
      if (problem !== undefined) problems.push(`${new Date(m.ts).toISOString()} ${problem.message}`);
      v.accept(candidate);
      if (previous !== undefined) largestMove = Math.max(largestMove, ...[m.open, m.high, m.low, m.close].map((p) => Math.abs(p / (previous as number) - 1)));
      previous = m.close;
    }
    expect(problems).toEqual([]);
    // The largest move from one close to any price of the next bar (weekend gaps included) is far inside the band.
    expect(largestMove).toBeGreaterThan(0.001);
    expect(largestMove).toBeLessThan(0.01);
  });

  it('Databento GLBX ES and NQ minutes (NautilusTrader fixtures, DBN v1) pass with the 0.25 tick', () => {
    const dir = `${SHARED_DIR}datasets/real/databento-dbn-samples/nautilus/`;
    let checked = 0;
    for (const file of readdirSync(dir).filter((f) => f.startsWith('futures_ohlcv-1m'))) {
      const v = new BarValidator({ maxMovePct: 10 });
      const rules = new BarValidator({ instruments: {}, maxMovePct: 10 });
      const decoder = new DbnStreamDecoder({
        metadata: () => undefined,
        record: (r) => {
          if (r.kind !== 'ohlcv') return;
          const candidate = bar({ symbol: String(r.instrumentId), ...r, barMs: 60_000 });
          expect(v.check(candidate)).toBeUndefined();
          expect(onTickGrid(r.open, 0.25) && onTickGrid(r.high, 0.25) && onTickGrid(r.low, 0.25) && onTickGrid(r.close, 0.25)).toBe(true);
          expect(rules.check(candidate)).toBeUndefined();
          v.accept(candidate);
          rules.accept(candidate);
          checked++;
        },
        error: (e) => expect.unreachable(e.message),
      });
      decoder.push(decompress(readFileSync(`${dir}${file}`)));
    }
    expect(checked).toBe(90);
  });

  it('flipping any one bit of a price or of ts_event in the DBN record is caught (tick grid, OHLC, sign, band or bar grid)', () => {
    const sample = sixE.filter((_, i) => i % 500 === 1);
    let flips = 0;
    for (let i = 0; i < sample.length; i++) {
      const m = sample[i];
      const tsEventNs = BigInt(m.ts - 60_000) * 1_000_000n;
      const genuine = encodeOhlcvRecord({ instrumentId: 42140, tsEventNs, ...m });
      const flipped: Uint8Array[] = [];
      for (const fieldOffset of [8, 16, 24, 32, 40]) {
        for (let bit = 0; bit < 64; bit++) {
          const copy = Uint8Array.from(genuine);
          copy[fieldOffset + (bit >> 3)] ^= 1 << (bit & 7);
          flipped.push(copy);
        }
      }
      const v = new BarValidator({ instruments: { '6E.c.0': { tickSize: 0.00005, referenceClose: sixE[sixE.indexOf(m) - 1].close } } });
      for (const record of decodeRecords(flipped)) {
        expect(v.check(bar({ symbol: '6E.c.0', ...record, barMs: 60_000 })), `bar ${i}: ${JSON.stringify(record, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))}`).toBeDefined();
        flips++;
      }
    }
    expect(flips).toBe(sample.length * 5 * 64);
  });
});

describe('a record cut short and followed by the next one: the decoder and the validator together let nothing through', () => {
  it('for every cut from 16 to 52 bytes, the misframed "bar" is refused and the bytes after it end in decode errors (bad length, unknown type, truncated)', () => {
    const minutes = load6eMinutes().slice(100, 103);
    const records = minutes.map((m) => encodeOhlcvRecord({ instrumentId: 42140, tsEventNs: BigInt(m.ts - 60_000) * 1_000_000n, ...m }));
    for (let keep = 16; keep <= 52; keep += 4) {
      const errors: string[] = [];
      const decoded = decodeRecords([records[0], records[1].subarray(0, keep), records[2]], errors);
      expect(errors.length, `cut at ${keep}`).toBeGreaterThan(0);
      expect(errors.every((code) => ['bad_length', 'truncated', 'unknown_rtype'].includes(code)), `cut at ${keep}: ${errors.join(', ')}`).toBe(true);
      const v = new BarValidator({ instruments: { '6E.c.0': { tickSize: 0.00005 } } });
      const passed = decoded.filter((r) => {
        const candidate = bar({ symbol: '6E.c.0', ...r, barMs: 60_000 });
        const problem = v.check(candidate);
        if (problem === undefined) v.accept(candidate);
        return problem === undefined;
      });
      expect(passed.map((r) => r.tsEventNs), `cut at ${keep}`).toEqual([BigInt(minutes[0].ts - 60_000) * 1_000_000n]);
    }
  });
});
