import { fileURLToPath } from 'node:url';
import { DEFAULT_SESSION, sessionCloseTs } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { loadBarsFile } from './load-bars.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const REAL = `${SHARED}datasets/real/`;
const BACKTRADER = `${SHARED}datasets/backtrader/`;

/** Stamp of a date-only row: the default session's close on that date (17:00 Chicago, the CME day). */
const sessionClose = (date: string): number => sessionCloseTs(Number(date.replaceAll('-', '')), DEFAULT_SESSION);
/** `actual` within a relative 1e-6 of `expected` (the README rounds prices for display). */
const near = (actual: number, expected: number): boolean => Math.abs(actual - expected) <= 1e-6 * Math.abs(expected);
const count = (values: Float64Array, predicate: (x: number) => boolean): number => values.filter(predicate).length;

describe('loadBarsFile on the backtrader sample data (counts and dates from its README)', () => {
  const daily: [string, number, string, string][] = [
    ['2006-day-001.txt', 255, '2006-01-02', '2006-12-29'],
    ['2005-2006-day-001.txt', 512, '2005-01-03', '2006-12-29'],
    ['yhoo-1996-2014.txt', 4713, '1996-04-12', '2014-12-31'],
    ['orcl-1995-2014.txt', 5036, '1995-01-03', '2014-12-31'],
    ['nvda-1999-2014.txt', 4012, '1999-01-22', '2014-12-31'],
  ];
  for (const [name, rows, first, last] of daily) {
    it(name, () => {
      const { series } = loadBarsFile(BACKTRADER + name);
      expect(series.length).toBe(rows);
      expect(series.barMs).toBe(86_400_000);
      expect(series.ts[0]).toBe(sessionClose(first));
      expect(series.ts[rows - 1]).toBe(sessionClose(last));
    });
  }

  it('weekly file: 52 bars, 7-day bar size', () => {
    const { series } = loadBarsFile(`${BACKTRADER}2006-week-001.txt`);
    expect(series.length).toBe(52);
    expect(series.barMs).toBe(7 * 86_400_000);
    expect(series.ts[51]).toBe(sessionClose('2006-12-29'));
  });

  it('5-minute Date,Time file: 2142 bars 09:05 → 17:30, first bar as in the file', () => {
    const { series, extras } = loadBarsFile(`${BACKTRADER}2006-min-005.txt`);
    expect(series.length).toBe(2142);
    expect(series.barMs).toBe(300_000);
    expect(series.at(0)).toEqual({ ts: Date.parse('2006-01-02T09:05:00Z'), open: 3578.73, high: 3587.88, low: 3578.73, close: 3582.99, volume: 0 });
    expect(series.ts[2141]).toBe(Date.parse('2006-01-30T17:30:00Z'));
    expect(count(extras.OpenInterest, (x) => x === 0)).toBe(2142);
  });

  it('Yahoo layout keeps Adj Close, which equals Close on every YHOO row', () => {
    const { series, extras } = loadBarsFile(`${BACKTRADER}yhoo-1996-2014.txt`);
    expect(Array.from(extras['Adj Close'])).toEqual(Array.from(series.close));
    expect(series.at(0)).toEqual({ ts: sessionClose('1996-04-12'), open: 1.052083, high: 1.791667, low: 1.020833, close: 1.375, volume: 408_720_000 });
  });
});

describe('loadBarsFile on Quantiacs futures (README table: rows, dates, last close ÷ BPV)', () => {
  const table: [string, string, string, string, number, number][] = [
    ['F_ES', 'ES', '1990-01-02', '2021-03-30', 7877, 3949.5],
    ['F_NQ', 'NQ', '1996-04-10', '2021-03-30', 6288, 12890.25],
    ['F_RU', 'RTY', '1993-02-04', '2021-03-30', 7110, 2194.7],
    ['F_YM', 'YM', '1997-10-06', '2021-03-30', 5910, 32925],
    ['F_CL', 'CL', '1990-01-02', '2021-03-30', 7841, 60.39],
    ['F_NG', 'NG', '1990-04-03', '2021-03-30', 7772, 2.621],
    ['F_GC', 'GC', '1990-01-02', '2021-03-30', 7847, 1685.9],
    ['F_SI', 'SI', '1990-01-02', '2021-03-30', 7845, 24.06],
    ['F_HG', 'HG', '1990-01-02', '2021-03-30', 7845, 3.9785],
    ['F_AD', '6A', '1990-01-02', '2021-03-30', 7862, 0.7598],
    ['F_BP', '6B', '1990-01-02', '2021-03-30', 7864, 1.3742],
    ['F_CD', '6C', '1990-01-02', '2021-03-30', 7865, 0.7921],
    ['F_EC', '6E', '1999-01-04', '2021-03-30', 5582, 1.17355],
    ['F_JY', '6J', '1990-01-02', '2021-03-30', 7865, 0.0090695],
    ['F_MP', '6M', '1995-04-25', '2021-03-30', 6511, 0.04816],
    ['F_ND', '6N', '1997-05-06', '2021-03-30', 6006, 0.6981],
    ['F_SF', '6S', '1990-01-02', '2021-03-30', 7864, 1.0636],
    ['F_US', 'ZB', '1990-01-02', '2021-03-30', 7852, 155.34375],
    ['F_TY', 'ZN', '1990-01-02', '2021-03-30', 7851, 131.3125],
  ];
  for (const [file, symbol, first, last, rows, lastClose] of table) {
    it(`${file} → ${symbol}`, () => {
      const { series, extras, format } = loadBarsFile(`${REAL}quantiacs-futures-daily/${file}.txt`);
      expect(format).toBe('csv');
      expect(series.symbol).toBe(symbol);
      expect(series.length).toBe(rows);
      expect(series.ts[0]).toBe(sessionClose(first));
      expect(series.ts[rows - 1]).toBe(sessionClose(last));
      expect(near(series.close[rows - 1], lastClose), `${series.close[rows - 1]} vs ${lastClose}`).toBe(true);
      expect(Object.keys(extras)).toEqual(['OI', 'P', 'R', 'RINFO']);
    });
  }

  it('F_ES: first close 18125 $ = 362.5 points; the 1990-03-07 roll flag and next-day RINFO 180 $ = 3.6 points', () => {
    const { series, extras } = loadBarsFile(`${REAL}quantiacs-futures-daily/F_ES.txt`);
    expect(series.close[0]).toBe(362.5);
    const rollDay = series.lowerBound(sessionClose('1990-03-07'));
    expect(series.ts[rollDay]).toBe(sessionClose('1990-03-07'));
    expect(extras.R[rollDay]).toBe(199006);
    expect(extras.RINFO[rollDay + 1]).toBe(3.6);
    const dollars = loadBarsFile(`${REAL}quantiacs-futures-daily/F_ES.txt`, { priceDivisor: 1 });
    expect(dollars.series.close[0]).toBe(18125);
    expect(dollars.extras.RINFO[rollDay + 1]).toBe(180);
  });

  it('F_ND has 954 zero-volume rows', () => {
    const { series } = loadBarsFile(`${REAL}quantiacs-futures-daily/F_ND.txt`);
    expect(count(series.volume, (v) => v === 0)).toBe(954);
  });
});

