import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Fill, Order, Trade } from '@rooney/core';
import { afterAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
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

describe('TradeStore journal (schema 2)', () => {
  it('a dry run keeps its own account: its fills never become live positions, nor the other way round', () => {
    const store = new TradeStore(join(dir, 'accounts.sqlite'), { clock });
    store.beginRun({ runId: 'dry', startedTs: 1, dryRun: true });
    store.recordOrder(order(1), { id: 'dry-1', body: { ticker: 'ESH5', action: 'buy', quantity: 2 } });
    store.recordFill({ ...order(1), status: 'filled' }, fill(1, 'buy', 2, 5000), []);
    store.beginRun({ runId: 'live', startedTs: 2, dryRun: false });
    expect(store.netPositions('live')).toEqual([]);
    expect(store.netPositions('dry_run')).toEqual([{ strategy: 'ibs', symbol: 'ES', quantity: 2 }]);
    expect(store.snapshot('live').fills).toEqual([]);
    expect(store.snapshot('dry_run').fills.map((f) => f.fill.orderId)).toEqual([1]);
    store.close();
  });

  it('a step is all or nothing: its writes and its checkpoint commit together; a rolled-back step leaves no trace', () => {
    const path = join(dir, 'steps.sqlite');
    const store = new TradeStore(path, { clock });
    store.beginRun({ runId: 'r', startedTs: 1, dryRun: false });
    store.beginStep();
    store.recordOrder(order(1), { id: 'r-1', body: { ticker: 'ESH5', action: 'buy', quantity: 2 } });
    store.commitStep({ ts: 100, sessionStartTs: 50, sessionStartEquity: 1000, gateState: { stopped: false } });
    store.beginStep();
    store.recordOrder(order(2), { id: 'r-2', body: { ticker: 'ESH5', action: 'exit' } });
    store.recordFill({ ...order(1), status: 'filled' }, fill(1, 'buy', 2, 5000), []);
    store.rollbackStep();
    store.close();
    const reopened = new TradeStore(path, { clock });
    const snapshot = reopened.snapshot('live');
    expect(snapshot.checkpoint).toEqual({ ts: 100, sessionStartTs: 50, sessionStartEquity: 1000, gateState: { stopped: false } });
    expect(snapshot.fills).toEqual([]);
    expect(snapshot.openOrders.map((o) => [o.order.id, o.signalStatus, o.attemptsStarted])).toEqual([[1, 'intent', 0]]);
    expect(snapshot.nextOrderId).toBe(2);
    reopened.close();
  });

  it('attempts are written ahead: a started attempt without an end is in flight; the last finished outcome is known', () => {
    const store = new TradeStore(join(dir, 'attempts.sqlite'), { clock });
    store.beginRun({ runId: 'r', startedTs: 1, dryRun: false });
    store.recordOrder(order(1), { id: 'r-1', body: { ticker: 'ESH5', action: 'buy', quantity: 2 } });
    store.recordAttemptStart(1, 'r-1', 1);
    store.recordAttemptEnd(1, 'r-1', 1, { outcome: 'not_sent', message: 'network error: ECONNREFUSED' });
    store.recordAttemptStart(1, 'r-1', 2);
    const open = store.snapshot('live').openOrders[0];
    expect([open.signalStatus, open.attemptsStarted, open.attemptsEnded, open.lastAttemptOutcome]).toEqual(['sending', 2, 1, 'not_sent']);
    expect(store.unconfirmedSignals('live').map((o) => o.id)).toEqual([1]);
    store.close();
  });

  it('reconcile: only an unknown outcome can be reconciled, once; it resolves the order\'s alerts', () => {
    const store = new TradeStore(join(dir, 'reconcile.sqlite'), { clock });
    store.beginRun({ runId: 'r', startedTs: 1, dryRun: false });
    store.recordOrder(order(1), { id: 'r-1', body: { ticker: 'ESH5', action: 'buy', quantity: 2 } });
    expect(store.reconcile(1, 'filled', 'x')).toBe(false);
    store.recordSignalResult(1, 'r-1', { ok: false, outcome: 'unknown', status: 500, message: 'HTTP 500', attempts: 1 });
    store.recordAlert({ kind: 'unknown_outcome', ts: 5, orderId: 1, message: 'unknown' });
    expect(store.alerts('live').map((a) => a.orderId)).toEqual([1]);
    expect(store.reconcile(1, 'not_filled', 'broker shows nothing')).toBe(true);
    expect(store.reconcile(1, 'filled', 'again')).toBe(false);
    expect(store.alerts('live')).toEqual([]);
    expect(store.orders()[0].reconciled).toBe('not_filled');
    expect(store.unconfirmedSignals('live')).toEqual([]);
    store.close();
  });

  it('a schema-1 store is migrated in place: its rows kept, dry runs booked to the dry-run account, signal statuses mapped', () => {
    const path = join(dir, 'v1.sqlite');
    const db = new Database(path);
    db.exec(`CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      INSERT INTO meta VALUES ('schema_version', '1');
      CREATE TABLE runs (run_id TEXT PRIMARY KEY, started_ts INTEGER NOT NULL, stopped_ts INTEGER, dry_run INTEGER NOT NULL, config_hash TEXT);
      CREATE TABLE orders (id INTEGER PRIMARY KEY, run_id TEXT NOT NULL, strategy TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL, quantity INTEGER NOT NULL,
        type TEXT NOT NULL, limit_price REAL, stop_price REAL, time_in_force TEXT, tag TEXT, submitted_ts INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT, ticker TEXT,
        signal_id TEXT UNIQUE, signal_json TEXT, signal_status TEXT, signal_http_status INTEGER, signal_message TEXT, signal_attempts INTEGER, fill_price REAL, updated_ts INTEGER NOT NULL);
      CREATE TABLE signals (signal_id TEXT PRIMARY KEY, order_id INTEGER NOT NULL, ok INTEGER NOT NULL, http_status INTEGER, message TEXT, attempts INTEGER NOT NULL, ts INTEGER NOT NULL);
      CREATE TABLE fills (id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL UNIQUE, run_id TEXT NOT NULL, strategy TEXT NOT NULL, symbol TEXT NOT NULL, side TEXT NOT NULL,
        quantity INTEGER NOT NULL, price REAL NOT NULL, ts INTEGER NOT NULL, commission REAL NOT NULL, tag TEXT, simulated INTEGER NOT NULL DEFAULT 1);
      CREATE TABLE trades (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, exit_order_id INTEGER NOT NULL, strategy TEXT NOT NULL, symbol TEXT NOT NULL,
        direction TEXT NOT NULL, quantity INTEGER NOT NULL, entry_ts INTEGER NOT NULL, entry_price REAL NOT NULL, exit_ts INTEGER NOT NULL, exit_price REAL NOT NULL,
        bars_held INTEGER NOT NULL, gross_pnl REAL NOT NULL, commission REAL NOT NULL, net_pnl REAL NOT NULL, entry_tag TEXT, exit_reason TEXT, meta_json TEXT);
      CREATE TABLE heartbeats (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, ts INTEGER NOT NULL, stale INTEGER NOT NULL, status_json TEXT NOT NULL);
      INSERT INTO runs VALUES ('live1', 1, 2, 0, NULL), ('dry1', 3, 4, 1, NULL);
      INSERT INTO orders (id, run_id, strategy, symbol, side, quantity, type, submitted_ts, status, signal_id, signal_status, updated_ts)
        VALUES (1, 'live1', 'ibs', 'ES', 'buy', 1, 'market', 10, 'filled', 'live1-1', 'acknowledged', 11),
               (2, 'dry1', 'ibs', 'NQ', 'sell', 1, 'market', 20, 'filled', 'dry1-2', 'failed', 21);
      INSERT INTO fills (order_id, run_id, strategy, symbol, side, quantity, price, ts, commission) VALUES (1, 'live1', 'ibs', 'ES', 'buy', 1, 5000, 12, 2), (2, 'dry1', 'ibs', 'NQ', 'sell', 1, 18000, 22, 2);`);
    db.close();
    const store = new TradeStore(path, { clock });
    expect(store.orders().map((o) => [o.id, o.account, o.signalStatus])).toEqual([
      [1, 'live', 'acknowledged'],
      [2, 'dry_run', 'rejected'],
    ]);
    expect(store.netPositions('live')).toEqual([{ strategy: 'ibs', symbol: 'ES', quantity: 1 }]);
    expect(store.netPositions('dry_run')).toEqual([{ strategy: 'ibs', symbol: 'NQ', quantity: -1 }]);
    expect(store.nextOrderId()).toBe(3);
    store.close();
    const again = new TradeStore(path, { clock });
    expect(again.orders()).toHaveLength(2);
    again.close();
  });
});
