import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DAY_MS, RooneyError } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { BarSeries } from '../bar-series.ts';
import { adjustQuantiacsRolls } from './quantiacs-rolls.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));

/** Six daily bars with rolls on day 2 (to 202406, gap 2) and day 4 (to 202409, gap 1.5). */
function synthetic(): { series: BarSeries; rinfo: Float64Array; flag: Float64Array } {
  const closes = [100, 101, 102, 105, 106, 107];
  const series = BarSeries.fromBars(
    'F_XX',
    DAY_MS,
    closes.map((close, i) => ({ ts: Date.UTC(2024, 0, 2 + i, 23), open: close - 1, high: close + 2, low: close - 3, close, volume: 10 + i })),
  );
  return {
    series,
    rinfo: Float64Array.from([0, 0, 0, 2, 0, 1.5]),
    flag: Float64Array.from([0, 0, 202406, 0, 202409, 0]),
  };
}

describe('adjustQuantiacsRolls', () => {
  it('difference: shifts every bar up to each roll day by the later gaps', () => {
    const { series, rinfo, flag } = synthetic();
    const { series: adjusted, rolls } = adjustQuantiacsRolls(series, rinfo, flag, 'difference');
    expect(rolls).toEqual([
      { ts: Date.UTC(2024, 0, 4, 23), from: '', to: '202406', gap: 2 },
      { ts: Date.UTC(2024, 0, 6, 23), from: '202406', to: '202409', gap: 1.5 },
    ]);
    // Days 0-2 get 2 + 1.5, days 3-4 get 1.5, day 5 is the real price.
    expect(Array.from(adjusted.close)).toEqual([103.5, 104.5, 105.5, 106.5, 107.5, 107]);
    expect(Array.from(adjusted.open)).toEqual([102.5, 103.5, 104.5, 105.5, 106.5, 106]);
    expect(Array.from(adjusted.high)).toEqual([105.5, 106.5, 107.5, 108.5, 109.5, 109]);
    expect(Array.from(adjusted.low)).toEqual([100.5, 101.5, 102.5, 103.5, 104.5, 104]);
    expect(Array.from(adjusted.volume)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(Array.from(adjusted.ts)).toEqual(Array.from(series.ts));
    // The input is not modified.
    expect(series.close[0]).toBe(100);
  });

  it('ratio: scales every bar up to each roll day by (old + gap) / old of the later rolls', () => {
    const { series, rinfo, flag } = synthetic();
    const { series: adjusted } = adjustQuantiacsRolls(series, rinfo, flag, 'ratio');
    const first = 104 / 102;
    const second = 107.5 / 106;
    const expected = [100 * first * second, 101 * first * second, 102 * first * second, 105 * second, 106 * second, 107];
    expected.forEach((value, i) => expect(adjusted.close[i]).toBeCloseTo(value, 12));
    expect(adjusted.high[0]).toBeCloseTo(102 * first * second, 12);
    // No jump: the adjusted roll-day close equals the new contract's price that day.
    expect(adjusted.close[2]).toBeCloseTo(104 * second, 12);
    expect(adjusted.close[4]).toBeCloseTo(107.5, 12);
  });

  it('divides RINFO by priceDivisor and validates its inputs', () => {
    const { series, rinfo, flag } = synthetic();
    const dollars = rinfo.map((v) => v * 50);
    const { series: adjusted, rolls } = adjustQuantiacsRolls(series, dollars, flag, 'difference', { priceDivisor: 50 });
    expect(rolls.map((r) => r.gap)).toEqual([2, 1.5]);
    expect(adjusted.close[0]).toBe(103.5);
    expect(() => adjustQuantiacsRolls(series, rinfo.subarray(1), flag, 'difference')).toThrow(RooneyError);
    expect(() => adjustQuantiacsRolls(series, rinfo, flag, 'difference', { priceDivisor: 0 })).toThrow('"priceDivisor" must be a finite number > 0, was 0');
    // 'none' keeps prices and still reports the rolls.
    const none = adjustQuantiacsRolls(series, rinfo, flag, 'none');
    expect(Array.from(none.series.close)).toEqual(Array.from(series.close));
    expect(none.rolls.length).toBe(2);
  });

  it('real F_ES: adjusted changes equal the Quantiacs toolbox formula on every day', () => {
    const lines = readFileSync(`${SHARED}datasets/real/quantiacs-futures-daily/F_ES.txt`, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('DATE, OPEN, HIGH, LOW, CLOSE, VOL, OI, P, R, RINFO');
    const rows = lines.slice(1).map((line) => line.split(',').map(Number));
    const n = rows.length;
    expect(n).toBe(7877);
    const BPV = 50; // prices in the file are dollars per contract = price × 50
    const raw = (k: number): Float64Array => Float64Array.from(rows, (row) => row[k]);
    const [open, high, low, close, volume, , , roll, rinfo] = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(raw);
    const dateTs = (date: number): number => Date.UTC(Math.floor(date / 10000), (Math.floor(date / 100) % 100) - 1, date % 100, 23);
    const series = new BarSeries('ES', DAY_MS, {
      ts: Float64Array.from(rows, (row) => dateTs(row[0])),
      open: open.map((v) => v / BPV),
      high: high.map((v) => v / BPV),
      low: low.map((v) => v / BPV),
      close: close.map((v) => v / BPV),
      volume,
    });

    const difference = adjustQuantiacsRolls(series, rinfo, roll, 'difference', { priceDivisor: BPV });
    const ratio = adjustQuantiacsRolls(series, rinfo, roll, 'ratio', { priceDivisor: BPV });
    // 125 roll days (README); the first is 1990-03-07 into 199006 with RINFO 180 $ = 3.6 points.
    expect(difference.rolls.length).toBe(125);
    expect(difference.rolls[0]).toEqual({ ts: dateTs(19900307), from: '', to: '199006', gap: 3.6 });
    expect(difference.rolls[124]).toMatchObject({ ts: dateTs(20210312), from: '202103', to: '202106' });
    // The latest prices are real: 3949.5 on 2021-03-30.
    expect(difference.series.close[n - 1]).toBe(3949.5);
    expect(ratio.series.close[n - 1]).toBe(3949.5);

    let maxDifferenceError = 0;
    let maxRatioError = 0;
    let rollDaysWhereToolboxDiffers = 0;
    for (let t = 1; t < n; t++) {
      const C = close[t];
      const previous = close[t - 1];
      const gap = rinfo[t];
      // Quantiacs toolbox (runts): (C_t - C_{t-1} - RINFO_t) / C_{t-1}, here in points.
      const toolboxChange = (C - previous - gap) / BPV;
      const adjustedChange = difference.series.close[t] - difference.series.close[t - 1];
      maxDifferenceError = Math.max(maxDifferenceError, Math.abs(adjustedChange - toolboxChange));
      const ratioReturn = ratio.series.close[t] / ratio.series.close[t - 1] - 1;
      // Ratio adjustment gives the held contract's return: on the day after a roll the base is the
      // new contract's roll-day price C_{t-1} + RINFO_t; on other days it is the toolbox return.
      const expectedReturn = (C - previous - gap) / (previous + gap);
      maxRatioError = Math.max(maxRatioError, Math.abs(ratioReturn - expectedReturn));
      if (gap !== 0 && Math.abs((C - previous - gap) / previous - ratioReturn) > 1e-6) rollDaysWhereToolboxDiffers++;
    }
    expect(maxDifferenceError).toBeLessThan(1e-9);
    expect(maxRatioError).toBeLessThan(1e-12);
    expect(rollDaysWhereToolboxDiffers).toBeGreaterThan(100);

    // RINFO is new minus old: removing it shrinks the overnight jump into the day after a roll
    // (mean |OPEN_t - CLOSE_{t-1}| 363.9 $ raw vs 124.1 $ after subtracting RINFO, over 124 rolls).
    let rawJump = 0;
    let adjustedJump = 0;
    for (const r of difference.rolls) {
      const t = series.lowerBound(r.ts) + 1;
      rawJump += Math.abs(series.open[t] - series.close[t - 1]);
      adjustedJump += Math.abs(difference.series.open[t] - difference.series.close[t - 1]);
    }
    expect(adjustedJump).toBeLessThan(0.5 * rawJump);
  });
});
