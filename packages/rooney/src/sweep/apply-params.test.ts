import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load-config.ts';
import { applyCombination, checkDimensions, combinationParams, sweptOverrides } from './apply-params.ts';
import { parseGrid } from './grid.ts';

const config = validateConfig({
  strategies: [
    { name: 'ibs', symbols: ['ES'], params: { timeframe: 'hour' } },
    {
      name: 'mix',
      type: 'blend',
      symbols: ['ES'],
      params: { alphas: [{ type: 'rsi2', weight: 0.5 }, { type: 'donchian', weight: 0.5, params: { entry_period: 20 } }] },
    },
  ],
});

describe('applyCombination', () => {
  const grid = parseGrid(['ibs.entry_long_below=0.1,0.2', 'mix.alphas.1.params.entry_period=20,55', 'mix.alphas.0.params.trend_period=100']);

  it('writes each value into the named instance, nested paths and list items included', () => {
    const applied = applyCombination(config, grid, [1, 1, 0]);
    expect(applied.strategies[0].params).toEqual({ timeframe: 'hour', entry_long_below: 0.2 });
    const alphas = applied.strategies[1].params.alphas as { params?: Record<string, unknown> }[];
    expect(alphas[1].params).toEqual({ entry_period: 55 });
    // A missing record on the way is created.
    expect(alphas[0].params).toEqual({ trend_period: 100 });
    expect(combinationParams(grid, [1, 1, 0])).toEqual({
      'ibs.entry_long_below': 0.2,
      'mix.alphas.1.params.entry_period': 55,
      'mix.alphas.0.params.trend_period': 100,
    });
  });

  it('leaves the base config untouched', () => {
    const before = JSON.stringify(config);
    applyCombination(config, grid, [0, 1, 0]);
    expect(JSON.stringify(config)).toBe(before);
  });

  it('names unknown instances and bad list indices', () => {
    expect(() => checkDimensions(config, parseGrid(['rsi.x=1']))).toThrow('--grid rsi.x: no strategy named "rsi" in the config (have ibs, mix)');
    expect(() => applyCombination(config, parseGrid(['mix.alphas.5.weight=1']), [0])).toThrow('"5" is not an index of a list of 2');
  });
});

describe('per-symbol overrides of a swept parameter', () => {
  const withOverrides = validateConfig({
    contracts: {
      ES: { strategy_overrides: { ibs: { entry_long_below: 0.15, filters: { trend: { enabled: false } } } } },
      NQ: { strategy_overrides: { ibs: { exit_long_above: 0.9 } } },
      CL: { strategy_overrides: { other: { entry_long_below: 0.3 } } },
    },
    strategies: [{ name: 'ibs', symbols: ['ES', 'NQ', 'CL'], params: { timeframe: 'hour' } }],
  });
  const grid = parseGrid(['ibs.entry_long_below=0.1,0.2', 'ibs.filters.trend.enabled=true']);

  it('lists the overrides that set the swept path (nested too), not those of other params or strategies', () => {
    expect(sweptOverrides(withOverrides, grid)).toEqual([
      { symbol: 'ES', parameter: 'ibs.entry_long_below', override: 0.15 },
      { symbol: 'ES', parameter: 'ibs.filters.trend.enabled', override: false },
    ]);
  });

  it('writes the swept value into them and leaves everything else as it was', () => {
    const applied = applyCombination(withOverrides, grid, [1, 0]);
    expect(applied.contracts.ES.strategy_overrides).toEqual({ ibs: { entry_long_below: 0.2, filters: { trend: { enabled: true } } } });
    expect(applied.contracts.NQ.strategy_overrides).toEqual({ ibs: { exit_long_above: 0.9 } });
    expect(applied.contracts.CL.strategy_overrides).toEqual({ other: { entry_long_below: 0.3 } });
    expect(withOverrides.contracts.ES.strategy_overrides).toEqual({ ibs: { entry_long_below: 0.15, filters: { trend: { enabled: false } } } });
  });
});
