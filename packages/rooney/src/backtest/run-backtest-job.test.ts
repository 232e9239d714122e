import { generateSyntheticDataset } from '@rooney/data';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/load-config.ts';
import type { MarketData } from './market-data.ts';
import { runBacktestJob, validateStrategyParams } from './run-backtest-job.ts';

const series = generateSyntheticDataset({ symbols: ['ES'], days: 10, seed: 4 });
const data: MarketData = { series, source: 'builtin', label: 'synthetic', tradableSymbols: ['ES'], skippedRows: {}, rolls: {} };

function run(strategies: unknown[]) {
  return runBacktestJob({ config: validateConfig({ strategies }), data });
}

describe('strategy weights', () => {
  const ibs = { name: 'ibs', symbols: ['ES'], params: { timeframe: 'hour', size: 1 } };

  it('multiply the position size and leave entries and exits unchanged', () => {
    const one = run([ibs]).result.trades;
    const three = run([{ ...ibs, weight: 3 }]).result.trades;
    expect(three.length).toBe(one.length);
    expect(one.length).toBeGreaterThan(5);
    expect(three.every((t) => t.quantity === 3)).toBe(true);
    three.forEach((t, k) => expect(t.grossPnl).toBeCloseTo(3 * one[k].grossPnl, 6));
  });

  it('switch an instance off at 0 and refuse a weight that rounds the size to nothing', () => {
    const job = run([ibs, { ...ibs, name: 'off', type: 'ibs', weight: 0 }]);
    expect(job.strategies.map((s) => s.name)).toEqual(['ibs']);
    expect(() => validateStrategyParams(validateConfig({ strategies: [{ ...ibs, weight: 0.2 }] }))).toThrow(
      'strategies[0].weight: 0.2 × size 1 rounds to 0 contracts',
    );
  });
});
