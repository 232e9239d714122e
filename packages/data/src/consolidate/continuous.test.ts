import { DAY_MS, HOUR_MS, RooneyError, contractSpec, runBacktest } from '@rooney/core';
import type { Strategy } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { BarSeries, BarSeriesBuilder } from '../bar-series.ts';
import { heldContractOf } from './back-adjust.ts';
import { stitchContinuous } from './continuous.ts';
import type { ContinuousContract } from './continuous.ts';

/** Close of the 23:00 UTC session of 2024-01-`day` (the default session). */
const day = (d: number): number => Date.UTC(2024, 0, d, 23);

/**
 * Three daily contracts on the days of January 2024 with constant spreads:
 * ESF4 = 100 + d (days 1-12, expires Jan 12 14:30), ESG4 = 103 + d (days 1-26, expires Jan 26),
 * ESH4 = 107 + d (days 5-30, expires Feb 9).
 */
function contracts(volumeOf?: (symbol: string, d: number) => number): ContinuousContract[] {
  const spec = [
    { symbol: 'ESF4', expiry: Date.UTC(2024, 0, 12, 14, 30), first: 1, last: 12, base: 100 },
    { symbol: 'ESG4', expiry: Date.UTC(2024, 0, 26, 14, 30), first: 1, last: 26, base: 103 },
    { symbol: 'ESH4', expiry: Date.UTC(2024, 1, 9, 14, 30), first: 5, last: 30, base: 107 },
  ];
  const volume =
    volumeOf ??
    ((symbol: string, d: number): number =>
      symbol === 'ESF4' ? 1000 - 50 * d : symbol === 'ESG4' ? (d <= 20 ? 100 * d : 2000 - 150 * (d - 20)) : 60 * d);
  const openInterest = (symbol: string, d: number): number =>
    symbol === 'ESF4' ? 5000 - 400 * d : symbol === 'ESG4' ? (d <= 20 ? 300 * d : 6000 - 500 * (d - 20)) : 250 * d;
  // Listed out of expiry order on purpose: the function sorts them.
  return [spec[2], spec[0], spec[1]].map(({ symbol, expiry, first, last, base }) => {
    const builder = new BarSeriesBuilder(symbol, DAY_MS);
    const oi: number[] = [];
    for (let d = first; d <= last; d++) {
      const close = base + d;
      builder.push(day(d), close - 0.5, close + 1, close - 1, close, volume(symbol, d));
      oi.push(openInterest(symbol, d));
    }
    return { symbol, expiry, series: builder.build(), openInterest: Float64Array.from(oi) };
  });
}

