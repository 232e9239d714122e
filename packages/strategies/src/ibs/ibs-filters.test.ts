import { contractSpec, runBacktest } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { DAY_MS, dailyBars } from '../testing/daily-bars.ts';
import { createStrategy } from '../registry.ts';
import type { SignalScorer } from '../signals.ts';
import { blockingFilter, inSkipWindow, parseIbsFilters } from './ibs-filters.ts';
import { IbsStrategy } from './ibs-strategy.ts';


describe('IBS filters', () => {
  it('parses windows and bounds with key paths in errors', () => {
    const filters = parseIbsFilters(
      { time_of_day: { enabled: true, skip: ['15:00-17:00', '23:30-00:30'] }, volatility: { enabled: true, max: 2 } },
      'params.filters',
    );
    expect(filters.timeOfDay.skip).toEqual([
      [900, 1020],
      [1410, 30],
    ]);
    expect(filters.volatility).toMatchObject({ enabled: true, feature: 'atr_z', longMax: 2, shortMax: 2, longMin: -Infinity });
    expect(filters.trend.enabled).toBe(false);
    expect(() => parseIbsFilters({ time_of_day: { skip: ['3pm'] } }, 'params.filters')).toThrow(
      'params.filters.time_of_day.skip[0] must be a window like "15:00-17:00", was "3pm"',
    );
    expect(() => parseIbsFilters({ volatility: { enabled: true, maxx: 1 } }, 'p')).toThrow(/p\.volatility\.maxx: unknown parameter/);
  });

  it('applies time-of-day windows in the exchange time zone, across daylight saving', () => {
    const filter = parseIbsFilters({ time_of_day: { enabled: true, skip: ['15:00-17:00'] } }, 'f').timeOfDay;
    // 15:30 Chicago is 21:30 UTC in winter and 20:30 UTC in summer.
    expect(inSkipWindow(filter, Date.UTC(2024, 0, 10, 21, 30), 'America/Chicago')).toBe(true);
    expect(inSkipWindow(filter, Date.UTC(2024, 6, 10, 20, 30), 'America/Chicago')).toBe(true);
    expect(inSkipWindow(filter, Date.UTC(2024, 6, 10, 22, 30), 'America/Chicago')).toBe(false);
    const wrap = parseIbsFilters({ time_of_day: { enabled: true, skip: ['23:30-00:30'] } }, 'f').timeOfDay;
    expect(inSkipWindow(wrap, Date.UTC(2024, 0, 10, 0, 15), 'UTC')).toBe(true);
    expect(inSkipWindow(wrap, Date.UTC(2024, 0, 10, 0, 30), 'UTC')).toBe(false);
  });

  it('blocks by direction-specific bounds and lets unwarmed (NaN) features through', () => {
    const filters = parseIbsFilters({ trend: { enabled: true }, momentum: { enabled: true } }, 'f');
    const features: Record<string, number> = { ma_slope_slow: -0.01, prev_bar_return: -0.02 };
    const read = (name: string): number => features[name] ?? Number.NaN;
    expect(blockingFilter(filters, true, 0, 'UTC', read)).toBe('trend');
    expect(blockingFilter(filters, false, 0, 'UTC', read)).toBe('momentum');
    features.ma_slope_slow = 0.01;
    expect(blockingFilter(filters, true, 0, 'UTC', read)).toBeUndefined();
    expect(blockingFilter(filters, true, 0, 'UTC', () => Number.NaN)).toBeUndefined();
  });

  it('counts blocked signals in a backtest and applies per-symbol overrides', () => {
    // A steadily falling market: every bar closes near its low (IBS 0.1) after a down move.
    const rows = Array.from({ length: 60 }, (_, i) => {
      const base = 200 - i;
      return [base + 0.5, base + 1, base - 1, base - 0.8];
    });
    const make = (symbolOverrides: Record<string, Record<string, unknown>>) =>
      createStrategy(
        {
          name: 'ibs',
          symbols: ['ES', 'NQ'],
          params: { timeframe: 'day', filters: { trend: { enabled: true } } },
          environment: { symbolOverrides, available: { ES: DAY_MS, NQ: DAY_MS } },
        },
        'strategies[0]',
      ) as IbsStrategy;
    const strategy = make({ NQ: { filters: { trend: { enabled: false } } } });
    const result = runBacktest({
      series: [dailyBars('ES', rows), dailyBars('NQ', rows)],
      strategies: [strategy],
      startingCash: 1e6,
      contracts: { ES: contractSpec('ES'), NQ: contractSpec('NQ') },
    });
    const diagnostics = strategy.diagnostics();
    // ES: the slow MA slope is negative once warm, so the trend filter blocks its long signals;
    // NQ has the filter switched off by its override and trades.
    expect(diagnostics.blocked.trend).toBeGreaterThan(0);
    expect(result.trades.filter((t) => t.symbol === 'NQ').length).toBeGreaterThan(0);
    expect(diagnostics.signals).toBe(diagnostics.entries + diagnostics.blocked.trend + diagnostics.vetoed);
  });

  it('vetoes entries whose score is below the threshold and records the score', () => {
    const rows = [
      [100, 110, 90, 92],
      [93, 100, 91, 95],
      [96, 99, 94, 98.5],
      [97, 98, 88, 89],
      [90, 95, 89, 94],
      [93, 96, 92, 92.5],
    ];
    let calls = 0;
    const scorer: SignalScorer = {
      thresholdAt: () => 0.5,
      score: (features, names) => {
        expect(features.length).toBe(names.length);
        calls++;
        return calls === 1 ? 0.3 : 0.7; // veto the first signal only
      },
    };
    const strategy = new IbsStrategy('ibs', ['ES'], {
      params: { timeframe: 'day' },
      scorers: new Map([['ES', scorer]]),
      available: { ES: DAY_MS },
      recordSignals: true,
    });
    const result = runBacktest({ series: [dailyBars('ES', rows)], strategies: [strategy], startingCash: 1e6 });
    expect(strategy.diagnostics().vetoed).toBe(1);
    expect(strategy.signals()[0]).toMatchObject({ vetoed: true, score: 0.3 });
    expect(result.trades[0].meta?.ml_score).toBe(0.7);
    // The vetoed bar-0 signal did not trade; the first trade comes from the bar-3 signal.
    expect(result.trades[0].entryPrice).toBe(90);
  });
});
