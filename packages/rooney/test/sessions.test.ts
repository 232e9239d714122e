import { DAY_MS, DEFAULT_SESSION, HOUR_MS, MINUTE_MS, runBacktest } from '@rooney/core';
import type { Bar, BarArrays, SessionSpec, Strategy } from '@rooney/core';
import { BarConsolidator, consolidateBars, generateSyntheticDataset } from '@rooney/data';
import { computePerformance } from '@rooney/portfolio';
import { describe, expect, it } from 'vitest';

/**
 * A year of the built-in dataset (2023: Chicago daylight saving from 12 March 02:00 CST to
 * 5 November 02:00 CDT), cut into sessions by the default CME session and checked against a
 * reference written from the US daylight-saving rule, not from the time-zone code under test.
 */
const DST_START = Date.UTC(2023, 2, 12, 8); // 02:00 CST
const DST_END = Date.UTC(2023, 10, 5, 7); // 02:00 CDT
const chicagoOffset = (ts: number): number => (ts >= DST_START && ts < DST_END ? -5 : -6) * HOUR_MS;

/** Trading date (YYYYMMDD) of a bar closing at `ts`: its Chicago date, the next one from 17:00 on. */
function referenceTradingDate(ts: number): number {
  const local = ts - 1 + chicagoOffset(ts - 1);
  const d = new Date(local - 17 * HOUR_MS + DAY_MS);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}

const weekday = (date: number): number => new Date(Date.UTC(Math.floor(date / 10000), (Math.floor(date / 100) % 100) - 1, date % 100)).getUTCDay();

const minutes = generateSyntheticDataset({ symbols: ['ES'], start: '2023-01-02', days: 365, seed: 5 }).get('ES') as BarArrays;

/** Daily bars built by grouping the minutes by reference trading date. */
function referenceDaily(): Map<number, Bar> {
  const out = new Map<number, Bar>();
  for (let i = 0; i < minutes.length; i++) {
    const date = referenceTradingDate(minutes.ts[i]);
    const bar = out.get(date);
    if (bar === undefined) {
      out.set(date, { ts: 0, open: minutes.open[i], high: minutes.high[i], low: minutes.low[i], close: minutes.close[i], volume: minutes.volume[i] });
    } else {
      out.set(date, {
        ts: 0,
        open: bar.open,
        high: Math.max(bar.high, minutes.high[i]),
        low: Math.min(bar.low, minutes.low[i]),
        close: minutes.close[i],
        volume: bar.volume + minutes.volume[i],
      });
    }
  }
  return out;
}

function streamed(targetMs: number, session: SessionSpec): Bar[] {
  const out: Bar[] = [];
  const consolidator = new BarConsolidator(targetMs, { session, inputBarMs: MINUTE_MS }, (bar) => out.push(bar));
  for (let i = 0; i < minutes.length; i++) {
    consolidator.update(minutes.ts[i], minutes.open[i], minutes.high[i], minutes.low[i], minutes.close[i], minutes.volume[i]);
  }
  consolidator.scan(minutes.ts[minutes.length - 1]);
  return out;
}

const rows = (series: BarArrays): Bar[] =>
  Array.from({ length: series.length }, (_, i) => ({
    ts: series.ts[i],
    open: series.open[i],
    high: series.high[i],
    low: series.low[i],
    close: series.close[i],
    volume: series.volume[i],
  }));

describe('sessions follow CME Globex (17:00 Chicago) through both daylight-saving changes of a year', () => {
  const reference = referenceDaily();
  const daily = consolidateBars(minutes, DAY_MS, { session: DEFAULT_SESSION });

  it('makes one daily bar per weekday session, none on a weekend, equal to the minutes grouped by Chicago trading date', () => {
    const dates = [...reference.keys()];
    expect(dates.every((date) => weekday(date) >= 1 && weekday(date) <= 5)).toBe(true);
    expect(dates).toHaveLength(261); // 2 January 2023 to 1 January 2024: 261 weekdays
    // The last session's bin ends at 17:00 Chicago, after the data's last bar (the 16:00 close): it
    // is not complete in the file, so it is not emitted.
    expect(daily.length).toBe(260);
    rows(daily).forEach((bar, k) => {
      const date = dates[k];
      const closeUtcHour = chicagoOffset(bar.ts - 1) === -5 * HOUR_MS ? 22 : 23;
      expect(bar.ts, `session ${date}`).toBe(Date.UTC(Math.floor(date / 10000), (Math.floor(date / 100) % 100) - 1, date % 100, closeUtcHour));
      expect({ ...bar, ts: 0 }, `session ${date}`).toEqual(reference.get(date));
    });
  });

  it('would have 34 one-hour "Sunday sessions" with a fixed 23:00 UTC start (the old default)', () => {
    const fixedUtc = consolidateBars(minutes, DAY_MS, { session: { startMinutes: 23 * 60, timeZone: 'UTC' } });
    const sundayHours = rows(fixedUtc).filter((bar) => new Date(bar.ts).getUTCDay() === 0);
    expect(sundayHours).toHaveLength(34); // every Sunday from 12 March to 29 October
    expect(fixedUtc.length).toBe(260 + 34);
  });

  it('cuts 23 hourly bars per session on whole Chicago hours, the first closing at 18:00', () => {
    const hourly = consolidateBars(minutes, HOUR_MS, { session: DEFAULT_SESSION });
    expect(hourly.length).toBe(261 * 23);
    for (let i = 0; i < hourly.length; i++) {
      const localHour = new Date(hourly.ts[i] + chicagoOffset(hourly.ts[i] - 1)).getUTCHours();
      const expectedHour = ((18 + (i % 23)) % 24); // 18:00, 19:00, ..., 16:00
      if (localHour !== expectedHour) throw new Error(`hourly bar ${i} closes at ${localHour}:00 Chicago, expected ${expectedHour}:00`);
    }
  });

  it('streams the same hourly and daily bars as the batch consolidator', () => {
    expect(streamed(DAY_MS, DEFAULT_SESSION)).toEqual(rows(daily));
    expect(streamed(HOUR_MS, DEFAULT_SESSION)).toEqual(rows(consolidateBars(minutes, HOUR_MS, { session: DEFAULT_SESSION })));
  });

  it('closes the engine\'s sessions (daily equity, session count for annualising) on the same days', () => {
    const idle: Strategy = { name: 'idle', subscriptions: () => [{ symbol: 'ES', timeframe: '1d' }], onBar: () => undefined };
    const run = (session: SessionSpec) =>
      runBacktest({ series: [minutes, consolidateBars(minutes, DAY_MS, { session })], strategies: [idle], startingCash: 100_000, session });
    const result = run(DEFAULT_SESSION);
    // Each session close, then the last event (the last session's 16:00 close).
    expect(Array.from(result.daily.ts)).toEqual([...Array.from(daily.ts), minutes.ts[minutes.length - 1]]);
    const performance = computePerformance({ startingCash: 100_000, equity: result.equity, daily: result.daily, trades: [], session: DEFAULT_SESSION });
    expect(performance.sessionCount).toBe(261);
    expect(run({ startMinutes: 23 * 60, timeZone: 'UTC' }).daily.ts.length).toBe(261 + 34);
  });
});
