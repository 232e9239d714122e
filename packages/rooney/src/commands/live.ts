import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { MINUTE_MS, RooneyError, Rng } from '@rooney/core';
import type { Strategy } from '@rooney/core';
import { BarSeries } from '@rooney/data';
import {
  DEFAULT_MAX_MOVE_PCT,
  DryRunRouter,
  GracefulShutdown,
  JsonLineLogger,
  LiveRun,
  Secret,
  TradersPostClient,
  WallClock,
  cmeGlobexIsOpen,
  gatewayHost,
  journalLines,
  runPreflight,
  summarizeJournal,
} from '@rooney/live';
import type { LiveClock, Logger, PreflightCheck, PreflightReport, SignalSource } from '@rooney/live';
import type { SignalScorer } from '@rooney/strategies';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { sessionOf } from '../backtest/market-data.ts';
import type { MarketData } from '../backtest/market-data.ts';
import { buildStrategies, contractsFor, coordinatorFor } from '../backtest/run-backtest-job.ts';
import type { BacktestJob } from '../backtest/run-backtest-job.ts';
import { configHash, validateConfig } from '../config/load-config.ts';
import type { RooneyConfig } from '../config/schema.ts';
import { preflightVetoModels } from '../ml/veto-models.ts';

const liveSymbol = z.union([
  z.string().min(1).transform((databento) => ({ databento })),
  z.object({ databento: z.string().min(1), ticker: z.string().min(1).optional() }).strict(),
]);

/** The `live:` section of a config file (the rest is the backtest config: strategies, contracts, portfolio, session). */
export const liveSchema = z
  .object({
    dataset: z.string().min(1).default('GLBX.MDP3'),
    /** Names of the environment variables holding the secrets (never the secrets themselves). */
    api_key_env: z.string().min(1).default('DATABENTO_API_KEY'),
    webhook_url_env: z.string().min(1).default('TRADERSPOST_WEBHOOK_URL'),
    host: z.string().min(1).optional(),
    port: z.number().int().positive().default(13000),
    stype_in: z.enum(['continuous', 'raw_symbol', 'parent']).default('continuous'),
    /** Rooney symbol → Databento symbol (`ES: ES.c.0`) or `{ databento, ticker }`. */
    symbols: z.record(z.string(), liveSymbol).refine((s) => Object.keys(s).length > 0, 'needs at least one symbol'),
    heartbeat_interval_s: z.number().int().min(5).max(1800).default(30),
    compression: z.enum(['none', 'zstd']).default('none'),
    replay_on_reconnect: z.boolean().default(true),
    warmup_minutes: z.number().int().min(0).max(1440).default(0),
    /**
     * Days of 1-minute bars downloaded from Databento's historical API before going live (0 = off):
     * strategies warm up on them (orders refused), then the live feed replays from where they end.
     */
    history_days: z.number().int().min(0).max(366).default(0),
    /** Historical API base URL (default `https://hist.databento.com`; plain http only on loopback). */
    historical_url: z.url().optional(),
    /** Trade store file, relative to the config file. */
    store: z.string().min(1).default('live/rooney-live.sqlite'),
    status_interval_s: z.number().positive().default(60),
    stale_after_s: z.number().positive().default(180),
    /** When bars are expected (for the stale-data alarm). */
    market_hours: z.enum(['cme_globex', 'always']).default('cme_globex'),
    bar_grace_ms: z.number().int().min(0).default(5000),
    /**
     * Price band of the feed's bar checks, percent: a bar with a price this far from the last close
     * is quarantined (the feed reconnects and replays it); the same bar three times is rejected.
     */
    max_move_pct: z.number().positive().default(DEFAULT_MAX_MOVE_PCT),
    /** Bars kept per series for strategies to read (at least the warm-up history, so none of it is dropped). */
    history_bars: z.number().int().min(16).default(10_000),
    /**
     * An entry sent without a clear answer (5xx, timeout, reset after sending) is never re-sent:
     * `assume_open` treats it as working (the position possibly open) until reconciled;
     * `halt_entries` also refuses every new entry until then. Exits are re-sent either way.
     */
    unknown_outcome: z.enum(['assume_open', 'halt_entries']).default('assume_open'),
    /** First delay before reconnecting to the gateway, doubled per failed attempt up to 30 s. */
    reconnect_delay_ms: z.number().int().min(1).max(60_000).default(1000),
    /** Seconds a webhook request may take before its outcome counts as unknown (an entry is then never re-sent). */
    webhook_timeout_s: z.number().positive().max(300).default(10),
    /** Attempts per webhook signal where a retry is safe (not sent, 429; exits also after an unknown outcome). */
    webhook_max_attempts: z.number().int().min(1).max(10).default(3),
    /** After a restart, bars since the journal's last step are traded (orders sent late) only within this many minutes. */
    max_catch_up_minutes: z.number().int().min(0).max(1440).default(60),
    /** Status JSON rewritten atomically at every heartbeat (relative to the config file); `rooney live status` reads it. */
    heartbeat_file: z.string().min(1).default('live/heartbeat.json'),
  })
  .strict()
  .superRefine((live, context) => {
    if (live.history_days > 0 && live.warmup_minutes > 0) {
      context.addIssue({ code: 'custom', path: ['history_days'], message: `history_days (${live.history_days}) and warmup_minutes (${live.warmup_minutes}) are two warm-ups: use one` });
    }
  });

