import { z } from 'zod';

const contractOverride = z
  .object({
    multiplier: z.number().positive().optional(),
    tick_size: z.number().positive().optional(),
    commission: z.number().nonnegative().optional(),
    margin: z.number().nonnegative().optional(),
    currency: z.string().optional(),
    time_zone: z.string().optional(),
    /** The contract's own session start (daily bars, `day` orders), when its exchange day differs from `data.session_start`. */
    session_start: z.string().regex(/^\d{1,2}:\d{2}$/, 'must look like "17:00"').optional(),
    /** Time zone of `session_start` (default: the contract's `time_zone`, else the run's session time zone). */
    session_timezone: z.string().optional(),
    /** Per-symbol overrides of strategy params: `{ <strategy name>: { param: value } }` or flat params. */
    strategy_overrides: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const continuousContract = z
  .object({
    file: z.string(),
    /** Contract code, e.g. ESH4 (default: from the file name). */
    symbol: z.string().optional(),
    /** Last trading day, YYYY-MM-DD. */
    expiry: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2024-03-15'),
  })
  .strict();

const continuousSeries = z
  .object({
    contracts: z.array(continuousContract).min(1),
    roll: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('days_before_expiry'), days: z.number().int().nonnegative() }).strict(),
        z.object({ kind: z.literal('volume') }).strict(),
        z.object({ kind: z.literal('open_interest') }).strict(),
      ])
      .default({ kind: 'days_before_expiry', days: 5 }),
    adjust: z.enum(['none', 'difference', 'ratio']).default('difference'),
  })
  .strict();

/** A bar catalog written by `rooney data fetch` / `rooney data catalog import`, and how to build continuous series from it. */
const catalogSource = z
  .object({
    dir: z.string().min(1),
    /** Needed when the catalog holds several datasets (e.g. `GLBX.MDP3`). */
    dataset: z.string().min(1).optional(),
    /** Needed when it holds several schemas (e.g. `ohlcv-1m`). */
    schema: z.string().min(1).optional(),
    roll: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('days_before_expiry'), days: z.number().int().nonnegative() }).strict(),
        z.object({ kind: z.literal('volume') }).strict(),
      ])
      .default({ kind: 'days_before_expiry', days: 5 }),
    adjust: z.enum(['none', 'difference', 'ratio']).default('difference'),
  })
  .strict();

const strategyInstance = z
  .object({
    name: z.string().min(1),
    /** Which implementation; defaults to `name` (`ibs`, `donchian`, `rsi2`). */
    type: z.string().min(1).optional(),
    symbols: z.array(z.string().min(1)).min(1),
    params: z.record(z.string(), z.unknown()).default({}),
    /**
     * Capital weight of the instance: its position size (`params.size`, default 1) is multiplied by
     * it and rounded to whole contracts; 0 switches the instance off.
     */
    weight: z.number().nonnegative().default(1),
  })
  .strict();

const clockTime = z.string().regex(/^\d{1,2}:\d{2}$/, 'must look like "23:00"');

