import { describe, expect, it } from 'vitest';
import { FakeClock } from '@rooney/databento';
import { MemoryLogger } from '@rooney/databento';
import type { LiveSessionStatus } from '../session/live-session.ts';
import { StatusHeartbeat } from './status-heartbeat.ts';

const T0 = Date.UTC(2024, 0, 9, 15, 0);

function sessionStatus(received: number, lastBar: number): LiveSessionStatus {
  return {
    eventTs: lastBar,
    lastBarTs: { ES: lastBar, NQ: Number.NaN },
    lastBarReceivedTs: { ES: received, NQ: Number.NaN },
    positions: [{ strategy: 'ibs', symbol: 'ES', quantity: 1, averagePrice: 5000, entryTs: 0, lastPrice: 5002.25, openPnl: 112.5 }],
    cash: 100_000,
    equity: 100_112.5,
    sessionPnl: 112.5,
    openOrders: 0,
    signalsInFlight: 0,
    ordersSubmitted: 3,
    fills: 2,
    lateBars: 0,
    accepting: true,
    openOrderList: [],
    sessionStartTs: T0 - 3_600_000,
    feedLive: true,
    alerts: [],
    restored: undefined,
  };
}

describe('StatusHeartbeat', () => {
  it('beats every interval with per-symbol bar times and ages, positions and PnL; stores each beat', () => {
    const clock = new FakeClock(T0);
    const logger = new MemoryLogger();
    const stored: { ts: number; stale: boolean }[] = [];
    let status = sessionStatus(T0, T0);
    const heartbeat = new StatusHeartbeat({
      clock,
      intervalMs: 60_000,
      staleAfterMs: 180_000,
      session: { status: () => status },
      logger,
      store: { recordHeartbeat: (ts, stale) => stored.push({ ts, stale }) },
    });
    heartbeat.start();
    clock.advance(59_999);
    expect(logger.events('live_heartbeat')).toHaveLength(0);
    clock.advance(1);
    status = sessionStatus(T0 + 60_000, T0 + 60_000);
    clock.advance(60_000);
    const beats = logger.events('live_heartbeat').map((r) => r.fields.status as Record<string, unknown>);
    expect(beats).toHaveLength(2);
    expect(beats[0]).toMatchObject({
      time: '2024-01-09T15:01:00.000Z',
      symbols: { ES: { lastBar: '2024-01-09T15:00:00.000Z', ageSeconds: 60, stale: false }, NQ: { lastBar: null, ageSeconds: null, stale: false } },
      positions: [{ strategy: 'ibs', symbol: 'ES', quantity: 1, averagePrice: 5000, openPnl: 112.5 }],
      equity: 100_112.5,
      sessionPnl: 112.5,
      stale: false,
    });
    expect(stored).toEqual([{ ts: T0 + 60_000, stale: false }, { ts: T0 + 120_000, stale: false }]);
  });

  it('raises the stale-data alarm once when a symbol goes silent in market hours, and clears it', () => {
    const clock = new FakeClock(T0);
    const logger = new MemoryLogger();
    const changes: boolean[] = [];
    let status = sessionStatus(T0, T0);
    let open = true;
    const heartbeat = new StatusHeartbeat({
      clock,
      intervalMs: 60_000,
      staleAfterMs: 150_000,
      session: { status: () => status },
      logger,
      expectData: () => open,
      onStaleChange: (stale) => changes.push(stale),
    });
    heartbeat.start();
    clock.advance(120_000);
    expect(changes).toEqual([]);
    clock.advance(60_000); // NQ never had a bar and ES is 180 s old
    expect(changes).toEqual([true]);
    expect(logger.events('live_stale_data')[0].fields).toEqual({ symbols: ['ES', 'NQ'], staleAfterSeconds: 150 });
    clock.advance(60_000);
    expect(logger.events('live_stale_data')).toHaveLength(1);
    open = false; // market closed: silence is expected
    clock.advance(60_000);
    expect(changes).toEqual([true, false]);
    expect(logger.events('live_data_resumed')).toHaveLength(1);
    status = sessionStatus(clock.now(), clock.now());
    expect(heartbeat.stop().stale).toBe(false);
    const timersLeft = clock.pendingTimers;
    expect(timersLeft).toBe(0);
  });
});
