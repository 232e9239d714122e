import { describe, expect, it } from 'vitest';
import { tradingDateOf, DEFAULT_SESSION } from '@rooney/core';
import { computeOverBars } from './indicator.ts';
import { PivotPoints } from './pivot-points.ts';
import type { PivotPeriod } from './pivot-points.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

const HOUR = 3_600_000;

/** Groups bars by a key, then gives each bar the classic pivots of the previous group. */
function referencePivots(bars: ReturnType<typeof loadBacktraderBars>, keyOf: (ts: number) => string) {
  const keys = Array.from(bars.ts, keyOf);
  const groups: Array<{ key: string; high: number; low: number; close: number }> = [];
  for (let i = 0; i < bars.length; i++) {
    const last = groups[groups.length - 1];
    if (last === undefined || last.key !== keys[i]) {
      groups.push({ key: keys[i], high: bars.high[i], low: bars.low[i], close: bars.close[i] });
    } else {
      last.high = Math.max(last.high, bars.high[i]);
      last.low = Math.min(last.low, bars.low[i]);
      last.close = bars.close[i];
    }
  }
  let g = 0;
  return keys.map((key) => {
    while (groups[g].key !== key) g++;
    if (g === 0) return null;
    const { high, low, close } = groups[g - 1];
    const p = (high + low + close) / 3;
    return { p, r1: 2 * p - low, s1: 2 * p - high, r2: p + high - low, s2: p - (high - low) };
  });
}

describe('PivotPoints', () => {
  it("uses the previous session's high, low and close (hand-computed)", () => {
    const pivots = new PivotPoints({ sessionStart: 0 });
    const day = Date.UTC(2024, 0, 2);
    expect(pivots.updateBar(0, 12, 9, 10, 0, day + 10 * HOUR)).toBeNaN();
    expect(pivots.updateBar(0, 13, 10, 11, 0, day + 11 * HOUR)).toBeNaN(); // H 13, L 9, C 11
    expect(pivots.isReady).toBe(false);
    // next day: p = (13 + 9 + 11)/3 = 11; r1 = 22 - 9 = 13; r2 = 11 + 4 = 15; s1 = 22 - 13 = 9; s2 = 7
    expect(pivots.updateBar(0, 20, 19, 19, 0, day + 34 * HOUR)).toBe(11);
    expect(pivots.isReady).toBe(true);
    expect([1, 2, 3, 4].map((k) => pivots.line(k))).toEqual([13, 15, 9, 7]);
    // later bars of the same day keep the levels
    expect(pivots.updateBar(0, 30, 1, 5, 0, day + 35 * HOUR)).toBe(11);
  });

  it('matches a naive grouping by day, Monday-week and month on daily data', () => {
    const bars = loadBacktraderBars();
    const date = (ts: number): string => String(tradingDateOf(ts, DEFAULT_SESSION));
    const mondayOf = (ts: number): string => {
      const d = new Date(ts);
      const back = (d.getUTCDay() + 6) % 7; // days since Monday
      return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - back)).toISOString().slice(0, 10);
    };
    const keyOf: Record<PivotPeriod, (ts: number) => string> = {
      day: date,
      week: mondayOf,
      month: (ts) => date(ts).slice(0, 6),
    };
    for (const period of ['day', 'week', 'month'] as const) {
      const lines = computeOverBars(new PivotPoints({ period }), bars);
      const expected = referencePivots(bars, keyOf[period]);
      let defined = 0;
      expected.forEach((levels, i) => {
        if (levels === null) {
          expect(lines.p[i]).toBeNaN();
          return;
        }
        defined++;
        expect(lines.p[i]).toBeCloseTo(levels.p, 9);
        expect(lines.r1[i]).toBeCloseTo(levels.r1, 9);
        expect(lines.r2[i]).toBeCloseTo(levels.r2, 9);
        expect(lines.s1[i]).toBeCloseTo(levels.s1, 9);
        expect(lines.s2[i]).toBeCloseTo(levels.s2, 9);
      });
      // 255 bars from Monday 2006-01-02: undefined during the first day (1 bar), week (5), month (22)
      expect(defined).toBe(period === 'day' ? 254 : period === 'week' ? 250 : 233);
    }
  });

  it('matches a naive grouping by date on 5-minute data', () => {
    const bars = loadBacktraderBars('2006-min-005.txt');
    const lines = computeOverBars(new PivotPoints(), bars);
    const expected = referencePivots(bars, (ts) => new Date(ts).toISOString().slice(0, 10));
    expected.forEach((levels, i) => {
      if (levels === null) expect(lines.p[i]).toBeNaN();
      else expect(lines.s2[i]).toBeCloseTo(levels.s2, 9);
    });
  });
});

describeIndicatorContract(findIndicator('pivotpoint'), { warmUpDependsOnData: true });
describeIndicatorContract(findIndicator('pivotpoint'), { parameters: { period: 'month' }, warmUpDependsOnData: true });
describeIndicatorContract(findIndicator('pivotpoint'), {
  bars: loadBacktraderBars('2006-min-005.txt'),
  parameters: { period: 'week', sessionStart: 0 },
  warmUpDependsOnData: true,
});