describe('loadBarsFile on other real sets', () => {
  const etf: [string, string, string, number, number][] = [
    ['SPY', '1993-01-29', '2024-03-22', 7843, 521.21],
    ['TLT', '2002-07-30', '2024-03-22', 5450, 93.98],
    ['QQQ', '1999-03-10', '2024-03-22', 6301, 446.38],
    ['GLD', '2004-11-18', '2024-03-22', 4868, 200.35],
    ['IEF', '2002-07-30', '2024-03-22', 5450, 94.5],
  ];
  for (const [symbol, first, last, rows, lastClose] of etf) {
    it(`ETF ${symbol}`, () => {
      const { series } = loadBarsFile(`${REAL}etf-daily/${symbol}.csv`);
      expect([series.symbol, series.length]).toEqual([symbol, rows]);
      expect(near(series.close[rows - 1], lastClose), `${series.close[rows - 1]} vs ${lastClose}`).toBe(true);
      expect(series.ts[0]).toBe(sessionClose(first));
      expect(series.ts[rows - 1]).toBe(sessionClose(last));
    });
  }

  it('nautilus 6E 1-minute gz: 29,996 bars 2024-01-01 23:01 → 01-31 23:59 UTC, closes 1.08165–1.10780', () => {
    const { series, format } = loadBarsFile(`${REAL}nautilus-6e-1min/6EH4.XCME_1min_bars_20240101_20240131.csv.gz`);
    expect(format).toBe('csv.gz');
    expect(series.symbol).toBe('6EH4');
    expect(series.length).toBe(29_996);
    expect(series.barMs).toBe(60_000);
    expect(series.at(0)).toEqual({ ts: Date.parse('2024-01-01T23:01:00Z'), open: 1.1076, high: 1.10785, low: 1.1076, close: 1.1078, volume: 205 });
    expect(series.ts[29_995]).toBe(Date.parse('2024-01-31T23:59:00Z'));
    expect(Math.min(...series.close)).toBe(1.08165);
    expect(Math.max(...series.close)).toBe(1.1078);
  });

  const yahoo: [string, number, string, string, number, number][] = [
    ['ES_5min', 13_768, '2026-02-17 00:05', '2026-04-28 23:35', 44, 300_000],
    ['NQ_5min', 13_767, '2026-02-17 00:00', '2026-04-28 23:35', 42, 300_000],
    ['ES_2min', 18_692, '2026-03-19 20:00', '2026-04-28 23:36', 1, 120_000],
    ['NQ_2min', 18_693, '2026-03-19 20:00', '2026-04-28 23:36', 1, 120_000],
  ];
  for (const [name, rows, first, last, zeroVolume, barMs] of yahoo) {
    it(`Yahoo ${name} read as naive US/Eastern stamped at the open`, () => {
      const { series } = loadBarsFile(`${REAL}yahoo-es-nq-intraday/${name}.csv`, { timeZone: 'America/New_York', stampedAt: 'open' });
      expect([series.symbol, series.length, series.barMs]).toEqual([name.slice(0, 2), rows, barMs]);
      expect(count(series.volume, (v) => v === 0)).toBe(zeroVolume);
      // Both ends fall in EST (UTC-5) for 5-min files starting in February; 2-min files start in EDT (UTC-4).
      const toUtc = (wall: string): number => {
        const naive = Date.parse(`${wall.replace(' ', 'T')}:00Z`);
        const offsetHours = naive < Date.parse('2026-03-08T02:00:00Z') ? 5 : 4;
        return naive + offsetHours * 3_600_000;
      };
      expect(series.ts[0]).toBe(toUtc(first) + barMs);
      expect(series.ts[rows - 1]).toBe(toUtc(last) + barMs);
    });
  }

  it('Yahoo daily files: 253 rows, 6 zero-volume', () => {
    for (const symbol of ['ES', 'NQ']) {
      const { series } = loadBarsFile(`${REAL}yahoo-es-nq-intraday/${symbol}_daily.csv`);
      expect(series.length).toBe(253);
      expect(count(series.volume, (v) => v === 0)).toBe(6);
      expect(series.ts[0]).toBe(sessionClose('2025-04-28'));
    }
  });
});
