import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTRACTS } from '@rooney/core';
import {
  SYNTHETIC_CALIBRATION,
  SYNTHETIC_CALIBRATION_WINDOW,
  SYNTHETIC_CORRELATION,
  SYNTHETIC_CORRELATION_SYMBOLS,
} from './calibration.ts';
import { BUILTIN_REFERENCE_SYMBOLS, BUILTIN_SYMBOLS } from './symbols.ts';

// Recomputes stored numbers straight from the real files, with code written separately from
// scripts/calibrate.ts, so the committed calibration is what the data says.
const REAL = fileURLToPath(new URL('../../../../../shared/datasets/real/', import.meta.url));
const { firstDate, lastDate } = SYNTHETIC_CALIBRATION_WINDOW;

/** Big-point values from the dataset README (F_RU: the old ICE TF contract, 100). */
const FILES: Record<string, [string, number]> = {
  ES: ['F_ES', 50], NQ: ['F_NQ', 20], RTY: ['F_RU', 100], YM: ['F_YM', 5], CL: ['F_CL', 1000],
  NG: ['F_NG', 10000], GC: ['F_GC', 100], SI: ['F_SI', 5000], HG: ['F_HG', 25000], '6A': ['F_AD', 100000],
  '6B': ['F_BP', 62500], '6C': ['F_CD', 100000], '6E': ['F_EC', 125000], '6J': ['F_JY', 12500000],
  '6M': ['F_MP', 500000], '6N': ['F_ND', 100000], '6S': ['F_SF', 125000], ZB: ['F_US', 1000],
};

interface Daily {
  /** date -> [previous date, log return] for returns dated inside the window */
  returns: Map<number, [number, number]>;
  lastClose: number;
  volumes: number[];
}

function readDaily(symbol: string): Daily {
  const returns = new Map<number, [number, number]>();
  const volumes: number[] = [];
  let lastClose = Number.NaN;
  if (symbol === 'TLT') {
    const lines = readFileSync(join(REAL, 'etf-daily/TLT.csv'), 'utf8').trim().split('\n').slice(1);
    let previous: [number, number] | undefined;
    for (const line of lines) {
      const [day, , , , close, adjusted, volume] = line.split(',');
      const date = Number(day.replace(/-/g, ''));
      if (date >= firstDate && date <= lastDate) {
        returns.set(date, [previous![0], Math.log(Number(adjusted) / previous![1])]);
        volumes.push(Number(volume));
        lastClose = Number(close);
      }
      previous = [date, Number(adjusted)];
    }
    return { returns, lastClose, volumes };
  }
  const [file, pointValue] = FILES[symbol];
  const lines = readFileSync(join(REAL, `quantiacs-futures-daily/${file}.txt`), 'utf8').trim().split('\n').slice(1);
  let previous: [number, number] | undefined;
  for (const line of lines) {
    const cells = line.split(',').map(Number);
    const [date, close, volume, rollGap] = [cells[0], cells[4], cells[5], cells[9]];
    if (date >= firstDate && date <= lastDate) {
      returns.set(date, [previous![0], Math.log((close - rollGap) / previous![1])]);
      volumes.push(volume);
      lastClose = close / pointValue;
    }
    previous = [date, close];
  }
  return { returns, lastClose, volumes };
}

const stats = (values: number[]) => {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const m2 = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  const m4 = values.reduce((a, b) => a + (b - mean) ** 4, 0);
  return { sd: Math.sqrt(m2 / (n - 1)), excessKurtosis: (m4 / n) / (m2 / n) ** 2 - 3 };
};

