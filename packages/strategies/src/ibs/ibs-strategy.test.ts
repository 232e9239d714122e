import { contractSpec, runBacktest } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { DAY_MS, FIRST_CLOSE, dailyBars } from '../testing/daily-bars.ts';
import { IbsStrategy, internalBarStrength, parseIbsParams } from './ibs-strategy.ts';



// IBS of each bar in the comment; thresholds 0.2 / 0.8, max 3 bars.
const ROWS = [
  [100, 110, 90, 92], // 0: 0.10 → buy
  [93, 100, 91, 95], // 1: 0.44, long bar 1 (filled at 93)
  [96, 99, 94, 98.5], // 2: 0.90 → exit signal
  [97, 98, 88, 89], // 3: exit filled at 97; flat at close; 0.10 → buy
  [90, 95, 89, 94], // 4: filled at 90; 0.83 → exit on the fill bar's own close
  [93, 96, 92, 92.5], // 5: exit at 93; 0.125 → buy
  [92, 93, 90, 91], // 6: filled at 92; bar 1
  [91, 92, 89, 90], // 7: bar 2
  [90, 91, 88, 89], // 8: bar 3 → time exit
  [88, 89, 87, 88.5], // 9: exit at 88; flat; 0.75
  [89, 90, 88, 89], // 10
];

const es = contractSpec('ES', { commission: 2 });

describe('IbsStrategy', () => {
  it('computes IBS with 0.5 for a bar without range', () => {
    expect(internalBarStrength(110, 90, 92)).toBeCloseTo(0.1, 12);
    expect(internalBarStrength(5, 5, 5)).toBe(0.5);
  });

  it('reproduces hand-computed long trades with signal and time exits', () => {
    const strategy = new IbsStrategy('ibs', ['ES'], { params: { timeframe: 'day', maxBarsInTrade: 3 } });
    const result = runBacktest({ series: [dailyBars('ES', ROWS)], strategies: [strategy], startingCash: 100_000, contracts: { ES: es } });
    const summary = result.trades.map((t) => [t.entryPrice, t.exitPrice, t.barsHeld, t.grossPnl, t.netPnl, t.exitReason]);
    expect(summary).toEqual([
      [93, 97, 2, 200, 196, 'exit_signal'],
      [90, 93, 1, 150, 146, 'exit_signal'],
      [92, 88, 3, -200, -204, 'time_exit'],
    ]);
    expect(result.trades[0].entryTs).toBe(FIRST_CLOSE + DAY_MS);
    expect(result.finalEquity).toBeCloseTo(100_000 + 196 + 146 - 204, 9);
  });

  it('enters with a one-bar limit at the signal close', () => {
    const strategy = new IbsStrategy('ibs', ['ES'], { params: { timeframe: 'day', entryOrder: 'limit', maxBarsInTrade: 3 } });
    const result = runBacktest({ series: [dailyBars('ES', ROWS)], strategies: [strategy], startingCash: 100_000, contracts: { ES: es } });
    // Bar 0 signal: limit 92; bar 1 opens 93 and trades down to 91 → filled at 92.
    expect(result.trades[0].entryPrice).toBe(92);
    // Bar 3 signal: limit 89; bar 4 opens 90, low 89 → filled at 89; exit at bar 5's open 93.
    expect(result.trades[1].entryPrice).toBe(89);
    expect(result.trades[1].exitPrice).toBe(93);
  });

  it('trades the short side when allowed', () => {
    const rows = [
      [100, 110, 90, 108], // 0.9 → sell
      [107, 109, 100, 101], // filled 107; 0.11 < 0.2 → cover
      [102, 104, 101, 103], // covered at 102
    ];
    const strategy = new IbsStrategy('ibs', ['ES'], { params: { timeframe: 'day', allowShort: true, entryLongBelow: 0.05 } });
    const result = runBacktest({ series: [dailyBars('ES', rows)], strategies: [strategy], startingCash: 100_000, contracts: { ES: es } });
    expect(result.trades).toHaveLength(1);
    expect(result.trades[0].direction).toBe('short');
    expect(result.trades[0].grossPnl).toBe((107 - 102) * 50);
  });

  it('validates parameters with the key path', () => {
    expect(() => parseIbsParams({ entry_long_below: 2 }, 'strategies[0].params')).toThrow(
      'strategies[0].params.entry_long_below must be <= 1, was 2',
    );
    expect(() => parseIbsParams({ entry_long_belo: 0.1 }, 'strategies[0].params')).toThrow(/entry_long_belo: unknown/);
    expect(parseIbsParams({ timeframe: 'day', size: 2 })).toMatchObject({ timeframe: 'day', size: 2, exitLongAbove: 0.8 });
  });
});
