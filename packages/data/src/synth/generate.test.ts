import { describe, expect, it } from 'vitest';
import { DAY_MS, DEFAULT_CONTRACTS, DEFAULT_SESSION, RooneyError, roundToTick, sessionCloseTs } from '@rooney/core';
import type { BarSeries } from '../bar-series.ts';
import { generateSyntheticDataset, stableGarch } from './generate.ts';
import { BUILTIN_REFERENCE_SYMBOLS, BUILTIN_SYMBOLS, SYNTHETIC_DATASET_LABEL } from './symbols.ts';

// 20 calendar days from Monday 2023-03-06: 15 weekdays, across the US daylight-saving change
// of Sunday 2023-03-12 (CST UTC-6 before, CDT UTC-5 after).
const OPTIONS = { start: '2023-03-06', days: 20, seed: 11 } as const;
const SYMBOLS = ['ES', 'CL', '6J', 'ZB', 'TLT'];
const data = generateSyntheticDataset({ ...OPTIONS, symbols: SYMBOLS });
const es = data.get('ES')!;

/** Chicago wall clock of an instant, computed independently of the generator. */
const chicago = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Chicago',
  hourCycle: 'h23',
  weekday: 'short',
  hour: 'numeric',
  minute: 'numeric',
});
function chicagoClock(ts: number): { weekday: string; minute: number } {
  const parts = chicago.formatToParts(new Date(ts));
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return { weekday: get('weekday'), minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

function bytes(series: BarSeries): Buffer {
  return Buffer.concat(
    [series.ts, series.open, series.high, series.low, series.close, series.volume].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)),
  );
}

