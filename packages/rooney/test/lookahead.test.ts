import { DEFAULT_SESSION, runBacktest } from '@rooney/core';
import { generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { DEFAULT_FEATURES, IbsStrategy } from '@rooney/strategies';
import type { SignalRecord } from '@rooney/strategies';
import { describe, expect, it } from 'vitest';
import { prepareSeries } from '../src/backtest/prepare-series.ts';

const data = generateSyntheticDataset({ symbols: ['ES', 'NQ', 'TLT'], start: '2023-01-02', days: 130, seed: 7 });
const available: Record<string, number> = {};
for (const [symbol, bars] of data) available[symbol] = bars.barMs;

function signalsUpTo(endTs: number): SignalRecord[] {
  const cut = new Map<string, BarSeries>();
  for (const [symbol, bars] of data) cut.set(symbol, bars.between(undefined, endTs));
  const strategy = new IbsStrategy('ibs', ['ES'], { params: { timeframe: 'hour' }, recordSignals: true, available });
  runBacktest({
    series: prepareSeries(cut, [strategy], DEFAULT_SESSION),
    strategies: [strategy],
    startingCash: 1_000_000,
  });
  return [...strategy.signals()];
}

describe('feature snapshots have no look-ahead', () => {
  const full = signalsUpTo(Number.POSITIVE_INFINITY);
  const warm = full.filter((s) => s.features.every((v) => Number.isFinite(v)));
  // Signals spread over the warm part, at different hours of the session.
  const picked = [0, 0.2, 0.4, 0.6, 0.8, 1].map((q) => warm[Math.min(warm.length - 1, Math.floor(q * (warm.length - 1)))]);

  it('has warm signals where every default feature is defined', () => {
    expect(DEFAULT_FEATURES.length).toBeGreaterThanOrEqual(30);
    expect(warm.length).toBeGreaterThan(20);
    expect(new Set(picked.map((s) => new Date(s.ts).getUTCHours())).size).toBeGreaterThan(1);
  });

  it.each(picked.map((s) => [new Date(s.ts).toISOString(), s] as const))(
    'computes the same snapshot at %s when the data ends there',
    (_label, signal) => {
      const truncated = signalsUpTo(signal.ts).find((s) => s.ts === signal.ts);
      expect(truncated).toBeDefined();
      const names = DEFAULT_FEATURES.map((f) => f.name);
      const expected = Object.fromEntries(names.map((n, k) => [n, signal.features[k]]));
      const actual = Object.fromEntries(names.map((n, k) => [n, (truncated as SignalRecord).features[k]]));
      expect(actual).toEqual(expected);
    },
  );

  it('does see the data after t when it is not truncated (the test can fail)', () => {
    // The daily features of a mid-session signal must not include the session in progress: the
    // newest daily bar visible at a signal closes at or before the signal.
    const strategy = new IbsStrategy('ibs', ['ES'], { params: { timeframe: 'hour' }, recordSignals: true, available });
    const seen: number[] = [];
    const probe = {
      name: 'probe',
      subscriptions: () => [{ symbol: 'ES', timeframe: '1d', role: 'reference' as const }, { symbol: 'ES', timeframe: '1h' }],
      onBar(context: Parameters<IbsStrategy['onBar']>[0], event: Parameters<IbsStrategy['onBar']>[1]) {
        if (event.timeframe === '1h') seen.push(context.bars('ES', '1d').ts() - event.ts);
      },
    };
    runBacktest({ series: prepareSeries(data, [strategy, probe], DEFAULT_SESSION), strategies: [strategy, probe], startingCash: 1e6 });
    expect(seen.filter((d) => Number.isFinite(d)).every((d) => d <= 0)).toBe(true);
  });
});
