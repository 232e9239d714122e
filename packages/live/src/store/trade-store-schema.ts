/** The trade store's tables (schema version 2). */
export const TRADE_STORE_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  started_ts INTEGER NOT NULL,
  stopped_ts INTEGER,
  dry_run INTEGER NOT NULL CHECK (dry_run IN (0, 1)),
  account TEXT NOT NULL DEFAULT 'live' CHECK (account IN ('live', 'dry_run')),
  config_hash TEXT
);
CREATE TABLE IF NOT EXISTS orders (
  id INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  account TEXT NOT NULL DEFAULT 'live' CHECK (account IN ('live', 'dry_run')),
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
  signal_status TEXT CHECK (signal_status IN ('intent', 'sending', 'acknowledged', 'rejected', 'not_sent', 'unknown')),
  signal_http_status INTEGER,
  signal_message TEXT,
  signal_attempts INTEGER,
  fill_price REAL,
  order_json TEXT,
  cancel_signal_id TEXT,
  cancel_signal_json TEXT,
  cancel_status TEXT CHECK (cancel_status IN ('intent', 'sending', 'acknowledged', 'rejected', 'not_sent', 'unknown')),
  reconciled TEXT CHECK (reconciled IN ('filled', 'not_filled')),
  reconciled_ts INTEGER,
  reconciled_note TEXT,
  updated_ts INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS attempts (
  signal_id TEXT NOT NULL,
  attempt INTEGER NOT NULL CHECK (attempt > 0),
  order_id INTEGER NOT NULL REFERENCES orders(id),
  started_ts INTEGER NOT NULL,
  ended_ts INTEGER,
  outcome TEXT CHECK (outcome IN ('acknowledged', 'rejected', 'not_sent', 'unknown', 'rate_limited')),
  http_status INTEGER,
  message TEXT,
  PRIMARY KEY (signal_id, attempt)
);
CREATE TABLE IF NOT EXISTS signals (
  signal_id TEXT PRIMARY KEY,
  order_id INTEGER NOT NULL REFERENCES orders(id),
  ok INTEGER NOT NULL CHECK (ok IN (0, 1)),
  outcome TEXT,
  http_status INTEGER,
  message TEXT,
  attempts INTEGER NOT NULL,
  ts INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS fills (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  order_id INTEGER NOT NULL UNIQUE REFERENCES orders(id),
  run_id TEXT NOT NULL,
  account TEXT NOT NULL DEFAULT 'live' CHECK (account IN ('live', 'dry_run')),
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
  account TEXT NOT NULL DEFAULT 'live' CHECK (account IN ('live', 'dry_run')),
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
CREATE TABLE IF NOT EXISTS checkpoints (
  account TEXT PRIMARY KEY CHECK (account IN ('live', 'dry_run')),
  step_ts INTEGER NOT NULL,
  session_start_ts INTEGER NOT NULL,
  session_start_equity REAL NOT NULL,
  gate_json TEXT,
  run_id TEXT NOT NULL,
  updated_ts INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  account TEXT NOT NULL CHECK (account IN ('live', 'dry_run')),
  run_id TEXT NOT NULL,
  ts INTEGER NOT NULL,
  kind TEXT NOT NULL,
  order_id INTEGER,
  message TEXT NOT NULL,
  resolved_ts INTEGER,
  resolution TEXT
);
CREATE INDEX IF NOT EXISTS orders_open ON orders (account, status);
CREATE INDEX IF NOT EXISTS fills_account ON fills (account, id);
`;
