import type { Strategy, Trade } from '@rooney/core';
import type { SignalRecord } from '@rooney/strategies';
import { describe, expect, it } from 'vitest';
import { signalColumns } from './signal-table.ts';

function trade(signal: number, netPnl: number, exitTs: number, exitReason: string): Trade {
  return {
    symbol: 'NG',
    strategy: 'ibs',
    direction: 'long',
    quantity: 1,
    entryTs: 0,
    entryPrice: 2,
    exitTs,
    exitPrice: 2,
    barsHeld: 1,
    grossPnl: netPnl,
    commission: 0,
    netPnl,
    entryTag: 'entry',
    exitReason,
    meta: { signal_id: signal },
  };
}

describe('signal table', () => {
  it('gives a position rolled across contracts one outcome: the sum of its trades, ending at the last exit', () => {
    const signals: SignalRecord[] = [0, 1].map((id) => ({ id, strategy: 'ibs', symbol: 'NG', ts: id, direction: 'long', features: Float64Array.of(0.1), vetoed: false }));
    const source = { name: 'ibs', subscriptions: () => [], onBar: () => undefined, signals: () => signals, featureNames: () => ['ibs'] } as Strategy;
    // Signal 0: +300 on the old contract (rolled out), -500 on the new one: a loser overall.
    const trades = [trade(0, 300, 10, 'roll'), trade(0, -500, 20, 'exit_signal'), trade(1, 40, 30, 'time_exit')];
    const columns = Object.fromEntries(signalColumns([source], trades, { tradedOnly: true }).map((c) => [c.name, c.values]));
    expect(columns.net_pnl).toEqual([-200, 40]);
    expect(columns.win).toEqual([0, 1]);
    expect(columns.exit_ts).toEqual([20, 30]);
  });
});
