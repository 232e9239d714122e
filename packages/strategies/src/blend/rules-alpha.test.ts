import { Rng, contractSpec, runBacktest } from '@rooney/core';
import type { BarArrays, Strategy, Trade } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { IbsStrategy } from '../ibs/ibs-strategy.ts';
import { createStrategy } from '../registry.ts';
import type { RawParams } from '../params.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2023, 0, 2, 23);

/** A deterministic random walk of daily bars with some trend, so every rule fires. */
function randomDaily(symbol: string, n: number, seed: number): BarArrays {
  const rng = new Rng(seed);
  const open = new Float64Array(n);
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let price = 4000;
  for (let i = 0; i < n; i++) {
    const drift = Math.sin(i / 40) * 6;
    open[i] = Math.round((price + rng.normal() * 4) * 4) / 4;
    close[i] = Math.round((open[i] + drift + rng.normal() * 25) * 4) / 4;
    high[i] = Math.max(open[i], close[i]) + Math.round(rng.next() * 40) / 4;
    low[i] = Math.min(open[i], close[i]) - Math.round(rng.next() * 40) / 4;
    price = close[i];
  }
  return {
    symbol,
    barMs: DAY,
    length: n,
    ts: Float64Array.from({ length: n }, (_, i) => T0 + i * DAY),
    open,
    high,
    low,
    close,
    volume: new Float64Array(n).fill(1),
  };
}

const SERIES = [randomDaily('ES', 400, 7), randomDaily('NQ', 400, 8)];
const CONTRACTS = { ES: contractSpec('ES'), NQ: contractSpec('NQ') };

function trades(strategy: Strategy): readonly Trade[] {
  return runBacktest({ series: SERIES, strategies: [strategy], startingCash: 1_000_000, contracts: CONTRACTS }).trades;
}

/** What must agree between a strategy and a one-alpha blend: the round trips, not the exit tags. */
function roundTrips(list: readonly Trade[]): (string | number)[][] {
  return list.map((t) => [t.symbol, t.direction, t.quantity, t.entryTs, t.entryPrice, t.exitTs, t.exitPrice]);
}

function blendOf(type: string, params: RawParams, size = 1): Strategy {
  return createStrategy(
    { name: 'blend', type: 'blend', symbols: ['ES', 'NQ'], params: { size, alphas: [{ type, weight: 1, params }] } },
    'strategies[0]',
  );
}

describe('RulesAlpha in a blend', () => {
  it('reproduces the Donchian strategy trade for trade', () => {
    const params = { entry_period: 20, exit_period: 10, atr_stop: 0, allow_short: true };
    const reference = trades(createStrategy({ name: 'donchian', symbols: ['ES', 'NQ'], params }, 'strategies[0]'));
    expect(reference.length).toBeGreaterThan(10);
    expect(reference.some((t) => t.direction === 'short')).toBe(true);
    expect(roundTrips(trades(blendOf('donchian', params)))).toEqual(roundTrips(reference));
  });

  it('reproduces the RSI(2) strategy trade for trade', () => {
    const params = { trend_period: 50, allow_short: true, max_bars_in_trade: 5 };
    const reference = trades(createStrategy({ name: 'rsi2', symbols: ['ES', 'NQ'], params }, 'strategies[0]'));
    expect(reference.length).toBeGreaterThan(10);
    expect(roundTrips(trades(blendOf('rsi2', params)))).toEqual(roundTrips(reference));
  });

  it('reproduces the IBS strategy (no filters) trade for trade, scaled by the blend size', () => {
    const params = { timeframe: 'day', allow_short: true, max_bars_in_trade: 3 };
    const reference = trades(new IbsStrategy('ibs', ['ES', 'NQ'], { params: { timeframe: 'day', allowShort: true, maxBarsInTrade: 3, size: 2 }, features: false }));
    expect(reference.length).toBeGreaterThan(10);
    expect(roundTrips(trades(blendOf('ibs', params, 2)))).toEqual(roundTrips(reference));
  });

  it('drops the target when a later bar reaches the ATR stop set at the signal close', () => {
    const rows = [
      [100, 101, 99, 100],
      [100, 102, 99, 101],
      [101, 102, 100, 101],
      [101, 104, 101, 103.5], // breakout; ATR(2) = 2.75 → stop level 103.5 - 2.75 = 100.75
      [104, 106, 103, 105],
      [105, 107, 104, 106],
      [105, 105, 100.5, 104], // low 100.5 <= 100.75 → target 0 at this close
      [104, 105, 103, 104],
    ];
    const col = (k: number): Float64Array => Float64Array.from(rows.map((r) => r[k]));
    const es: BarArrays = {
      symbol: 'ES',
      barMs: DAY,
      length: rows.length,
      ts: Float64Array.from(rows.map((_, i) => T0 + i * DAY)),
      open: col(0),
      high: col(1),
      low: col(2),
      close: col(3),
      volume: new Float64Array(rows.length).fill(1),
    };
    const blend = createStrategy(
      {
        name: 'blend',
        type: 'blend',
        symbols: ['ES'],
        params: { alphas: [{ type: 'donchian', params: { entry_period: 3, exit_period: 2, atr_period: 2, atr_stop: 1 } }] },
      },
      'strategies[0]',
    );
    const result = runBacktest({ series: [es], strategies: [blend], startingCash: 100_000, contracts: { ES: contractSpec('ES') } });
    expect(result.trades.map((t) => [t.entryPrice, t.exitPrice, t.exitTs])).toEqual([[104, 104, T0 + 7 * DAY]]);
  });
});

