import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { computeOverBars } from './indicator.ts';
import { ParabolicSAR } from './parabolic-sar.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

/**
 * A literal transcription of Backtrader's `ParabolicSAR.nextstart`/`next` (status objects, fake
 * opposite trend with `sar = (high + low) / 2` on the second bar), with the `min` cap.
 */
function backtraderStyleSar(bars: BarArrays, step: number, maximum: number): number[] {
  const out = new Array<number>(bars.length).fill(Number.NaN);
  const status = { trendUp: false, sar: 0, ep: 0, af: 0 };
  for (let i = 1; i < bars.length; i++) {
    const hi = bars.high[i];
    const lo = bars.low[i];
    if (i === 1) {
      status.sar = (hi + lo) / 2;
      status.af = step;
      if (bars.close[i] >= bars.close[i - 1]) {
        status.trendUp = false;
        status.ep = bars.low[i - 1];
      } else {
        status.trendUp = true;
        status.ep = bars.high[i - 1];
      }
    }
    let { trendUp, sar, ep, af } = status;
    if ((trendUp && sar >= lo) || (!trendUp && sar <= hi)) {
      trendUp = !trendUp;
      sar = status.ep;
      ep = trendUp ? hi : lo;
      af = step;
    }
    out[i] = sar;
    if (trendUp) {
      if (hi > ep) {
        ep = hi;
        af = Math.min(af + step, maximum);
      }
    } else if (lo < ep) {
      ep = lo;
      af = Math.min(af + step, maximum);
    }
    sar = sar + af * (ep - sar);
    if (trendUp) {
      const lo1 = bars.low[i - 1];
      if (sar > lo || sar > lo1) sar = Math.min(lo, lo1);
    } else {
      const hi1 = bars.high[i - 1];
      if (sar < hi || sar < hi1) sar = Math.max(hi, hi1);
    }
    Object.assign(status, { trendUp, sar, ep, af });
  }
  return out;
}

function barsOf(rows: Array<[number, number, number]>): BarArrays {
  const n = rows.length;
  return {
    symbol: 'test',
    barMs: 1,
    length: n,
    ts: Float64Array.from(rows, (_, i) => i),
    open: Float64Array.from(rows, (r) => r[2]),
    high: Float64Array.from(rows, (r) => r[0]),
    low: Float64Array.from(rows, (r) => r[1]),
    close: Float64Array.from(rows, (r) => r[2]),
    volume: new Float64Array(n),
  };
}

describe('ParabolicSAR', () => {
  it('hand-computed: start up, accelerate, reverse down', () => {
    const bars = barsOf([
      [10, 8, 9],
      [11, 9, 10.5], // higher close: uptrend, first SAR = first low 8; next 8.06 clamped to min(9, 8) = 8
      [12, 10, 11.5], // SAR 8; new high 12: af .04, next 8 + .04 * 4 = 8.16
      [13, 11, 12.5], // SAR 8.16; new high 13: af .06, next 8.16 + .06 * 4.84 = 8.4504
      [12, 8, 8.5], // low 8 <= 8.4504: reverse, SAR = ep 13, ep 8, af .02; next 12.9 raised to max(12, 13) = 13
      [11, 7, 7.5], // SAR 13; new low 7: af .04, next 13 - .04 * 6 = 12.76
      [10, 6.5, 7], // SAR 12.76
    ]);
    const out = computeOverBars(new ParabolicSAR(), bars);
    expect(out.sar[0]).toBeNaN();
    expect(Array.from(out.sar.slice(1, 4))).toEqual([8, 8, 8.16]);
    expect(out.sar[4]).toBe(13);
    expect(out.sar[5]).toBe(13);
    expect(out.sar[6]).toBeCloseTo(12.76, 12);
    expect(Array.from(out.trend.slice(1))).toEqual([1, 1, 1, -1, -1, -1]);
  });

  it('starts a downtrend from the first high on a lower second close', () => {
    const out = computeOverBars(new ParabolicSAR(), barsOf([[10, 8, 9], [9.5, 7, 7.5]]));
    expect(out.sar[1]).toBe(10);
    expect(out.trend[1]).toBe(-1);
  });

  it("equals a literal transcription of Backtrader's algorithm on real data", () => {
    const bars = loadBacktraderBars();
    for (const [step, maximum] of [
      [0.02, 0.2],
      [0.05, 0.5],
    ]) {
      const out = computeOverBars(new ParabolicSAR(step, maximum), bars).sar;
      const reference = backtraderStyleSar(bars, step, maximum);
      for (let i = 0; i < bars.length; i++) expect(out[i]).toBe(reference[i]);
    }
  });

  it('keeps the SAR outside the bar it is used on and reverses through it', () => {
    const bars = loadBacktraderBars();
    const out = computeOverBars(new ParabolicSAR(), bars);
    let reversals = 0;
    for (let i = 2; i < bars.length; i++) {
      if (out.trend[i] !== out.trend[i - 1]) reversals++;
      else if (out.trend[i] === 1) expect(out.sar[i]).toBeLessThan(bars.low[i]);
      else expect(out.sar[i]).toBeGreaterThan(bars.high[i]);
    }
    expect(reversals).toBeGreaterThan(5);
  });

  it('rejects bad accelerations', () => {
    expect(() => new ParabolicSAR(0)).toThrow(RooneyError);
    expect(() => new ParabolicSAR(0.3, 0.2)).toThrow('"accelerationMaximum" must be a number in [accelerationStep, 1]');
    expect(() => new ParabolicSAR(0.02, 1.5)).toThrow('was 1.5');
  });
});

describeIndicatorContract(findIndicator('parabolicsar'), { expectedWarmUp: 2 });
