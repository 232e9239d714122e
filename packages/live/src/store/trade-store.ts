import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { RooneyError } from '@rooney/core';
import type { Clock, Fill, Order, Trade } from '@rooney/core';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { TradeJournal } from '../session/live-session.ts';
import type { SignalResult, TradersPostSignal } from '../traderspost/traderspost-signal.ts';

/** Bumped when the schema changes; a store with another version is refused. */
export const TRADE_STORE_SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  started_ts INTEGER NOT NULL,
  stopped_ts INTEGER,
  dry_run INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
  config_hash TEXT
);
CREATE TABLE IF NOT EXISTS orders (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  strategy TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  type TEXT NOT NULL,
  limit_price REAL,
  stop_price REAL,
  time_in_force TEXT,
  tag TEXT,
  submitted_ts INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'filled', 'cancelled', 'expired', 'rejected')),
  reason TEXT,
  ticker TEXT,
  signal_id TEXT UNIQUE,
  signal_json TEXT,
  signal_status TEXT CHECK (signal_status IN ('sending', 'acknowledged', 'failed')),
  signal_http_status INTEGER,
  signal_message TEXT,
  signal_attempts INTEGER,
  fill_price REAL,
  updated_ts INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS signals (
  signal_id TEXT PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  http_status INTEGER,
  message TEXT,
  attempts INTEGER NOT NULL,
  ts INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS fills (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL UNIQUE REFERENCES orders(id),
  run_id TEXT NOT NULL,
  strategy TEXT NOT NULL,
  symbol TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('buy', 'sell')),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  price REAL NOT NULL CHECK (price = price),
  ts INTEGER NOT NULL,
  commission REAL NOT NULL,
  tag TEXT,
  simulated INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS trades (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  exit_order_id INTEGER NOT NULL REFERENCES orders(id),
  strategy TEXT NOT NULL,
  symbol TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('long', 'short')),
  quantity INTEGER NOT NULL CHECK (quantity > 0),
  entry_ts INTEGER NOT NULL,
  entry_price REAL NOT NULL,
  exit_ts INTEGER NOT NULL,
  exit_price REAL NOT NULL,
  bars_held INTEGER NOT NULL,
  gross_pnl REAL NOT NULL CHECK (gross_pnl = gross_pnl),
  commission REAL NOT NULL,
  net_pnl REAL NOT NULL CHECK (net_pnl = net_pnl),
  entry_tag TEXT,
  exit_reason TEXT,
  meta_json TEXT
);
CREATE TABLE IF NOT EXISTS heartbeats (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id TEXT NOT NULL,
  ts INTEGER NOT NULL,
  stale INTEGER NOT NULL CHECK (stale IN (0, 1)),
  status_json TEXT NOT NULL
);
`;

/** An order row as stored. */
export interface StoredOrder {
  readonly id: number;
  readonly runId: string;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly type: string;
  readonly status: string;
  readonly reason: string | null;
  readonly ticker: string | null;
  readonly signalId: string | null;
  readonly signalStatus: 'sending' | 'acknowledged' | 'failed' | null;
  readonly submittedTs: number;
  readonly fillPrice: number | null;
}

/** A fill row as stored. */
export interface StoredFill {
  readonly orderId: number;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number;
  readonly ts: number;
  readonly commission: number;
}

/** Net position per strategy and symbol, from the stored fills. */
export interface StoredPosition {
  readonly strategy: string;
  readonly symbol: string;
  readonly quantity: number;
}

/** A run's identity. */
export interface RunInfo {
  readonly runId: string;
  readonly startedTs: number;
  readonly dryRun: boolean;
  readonly configHash?: string;
}

/**
 * The live adapter's SQLite journal (better-sqlite3): runs, orders with the signal sent for each,
 * the router's answers, simulated fills, closed trades and heartbeats.
 *
 * Durability: WAL journal with `synchronous = FULL`, so a committed write survives a process crash
 * (and a power cut). Every logical write is one transaction: a fill, its order's new status and the
 * trades it closes commit together or not at all, so a crash never leaves half a fill. Opening an
 * existing file continues it: order ids go on from the largest one (`nextOrderId`), positions can be
 * rebuilt from the fills (`netPositions`), and signals whose answer never arrived are listed by
 * `unconfirmedSignals` (they may or may not have reached TradersPost).
 */
export class TradeStore implements TradeJournal {
  readonly path: string;
  private readonly db: SqliteDatabase;
  private readonly clock: Clock;
  private runId: string | undefined;
  private readonly statements: Record<string, Statement>;

  constructor(path: string, options: { readonly clock: Clock }) {
    this.path = path;
    this.clock = options.clock;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
    } catch (error) {
      throw new RooneyError('store_unavailable', `cannot open the trade store: ${(error as Error).message}`, { file: path });
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const version = this.db.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as { value: string } | undefined;
    if (version === undefined) {
      this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema_version', String(TRADE_STORE_SCHEMA_VERSION));
    } else if (Number(version.value) !== TRADE_STORE_SCHEMA_VERSION) {
      this.db.close();
      throw new RooneyError('store_version', `trade store schema version ${version.value} is not ${TRADE_STORE_SCHEMA_VERSION}`, { file: path });
    }
    this.statements = {
      insertRun: this.db.prepare('INSERT INTO runs (run_id, started_ts, dry_run, config_hash) VALUES (?, ?, ?, ?)'),
      endRun: this.db.prepare('UPDATE runs SET stopped_ts = ? WHERE run_id = ?'),
      upsertOrder: this.db.prepare(`INSERT INTO orders (id, run_id, strategy, symbol, side, quantity, type, limit_price, stop_price, time_in_force, tag,
          submitted_ts, status, reason, ticker, signal_id, signal_json, signal_status, updated_ts)
        VALUES (@id, @runId, @strategy, @symbol, @side, @quantity, @type, @limitPrice, @stopPrice, @timeInForce, @tag,
          @submittedTs, @status, @reason, @ticker, @signalId, @signalJson, @signalStatus, @updatedTs)
        ON CONFLICT(id) DO UPDATE SET status = excluded.status, reason = excluded.reason, updated_ts = excluded.updated_ts`),
      signalResult: this.db.prepare('INSERT OR REPLACE INTO signals (signal_id, order_id, ok, http_status, message, attempts, ts) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      orderSignal: this.db.prepare(`UPDATE orders SET signal_status = ?, signal_http_status = ?, signal_message = ?, signal_attempts = ?, updated_ts = ?
        WHERE id = ? AND signal_id = ?`),
      orderStatus: this.db.prepare('UPDATE orders SET status = ?, reason = ?, fill_price = ?, updated_ts = ? WHERE id = ?'),
      insertFill: this.db.prepare(`INSERT INTO fills (order_id, run_id, strategy, symbol, side, quantity, price, ts, commission, tag)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertTrade: this.db.prepare(`INSERT INTO trades (run_id, exit_order_id, strategy, symbol, direction, quantity, entry_ts, entry_price, exit_ts,
          exit_price, bars_held, gross_pnl, commission, net_pnl, entry_tag, exit_reason, meta_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertHeartbeat: this.db.prepare('INSERT INTO heartbeats (run_id, ts, stale, status_json) VALUES (?, ?, ?, ?)'),
    };
  }

  /** Registers a run; journal writes belong to it until another run begins. */
  beginRun(info: RunInfo): void {
    this.statements.insertRun.run(info.runId, info.startedTs, info.dryRun ? 1 : 0, info.configHash ?? null);
    this.runId = info.runId;
  }

  endRun(stoppedTs: number): void {
    if (this.runId !== undefined) this.statements.endRun.run(stoppedTs, this.runId);
  }

  /** The id to give the next order so ids stay unique across runs. */
  nextOrderId(): number {
    const row = this.db.prepare('SELECT MAX(id) AS id FROM orders').get() as { id: number | null };
    return (row.id ?? 0) + 1;
  }

  /** Runs `work` in one transaction (rolled back whole when it throws). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  recordOrder(order: Order, signal: { readonly id: string; readonly body: TradersPostSignal } | undefined, reason?: string): void {
    this.statements.upsertOrder.run({
      id: order.id,
      runId: this.requireRun(),
      strategy: order.strategy,
      symbol: order.symbol,
      side: order.side,
      quantity: order.quantity,
      type: order.type,
      limitPrice: order.limitPrice ?? null,
      stopPrice: order.stopPrice ?? null,
      timeInForce: order.timeInForce ?? null,
      tag: order.tag ?? null,
      submittedTs: finiteOrNull(order.submittedTs) ?? this.clock.now(),
      status: order.status,
      reason: reason ?? null,
      ticker: signal?.body.ticker ?? null,
      signalId: signal?.id ?? null,
      signalJson: signal === undefined ? null : JSON.stringify(signal.body),
      signalStatus: signal === undefined ? null : 'sending',
      updatedTs: this.clock.now(),
    });
  }

  recordSignalResult(orderId: number, signalId: string, result: SignalResult): void {
    const now = this.clock.now();
    this.transaction(() => {
      this.statements.signalResult.run(signalId, orderId, result.ok ? 1 : 0, result.status ?? null, result.ok ? null : result.message, result.attempts, now);
      this.statements.orderSignal.run(result.ok ? 'acknowledged' : 'failed', result.status ?? null, result.ok ? null : result.message, result.attempts, now, orderId, signalId);
    });
  }

  recordFill(order: Order, fill: Fill, trades: readonly Trade[]): void {
    const runId = this.requireRun();
    const now = this.clock.now();
    this.transaction(() => {
      this.statements.orderStatus.run(order.status, null, fill.price, now, order.id);
      this.statements.insertFill.run(order.id, runId, fill.strategy, fill.symbol, fill.side, fill.quantity, fill.price, fill.ts, fill.commission, fill.tag);
      for (const t of trades) {
        this.statements.insertTrade.run(runId, order.id, t.strategy, t.symbol, t.direction, t.quantity, t.entryTs, t.entryPrice, t.exitTs, t.exitPrice, t.barsHeld,
          t.grossPnl, t.commission, t.netPnl, t.entryTag, t.exitReason, t.meta === undefined ? null : JSON.stringify(t.meta));
      }
    });
  }

  recordOrderStatus(order: Order, reason: string): void {
    this.statements.orderStatus.run(order.status, reason, finiteOrNull(order.fillPrice), this.clock.now(), order.id);
  }

  recordHeartbeat(ts: number, stale: boolean, status: unknown): void {
    this.statements.insertHeartbeat.run(this.requireRun(), ts, stale ? 1 : 0, JSON.stringify(status));
  }

  orders(): StoredOrder[] {
    return this.db
      .prepare(`SELECT id, run_id AS runId, strategy, symbol, side, quantity, type, status, reason, ticker, signal_id AS signalId,
          signal_status AS signalStatus, submitted_ts AS submittedTs, fill_price AS fillPrice FROM orders ORDER BY id`)
      .all() as StoredOrder[];
  }

  fills(): StoredFill[] {
    return this.db.prepare('SELECT order_id AS orderId, strategy, symbol, side, quantity, price, ts, commission FROM fills ORDER BY id').all() as StoredFill[];
  }

  trades(): { strategy: string; symbol: string; direction: string; quantity: number; netPnl: number; exitReason: string }[] {
    return this.db
      .prepare('SELECT strategy, symbol, direction, quantity, net_pnl AS netPnl, exit_reason AS exitReason FROM trades ORDER BY id')
      .all() as { strategy: string; symbol: string; direction: string; quantity: number; netPnl: number; exitReason: string }[];
  }

  heartbeats(limit = 100): { ts: number; stale: number; status: unknown }[] {
    const rows = this.db.prepare('SELECT ts, stale, status_json AS json FROM heartbeats ORDER BY id DESC LIMIT ?').all(limit) as { ts: number; stale: number; json: string }[];
    return rows.reverse().map((r) => ({ ts: r.ts, stale: r.stale, status: JSON.parse(r.json) as unknown }));
  }

  /** Net position per strategy and symbol over every stored fill (non-zero only). */
  netPositions(): StoredPosition[] {
    return this.db
      .prepare(`SELECT strategy, symbol, SUM(CASE side WHEN 'buy' THEN quantity ELSE -quantity END) AS quantity
        FROM fills GROUP BY strategy, symbol HAVING quantity != 0 ORDER BY strategy, symbol`)
      .all() as StoredPosition[];
  }

  /** Orders whose signal was sent but never answered (a crash while in flight). */
  unconfirmedSignals(): StoredOrder[] {
    return this.orders().filter((o) => o.signalStatus === 'sending');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private requireRun(): string {
    if (this.runId === undefined) throw new RooneyError('no_run', 'the trade store has no run: call beginRun first');
    return this.runId;
  }
}

function finiteOrNull(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}