/** The YAML config, in the seed system's shape (snake_case keys). */
export const configSchema = z
  .object({
    data: z
      .object({
        /** Symbol → file path (CSV, CSV.gz, Arrow, DBN), relative to the config file. */
        files: z.record(z.string(), z.string()).optional(),
        /** Symbol → per-contract files stitched into one continuous series by a roll rule. */
        continuous: z.record(z.string(), continuousSeries).optional(),
        /** A bar catalog directory (or `{ dir, dataset, schema, roll, adjust }`); runs read only the months of their window. */
        catalog: z.union([z.string().min(1), catalogSource]).optional(),
        /** Catalog symbols to load: `[ES.c.0, NQ.c.0]` (loaded as ES, NQ) or `{ ES: ES.c.0 }`. Default: every continuous symbol stored. */
        symbols: z.union([z.array(z.string().min(1)).min(1), z.record(z.string(), z.string().min(1))]).optional(),
        /** Bar size of the files (`1m`, `1h`, `1d`); inferred from the data when omitted. */
        timeframe: z.string().optional(),
        /**
         * Where the trading day starts (daily bars, day orders, the daily stop, session counts),
         * in `session_timezone`. Default with neither given: CME Globex, 17:00 America/Chicago.
         */
        session_start: clockTime.optional(),
        /** Time zone of `session_start` (default America/Chicago; `timezone` when only `session_start` is given). */
        session_timezone: z.string().optional(),
        /** Time zone of naive timestamps in data files. */
        timezone: z.string().default('UTC'),
        /** Built-in synthetic dataset used when no files are given. */
        builtin: z
          .object({
            start: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('2023-01-02'),
            days: z.number().int().positive().default(365),
            seed: z.number().int().default(1),
          })
          .strict()
          .default({ start: '2023-01-02', days: 365, seed: 1 }),
        on_bad_row: z.enum(['error', 'skip']).default('error'),
        /** Back-adjustment of files with roll columns (Quantiacs `RINFO`): none, difference or ratio. */
        roll_adjust: z.enum(['none', 'difference', 'ratio']).default('ratio'),
        start: z.string().optional(),
        end: z.string().optional(),
        /** Calendar days of data before `start` fed to strategies and indicators without trading. */
        warmup_days: z.number().int().nonnegative().default(100),
      })
      .strict()
      .default({
        timezone: 'UTC',
        builtin: { start: '2023-01-02', days: 365, seed: 1 },
        on_bad_row: 'error',
        roll_adjust: 'ratio',
        warmup_days: 100,
      }),
    starting_cash: z.number().positive().default(250_000),
    slippage_ticks: z.number().nonnegative().default(0),
    /** Refuse entries whose initial margin (contract specs) would exceed equity. */
    margin_check: z.boolean().default(true),
    contracts: z.record(z.string(), contractOverride).default({}),
    strategies: z
      .array(strategyInstance)
      .min(1)
      .default([{ name: 'ibs', symbols: ['*'], params: {}, weight: 1 }]),
    portfolio: z
      .object({
        max_positions: z.number().int().positive().default(2),
        daily_stop: z.number().positive().default(2500),
        /** May a strategy add to its own open position (same slot)? Off: a symbol is never entered twice. */
        allow_adds: z.boolean().default(false),
        enabled: z.boolean().default(true),
      })
      .strict()
      .optional(),
    /** Pair map overrides for pair features: `{ ES: NQ, ... }`. */
    pairs: z.record(z.string(), z.string()).optional(),
    /** The backtest report: `benchmark` is `buy_and_hold` (default), `none`, a loaded symbol or a bar file. */
    report: z.object({ benchmark: z.string().min(1).default('buy_and_hold') }).strict().optional(),
    ml: z
      .object({
        enabled: z.boolean().default(false),
        models_path: z.string().optional(),
        threshold_override: z.number().min(0).max(1).optional(),
        /** Use the walk-forward models of `rooney train --walk-forward` (each signal scored by a model trained before it). */
        walk_forward: z.boolean().default(false),
        /** Use models the quality gate wrote as not deployable (their test AUC does not beat chance). */
        allow_undeployable: z.boolean().default(false),
        /** A run fails when the veto blocks at least this share of all signals. */
        max_vetoed_share: z.number().min(0).max(1).default(0.98),
        /** A run fails when a model cannot score (features undefined) more than this share of a symbol's signals. */
        max_undefined_share: z.number().min(0).max(1).default(0.5),
      })
      .strict()
      .optional(),
  })
  .strict();

export type RooneyConfig = z.infer<typeof configSchema>;
export type StrategyInstanceConfig = z.infer<typeof strategyInstance>;
export type ContractOverrideConfig = z.infer<typeof contractOverride>;
export type CatalogSourceConfig = z.infer<typeof catalogSource>;
