import { contractSpec, runBacktest } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { dailyBars } from '../testing/daily-bars.ts';
import { parseRsi2Params } from './rsi2-rules.ts';
import type { RawParams } from '../params.ts';
import { Rsi2Strategy } from './rsi2-strategy.ts';



/** The same bars reflected around 100 (price p → 200 - p): every up move becomes a down move. */
function mirrored(rows: number[][]): number[][] {
  return rows.map(([open, high, low, close]) => [200 - open, 200 - low, 200 - high, 200 - close]);
}

// RSI(2), Wilder: the first averages are the means of the first two changes, then avg += (x - avg) / 2.
const ROWS = [
  [100, 101, 99, 100], // 0
  [100, 101.5, 99.5, 101], // 1: +1
  [101, 101, 98.5, 99], // 2: -2 → up 0.5, down 1, RSI 33.3
  [99, 99.5, 95.5, 96], // 3: -3 → up 0.25, down 2, RSI 11.1
  [96, 96.5, 94.5, 95], // 4: -1 → up 0.125, down 1.5, RSI 7.69 < 10 → buy
  [95.5, 97.5, 95, 97], // 5: filled 95.5; +2 → up 1.0625, down 0.75, RSI 58.6; SMA(2) 96 < 97
  [97.5, 99.5, 97, 99], // 6: +2 → up 1.53125, down 0.375, RSI 80.3
  [99, 100, 98, 99.5], // 7
];

const es = contractSpec('ES', { commission: 2 });

function run(rows: number[][], params: RawParams) {
  const strategy = new Rsi2Strategy('rsi2', ['ES'], { params: parseRsi2Params(params) });
  return runBacktest({ series: [dailyBars('ES', rows)], strategies: [strategy], startingCash: 100_000, contracts: { ES: es } });
}

const NO_TREND = { trend_period: 0, exit_sma_period: 2 };

describe('Rsi2Strategy', () => {
  it('buys RSI(2) < 10 and exits on a close above the short SMA', () => {
    const result = run(ROWS, NO_TREND);
    expect(result.trades.map((t) => [t.direction, t.entryPrice, t.exitPrice, t.barsHeld, t.grossPnl, t.netPnl, t.exitReason])).toEqual([
      ['long', 95.5, 97.5, 1, 100, 96, 'exit_sma'],
    ]);
    expect(result.trades[0].meta?.rsi).toBeCloseTo(100 - 100 / (1 + 0.125 / 1.5), 12);
  });

  it('exits on RSI above the exit level when the SMA exit is off', () => {
    const result = run(ROWS, { trend_period: 0, exit_sma_period: 0 });
    expect(result.trades.map((t) => [t.entryPrice, t.exitPrice, t.barsHeld, t.exitReason])).toEqual([[95.5, 99, 2, 'exit_rsi']]);
  });

  it('exits on time', () => {
    const result = run(ROWS, { trend_period: 0, exit_sma_period: 0, exit_long_above: 100, max_bars_in_trade: 1 });
    expect(result.trades.map((t) => [t.entryPrice, t.exitPrice, t.barsHeld, t.exitReason])).toEqual([[95.5, 97.5, 1, 'time_exit']]);
  });

  it('mirrors the long trade on the short side', () => {
    const result = run(mirrored(ROWS), { ...NO_TREND, allow_short: true });
    // RSI of the mirror is 100 - RSI: 92.3 > 90 → sell at 104.5; SMA(2) 104 > close 103 → cover at 102.5.
    expect(result.trades.map((t) => [t.direction, t.entryPrice, t.exitPrice, t.grossPnl, t.exitReason])).toEqual([
      ['short', 104.5, 102.5, 100, 'exit_sma'],
    ]);
    expect(run(mirrored(ROWS), NO_TREND).trades).toHaveLength(0);
  });

  it('takes longs only above the trend SMA', () => {
    // Closes 80, 90, 100, 110, 108, 105: RSI(2) at bar 5 = 100 - 100 / (1 + 2.5 / 2) = 55.6.
    const rows = [
      [80, 81, 79, 80],
      [80, 91, 80, 90],
      [90, 101, 90, 100],
      [100, 111, 100, 110],
      [110, 111, 107, 108],
      [108, 108, 104, 105],
      [104, 106, 103, 105],
      [105, 110, 105, 109],
    ];
    // SMA(5) at bar 5 = 102.6 < 105: buy at bar 6's open 104.
    const above = run(rows, { trend_period: 5, exit_sma_period: 0, entry_long_below: 60, exit_long_above: 100, max_bars_in_trade: 1 });
    expect(above.trades.map((t) => [t.entryPrice, t.exitPrice])).toEqual([[104, 105]]);
    // SMA(3) at bar 5 = 107.67 > 105: filtered out.
    const below = run(rows, { trend_period: 3, exit_sma_period: 0, entry_long_below: 60, exit_long_above: 100, max_bars_in_trade: 1 });
    expect(below.trades).toHaveLength(0);
  });

  it('validates parameters with the key path', () => {
    expect(() => parseRsi2Params({ entry_long_below: 120 }, 'strategies[2].params')).toThrow(
      'strategies[2].params.entry_long_below must be <= 100, was 120',
    );
    expect(parseRsi2Params({})).toMatchObject({ rsiPeriod: 2, entryLongBelow: 10, trendPeriod: 200, exitSmaPeriod: 5 });
  });
});