export type LiveConfig = z.infer<typeof liveSchema>;

/** Reads a config file with a `live:` section; errors name the file and the key path. */
export function loadLiveConfigFile(file: string): { config: RooneyConfig; live: LiveConfig } {
  let tree: unknown;
  try {
    tree = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new RooneyError('bad_config', `cannot read the config: ${(error as Error).message.split('\n')[0]}`, { file });
  }
  if (tree === null || typeof tree !== 'object' || !('live' in tree)) {
    throw new RooneyError('bad_config', 'live: section missing (dataset, symbols, …)', { file, field: 'live' });
  }
  const { live, ...rest } = tree as Record<string, unknown>;
  const parsed = liveSchema.safeParse(live);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['live', ...issue.path.map(String)].join('.');
    const detail = issue.code === 'unrecognized_keys' ? `unknown key(s) ${issue.keys.join(', ')}` : issue.message;
    throw new RooneyError('bad_config', `${path}: ${detail}`, { file, field: path });
  }
  return { config: validateConfig(rest, file), live: parsed.data };
}

export interface LiveCommandFlags {
  readonly config: string;
  readonly dryRun?: boolean;
  readonly preflightOnly?: boolean;
  /** Overrides `live.heartbeat_file` (the status JSON rewritten at every heartbeat). */
  readonly heartbeatFile?: string;
}

/** What `runLive` needs from the outside world (the process, by default). */
export interface LiveEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: LiveClock;
  /** Log lines (JSON) go here. */
  readonly writeLog: (line: string) => void;
  /** Human lines (the preflight table) go here. */
  readonly writeText: (line: string) => void;
  readonly signals?: SignalSource;
  readonly exit: (code: number) => void;
}

/** A started live command: the strategies, the run, its shutdown, and the preflight it passed. */
export interface LiveHandle {
  /** The config's strategies as `buildStrategies` made them (with the veto scorers when `ml.enabled`). */
  readonly strategies: readonly Strategy[];
  readonly run: LiveRun | undefined;
  readonly shutdown: GracefulShutdown | undefined;
  readonly preflight: PreflightReport;
}

function printPreflight(report: PreflightReport, write: (line: string) => void): void {
  for (const check of report.checks) write(`preflight ${check.level.padEnd(4)} ${check.name}: ${check.detail}`);
}

/**
 * The live symbols as the `MarketData` the backtest's builders read: one 1-minute series per symbol
 * (empty: live bars arrive later), every symbol tradable (`symbols: ['*']` means all of
 * `live.symbols`). Only `series` (bar sizes) and `tradableSymbols` are read; `source` and `label`
 * are for reports.
 */