describe('generateSyntheticDataset', () => {
  it('labels and lists the built-in instruments', () => {
    expect(SYNTHETIC_DATASET_LABEL).toBe('synthetic (Rooney built-in, seeded)');
    expect(BUILTIN_SYMBOLS).toEqual(['ES', 'NQ', 'RTY', 'YM', 'CL', 'NG', 'GC', 'SI', 'HG', '6A', '6B', '6C', '6E', '6J', '6M', '6N', '6S', 'ZB']);
    expect(BUILTIN_REFERENCE_SYMBOLS).toEqual(['TLT']);
    expect([...data.keys()]).toEqual(SYMBOLS);
  });

  it('gives byte-identical output for the same seed and different output for another', () => {
    const again = generateSyntheticDataset({ ...OPTIONS, symbols: SYMBOLS });
    for (const symbol of SYMBOLS) expect(bytes(again.get(symbol)!).equals(bytes(data.get(symbol)!))).toBe(true);
    const other = generateSyntheticDataset({ ...OPTIONS, seed: 12, symbols: ['ES'] }).get('ES')!;
    expect(other.length).toBe(es.length);
    expect(bytes(other).equals(bytes(es))).toBe(false);
  });

  it("gives a symbol the same bars whichever other symbols are generated with it", () => {
    const alone = generateSyntheticDataset({ ...OPTIONS, symbols: ['ZB'] }).get('ZB')!;
    expect(bytes(alone).equals(bytes(data.get('ZB')!))).toBe(true);
  });

  it('trades 1380 minutes per weekday session and nothing in the break or at weekends (Chicago time)', () => {
    expect(es.barMs).toBe(60_000);
    expect(es.length).toBe(15 * 1380);
    for (let i = 0; i < es.length; i++) {
      if (i > 0) expect(es.ts[i]).toBeGreaterThan(es.ts[i - 1]);
      // The bar covers [ts - 1 min, ts): its first minute, in Chicago.
      const { weekday, minute } = chicagoClock(es.ts[i] - 60_000);
      const inBreak = minute >= 16 * 60 && minute < 17 * 60;
      const weekend = weekday === 'Sat' || (weekday === 'Fri' && minute >= 16 * 60) || (weekday === 'Sun' && minute < 17 * 60);
      if (inBreak || weekend) throw new Error(`bar at ${new Date(es.ts[i]).toISOString()} trades at ${weekday} ${minute} CT`);
    }
    // First bar: Sunday 2023-03-05 17:01 CST = 23:01 UTC; the DST Sunday opens at 17:00 CDT = 22:00 UTC.
    expect(es.ts[0]).toBe(Date.UTC(2023, 2, 5, 23, 1));
    expect(es.lowerBound(Date.UTC(2023, 2, 12, 0, 0))).toBe(5 * 1380);
    expect(es.ts[5 * 1380]).toBe(Date.UTC(2023, 2, 12, 22, 1));
    // Last bar of a session: 16:00 CT (Friday 2023-03-24, CDT) = 21:00 UTC.
    expect(es.ts[es.length - 1]).toBe(Date.UTC(2023, 2, 24, 21, 0));
  });

  it('keeps OHLC valid, on the tick grid, positive, with positive integer volumes', () => {
    for (const symbol of SYMBOLS) {
      const series = data.get(symbol)!;
      const tick = DEFAULT_CONTRACTS[symbol].tickSize;
      for (let i = 0; i < series.length; i++) {
        const { open, high, low, close, volume } = series.at(i);
        const ok =
          low > 0 &&
          low <= Math.min(open, close) &&
          high >= Math.max(open, close) &&
          [open, high, low, close].every((price) => roundToTick(price, tick) === price) &&
          Number.isInteger(volume) &&
          volume >= 1;
        if (!ok) throw new Error(`${symbol} bar ${i} invalid: ${JSON.stringify(series.at(i))}`);
      }
    }
  });

  it('opens each minute at the previous close inside a session, and has real ranges', () => {
    let inside = 0;
    let reopenGaps = 0;
    let withRange = 0;
    for (let i = 1; i < es.length; i++) {
      if (es.ts[i] - es.ts[i - 1] === 60_000) {
        if (es.open[i] !== es.close[i - 1]) throw new Error(`bar ${i} opens at ${es.open[i]}, previous close ${es.close[i - 1]}`);
        inside++;
      } else if (es.open[i] !== es.close[i - 1]) {
        reopenGaps++;
      }
      if (es.high[i] > es.low[i]) withRange++;
    }
    expect(inside).toBe(es.length - 15);
    expect(reopenGaps).toBeGreaterThan(7); // of 14 reopenings after a break or weekend
    expect(withRange / es.length).toBeGreaterThan(0.5);
  });

  it('starts near the calibrated price level', () => {
    expect(Math.abs(es.open[0] / 3949.5 - 1)).toBeLessThan(0.02);
    expect(Math.abs(data.get('6J')!.open[0] / 0.0090695 - 1)).toBeLessThan(0.02);
  });

  it('makes TLT daily bars stamped at the default session close of each weekday', () => {
    const tlt = data.get('TLT')!;
    expect(tlt.barMs).toBe(DAY_MS);
    expect(tlt.length).toBe(15);
    const weekdays: number[] = [];
    for (let day = 0; day < 20; day++) {
      const date = new Date(Date.UTC(2023, 2, 6 + day));
      if (date.getUTCDay() % 6 !== 0) weekdays.push(date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate());
    }
    expect(Array.from(tlt.ts)).toEqual(weekdays.map((date) => sessionCloseTs(date, DEFAULT_SESSION)));
    expect(tlt.ts[0]).toBe(Date.UTC(2023, 2, 6, 23, 0));
    // Overnight gaps: TLT opens away from the previous close on most days.
    let gaps = 0;
    for (let i = 1; i < tlt.length; i++) if (tlt.open[i] !== tlt.close[i - 1]) gaps++;
    expect(gaps).toBeGreaterThan(10);
  });

  it('aggregates 5-minute bars from the same minutes as the 1-minute bars', () => {
    const five = generateSyntheticDataset({ ...OPTIONS, symbols: ['ES'], barMinutes: 5 }).get('ES')!;
    expect(five.barMs).toBe(300_000);
    expect(five.length * 5).toBe(es.length);
    for (let b = 0; b < five.length; b++) {
      const first = b * 5;
      const last = first + 4;
      let high = -Infinity;
      let low = Infinity;
      let volume = 0;
      for (let i = first; i <= last; i++) {
        high = Math.max(high, es.high[i]);
        low = Math.min(low, es.low[i]);
        volume += es.volume[i];
      }
      const expected = [es.ts[last], es.open[first], high, low, es.close[last], volume];
      const actual = [five.ts[b], five.open[b], five.high[b], five.low[b], five.close[b], five.volume[b]];
      if (actual.some((value, k) => value !== expected[k])) throw new Error(`5-minute bar ${b}: ${actual} != ${expected}`);
    }
  });

  it('is busier and more volatile around the US open than overnight', () => {
    let openMove = 0;
    let openVolume = 0;
    let openCount = 0;
    let nightMove = 0;
    let nightVolume = 0;
    let nightCount = 0;
    for (let i = 1; i < es.length; i++) {
      if (es.ts[i] - es.ts[i - 1] !== 60_000) continue;
      const { minute } = chicagoClock(es.ts[i] - 60_000);
      const move = Math.abs(Math.log(es.close[i] / es.close[i - 1]));
      if (minute >= 8 * 60 + 30 && minute < 9 * 60) {
        openMove += move;
        openVolume += es.volume[i];
        openCount++;
      } else if (minute >= 22 * 60 || minute < 60) {
        nightMove += move;
        nightVolume += es.volume[i];
        nightCount++;
      }
    }
    expect(openCount).toBe(15 * 30);
    expect(openMove / openCount).toBeGreaterThan((2 * nightMove) / nightCount);
    expect(openVolume / openCount).toBeGreaterThan((5 * nightVolume) / nightCount);
  });

  it('mean-reverts mildly from minute to minute (negative lag-1 autocorrelation)', () => {
    for (const symbol of ['ES', 'CL']) {
      const series = data.get(symbol)!;
      const returns: number[] = [];
      for (let i = 1; i < series.length; i++) {
        if (series.ts[i] - series.ts[i - 1] === 60_000) returns.push(Math.log(series.close[i] / series.close[i - 1]));
      }
      let lagged = 0;
      let squares = 0;
      for (let i = 0; i < returns.length; i++) {
        squares += returns[i] * returns[i];
        if (i > 0) lagged += returns[i] * returns[i - 1];
      }
      const autocorrelation = lagged / squares;
      expect(autocorrelation).toBeLessThan(-0.02);
      expect(autocorrelation).toBeGreaterThan(-0.2);
    }
  });

  it('rejects bad options with RooneyError naming the value', () => {
    const expectError = (options: Parameters<typeof generateSyntheticDataset>[0], text: string) => {
      let error: unknown;
      try {
        generateSyntheticDataset(options);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(RooneyError);
      expect((error as RooneyError).code).toBe('invalid_parameter');
      expect((error as Error).message).toContain(text);
    };
    expectError({ symbols: ['ES', 'ZN'] }, '"ZN"');
    expectError({ start: '2023-02-30' }, '2023-02-30');
    expectError({ days: 0 }, 'was 0');
    expectError({ barMinutes: 7 }, 'was 7');
    expectError({ seed: Number.NaN }, 'was NaN');
    expectError({ seed: 1.5 }, 'was 1.5');
  });
});

describe('stableGarch', () => {
  it('keeps small coefficients and caps persistence at 0.95 and alpha at a quarter of the fourth-moment room', () => {
    expect(stableGarch(0.05, 0.85, 4)).toEqual({ alpha: 0.05, beta: 0.85 });
    // ES as calibrated: alpha 0.258, beta 0.71 (persistence 0.968), shocks of kurtosis 5.
    const { alpha, beta } = stableGarch(0.258, 0.71, 5);
    expect(alpha + beta).toBeCloseTo(0.95, 12);
    // persistence^2 + (K - 1) alpha^2 = persistence^2 + (1 - persistence^2) / 4
    expect(0.95 ** 2 + 4 * alpha ** 2).toBeCloseTo(0.95 ** 2 + (1 - 0.95 ** 2) / 4, 12);
  });
});