describe('SYNTHETIC_CALIBRATION', () => {
  it('covers every built-in symbol, in the correlation order, with a contract spec', () => {
    expect(SYNTHETIC_CORRELATION_SYMBOLS).toEqual([...BUILTIN_SYMBOLS, ...BUILTIN_REFERENCE_SYMBOLS]);
    for (const symbol of SYNTHETIC_CORRELATION_SYMBOLS) {
      expect(SYNTHETIC_CALIBRATION[symbol].symbol).toBe(symbol);
      expect(DEFAULT_CONTRACTS[symbol]).toBeDefined();
    }
  });

  it.each(['ES', 'RTY', 'CL', '6J', 'ZB', 'TLT'])('matches %s recomputed from the real dailies', (symbol) => {
    const daily = readDaily(symbol);
    const stored = SYNTHETIC_CALIBRATION[symbol];
    const values = [...daily.returns.values()].map(([, r]) => r);
    const { sd, excessKurtosis } = stats(values);
    expect(stored.observations).toBe(values.length);
    expect(stored.price).toBeCloseTo(daily.lastClose, 4);
    expect(stored.dailyVolatility / sd).toBeCloseTo(1, 4);
    expect(stored.annualVolatility / (sd * Math.sqrt(252))).toBeCloseTo(1, 4);
    expect(stored.excessKurtosis / excessKurtosis).toBeCloseTo(1, 2);
    const sorted = [...daily.volumes].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    expect(stored.medianDailyVolume).toBe(Math.round(median));
  });

  it('holds plausible annual volatilities (published ranges for 2016-2021)', () => {
    const annual = (s: string) => SYNTHETIC_CALIBRATION[s].annualVolatility;
    expect(annual('ES')).toBeGreaterThan(0.12);
    expect(annual('ES')).toBeLessThan(0.25);
    expect(annual('6E')).toBeGreaterThan(0.04);
    expect(annual('6E')).toBeLessThan(0.1);
    expect(annual('NG')).toBeGreaterThan(annual('GC'));
  });

  it('stores GARCH(1,1) coefficients at a maximum of the quasi-likelihood (ES)', () => {
    const values = [...readDaily('ES').returns.values()].map(([, r]) => r);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const errors = values.map((r) => r - mean);
    const variance = errors.reduce((a, e) => a + e * e, 0) / errors.length;
    const likelihood = (alpha: number, beta: number): number => {
      let h = variance;
      let sum = 0;
      errors.forEach((e, t) => {
        if (t > 0) h = variance * (1 - alpha - beta) + alpha * errors[t - 1] ** 2 + beta * h;
        sum -= 0.5 * (Math.log(h) + (e * e) / h);
      });
      return sum;
    };
    const { garchAlpha: alpha, garchBeta: beta, residualExcessKurtosis } = SYNTHETIC_CALIBRATION.ES;
    const best = likelihood(alpha, beta);
    for (const [da, db] of [[0.005, 0], [-0.005, 0], [0, 0.005], [0, -0.005], [0.005, -0.005], [-0.005, 0.005]]) {
      expect(likelihood(alpha + da, beta + db)).toBeLessThan(best);
    }
    // Residual kurtosis of the stored fit, recomputed.
    let h = variance;
    const residuals = errors.map((e, t) => {
      if (t > 0) h = variance * (1 - alpha - beta) + alpha * errors[t - 1] ** 2 + beta * h;
      return e / Math.sqrt(h);
    });
    expect(stats(residuals).excessKurtosis).toBeCloseTo(residualExcessKurtosis, 2);
    // Student-t degrees of freedom with that excess kurtosis: 6 / (df - 4).
    expect(SYNTHETIC_CALIBRATION.ES.tailDegrees).toBe(Math.min(30, Math.max(5, Math.round(4 + 6 / residualExcessKurtosis))));
  });

  it('stores the correlation of daily returns on the dates all instruments share', () => {
    const dailies = SYNTHETIC_CORRELATION_SYMBOLS.map(readDaily);
    const common = [...dailies[0].returns.keys()].filter((date) =>
      dailies.every((d) => d.returns.get(date)?.[0] === dailies[0].returns.get(date)![0]),
    );
    expect(common.length).toBeGreaterThan(1200);
    const column = (s: string) => common.map((date) => dailies[SYNTHETIC_CORRELATION_SYMBOLS.indexOf(s)].returns.get(date)![1]);
    const correlation = (a: number[], b: number[]) => {
      const ma = a.reduce((x, y) => x + y, 0) / a.length;
      const mb = b.reduce((x, y) => x + y, 0) / b.length;
      let ab = 0, aa = 0, bb = 0;
      for (let i = 0; i < a.length; i++) {
        ab += (a[i] - ma) * (b[i] - mb);
        aa += (a[i] - ma) ** 2;
        bb += (b[i] - mb) ** 2;
      }
      return ab / Math.sqrt(aa * bb);
    };
    const stored = (a: string, b: string) =>
      SYNTHETIC_CORRELATION[SYNTHETIC_CORRELATION_SYMBOLS.indexOf(a)][SYNTHETIC_CORRELATION_SYMBOLS.indexOf(b)];
    for (const [a, b] of [['ES', 'NQ'], ['ES', 'ZB'], ['CL', 'NG'], ['GC', 'SI'], ['6E', '6S'], ['ZB', 'TLT']]) {
      expect(stored(a, b)).toBeCloseTo(correlation(column(a), column(b)), 4);
      expect(stored(b, a)).toBe(stored(a, b));
    }
    // Known relations: equity indices move together, bonds against stocks, gold with silver.
    expect(stored('ES', 'NQ')).toBeGreaterThan(0.85);
    expect(stored('ES', 'ZB')).toBeLessThan(-0.2);
    expect(stored('GC', 'SI')).toBeGreaterThan(0.6);
  });
});