function liveMarketData(symbols: readonly string[], dataset: string): MarketData {
  return {
    series: new Map(symbols.map((symbol) => [symbol, BarSeries.empty(symbol, MINUTE_MS)])),
    source: 'files',
    label: `live ${dataset}`,
    tradableSymbols: symbols,
    skippedRows: {},
    rolls: {},
  };
}

/** Every symbol a strategy names must be one that `live.symbols` maps to a Databento symbol. */
function checkStrategySymbols(config: RooneyConfig, symbols: readonly string[]): void {
  config.strategies.forEach((instance, i) => {
    const missing = instance.symbols.filter((s) => s !== '*' && !symbols.includes(s));
    if (missing.length > 0) {
      throw new RooneyError('bad_config', `strategies[${i}] (${instance.name}) trades ${missing.join(', ')}, which live.symbols does not map to a Databento symbol`);
    }
  });
}

type Scorers = ReadonlyMap<string, ReadonlyMap<string, SignalScorer>>;

/**
 * The ML veto's models, loaded by the backtest's `preflightVetoModels` (the bundles each IBS
 * strategy needs: features and the quality gate checked), as live preflight checks. A model that
 * cannot be loaded is a failed check (the run does not start), never a silently disabled veto.
 */
function vetoModels(config: RooneyConfig, baseDir: string, job: BacktestJob): { scorers: Scorers | undefined; checks: PreflightCheck[] } {
  if (config.ml?.enabled !== true) return { scorers: undefined, checks: [] };
  try {
    const veto = preflightVetoModels(config, baseDir, job);
    const checks: PreflightCheck[] = veto.checks.map((c) => ({
      name: `model ${c.strategy}/${c.symbol}`,
      level: 'ok',
      detail: `${c.file}: ${c.features} features, threshold ${c.threshold.toFixed(3)}, trained on ${c.trainedOn ?? 'unknown data'}, ${c.deployability.replace('_', ' ')}`,
    }));
    if (config.ml.walk_forward) {
      checks.push({ name: 'ml walk_forward', level: 'warn', detail: 'each signal is scored by the model whose window contains it: signals after the last window are vetoed' });
    }
    return { scorers: veto.scorers, checks };
  } catch (error) {
    if (!(error instanceof RooneyError)) throw error;
    return { scorers: undefined, checks: [{ name: 'ml models', level: 'fail', detail: error.message }] };
  }
}

/**
 * `rooney live`: preflight, then a live run of the config's strategies on Databento 1-minute bars,
 * signals to TradersPost (or logged with `--dry-run`), until SIGINT/SIGTERM.
 */
