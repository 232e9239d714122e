import { createHash } from 'node:crypto';
import { DEFAULT_SESSION, runBacktest } from '@rooney/core';
import { generateSyntheticDataset } from '@rooney/data';
import { IbsStrategy } from '@rooney/strategies';
import { describe, expect, it } from 'vitest';
import { tradesCsv } from '../src/backtest/outputs.ts';
import { prepareSeries } from '../src/backtest/prepare-series.ts';

/**
 * Golden backtest (LEAN's regression algorithms): a pinned seed, its statistics and a hash of its
 * trade list. Any change to the engine, the broker, the IBS strategy, the consolidators or the
 * synthetic generator that changes a single fill fails here — on purpose: update the pins only
 * after checking the change is intended (and bump SYNTHETIC_DATASET_VERSION if the data changed).
 */
describe('golden IBS backtest (synthetic seed 11, 30 days, ES NQ CL GC)', () => {
  const data = generateSyntheticDataset({ symbols: ['ES', 'NQ', 'CL', 'GC'], start: '2023-03-01', days: 30, seed: 11 });
  const strategy = new IbsStrategy('ibs', ['ES', 'NQ', 'CL', 'GC'], {
    params: { timeframe: 'hour', entryLongBelow: 0.2, exitLongAbove: 0.8, maxBarsInTrade: 5, allowShort: true },
  });
  const result = runBacktest({
    series: prepareSeries(data, [strategy], DEFAULT_SESSION),
    strategies: [strategy],
    startingCash: 250_000,
    slippageTicks: 1,
  });
  const csv = tradesCsv(result.trades);

  it('keeps its statistics', () => {
    expect({
      bars: Object.values(result.barsProcessed).reduce((sum, tf) => sum + (tf['1m'] ?? 0), 0),
      trades: result.trades.length,
      fills: result.fills.length,
      finalEquity: Number(result.finalEquity.toFixed(2)),
    }).toMatchInlineSnapshot(`
      {
        "bars": 121440,
        "fills": 754,
        "finalEquity": 197749.5,
        "trades": 377,
      }
    `);
  });

  it('books every cent: final equity = start + the trades\' net PnL (all positions closed at the end)', () => {
    const net = result.trades.reduce((sum, t) => sum + t.netPnl, 0);
    expect(result.finalEquity).toBeCloseTo(250_000 + net, 6);
    expect(result.fills.length).toBe(2 * result.trades.length);
  });

  it('keeps its trade list', () => {
    expect(createHash('sha256').update(csv).digest('hex')).toMatchInlineSnapshot(`"ec814a95a19957aa6771d546286460b81a3c4d76a577841c1eb0a1f090376a29"`);
  });
});