describe('blend and strategy registry entries', () => {
  it('builds donchian, rsi2 and blend instances from config records', () => {
    expect(createStrategy({ name: 'trend', type: 'donchian', symbols: ['ES'], params: { entry_period: 55 } }, 's').name).toBe('trend');
    expect(createStrategy({ name: 'rsi2', symbols: ['ES'], params: {} }, 's').subscriptions()).toEqual([
      { symbol: 'ES', timeframe: '1d', role: 'trade' },
    ]);
    const blend = createStrategy(
      {
        name: 'mix',
        type: 'blend',
        symbols: ['ES'],
        params: {
          size: 2,
          alphas: [
            { type: 'donchian', weight: 0.5, params: { timeframe: 'day' } },
            { type: 'ibs', name: 'ibs_hourly', weight: 0.5, params: { timeframe: 'hour' } },
          ],
        },
      },
      'strategies[0]',
    );
    expect(blend.subscriptions()).toEqual([
      { symbol: 'ES', timeframe: '1d', role: 'trade' },
      { symbol: 'ES', timeframe: '1h', role: 'trade' },
    ]);
  });

  it('reports config mistakes with the key path', () => {
    const blend = (params: RawParams): Strategy => createStrategy({ name: 'mix', type: 'blend', symbols: ['ES'], params }, 'strategies[2]');
    expect(() => blend({})).toThrow('strategies[2].params.alphas must be a list of at least one alpha');
    expect(() => blend({ alphas: [{ type: 'macd' }] })).toThrow('strategies[2].params.alphas[0].type: unknown alpha type "macd" (known: donchian, rsi2, ibs)');
    expect(() => blend({ alphas: [{ type: 'rsi2', params: { size: 3 } }] })).toThrow('strategies[2].params.alphas[0].params.size: an alpha has no size');
    expect(() => blend({ alphas: [{ type: 'rsi2' }, { type: 'rsi2' }] })).toThrow('strategies[2].params.alphas[1].name: two alphas are named "rsi2"');
    expect(() => blend({ alphas: [{ type: 'rsi2', weight: -1 }] })).toThrow('strategies[2].params.alphas[0].weight must be >= 0, was -1');
    expect(() => blend({ alphas: [{ type: 'ibs', params: { entry_long_below: 3 } }] })).toThrow(
      'strategies[2].params.alphas[0].params.entry_long_below must be <= 1, was 3',
    );
  });
});