const closes = (series: BarSeries): number[] => Array.from(series.close);
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('stitchContinuous', () => {
  it('days_before_expiry: rolls at the first session close at or after expiry - N days', () => {
    const { series, rolls } = stitchContinuous(contracts(), { kind: 'days_before_expiry', days: 3 });
    // ESF4: Jan 12 14:30 - 3 days = Jan 9 14:30 -> first session close after it: Jan 9 23:00.
    // ESG4: Jan 26 14:30 - 3 days = Jan 23 14:30 -> Jan 23 23:00.
    expect(rolls).toEqual([
      { ts: day(9), from: 'ESF4', to: 'ESG4', gap: 3 },
      { ts: day(23), from: 'ESG4', to: 'ESH4', gap: 4 },
    ]);
    expect(series.symbol).toBe('ES');
    expect(series.barMs).toBe(DAY_MS);
    expect(Array.from(series.ts)).toEqual(range(1, 30).map(day));
    expect(closes(series)).toEqual([...range(1, 9).map((d) => 100 + d), ...range(10, 23).map((d) => 103 + d), ...range(24, 30).map((d) => 107 + d)]);
    expect(series.volume[0]).toBe(950); // ESF4's volume on day 1
  });

  it('difference adjustment removes every jump: the whole series becomes 107 + d', () => {
    const { series } = stitchContinuous(contracts(), { kind: 'days_before_expiry', days: 3 }, { adjust: 'difference' });
    expect(closes(series)).toEqual(range(1, 30).map((d) => 107 + d));
    expect(Array.from(series.high)).toEqual(range(1, 30).map((d) => 108 + d));
    expect(Array.from(series.open)).toEqual(range(1, 30).map((d) => 106.5 + d));
  });

  it('ratio adjustment scales history by new/old at each roll', () => {
    const { series } = stitchContinuous(contracts(), { kind: 'days_before_expiry', days: 3 }, { adjust: 'ratio', symbol: 'ES_RATIO' });
    expect(series.symbol).toBe('ES_RATIO');
    const first = 112 / 109; // ESG4 / ESF4 at the Jan 9 close
    const second = 130 / 126; // ESH4 / ESG4 at the Jan 23 close
    const expected = [...range(1, 9).map((d) => (100 + d) * first * second), ...range(10, 23).map((d) => (103 + d) * second), ...range(24, 30).map((d) => 107 + d)];
    expected.forEach((value, i) => expect(series.close[i]).toBeCloseTo(value, 10));
    // No jump in returns at the rolls: the roll-day close equals the new contract's close.
    expect(series.close[8]).toBeCloseTo(112 * second, 10);
    expect(series.close[22]).toBeCloseTo(130, 10);
  });

  it('keeps the contracts\' own prices for fills and PnL: a position held through both rolls earns what each contract moved', () => {
    const result = stitchContinuous(contracts(), { kind: 'days_before_expiry', days: 3 }, { adjust: 'ratio' });
    const raw = stitchContinuous(contracts(), { kind: 'days_before_expiry', days: 3 });
    expect(result.adjustment).toBe('ratio');
    expect(result.prices.toBars()).toEqual(raw.series.toBars());
    // A window of the adjusted series gets the same window of the prices.
    const window = result.series.between(day(5), day(20));
    const held = heldContractOf(result, window);
    expect(Array.from(held.prices.ts)).toEqual(Array.from(window.ts));
    expect(Array.from(held.prices.close)).toEqual(range(5, 20).map((d) => (d <= 9 ? 100 : 103) + d));
    // Buy 1 at day 2's open (ESF4 101.5), roll at day 9 (out at 109, in at ESG4 112) and day 23
    // (out at 126, in at ESH4 130), closed at the end (day 30 close 137): 28.5 points × $50.
    const buyFirst: Strategy = {
      name: 'hold',
      subscriptions: () => [{ symbol: 'ES', timeframe: '1d' }],
      onBar(context, event) {
        if (event.view.length === 1) context.submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'market' });
      },
    };
    const run = runBacktest({
      series: [result.series],
      strategies: [buyFirst],
      startingCash: 100_000,
      contracts: { ES: contractSpec('ES', { commission: 0 }) },
      heldContracts: { ES: heldContractOf(result) },
    });
    expect(run.trades.map((t) => [t.entryPrice, t.exitPrice, t.exitReason])).toEqual([
      [101.5, 109, 'roll'],
      [112, 126, 'roll'],
      [130, 137, 'end_of_data'],
    ]);
    expect(run.finalEquity - 100_000).toBeCloseTo(28.5 * 50, 9);
  });

  it('volume: rolls at the close of the first session where the next contract traded more', () => {
    const { series, rolls } = stitchContinuous(contracts(), { kind: 'volume' });
    // ESG4 100d > ESF4 1000 - 50d first on day 7; ESH4 60d > ESG4 2000 - 150(d - 20) first on day 24.
    expect(rolls).toEqual([
      { ts: day(7), from: 'ESF4', to: 'ESG4', gap: 3 },
      { ts: day(24), from: 'ESG4', to: 'ESH4', gap: 4 },
    ]);
    // The deciding day's bar still comes from the old contract (no look-ahead).
    expect(closes(series)).toEqual([...range(1, 7).map((d) => 100 + d), ...range(8, 24).map((d) => 103 + d), ...range(25, 30).map((d) => 107 + d)]);
  });

  it('open_interest: rolls when the next contract holds more open interest at a session close', () => {
    const { rolls } = stitchContinuous(contracts(), { kind: 'open_interest' });
    // 300d > 5000 - 400d first on day 8; 250d > 6000 - 500(d - 20) first on day 22.
    expect(rolls.map((r) => [r.ts, r.from, r.to])).toEqual([
      [day(8), 'ESF4', 'ESG4'],
      [day(22), 'ESG4', 'ESH4'],
    ]);
  });

  it('leaves an expired contract even when it still has the most volume', () => {
    const { series, rolls } = stitchContinuous(contracts((symbol) => (symbol === 'ESF4' ? 1e6 : symbol === 'ESG4' ? 1e3 : 1)), { kind: 'volume' });
    // ESF4 expires Jan 12 14:30: the Jan 13 session (starting Jan 12 23:00) must use ESG4.
    expect(rolls.map((r) => [r.ts, r.to])).toEqual([
      [day(12), 'ESG4'],
      [day(26), 'ESH4'],
    ]);
    expect(series.close[11]).toBe(112);
    expect(series.close[12]).toBe(116);
  });

  it('decides on whole-session totals for intraday bars and switches from the next bar', () => {
    // Hourly bars 00:00-22:00 UTC for the Jan 2, 3 and 4 sessions. ESH4 trades more than ESF4 in
    // the first hours of Jan 2 but less over that whole session; it trades more over Jan 3.
    const build = (symbol: string, price: (session: number) => number, volume: (session: number, hour: number) => number): BarSeries => {
      const builder = new BarSeriesBuilder(symbol, HOUR_MS);
      for (const session of [2, 3, 4]) {
        for (let hour = 0; hour <= 22; hour++) {
          const p = price(session);
          builder.push(Date.UTC(2024, 0, session, hour), p, p, p, p, volume(session, hour));
        }
      }
      return builder.build();
    };
    const front = build('ESF4', (s) => (s < 4 ? 100 : 101), () => 100);
    const next = build('ESH4', (s) => (s < 4 ? 104 : 105), (s, hour) => (s === 2 ? (hour < 5 ? 200 : 0) : 150));
    const { series, rolls } = stitchContinuous(
      [
        { symbol: 'ESF4', expiry: Date.UTC(2024, 0, 19), series: front },
        { symbol: 'ESH4', expiry: Date.UTC(2024, 2, 15), series: next },
      ],
      { kind: 'volume' },
      { adjust: 'difference' },
    );
    expect(rolls).toEqual([{ ts: Date.UTC(2024, 0, 3, 23), from: 'ESF4', to: 'ESH4', gap: 4 }]);
    expect(series.length).toBe(69);
    // Jan 2 and Jan 3 from ESF4 (100, + gap 4), Jan 4 from ESH4 (105): no jump at the roll.
    expect(closes(series)).toEqual([...new Array(46).fill(104), ...new Array(23).fill(105)]);
    expect(series.volume[0]).toBe(100);
    expect(series.volume[46]).toBe(150);
  });

  it('reports an unknown gap, and refuses to adjust with it', () => {
    const [h4, f4] = contracts();
    // ESH4 has no bar before Jan 5; roll ESF4 -> ESH4 decided at Jan 2 23:00 (days rule, 10 days).
    const pair = [f4, h4];
    const { rolls } = stitchContinuous(pair, { kind: 'days_before_expiry', days: 10 });
    expect(rolls.length).toBe(1);
    expect(rolls[0].ts).toBe(day(2));
    expect(Number.isNaN(rolls[0].gap)).toBe(true);
    expect(() => stitchContinuous(pair, { kind: 'days_before_expiry', days: 10 }, { adjust: 'difference' })).toThrow(/gap is NaN/);
  });

  it('validates its inputs', () => {
    const all = contracts();
    const code = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        return error instanceof RooneyError ? error.code : 'other';
      }
      return undefined;
    };
    expect(code(() => stitchContinuous([], { kind: 'volume' }))).toBe('invalid_parameter');
    expect(code(() => stitchContinuous(all, { kind: 'days_before_expiry', days: -1 }))).toBe('invalid_parameter');
    expect(code(() => stitchContinuous([all[0], { ...all[1], expiry: all[0].expiry }], { kind: 'volume' }))).toBe('invalid_parameter');
    expect(code(() => stitchContinuous([all[0], { ...all[1], openInterest: undefined }], { kind: 'open_interest' }))).toBe('invalid_parameter');
    const hourly = new BarSeries('ESM4', HOUR_MS, all[0].series);
    expect(code(() => stitchContinuous([all[0], { symbol: 'ESM4', expiry: Date.UTC(2024, 5, 21), series: hourly }], { kind: 'volume' }))).toBe('invalid_parameter');
  });
});
