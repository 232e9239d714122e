import { describe, expect, it } from 'vitest';
import type { BarSeries } from '../bar-series.ts';
import { SYNTHETIC_CALIBRATION, SYNTHETIC_CORRELATION, SYNTHETIC_CORRELATION_SYMBOLS } from './calibration.ts';
import { generateSyntheticDataset } from './generate.ts';

// The default dataset (seed 1, one year from 2023-01-02) for a few instruments: a symbol's bars
// do not depend on the other symbols generated, so these are the bars users get by default.
const SYMBOLS = ['ES', 'NQ', 'GC', '6E', 'ZB', 'TLT'];
const data = generateSyntheticDataset({ symbols: SYMBOLS });

/** Daily log returns between session closes (the last bar before each break) or daily bars. */
function dailyReturns(series: BarSeries): number[] {
  const closes: number[] = [];
  for (let i = 0; i < series.length; i++) {
    if (series.barMs === 86_400_000 || i === series.length - 1 || series.ts[i + 1] - series.ts[i] > series.barMs) {
      closes.push(series.close[i]);
    }
  }
  return closes.slice(1).map((close, i) => Math.log(close / closes[i]));
}

const returns = new Map(SYMBOLS.map((symbol) => [symbol, dailyReturns(data.get(symbol)!)]));

function moments(values: number[]): { sd: number; excessKurtosis: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const m2 = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  const m4 = values.reduce((a, b) => a + (b - mean) ** 4, 0);
  return { sd: Math.sqrt(m2 / (n - 1)), excessKurtosis: m4 / n / (m2 / n) ** 2 - 3 };
}

function correlation(a: number[], b: number[]): number {
  const ma = a.reduce((x, y) => x + y, 0) / a.length;
  const mb = b.reduce((x, y) => x + y, 0) / b.length;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

const calibrated = (a: string, b: string) =>
  SYNTHETIC_CORRELATION[SYNTHETIC_CORRELATION_SYMBOLS.indexOf(a)][SYNTHETIC_CORRELATION_SYMBOLS.indexOf(b)];

describe('synthetic dataset statistics (one year, seed 1)', () => {
  it('has one daily return per weekday session', () => {
    // 2023-01-02 (Monday) to 2024-01-01 (Monday): 52 weeks and a day, 261 weekdays.
    expect(returns.get('ES')!.length).toBe(261 - 1);
    expect(returns.get('TLT')!.length).toBe(261 - 1);
  });

  it.each(SYMBOLS)('realises the calibrated daily volatility of %s within 25%%', (symbol) => {
    const ratio = moments(returns.get(symbol)!).sd / SYNTHETIC_CALIBRATION[symbol].dailyVolatility;
    expect(ratio).toBeGreaterThan(0.75);
    expect(ratio).toBeLessThan(1.25);
  });

  it('realises the calibrated correlations of daily returns', () => {
    const realised = (a: string, b: string) => correlation(returns.get(a)!, returns.get(b)!);
    expect(Math.abs(realised('ES', 'NQ') - calibrated('ES', 'NQ'))).toBeLessThan(0.05);
    expect(realised('ES', 'ZB')).toBeLessThan(0);
    expect(Math.abs(realised('ES', 'ZB') - calibrated('ES', 'ZB'))).toBeLessThan(0.15);
    expect(Math.abs(realised('GC', '6E') - calibrated('GC', '6E'))).toBeLessThan(0.2);
    // TLT closes at 15:00 CT, an hour before ZB's session: still strongly tied to it.
    expect(realised('ZB', 'TLT')).toBeGreaterThan(0.75);
    expect(Math.abs(realised('ES', 'GC'))).toBeLessThan(0.2);
  });

  it('has fat-tailed daily returns (positive excess kurtosis on average)', () => {
    const futures = ['ES', 'NQ', 'GC', '6E', 'ZB'];
    const mean = futures.reduce((sum, s) => sum + moments(returns.get(s)!).excessKurtosis, 0) / futures.length;
    expect(mean).toBeGreaterThan(0.3);
  });
});
