import { describe, expect, it } from 'vitest';
import { drawdownSeries, summarizeDrawdowns } from './drawdown.ts';
import { compoundAnnualGrowthRate, monthlyReturns, simpleReturns } from './returns.ts';

const utc = (s: string): number => Date.parse(s);

describe('simpleReturns and CAGR', () => {
  it('measures the first return from the starting value', () => {
    expect(Array.from(simpleReturns(Float64Array.of(110, 99), 100))).toEqual([0.10000000000000009, -0.09999999999999998]);
  });

  it('annualises with 252 trading days', () => {
    // Doubling over 504 sessions is √2 − 1 per year.
    expect(compoundAnnualGrowthRate(100, 200, 504)).toBeCloseTo(Math.SQRT2 - 1, 14);
    expect(compoundAnnualGrowthRate(100, -5, 10)).toBe(-1);
    expect(compoundAnnualGrowthRate(100, 120, 0)).toBeNull();
  });
});

describe('monthlyReturns', () => {
  const ts = ['2024-01-30', '2024-01-31', '2024-02-01', '2024-02-29', '2024-03-01'].map((d) =>
    utc(`${d}T23:00:00Z`),
  );
  const daily = { ts: Float64Array.from(ts), value: Float64Array.of(100, 110, 105, 121, 133.1) };

  it('chains month-end values, the first month from the starting value', () => {
    const months = monthlyReturns(daily, 100);
    expect(months.map((m) => [m.year, m.month])).toEqual([
      [2024, 1],
      [2024, 2],
      [2024, 3],
    ]);
    expect(months[0].return).toBeCloseTo(0.1, 14);
    expect(months[1].return).toBeCloseTo(0.1, 14);
    expect(months[2].return).toBeCloseTo(0.1, 14);
  });

  it('uses the first close as the base when no starting value is given', () => {
    expect(monthlyReturns(daily)[0].return).toBeCloseTo(0.1, 14);
    expect(monthlyReturns(daily, 50)[0].return).toBeCloseTo(1.2, 14);
  });

  it('assigns sessions by trading date, not by the UTC date of the close', () => {
    // A midnight-UTC session of 2024-01-31 closes at 2024-02-01T00:00Z but belongs to January.
    const midnight = { startMinutes: 0, timeZone: 'UTC' };
    const series = { ts: Float64Array.of(utc('2024-02-01T00:00:00Z')), value: Float64Array.of(101) };
    expect(monthlyReturns(series, 100, midnight)[0].month).toBe(1);
  });
});

describe('drawdowns', () => {
  const equity = {
    ts: Float64Array.of(0, 86_400_000, 2 * 86_400_000, 3 * 86_400_000, 4 * 86_400_000),
    value: Float64Array.of(100, 120, 90, 130, 117),
  };

  it('gives the running drawdown in currency and fraction', () => {
    const series = drawdownSeries(equity);
    expect(Array.from(series.drawdown)).toEqual([0, 0, 30, 0, 13]);
    expect(series.fraction[2]).toBeCloseTo(0.25, 15);
    expect(series.fraction[4]).toBeCloseTo(0.1, 15);
  });

  it('summarises the deepest and the longest episode', () => {
    const summary = summarizeDrawdowns(equity);
    expect(summary.maxDrawdown).toBe(30);
    expect(summary.maxDrawdownFraction).toBeCloseTo(0.25, 15);
    expect(summary.maxDrawdownDurationDays).toBe(2); // day 1 → day 3
    // Starting cash of 150 keeps the account under water for the whole 4 days.
    const under = summarizeDrawdowns(equity, 150);
    expect(under.maxDrawdown).toBe(60);
    expect(under.maxDrawdownDurationDays).toBe(4);
  });
});
