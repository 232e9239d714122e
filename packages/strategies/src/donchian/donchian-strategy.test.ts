import { contractSpec, runBacktest } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { DAY_MS, FIRST_CLOSE, dailyBars } from '../testing/daily-bars.ts';
import { parseDonchianParams } from './donchian-rules.ts';
import { DonchianStrategy } from './donchian-strategy.ts';



// entry_period 3, exit_period 2. Channels are those of the PREVIOUS bars.
const ROWS = [
  [100, 101, 99, 100], // 0
  [100, 102, 99, 101], // 1
  [101, 102, 100, 101], // 2: 3-bar channel not warm before this bar
  [101, 104, 101, 103.5], // 3: upper(0..2) = 102 < 103.5 → buy
  [104, 106, 103, 105], // 4: filled at 104; exit lower(2..3) = 100
  [105, 107, 104, 106], // 5: exit lower(3..4) = 101
  [105, 105, 101, 102], // 6: exit lower(4..5) = 103 > 102 → exit
  [101, 102, 100, 100.5], // 7: exit filled at 101; flat; lower(4..6) = 101 > 100.5 → short (if allowed)
  [100, 100.5, 98, 99], // 8: short filled at 100; exit upper(6..7) = 105
  [99, 103, 98.5, 102.5], // 9: exit upper(7..8) = 102 < 102.5 → cover
  [102, 103, 101, 102], // 10: covered at 102
];

const es = contractSpec('ES', { commission: 2 });

function run(params: Parameters<typeof parseDonchianParams>[0]) {
  const strategy = new DonchianStrategy('donchian', ['ES'], { params: parseDonchianParams(params) });
  return runBacktest({ series: [dailyBars('ES', ROWS)], strategies: [strategy], startingCash: 100_000, contracts: { ES: es } });
}

describe('DonchianStrategy', () => {
  it('enters on a close above the previous N-bar high and exits on the M-bar low', () => {
    const result = run({ entry_period: 3, exit_period: 2, atr_stop: 0 });
    const summary = result.trades.map((t) => [t.direction, t.entryPrice, t.exitPrice, t.barsHeld, t.grossPnl, t.netPnl, t.exitReason]);
    expect(summary).toEqual([['long', 104, 101, 3, -150, -154, 'exit_channel']]);
    expect(result.trades[0].entryTs).toBe(FIRST_CLOSE + 4 * DAY_MS);
    expect(result.trades[0].meta).toEqual({ channel_upper: 102, channel_lower: 99 });
  });

  it('trades the short side symmetrically when allowed', () => {
    const result = run({ entry_period: 3, exit_period: 2, atr_stop: 0, allow_short: true });
    const summary = result.trades.map((t) => [t.direction, t.entryPrice, t.exitPrice, t.grossPnl, t.exitReason]);
    expect(summary).toEqual([
      ['long', 104, 101, -150, 'exit_channel'],
      ['short', 100, 102, -100, 'exit_channel'],
    ]);
    expect(result.finalEquity).toBeCloseTo(100_000 - 154 - 104, 9);
  });

  it('places an ATR stop at the fill and exits on it', () => {
    // ATR(2): TR1 = 3, TR2 = 2 → 2.5; TR3 = 3 → 2.5 + (3 - 2.5) / 2 = 2.75. Stop 104 - 2.75 = 101.25.
    const result = run({ entry_period: 3, exit_period: 2, atr_period: 2, atr_stop: 1 });
    const summary = result.trades.map((t) => [t.entryPrice, t.exitPrice, t.barsHeld, t.grossPnl, t.exitReason]);
    // Bar 6 opens at 105 and trades down to 101: the sell stop fills at 101.25.
    expect(summary).toEqual([[104, 101.25, 2, -137.5, 'atr_stop']]);
    expect(result.trades[0].meta?.atr).toBe(2.75);
    expect(result.trades[0].exitTs).toBe(FIRST_CLOSE + 6 * DAY_MS);
  });

  it('cancels the stop when the channel exit comes first', () => {
    // Stop 3 × 2.75 = 8.25 below 104 = 95.75: never reached.
    const result = run({ entry_period: 3, exit_period: 2, atr_period: 2, atr_stop: 3 });
    expect(result.trades.map((t) => [t.exitPrice, t.exitReason])).toEqual([[101, 'exit_channel']]);
    expect(result.unfilled.map((o) => [o.type, o.stopPrice, o.status])).toEqual([['stop', 95.75, 'cancelled']]);
    expect(result.fills).toHaveLength(2);
  });

  it('exits on time when asked', () => {
    const result = run({ entry_period: 3, exit_period: 2, atr_stop: 0, max_bars_in_trade: 2 });
    // Filled on bar 4 (bar 1), bar 5 is bar 2 → exit at bar 6's open.
    expect(result.trades.map((t) => [t.entryPrice, t.exitPrice, t.barsHeld, t.exitReason])).toEqual([[104, 105, 2, 'time_exit']]);
  });

  it('counts a blocked entry and signals again on the next breakout close', () => {
    const strategy = new DonchianStrategy('donchian', ['ES'], { params: parseDonchianParams({ entry_period: 3, exit_period: 2, atr_stop: 0 }) });
    let reviews = 0;
    const gate = { review: (request: { isEntry: boolean }) => (request.isEntry && reviews++ === 0 ? 'max_positions' : undefined) };
    const result = runBacktest({ series: [dailyBars('ES', ROWS)], strategies: [strategy], startingCash: 100_000, contracts: { ES: es }, gate });
    // Bar 3's entry is blocked; bar 4 closes at 105 above the high of bars 1-3 (104): bought at bar 5's open.
    expect(result.trades.map((t) => [t.entryPrice, t.exitPrice, t.exitReason])).toEqual([[105, 101, 'exit_channel']]);
    expect(strategy.diagnostics()).toEqual({ signals: 2, entries: 1, vetoed: 0, blocked: { gate: 1 } });
  });

  it('validates parameters with the key path', () => {
    expect(() => parseDonchianParams({ entry_period: 0 }, 'strategies[1].params')).toThrow(
      'strategies[1].params.entry_period must be >= 1, was 0',
    );
    expect(() => parseDonchianParams({ entry_periods: 5 })).toThrow(/entry_periods: unknown/);
    expect(parseDonchianParams({ timeframe: 'hour' })).toMatchObject({ timeframe: 'hour', entryPeriod: 20, exitPeriod: 10, atrStop: 2 });
  });
});
