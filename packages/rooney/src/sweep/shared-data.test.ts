import { BarSeries } from '@rooney/data';
import { describe, expect, it } from 'vitest';
import type { MarketData } from '../backtest/market-data.ts';
import { restoreMarketData, shareMarketData } from './shared-data.ts';

describe('shared market data', () => {
  it('gives back the same bars, backed by shared memory', () => {
    const es = BarSeries.fromBars('ES', 60_000, [
      { ts: 60_000, open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 },
      { ts: 120_000, open: 1.5, high: 3, low: 1, close: 2.5, volume: 20 },
    ]);
    const data: MarketData = { series: new Map([['ES', es], ['NQ', BarSeries.empty('NQ', 60_000)]]), source: 'files', label: 'x.csv', tradableSymbols: ['ES', 'NQ'], skippedRows: { ES: 1 }, rolls: {} };
    const shared = shareMarketData(data);
    expect(shared.series[0].buffer).toBeInstanceOf(SharedArrayBuffer);
    const back = restoreMarketData(structuredClone(shared));
    expect(back.series.get('ES')?.toBars()).toEqual(es.toBars());
    expect(back.series.get('NQ')?.length).toBe(0);
    expect({ ...back, series: undefined }).toEqual({ ...data, series: undefined });
    // A copy, not the caller's arrays.
    expect(back.series.get('ES')?.close).not.toBe(es.close);
  });

  it("shares a continuous symbol's held-contract prices with their adjustment", () => {
    const adjusted = BarSeries.fromBars('CL', 86_400_000, [{ ts: 86_400_000, open: 2, high: 3, low: 1, close: 2.5, volume: 5 }]);
    const prices = BarSeries.fromBars('CL', 86_400_000, [{ ts: 86_400_000, open: 4, high: 6, low: 2, close: 5, volume: 5 }]);
    const roll = { ts: 86_400_000, from: 'CLF4', to: 'CLG4', gap: 0.5 };
    const data: MarketData = {
      series: new Map([['CL', adjusted]]),
      source: 'files',
      label: 'cl.csv',
      tradableSymbols: ['CL'],
      skippedRows: {},
      rolls: { CL: [roll] },
      held: { CL: { prices, adjustment: 'ratio' } },
    };
    const back = restoreMarketData(structuredClone(shareMarketData(data)));
    expect(back.held?.CL.adjustment).toBe('ratio');
    expect(back.held?.CL.prices.toBars()).toEqual(prices.toBars());
    expect(back.rolls).toEqual({ CL: [roll] });
  });
});
