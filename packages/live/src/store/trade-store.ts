import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { RooneyError } from '@rooney/core';
import type { Clock, Fill, Order, Trade } from '@rooney/core';
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import type { AttemptOutcome, SignalOutcome, SignalResult, TradersPostSignal } from '../traderspost/traderspost-signal.ts';
import { failpoint } from '../ops/failpoints.ts';
import { migrateV1 } from './trade-store-migrate.ts';
import { TRADE_STORE_SCHEMA } from './trade-store-schema.ts';

/** Bumped when the schema changes; older stores are migrated, newer ones refused. */
export const TRADE_STORE_SCHEMA_VERSION = 2;

/**
 * Which account a run books into. Dry runs keep their own positions, so a dry run sharing a store
 * with a live deployment can never make the live one believe it holds a position.
 */
export type JournalAccount = 'live' | 'dry_run';

/** What is known of a signal in the journal: before sending (`intent`), during (`sending`), or its outcome. */
export type SignalStatus = 'intent' | 'sending' | SignalOutcome;

/** An order row as stored. */
export interface StoredOrder {
  readonly id: number;
  readonly runId: string;
  readonly account: JournalAccount;
  readonly strategy: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly type: string;
  readonly status: string;
  readonly reason: string | null;
  readonly ticker: string | null;
  readonly signalId: string | null;
  readonly signalStatus: SignalStatus | null;
  readonly submittedTs: number;
  readonly fillPrice: number | null;
  /** `filled` / `not_filled` once an operator reconciled an unknown outcome. */
  readonly reconciled: string | null;
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

/** The journal's mark after each fully processed time step (written in the step's transaction). */
export interface Checkpoint {
  /** Event time of the last step whose every write committed. */
  readonly ts: number;
  /** The trading session the step was in, and the equity it started with (for `sessionPnl`). */
  readonly sessionStartTs: number;
  readonly sessionStartEquity: number;
  /** The risk gate's own state (`OrderGate.saveState`), JSON. */
  readonly gateState?: unknown;
}

/** An operator-facing alarm kept until resolved. */
export interface LiveAlert {
  readonly kind: 'unknown_outcome' | 'late_bar' | 'quarantined_record' | 'catch_up_skipped' | 'restore' | 'refused_order' | 'stale_data' | 'feed';
  readonly message: string;
  readonly ts: number;
  readonly orderId?: number;
}

/** A stored alert. */
export interface StoredAlert extends LiveAlert {
  readonly id: number;
  readonly account: JournalAccount;
  readonly resolvedTs: number | null;
  readonly resolution: string | null;
}

/** An order not yet in a final state, with everything needed to put it back in a session's book. */
export interface JournalOpenOrder {
  readonly order: Order;
  readonly ticker: string | null;
  readonly signalId: string | null;
  readonly signal: TradersPostSignal | null;
  readonly signalStatus: SignalStatus | null;
  /** Attempts that started / that recorded an outcome. */
  readonly attemptsStarted: number;
  readonly attemptsEnded: number;
  /** Outcome of the last attempt that recorded one (`acknowledged`, `unknown`, …). */
  readonly lastAttemptOutcome: AttemptOutcome['outcome'] | null;
}

/** Everything a restarted session rebuilds itself from. */
export interface JournalSnapshot {
  readonly account: JournalAccount;
  readonly checkpoint: Checkpoint | undefined;
  /** Every fill of the account, oldest first, with the order it filled (meta for the trade records). */
  readonly fills: readonly { readonly fill: Fill; readonly order: Order; readonly ticker: string | null; readonly unconfirmed: boolean }[];
  readonly openOrders: readonly JournalOpenOrder[];
  /** `cancel` signals journalled but never answered (the order left the book; the cancel must still reach TradersPost). */
  readonly pendingCancels: readonly { readonly orderId: number; readonly signalId: string; readonly signal: TradersPostSignal; readonly attemptsStarted: number }[];
  readonly alerts: readonly StoredAlert[];
  readonly nextOrderId: number;
}

/** A closed trade as the journal holds it: entry and exit (bar times in ms, prices) and its net PnL. */
export interface JournalTradeDetail {
  strategy: string;
  symbol: string;
  direction: string;
  quantity: number;
  entryTs: number;
  entryPrice: number;
  exitTs: number;
  exitPrice: number;
  netPnl: number;
  exitReason: string;
}

/**
 * The live adapter's SQLite journal (better-sqlite3), written ahead of every step of the order
 * path so a crash between any two lines loses nothing that mattered:
 *
 * 1. a time step (bars closing at `t`) runs inside one transaction (`beginStep`/`commitStep`): the
 *    fills it assumed, the orders it created (signal status `intent`, with the exact body to send),
 *    orders that expired, and the checkpoint (`t`, the session's start equity, the gate's state).
 *    Nothing is sent before that commit.
 * 2. each webhook attempt is written before it leaves (`recordAttemptStart`) and its outcome when
 *    it ends (`recordAttemptEnd`); the signal's final outcome closes it (`recordSignalResult`).
 * 3. fills outside a step (a `fillAtSignalClose` order filled on its acknowledgement) are one
 *    transaction each.
 *
 * A restart reads it back with {@link snapshot}: the checkpoint says which bars were fully
 * handled; orders in `intent` were never sent; an attempt with a start and no end may have reached
 * TradersPost (its outcome is unknown).
 *
 * Durability: WAL journal with `synchronous = FULL`, so a committed write survives a process crash
 * (and a power cut). Runs book into an account (`live` or `dry_run`) so dry runs never mix with live
 * positions.
 */
export class TradeStore {
  readonly path: string;
  private readonly db: SqliteDatabase;
  private readonly clock: Clock;
  private runId: string | undefined;
  private account: JournalAccount = 'live';
  private readonly statements: Record<string, Statement>;
  /** A step is being processed (between `beginStep` and `commitStep`). */
  private stepOpen = false;
  /** The step's transaction was begun (lazily, at its first write). */
  private stepBegun = false;
  private lastCheckpointWriteTs = Number.NEGATIVE_INFINITY;
  private readonly checkpointEveryMs: number;

