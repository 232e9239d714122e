import type { Database as SqliteDatabase } from 'better-sqlite3';
import { TRADE_STORE_SCHEMA } from './trade-store-schema.ts';

/**
 * Migrates a schema-1 store (no accounts, no attempts, no checkpoints) to schema 2 in one
 * transaction: tables whose constraints changed are rebuilt and their rows copied; v1 rows are
 * booked to the account their run had (`dry_run` runs to `dry_run`); v1 signal statuses map to v2
 * (`failed` → `rejected`; `sending` stays `sending`, i.e. outcome unknown after a crash).
 */
export function migrateV1(db: SqliteDatabase): void {
  db.pragma('foreign_keys = OFF');
  db.transaction(() => {
    for (const table of ['runs', 'orders', 'signals', 'fills', 'trades']) db.exec(`ALTER TABLE ${table} RENAME TO v1_${table}`);
    db.exec(TRADE_STORE_SCHEMA);
    db.exec(`INSERT INTO runs (run_id, started_ts, stopped_ts, dry_run, account, config_hash)
      SELECT run_id, started_ts, stopped_ts, dry_run, CASE dry_run WHEN 1 THEN 'dry_run' ELSE 'live' END, config_hash FROM v1_runs`);
    const account = "(SELECT CASE r.dry_run WHEN 1 THEN 'dry_run' ELSE 'live' END FROM v1_runs r WHERE r.run_id = t.run_id)";
    db.exec(`INSERT INTO orders (id, run_id, account, strategy, symbol, side, quantity, type, limit_price, stop_price, time_in_force, tag, submitted_ts,
        status, reason, ticker, signal_id, signal_json, signal_status, signal_http_status, signal_message, signal_attempts, fill_price, updated_ts)
      SELECT id, run_id, ${account}, strategy, symbol, side, quantity, type, limit_price, stop_price, time_in_force, tag, submitted_ts,
        status, reason, ticker, signal_id, signal_json, CASE signal_status WHEN 'failed' THEN 'rejected' ELSE signal_status END,
        signal_http_status, signal_message, signal_attempts, fill_price, updated_ts FROM v1_orders t`);
    db.exec(`INSERT INTO signals (signal_id, order_id, ok, outcome, http_status, message, attempts, ts)
      SELECT signal_id, order_id, ok, CASE ok WHEN 1 THEN 'acknowledged' ELSE 'rejected' END, http_status, message, attempts, ts FROM v1_signals`);
    db.exec(`INSERT INTO fills (id, order_id, run_id, account, strategy, symbol, side, quantity, price, ts, commission, tag, simulated)
      SELECT id, order_id, run_id, ${account}, strategy, symbol, side, quantity, price, ts, commission, tag, simulated FROM v1_fills t`);
    db.exec(`INSERT INTO trades (id, run_id, account, exit_order_id, strategy, symbol, direction, quantity, entry_ts, entry_price, exit_ts, exit_price,
        bars_held, gross_pnl, commission, net_pnl, entry_tag, exit_reason, meta_json)
      SELECT id, run_id, ${account}, exit_order_id, strategy, symbol, direction, quantity, entry_ts, entry_price, exit_ts, exit_price,
        bars_held, gross_pnl, commission, net_pnl, entry_tag, exit_reason, meta_json FROM v1_trades t`);
    for (const table of ['trades', 'fills', 'signals', 'orders', 'runs']) db.exec(`DROP TABLE v1_${table}`);
    db.prepare('UPDATE meta SET value = ? WHERE key = ?').run('2', 'schema_version');
  })();
  db.pragma('foreign_keys = ON');
}
