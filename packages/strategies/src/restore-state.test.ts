/**
 * The strategy contract's `restoreState`, proven with the backtest engine: a run stopped at a time
 * T (its fills and working orders kept, as a live journal keeps them) and continued by fresh
 * strategy objects — warmed up on the bars before T with orders refused, then given back their
 * positions and orders through `runBacktest`'s `restore` — makes exactly the trades of the run that
 * never stopped. Without `restoreState` (bars in trade, stop ids lost) it would not.
 */
import { HOUR_MS, runBacktest } from '@rooney/core';
import type { BacktestResult, Fill, Order, Strategy } from '@rooney/core';
import { consolidateBars, generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { PortfolioCoordinator } from '@rooney/portfolio';
import { describe, expect, it } from 'vitest';
import { DonchianStrategy } from './donchian/donchian-strategy.ts';
import { IbsStrategy } from './ibs/ibs-strategy.ts';
import { Rsi2Strategy } from './rsi2/rsi2-strategy.ts';

const data = generateSyntheticDataset({ symbols: ['ES', 'NQ'], start: '2024-03-04', days: 6, seed: 29 });
const ES = data.get('ES') as BarSeries;
const NQ = data.get('NQ') as BarSeries;

function series(until = Number.POSITIVE_INFINITY) {
  const es = ES.between(Number.NEGATIVE_INFINITY, until);
  const nq = NQ.between(Number.NEGATIVE_INFINITY, until);
  return [es, consolidateBars(es, HOUR_MS), nq, consolidateBars(nq, HOUR_MS)];
}

const KINDS: Record<string, () => Strategy[]> = {
  ibs: () => [new IbsStrategy('ibs', ['ES', 'NQ'], { params: { timeframe: 'hour', allowShort: true, maxBarsInTrade: 4 }, features: false })],
  donchian: () => [new DonchianStrategy('trend', ['ES', 'NQ'], { params: { timeframe: 'hour', entryPeriod: 6, exitPeriod: 3, atrPeriod: 5, atrStop: 1, allowShort: true, maxBarsInTrade: 9 } })],
  rsi2: () => [new Rsi2Strategy('rsi2', ['ES', 'NQ'], { params: { timeframe: 'hour', trendPeriod: 0, entryLongBelow: 25, exitLongAbove: 60, allowShort: true, entryShortAbove: 75, exitShortBelow: 40, exitSmaPeriod: 0, maxBarsInTrade: 3 } })],
};

function run(strategies: Strategy[], until?: number, restore?: { fills: readonly Fill[]; openOrders: readonly Order[]; tradeStartTs: number }): BacktestResult {
  return runBacktest({
    series: series(until),
    strategies,
    startingCash: 100_000,
    gate: new PortfolioCoordinator({ maxPositions: 1, dailyStopLoss: 1e9 }),
    closeAtEnd: false,
    ...(restore !== undefined ? { tradeStartTs: restore.tradeStartTs, restore: { fills: restore.fills, openOrders: restore.openOrders } } : {}),
  });
}

const key = (t: BacktestResult['trades'][number]) => `${t.strategy} ${t.symbol} ${t.direction} ${t.entryTs} ${t.entryPrice} ${t.exitTs} ${t.exitPrice} held ${t.barsHeld}`;

describe('restoreState: a run stopped and continued equals the run that never stopped', () => {
  for (const [kind, make] of Object.entries(KINDS)) {
    it(kind, () => {
      const whole = run(make());
      expect(whole.trades.length).toBeGreaterThan(8);
      // Stop points with an open position (and, for Donchian, a resting stop order).
      const cuts = whole.trades.slice(2, 8).map((t) => Math.floor((t.entryTs + t.exitTs) / 2 / 60_000) * 60_000);
      let withOrders = 0;
      for (const cut of cuts) {
        const first = run(make(), cut);
        if (first.openOrders.length > 0) withOrders++;
        const second = run(make(), undefined, { fills: first.fills, openOrders: first.openOrders, tradeStartTs: cut + 1 });
        const joined = [...first.trades, ...second.trades].map(key);
        expect(joined, `${kind} stopped at ${new Date(cut).toISOString()}`).toEqual(whole.trades.map(key));
      }
      if (kind === 'donchian') expect(withOrders).toBeGreaterThan(0);
    });
  }

  it('without restoreState the continuation diverges (the test can fail)', () => {
    const whole = run(KINDS.ibs());
    const t = whole.trades[3];
    const cut = Math.floor((t.entryTs + t.exitTs) / 2 / 60_000) * 60_000;
    const first = run(KINDS.ibs(), cut);
    const forgetful = KINDS.ibs().map((s) => Object.assign(Object.create(Object.getPrototypeOf(s) as object) as Strategy, s, { restoreState: undefined }));
    const second = run(forgetful, undefined, { fills: first.fills, openOrders: first.openOrders, tradeStartTs: cut + 1 });
    expect([...first.trades, ...second.trades].map(key)).not.toEqual(whole.trades.map(key));
  });
});