  /**
   * `synchronous`: `full` (default) survives a power cut; `normal` survives a process crash only
   * (WAL without an fsync per commit) — for tests that restart many times.
   */
  constructor(path: string, options: { readonly clock: Clock; readonly synchronous?: 'full' | 'normal'; readonly checkpointEveryMs?: number }) {
    this.path = path;
    this.clock = options.clock;
    this.checkpointEveryMs = options.checkpointEveryMs ?? 30_000;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.db = new Database(path);
    } catch (error) {
      throw new RooneyError('store_unavailable', `cannot open the trade store: ${(error as Error).message}`, { file: path });
    }
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
      this.db.pragma('foreign_keys = ON');
      this.db.pragma('busy_timeout = 5000');
      this.openSchema();
    } catch (error) {
      this.db.close();
      if (error instanceof RooneyError) throw error;
      throw new RooneyError('store_unavailable', `cannot open the trade store: ${(error as Error).message}`, { file: path });
    }
    this.statements = this.prepare();
  }

  private openSchema(): void {
    const hasMeta = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'meta'").get() !== undefined;
    const version = hasMeta ? (this.db.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as { value: string } | undefined) : undefined;
    if (version === undefined) {
      this.db.exec(TRADE_STORE_SCHEMA);
      this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('schema_version', String(TRADE_STORE_SCHEMA_VERSION));
      return;
    }
    const found = Number(version.value);
    if (found === 1) {
      migrateV1(this.db);
      return;
    }
    if (found !== TRADE_STORE_SCHEMA_VERSION) {
      throw new RooneyError('store_version', `trade store schema version ${version.value} is not ${TRADE_STORE_SCHEMA_VERSION} (made by a newer Rooney?)`, { file: this.path });
    }
  }

  private prepare(): Record<string, Statement> {
    const db = this.db;
    return {
      insertRun: db.prepare('INSERT INTO runs (run_id, started_ts, dry_run, account, config_hash) VALUES (?, ?, ?, ?, ?)'),
      endRun: db.prepare('UPDATE runs SET stopped_ts = ? WHERE run_id = ?'),
      upsertOrder: db.prepare(`INSERT INTO orders (id, run_id, account, strategy, symbol, side, quantity, type, limit_price, stop_price, time_in_force, tag,
          submitted_ts, status, reason, ticker, signal_id, signal_json, signal_status, order_json, updated_ts)
        VALUES (@id, @runId, @account, @strategy, @symbol, @side, @quantity, @type, @limitPrice, @stopPrice, @timeInForce, @tag,
          @submittedTs, @status, @reason, @ticker, @signalId, @signalJson, @signalStatus, @orderJson, @updatedTs)
        ON CONFLICT(id) DO UPDATE SET status = excluded.status, reason = excluded.reason, updated_ts = excluded.updated_ts`),
      attemptStart: db.prepare('INSERT OR REPLACE INTO attempts (signal_id, attempt, order_id, started_ts) VALUES (?, ?, ?, ?)'),
      attemptEnd: db.prepare('UPDATE attempts SET ended_ts = ?, outcome = ?, http_status = ?, message = ? WHERE signal_id = ? AND attempt = ?'),
      orderSignalStatus: db.prepare('UPDATE orders SET signal_status = ?, updated_ts = ? WHERE id = ? AND signal_id = ?'),
      cancelStatus: db.prepare('UPDATE orders SET cancel_status = ?, updated_ts = ? WHERE id = ? AND cancel_signal_id = ?'),
      cancelIntent: db.prepare("UPDATE orders SET cancel_signal_id = ?, cancel_signal_json = ?, cancel_status = 'intent', updated_ts = ? WHERE id = ?"),
      signalResult: db.prepare('INSERT OR REPLACE INTO signals (signal_id, order_id, ok, outcome, http_status, message, attempts, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      orderSignal: db.prepare(`UPDATE orders SET signal_status = ?, signal_http_status = ?, signal_message = ?, signal_attempts = ?, updated_ts = ?
        WHERE id = ? AND signal_id = ?`),
      orderStatus: db.prepare('UPDATE orders SET status = ?, reason = ?, fill_price = ?, updated_ts = ? WHERE id = ?'),
      insertFill: db.prepare(`INSERT INTO fills (order_id, run_id, account, strategy, symbol, side, quantity, price, ts, commission, tag)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertTrade: db.prepare(`INSERT INTO trades (run_id, account, exit_order_id, strategy, symbol, direction, quantity, entry_ts, entry_price, exit_ts,
          exit_price, bars_held, gross_pnl, commission, net_pnl, entry_tag, exit_reason, meta_json)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertHeartbeat: db.prepare('INSERT INTO heartbeats (run_id, ts, stale, status_json) VALUES (?, ?, ?, ?)'),
      upsertCheckpoint: db.prepare(`INSERT INTO checkpoints (account, step_ts, session_start_ts, session_start_equity, gate_json, run_id, updated_ts)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(account) DO UPDATE SET step_ts = excluded.step_ts, session_start_ts = excluded.session_start_ts,
          session_start_equity = excluded.session_start_equity, gate_json = excluded.gate_json, run_id = excluded.run_id, updated_ts = excluded.updated_ts`),
      insertAlert: db.prepare('INSERT INTO alerts (account, run_id, ts, kind, order_id, message) VALUES (?, ?, ?, ?, ?, ?)'),
    };
  }

  /** Registers a run; journal writes belong to it (and to its account) until another run begins. */
  beginRun(info: RunInfo): void {
    const account: JournalAccount = info.dryRun ? 'dry_run' : 'live';
    this.statements.insertRun.run(info.runId, info.startedTs, info.dryRun ? 1 : 0, account, info.configHash ?? null);
    this.runId = info.runId;
    this.account = account;
  }

  endRun(stoppedTs: number): void {
    if (this.runId !== undefined) this.statements.endRun.run(stoppedTs, this.runId);
  }

  /** The account this run books into. */
  get accountName(): JournalAccount {
    return this.account;
  }

  /** The id to give the next order so ids stay unique across runs and accounts. */
  nextOrderId(): number {
    const row = this.db.prepare('SELECT MAX(id) AS id FROM orders').get() as { id: number | null };
    return (row.id ?? 0) + 1;
  }

  /** Runs `work` in one transaction (rolled back whole when it throws). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  // ---- the step transaction ----------------------------------------------------------------------

  /**
   * Opens one time step: every write until `commitStep` commits together or not at all. The
   * transaction begins at the step's first write, so a step that writes nothing costs nothing.
   */
  beginStep(): void {
    if (this.stepOpen) throw new RooneyError('journal_state', 'a journal step is already open');
    this.stepOpen = true;
    this.stepBegun = false;
  }

  /** Begins the open step's transaction before its first write. */
  private write(): void {
    if (this.stepOpen && !this.stepBegun) {
      this.db.exec('BEGIN IMMEDIATE');
      this.stepBegun = true;
    }
  }

  /**
   * Closes the step. A step that wrote something commits its writes with the checkpoint (one
   * fsync). A quiet step only moves the checkpoint, at most every `checkpointEveryMs` of wall
   * time: after a crash the quiet steps since are processed again, which is harmless because they
   * are deterministic and sent nothing.
   */
  commitStep(checkpoint: Checkpoint): void {
    if (!this.stepOpen) throw new RooneyError('journal_state', 'no journal step is open');
    const now = this.clock.now();
    if (this.stepBegun || now - this.lastCheckpointWriteTs >= this.checkpointEveryMs) {
      this.statements.upsertCheckpoint.run(
        this.account,
        checkpoint.ts,
        checkpoint.sessionStartTs,
        checkpoint.sessionStartEquity,
        checkpoint.gateState === undefined ? null : JSON.stringify(checkpoint.gateState),
        this.requireRun(),
        now,
      );
      this.lastCheckpointWriteTs = now;
    }
    const committed = this.stepBegun;
    if (committed) this.db.exec('COMMIT');
    this.stepOpen = false;
    this.stepBegun = false;
    if (committed) failpoint('store.commit');
  }

  /** Drops every write of the open step (a step that threw). */
  rollbackStep(): void {
    if (!this.stepOpen) return;
    this.stepOpen = false;
    if (this.stepBegun && this.db.inTransaction) this.db.exec('ROLLBACK');
    this.stepBegun = false;
  }

  // ---- the order path ------------------------------------------------------------------------------

  /** A new order: refused (no signal, `reason`), or with the signal about to be sent (`intent`). */
  recordOrder(order: Order, signal: { readonly id: string; readonly body: TradersPostSignal } | undefined, reason?: string): void {
    this.write();
    this.statements.upsertOrder.run({
      id: order.id,
      runId: this.requireRun(),
      account: this.account,
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
      signalStatus: signal === undefined ? null : 'intent',
      orderJson: JSON.stringify(orderRecord(order)),
      updatedTs: this.clock.now(),
    });
    if (signal !== undefined) failpoint('store.order');
  }

  /** Attempt `attempt` of a signal is about to leave (written first: after a crash it may have arrived). */
  recordAttemptStart(orderId: number, signalId: string, attempt: number): void {
    this.write();
    const now = this.clock.now();
    this.transaction(() => {
      this.statements.attemptStart.run(signalId, attempt, orderId, now);
      this.statements.orderSignalStatus.run('sending', now, orderId, signalId);
      this.statements.cancelStatus.run('sending', now, orderId, signalId);
    });
    failpoint('store.attempt_start');
  }

  /** A `cancel` signal about to be sent for an order that left the book (written with the step that closed it). */
  recordCancelIntent(orderId: number, signal: { readonly id: string; readonly body: TradersPostSignal }): void {
    this.write();
    this.statements.cancelIntent.run(signal.id, JSON.stringify(signal.body), this.clock.now(), orderId);
  }

  recordAttemptEnd(_orderId: number, signalId: string, attempt: number, outcome: AttemptOutcome): void {
    this.write();
    this.statements.attemptEnd.run(this.clock.now(), outcome.outcome, outcome.status ?? null, outcome.message ?? null, signalId, attempt);
    failpoint('store.attempt_end');
  }

  /** A signal's final outcome, after its last attempt. */
  recordSignalResult(orderId: number, signalId: string, result: SignalResult): void {
    this.write();
    const now = this.clock.now();
    this.transaction(() => {
      this.statements.signalResult.run(signalId, orderId, result.ok ? 1 : 0, result.outcome, result.status ?? null, result.ok ? null : result.message, result.attempts, now);
      this.statements.orderSignal.run(result.outcome, result.status ?? null, result.ok ? null : result.message, result.attempts, now, orderId, signalId);
      this.statements.cancelStatus.run(result.outcome, now, orderId, signalId);
    });
    failpoint('store.signal_result');
  }

  /** A simulated fill, its order's new status and the trades it closed (inside a step, or one transaction of its own). */
  recordFill(order: Order, fill: Fill, trades: readonly Trade[]): void {
    this.write();
    const runId = this.requireRun();
    const now = this.clock.now();
    this.transaction(() => {
      this.statements.orderStatus.run(order.status, null, fill.price, now, order.id);
      this.statements.insertFill.run(order.id, runId, this.account, fill.strategy, fill.symbol, fill.side, fill.quantity, fill.price, fill.ts, fill.commission, fill.tag);
      for (const t of trades) {
        this.statements.insertTrade.run(runId, this.account, order.id, t.strategy, t.symbol, t.direction, t.quantity, t.entryTs, t.entryPrice, t.exitTs, t.exitPrice, t.barsHeld,
          t.grossPnl, t.commission, t.netPnl, t.entryTag, t.exitReason, t.meta === undefined ? null : JSON.stringify(t.meta));
      }
    });
    failpoint('store.fill');
  }

  /** An order left the book without a fill (rejected, cancelled, expired). */
  recordOrderStatus(order: Order, reason: string): void {
    this.write();
    this.statements.orderStatus.run(order.status, reason, finiteOrNull(order.fillPrice), this.clock.now(), order.id);
  }

  recordHeartbeat(ts: number, stale: boolean, status: unknown): void {
    this.statements.insertHeartbeat.run(this.requireRun(), ts, stale ? 1 : 0, JSON.stringify(status));
  }

  recordAlert(alert: LiveAlert): number {
    this.write();
    const info = this.statements.insertAlert.run(this.account, this.requireRun(), alert.ts, alert.kind, alert.orderId ?? null, alert.message);
    return Number(info.lastInsertRowid);
  }

  /**
   * An operator's answer for an order whose outcome was unknown: `filled` (it reached the broker)
   * or `not_filled` (it did not). Resolves the order's alerts. Returns false when the order has no
   * unknown outcome to reconcile.
   */
  reconcile(orderId: number, outcome: 'filled' | 'not_filled', note: string): boolean {
    const now = this.clock.now();
    return this.transaction(() => {
      const row = this.db.prepare('SELECT signal_status AS s, reconciled FROM orders WHERE id = ?').get(orderId) as { s: string | null; reconciled: string | null } | undefined;
      if (row === undefined || row.s !== 'unknown' || row.reconciled !== null) return false;
      this.db.prepare('UPDATE orders SET reconciled = ?, reconciled_ts = ?, reconciled_note = ?, updated_ts = ? WHERE id = ?').run(outcome, now, note, now, orderId);
      this.db.prepare('UPDATE alerts SET resolved_ts = ?, resolution = ? WHERE order_id = ? AND resolved_ts IS NULL').run(now, `reconciled ${outcome}`, orderId);
      return true;
    });
  }

  /** Marks alerts of `kind` (of this account) resolved. */
  resolveAlerts(kind: LiveAlert['kind'], resolution: string): void {
    this.db.prepare('UPDATE alerts SET resolved_ts = ?, resolution = ? WHERE account = ? AND kind = ? AND resolved_ts IS NULL').run(this.clock.now(), resolution, this.account, kind);
  }

  // ---- reading ---------------------------------------------------------------------------------------

  /** What a restarted session of `account` rebuilds itself from. */
  snapshot(account: JournalAccount = this.account): JournalSnapshot {
    const checkpointRow = this.db
      .prepare('SELECT step_ts AS ts, session_start_ts AS sts, session_start_equity AS seq, gate_json AS gate FROM checkpoints WHERE account = ?')
      .get(account) as { ts: number; sts: number; seq: number; gate: string | null } | undefined;
    const fills = (
      this.db
        .prepare(`SELECT f.order_id AS orderId, f.strategy, f.symbol, f.side, f.quantity, f.price, f.ts, f.commission, f.tag, o.order_json AS orderJson, o.ticker,
            (o.signal_status = 'unknown' AND o.reconciled IS NULL) AS unconfirmed
          FROM fills f JOIN orders o ON o.id = f.order_id WHERE f.account = ? ORDER BY f.id`)
        .all(account) as (StoredFill & { tag: string | null; orderJson: string | null; ticker: string | null; unconfirmed: number })[]
    ).map((row) => {
      const order = parseOrder(row.orderJson, row);
      const fill: Fill = { orderId: row.orderId, symbol: row.symbol, side: row.side, quantity: row.quantity, price: row.price, ts: row.ts, commission: row.commission, tag: row.tag ?? order.tag ?? '', strategy: row.strategy };
      return { fill, order, ticker: row.ticker, unconfirmed: row.unconfirmed === 1 };
    });
    const openRows = this.db
      .prepare(`SELECT o.id, o.order_json AS orderJson, o.ticker, o.signal_id AS signalId, o.signal_json AS signalJson, o.signal_status AS signalStatus,
          o.strategy, o.symbol, o.side, o.quantity, o.type, o.submitted_ts AS submittedTs,
          (SELECT COUNT(*) FROM attempts a WHERE a.signal_id = o.signal_id) AS started,
          (SELECT COUNT(*) FROM attempts a WHERE a.signal_id = o.signal_id AND a.ended_ts IS NOT NULL) AS ended,
          (SELECT a.outcome FROM attempts a WHERE a.signal_id = o.signal_id AND a.ended_ts IS NOT NULL ORDER BY a.attempt DESC LIMIT 1) AS lastOutcome
        FROM orders o WHERE o.account = ? AND o.status = 'pending' ORDER BY o.id`)
      .all(account) as {
      id: number;
      orderJson: string | null;
      ticker: string | null;
      signalId: string | null;
      signalJson: string | null;
      signalStatus: SignalStatus | null;
      strategy: string;
      symbol: string;
      side: 'buy' | 'sell';
      quantity: number;
      type: string;
      submittedTs: number;
      started: number;
      ended: number;
      lastOutcome: AttemptOutcome['outcome'] | null;
    }[];
    const openOrders: JournalOpenOrder[] = openRows.map((row) => ({
      order: parseOrder(row.orderJson, { orderId: row.id, ...row }),
      ticker: row.ticker,
      signalId: row.signalId,
      signal: row.signalJson === null ? null : (JSON.parse(row.signalJson) as TradersPostSignal),
      signalStatus: row.signalStatus,
      attemptsStarted: row.started,
      attemptsEnded: row.ended,
      lastAttemptOutcome: row.lastOutcome,
    }));
    const pendingCancels = (
      this.db
        .prepare(`SELECT o.id AS orderId, o.cancel_signal_id AS signalId, o.cancel_signal_json AS json,
            (SELECT COUNT(*) FROM attempts a WHERE a.signal_id = o.cancel_signal_id) AS started
          FROM orders o WHERE o.account = ? AND o.cancel_status IN ('intent', 'sending') ORDER BY o.id`)
        .all(account) as { orderId: number; signalId: string; json: string; started: number }[]
    ).map((row) => ({ orderId: row.orderId, signalId: row.signalId, signal: JSON.parse(row.json) as TradersPostSignal, attemptsStarted: row.started }));
    return {
      account,
      pendingCancels,
      checkpoint:
        checkpointRow === undefined
          ? undefined
          : { ts: checkpointRow.ts, sessionStartTs: checkpointRow.sts, sessionStartEquity: checkpointRow.seq, ...(checkpointRow.gate !== null ? { gateState: JSON.parse(checkpointRow.gate) as unknown } : {}) },
      fills,
      openOrders,
      alerts: this.alerts(account),
      nextOrderId: this.nextOrderId(),
    };
  }

  orders(): StoredOrder[] {
    return this.db
      .prepare(`SELECT id, run_id AS runId, account, strategy, symbol, side, quantity, type, status, reason, ticker, signal_id AS signalId,
          signal_status AS signalStatus, submitted_ts AS submittedTs, fill_price AS fillPrice, reconciled FROM orders ORDER BY id`)
      .all() as StoredOrder[];
  }

  /** Attempts of a signal, in order. */
  attempts(signalId: string): { attempt: number; startedTs: number; endedTs: number | null; outcome: string | null; httpStatus: number | null }[] {
    return this.db
      .prepare('SELECT attempt, started_ts AS startedTs, ended_ts AS endedTs, outcome, http_status AS httpStatus FROM attempts WHERE signal_id = ? ORDER BY attempt')
      .all(signalId) as { attempt: number; startedTs: number; endedTs: number | null; outcome: string | null; httpStatus: number | null }[];
  }

  fills(account?: JournalAccount): StoredFill[] {
    const sql = `SELECT order_id AS orderId, strategy, symbol, side, quantity, price, ts, commission FROM fills ${account === undefined ? '' : 'WHERE account = ?'} ORDER BY id`;
    const statement = this.db.prepare(sql);
    return (account === undefined ? statement.all() : statement.all(account)) as StoredFill[];
  }

  trades(account?: JournalAccount): { strategy: string; symbol: string; direction: string; quantity: number; netPnl: number; exitReason: string }[] {
    const sql = `SELECT strategy, symbol, direction, quantity, net_pnl AS netPnl, exit_reason AS exitReason FROM trades ${account === undefined ? '' : 'WHERE account = ?'} ORDER BY id`;
    const statement = this.db.prepare(sql);
    return (account === undefined ? statement.all() : statement.all(account)) as { strategy: string; symbol: string; direction: string; quantity: number; netPnl: number; exitReason: string }[];
  }

  /** Closed trades of `account` with their entry and exit, in the order they closed. */
  tradesDetailed(account: JournalAccount = 'live'): JournalTradeDetail[] {
    return this.db
      .prepare(`SELECT strategy, symbol, direction, quantity, entry_ts AS entryTs, entry_price AS entryPrice, exit_ts AS exitTs, exit_price AS exitPrice,
          net_pnl AS netPnl, exit_reason AS exitReason FROM trades WHERE account = ? ORDER BY id`)
      .all(account) as JournalTradeDetail[];
  }

  heartbeats(limit = 100): { ts: number; stale: number; status: unknown }[] {
    const rows = this.db.prepare('SELECT ts, stale, status_json AS json FROM heartbeats ORDER BY id DESC LIMIT ?').all(limit) as { ts: number; stale: number; json: string }[];
    return rows.reverse().map((r) => ({ ts: r.ts, stale: r.stale, status: JSON.parse(r.json) as unknown }));
  }

  /** Net position per strategy and symbol over the stored fills of `account` (default `live`; non-zero only). */
  netPositions(account: JournalAccount = 'live'): StoredPosition[] {
    return this.db
      .prepare(`SELECT strategy, symbol, SUM(CASE side WHEN 'buy' THEN quantity ELSE -quantity END) AS quantity
        FROM fills WHERE account = ? GROUP BY strategy, symbol HAVING quantity != 0 ORDER BY strategy, symbol`)
      .all(account) as StoredPosition[];
  }

  /** Orders whose last attempt started but has no recorded end, or whose final outcome is unknown and not reconciled. */
  unconfirmedSignals(account?: JournalAccount): StoredOrder[] {
    const open = new Set(
      (
        this.db
          .prepare(`SELECT DISTINCT a.order_id AS id FROM attempts a JOIN orders o ON o.id = a.order_id
            WHERE a.ended_ts IS NULL AND o.signal_status NOT IN ('acknowledged', 'rejected', 'not_sent') AND o.reconciled IS NULL`)
          .all() as { id: number }[]
      ).map((r) => r.id),
    );
    return this.orders().filter(
      (o) => (account === undefined || o.account === account) && ((o.signalStatus === 'unknown' && o.reconciled === null) || open.has(o.id)),
    );
  }

  /** Unresolved alerts of `account` (oldest first). */
  alerts(account: JournalAccount = this.account): StoredAlert[] {
    return (
      this.db
        .prepare(`SELECT id, account, ts, kind, order_id AS orderId, message, resolved_ts AS resolvedTs, resolution FROM alerts
          WHERE account = ? AND resolved_ts IS NULL ORDER BY id`)
        .all(account) as (Omit<StoredAlert, 'orderId'> & { orderId: number | null })[]
    ).map(({ orderId, ...rest }) => ({ ...rest, ...(orderId !== null ? { orderId } : {}) }));
  }

  close(): void {
    this.rollbackStep();
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

/** The order fields a restart needs (JSON has no NaN: the fill price is left out). */
function orderRecord(order: Order): Record<string, unknown> {
  const { fillPrice: _fillPrice, ...rest } = order;
  return rest;
}

function parseOrder(json: string | null, row: { orderId: number; strategy: string; symbol: string; side: 'buy' | 'sell'; quantity: number; type?: string; submittedTs?: number; tag?: string | null }): Order {
  if (json !== null) {
    const parsed = JSON.parse(json) as Omit<Order, 'fillPrice'>;
    return { ...parsed, fillPrice: Number.NaN };
  }
  // A v1 row: what the columns hold.
  return {
    id: row.orderId,
    symbol: row.symbol,
    side: row.side,
    quantity: row.quantity,
    type: (row.type ?? 'market') as Order['type'],
    submittedTs: row.submittedTs ?? 0,
    strategy: row.strategy,
    status: 'pending',
    stopTriggered: false,
    filledQuantity: 0,
    fillPrice: Number.NaN,
    ...(row.tag !== null && row.tag !== undefined ? { tag: row.tag } : {}),
  };
}
