import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fill, Order, Trade } from '@rooney/core';
import { afterAll, describe, expect, it } from 'vitest';
import { TradeStore } from './trade-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'rooney-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const clock = { now: () => 1_700_000_000_000 };

function order(id: number, extra: Partial<Order> = {}): Order {
  return { id, symbol: 'ES', side: 'buy', quantity: 2, type: 'market', submittedTs: 1_700_000_000_000 + id, strategy: 'ibs', status: 'pending', stopTriggered: false, filledQuantity: 0, fillPrice: Number.NaN, tag: 'entry', ...extra };
}

function fill(orderId: number, side: 'buy' | 'sell', quantity: number, price: number): Fill {
  return { orderId, symbol: 'ES', side, quantity, price, ts: 1_700_000_060_000 + orderId, commission: 2 * quantity, tag: side === 'buy' ? 'entry' : 'exit', strategy: 'ibs' };
}

const trade: Trade = { symbol: 'ES', strategy: 'ibs', direction: 'long', quantity: 2, entryTs: 1, entryPrice: 5000, exitTs: 2, exitPrice: 5010, barsHeld: 3, grossPnl: 1000, commission: 8, netPnl: 992, entryTag: 'entry', exitReason: 'exit' };

describe('TradeStore', () => {
  it('journals orders, signal answers, fills and trades; reopening continues ids and positions', () => {
    const path = join(dir, 'journal.sqlite');
    const store = new TradeStore(path, { clock });
    store.beginRun({ runId: 'r1', startedTs: 1, dryRun: false, configHash: 'abc' });
    expect(store.nextOrderId()).toBe(1);
    store.recordOrder(order(1), { id: 'r1-1', body: { ticker: 'ESH5', action: 'buy', quantity: 2 } });
    store.recordSignalResult(1, 'r1-1', { ok: true, outcome: 'acknowledged', status: 200, attempts: 1, id: 'x' });
    store.recordFill({ ...order(1), status: 'filled' }, fill(1, 'buy', 2, 5000), []);
    store.recordOrder(order(2, { side: 'sell', tag: 'exit' }), { id: 'r1-2', body: { ticker: 'ESH5', action: 'exit' } });
    store.recordSignalResult(2, 'r1-2', { ok: true, outcome: 'acknowledged', status: 200, attempts: 2 });
    store.recordFill({ ...order(2, { side: 'sell' }), status: 'filled' }, fill(2, 'sell', 2, 5010), [trade]);
    store.recordOrder(order(3), { id: 'r1-3', body: { ticker: 'ESH5', action: 'buy', quantity: 2 } });
    store.recordSignalResult(3, 'r1-3', { ok: false, outcome: 'rejected', status: 400, messageCode: 'invalid-action', message: 'Invalid action.', attempts: 1 });
    store.recordOrderStatus({ ...order(3), status: 'rejected' }, 'router_rejected: Invalid action.');
    store.recordOrder(order(4), { id: 'r1-4', body: { ticker: 'ESH5', action: 'buy', quantity: 2 } });
    store.recordAttemptStart(4, 'r1-4', 1);
    store.recordFill({ ...order(4), status: 'filled' }, fill(4, 'buy', 2, 5020), []);
    store.recordOrder(order(5, { side: 'sell', status: 'rejected' }), undefined, 'max_positions');
    store.recordHeartbeat(10, false, { ok: 1 });
    store.endRun(99);
    store.close();

    const reopened = new TradeStore(path, { clock });
    expect(reopened.nextOrderId()).toBe(6);
    expect(reopened.orders().map((o) => [o.id, o.status, o.signalStatus, o.reason])).toEqual([
      [1, 'filled', 'acknowledged', null],
      [2, 'filled', 'acknowledged', null],
      [3, 'rejected', 'rejected', 'router_rejected: Invalid action.'],
      [4, 'filled', 'sending', null],
      [5, 'rejected', null, 'max_positions'],
    ]);
    expect(reopened.fills().map((f) => [f.orderId, f.side, f.price])).toEqual([[1, 'buy', 5000], [2, 'sell', 5010], [4, 'buy', 5020]]);
    expect(reopened.trades()).toEqual([{ strategy: 'ibs', symbol: 'ES', direction: 'long', quantity: 2, netPnl: 992, exitReason: 'exit' }]);
    expect(reopened.netPositions()).toEqual([{ strategy: 'ibs', symbol: 'ES', quantity: 2 }]);
    expect(reopened.unconfirmedSignals().map((o) => o.id)).toEqual([4]);
    expect(reopened.heartbeats()).toEqual([{ ts: 10, stale: 0, status: { ok: 1 } }]);
    reopened.beginRun({ runId: 'r2', startedTs: 100, dryRun: true });
    reopened.recordOrder(order(6), undefined);
    expect(reopened.orders().at(-1)?.runId).toBe('r2');
    expect(() => reopened.beginRun({ runId: 'r1', startedTs: 1, dryRun: true })).toThrow(/UNIQUE/);
    reopened.close();
  });

  it('a fill is one transaction: when its trade cannot be written, neither the fill nor the order update is', () => {
    const store = new TradeStore(join(dir, 'atomic.sqlite'), { clock });
    store.beginRun({ runId: 'r', startedTs: 1, dryRun: true });
    store.recordOrder(order(1), undefined);
    const broken: Trade = { ...trade, netPnl: Number.NaN };
    expect(() => store.recordFill({ ...order(1), status: 'filled' }, fill(1, 'buy', 2, 5000), [trade, broken])).toThrow(/NOT NULL/);
    expect(store.fills()).toEqual([]);
    expect(store.trades()).toEqual([]);
    expect(store.orders()[0].status).toBe('pending');
    store.close();
  });

  it('a process killed inside a transaction leaves no half-written rows (child process, SIGKILL)', () => {
    const path = join(dir, 'crash.sqlite');
    const child = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/live/test/fixtures/store-crash-child.ts', path], { cwd: REPO, encoding: 'utf8', timeout: 20_000 });
    expect(child.signal).toBe('SIGKILL');
    expect(child.stdout).toContain('in-transaction');
    const store = new TradeStore(path, { clock });
    expect(store.orders().map((o) => o.id)).toEqual([1]);
    expect(store.fills()).toEqual([]);
    expect(store.nextOrderId()).toBe(2);
    store.close();
  }, 20_000);

  it('creates a missing folder, and refuses an unopenable path with a store_unavailable error naming it', () => {
    const store = new TradeStore(join(dir, 'new-dir', 'x.sqlite'), { clock });
    store.close();
    writeFileSync(join(dir, 'a-file'), 'not a folder');
    expect(() => new TradeStore(join(dir, 'a-file', 'x.sqlite'), { clock })).toThrow(/cannot open the trade store/);
  });
});