export async function runLive(flags: LiveCommandFlags, io: LiveEnvironment): Promise<LiveHandle> {
  const file = resolve(flags.config);
  const baseDir = dirname(file);
  const { config, live } = loadLiveConfigFile(file);
  const symbols = Object.keys(live.symbols);
  checkStrategySymbols(config, symbols);
  // The backtest's builders, on the live symbols: the same strategies, with the same veto scorers.
  const data = liveMarketData(symbols, live.dataset);
  const veto = vetoModels(config, baseDir, { config, data });
  const strategies = buildStrategies(config, data, veto.scorers === undefined ? {} : { scorers: veto.scorers });
  const dryRun = flags.dryRun === true;
  const storePath = isAbsolute(live.store) ? live.store : resolve(baseDir, live.store);
  const heartbeatFile = flags.heartbeatFile ?? (isAbsolute(live.heartbeat_file) ? live.heartbeat_file : resolve(baseDir, live.heartbeat_file));
  const expectedStrategies: Record<string, string[]> = {};
  for (const strategy of strategies) expectedStrategies[strategy.name] = [...new Set(strategy.subscriptions().filter((s) => (s.role ?? 'trade') === 'trade').map((s) => s.symbol))];
  const host = live.host ?? gatewayHost(live.dataset);
  const preflight = await runPreflight({
    env: io.env,
    clock: io.clock,
    requiredEnv: dryRun ? [live.api_key_env] : [live.api_key_env, live.webhook_url_env],
    databento: { host, port: live.port, dataset: live.dataset, apiKeyEnv: live.api_key_env },
    ...(live.history_days > 0
      ? { databentoHistorical: { dataset: live.dataset, apiKeyEnv: live.api_key_env, ...(live.historical_url !== undefined ? { baseUrl: live.historical_url } : {}) } }
      : {}),
    ...(dryRun ? {} : { traderspost: { urlEnv: live.webhook_url_env } }),
    checks: veto.checks,
    storePath,
    storeAccount: dryRun ? 'dry_run' : 'live',
    expected: { strategies: expectedStrategies },
  });
  printPreflight(preflight, io.writeText);
  if (!preflight.ok) throw new RooneyError('preflight_failed', 'preflight failed: see the checks above');
  if (flags.preflightOnly === true) return { strategies, run: undefined, shutdown: undefined, preflight };

  const apiKey = Secret.fromEnv(io.env, live.api_key_env);
  const webhook = dryRun ? undefined : Secret.fromEnv(io.env, live.webhook_url_env);
  const logger: Logger = new JsonLineLogger({ write: io.writeLog, now: () => io.clock.now(), secrets: webhook === undefined ? [apiKey] : [apiKey, webhook] });
  const gate = coordinatorFor(config);
  const startTs = io.clock.now();
  const jitter = new Rng(startTs);
  const run = await LiveRun.start({
    runId: `live-${new Date(startTs).toISOString().replace(/[-:.]/g, '')}`,
    dryRun,
    strategies,
    symbols: live.symbols,
    databento: {
      apiKey,
      dataset: live.dataset,
      stypeIn: live.stype_in,
      host,
      port: live.port,
      heartbeatIntervalS: live.heartbeat_interval_s,
      compression: live.compression,
      replayOnReconnect: live.replay_on_reconnect,
      warmupMinutes: live.warmup_minutes,
      historyDays: live.history_days,
      ...(live.historical_url !== undefined ? { historicalUrl: live.historical_url } : {}),
      maxMovePct: live.max_move_pct,
      reconnect: { jitter: () => jitter.next(), initialDelayMs: live.reconnect_delay_ms },
    },
    router: webhook === undefined ? new DryRunRouter(logger) : new TradersPostClient({ webhookUrl: webhook, clock: io.clock, logger, timeoutMs: live.webhook_timeout_s * 1000, maxAttempts: live.webhook_max_attempts }),
    startingCash: config.starting_cash,
    contracts: contractsFor(config, symbols),
    slippageTicks: config.slippage_ticks,
    marginCheck: config.margin_check,
    session: sessionOf(config),
    ...(gate !== undefined ? { gate } : {}),
    storePath,
    configHash: configHash({ ...config, live }),
    heartbeat: {
      intervalMs: live.status_interval_s * 1000,
      staleAfterMs: live.stale_after_s * 1000,
      file: heartbeatFile,
      ...(live.market_hours === 'cme_globex' ? { expectData: cmeGlobexIsOpen } : {}),
    },
    unknownOutcome: live.unknown_outcome,
    maxCatchUpMinutes: live.max_catch_up_minutes,
    clock: io.clock,
    logger,
    // Keep at least the whole warm-up history of minute bars readable (plus a day of live bars).
    historyBars: Math.max(live.history_bars, (live.history_days + 1) * 1440),
    barGraceMs: live.bar_grace_ms,
  });
  if (run.restored !== undefined) {
    for (const line of journalLines(summarizeJournal(run.restored), io.clock.now())) io.writeText(`restore ${line}`);
  }
  const shutdown = new GracefulShutdown({ steps: run.shutdownSteps(), logger, exit: io.exit });
  if (io.signals !== undefined) shutdown.install(io.signals);
  void run.finished.then(async (reason) => {
    if (shutdown.stopping) return;
    logger.log('error', 'live_run_ended', { reason });
    await shutdown.run(reason);
    io.exit(1);
  });
  return { strategies, run, shutdown, preflight };
}
