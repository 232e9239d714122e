import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { DEFAULT_SESSION, RooneyError, parseClockTime } from '@rooney/core';
import type { BackAdjustment, SessionSpec } from '@rooney/core';
import {
  BUILTIN_REFERENCE_SYMBOLS,
  BUILTIN_SYMBOLS,
  SYNTHETIC_DATASET_LABEL,
  SYNTHETIC_DATASET_VERSION,
  adjustQuantiacsRolls,
  generateSyntheticDataset,
  loadBarsFile,
  readArrowBars,
  writeArrowBars,
} from '@rooney/data';
import { stitchContinuous } from '@rooney/data';
import type { BarSeries, ContinuousContract, ContractRoll } from '@rooney/data';
import type { RooneyConfig } from '../config/schema.ts';
import { catalogWindow, loadCatalogMarketData } from './catalog-market-data.ts';

/** The bars a run starts from: each symbol's finest series as loaded. */
export interface MarketData {
  readonly series: Map<string, BarSeries>;
  /** `files`, a bar `catalog`, or the synthetic built-in dataset. */
  readonly source: 'files' | 'builtin' | 'catalog';
  /** Shown wherever results are shown (`synthetic (...)` for the built-in data). */
  readonly label: string;
  /** Symbols strategies trade when a config says `symbols: ['*']`. */
  readonly tradableSymbols: readonly string[];
  /** Rows skipped per symbol under `on_bad_row: skip`. */
  readonly skippedRows: Readonly<Record<string, number>>;
  /** The first skipped rows of each file (line, field, message), for the user to look at. */
  readonly skippedExamples?: readonly string[];
  /** Contract rolls of continuous series (stitched files and Quantiacs roll columns), per symbol. */
  readonly rolls: Readonly<Record<string, readonly ContractRoll[]>>;
  /** The files read (absolute paths), by the symbol they were loaded as; none for the built-in data (its version, span and seed define it). */
  readonly files?: readonly { readonly symbol: string; readonly path: string }[];
  /**
   * Continuous symbols: the contracts' own prices bar for bar with `series` (which may be
   * back-adjusted, for signals) and how `series` was adjusted from them. Backtests fill, mark and
   * book PnL on these prices and roll positions at `rolls`.
   */
  readonly held?: Readonly<Record<string, HeldPrices>>;
}

/** The contracts' own prices behind a continuous series, and the adjustment that made the series. */
export interface HeldPrices {
  readonly prices: BarSeries;
  readonly adjustment: BackAdjustment;
}

export interface MarketDataRequest {
  readonly config: RooneyConfig;
  /** Directory config paths are relative to. */
  readonly baseDir: string;
  /** `--data` flags: `PATH` or `SYMBOL=PATH`. */
  readonly dataFlags: readonly string[];
  /** Where the generated built-in dataset is cached as Arrow files. */
  readonly cacheDir: string;
  readonly session: SessionSpec;
  /** Told about slow one-off work (generating the built-in dataset). */
  readonly onNotice?: (message: string) => void;
  /** The run's window (`--start`/`--end`, epoch ms): a catalog reads only the months it (and the warm-up) needs. */
  readonly startTs?: number;
  readonly endTs?: number;
}

/**
 * The run's session a config describes: `data.session_start` in `data.session_timezone`; CME Globex
 * (17:00 America/Chicago, `DEFAULT_SESSION`) when neither is given. A config that gives only
 * `session_start` keeps its older meaning: the start in `data.timezone`.
 */
export function sessionOf(config: RooneyConfig): SessionSpec {
  const { session_start: start, session_timezone: zone, timezone } = config.data;
  if (start === undefined && zone === undefined) return DEFAULT_SESSION;
  return sessionSpec(
    start ?? '17:00',
    zone ?? (start !== undefined ? timezone : DEFAULT_SESSION.timeZone),
    zone !== undefined ? 'data.session_timezone' : 'data.timezone',
  );
}

/**
 * The session of `symbol`: its contract's `session_start` (in its `session_timezone`, else its
 * `time_zone`, else the run's zone) when the config gives one, else the run's session.
 */
export function contractSessionOf(config: RooneyConfig, symbol: string): SessionSpec {
  const run = sessionOf(config);
  const contract = config.contracts[symbol];
  if (contract?.session_start === undefined && contract?.session_timezone === undefined) return run;
  const zone = contract.session_timezone ?? contract.time_zone ?? run.timeZone;
  const start = contract.session_start ?? `${Math.floor(run.startMinutes / 60)}:${String(run.startMinutes % 60).padStart(2, '0')}`;
  return sessionSpec(start, zone, `contracts.${symbol}.session_timezone`);
}

function sessionSpec(start: string, timeZone: string, zoneKey: string): SessionSpec {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new RooneyError('bad_config', `${zoneKey}: "${timeZone}" is not an IANA time zone (e.g. America/Chicago)`, { field: zoneKey });
  }
  return { startMinutes: parseClockTime(start), timeZone };
}

/** Loads every data file named by `--data` flags or the config, or the built-in dataset. */
export function loadMarketData(request: MarketDataRequest): MarketData {
  const files = new Map<string, string>();
  for (const [symbol, path] of Object.entries(request.config.data.files ?? {})) {
    files.set(symbol, isAbsolute(path) ? path : resolve(request.baseDir, path));
  }
  for (const flag of request.dataFlags) {
    const match = /^([A-Za-z0-9_.]+)=(.+)$/.exec(flag);
    if (match !== null) files.set(match[1], resolve(match[2]));
    else files.set('', resolve(flag));
  }
  const continuous = request.config.data.continuous ?? {};
  const fromCatalog =
    request.config.data.catalog === undefined
      ? undefined
      : loadCatalogMarketData({ config: request.config, baseDir: request.baseDir, session: request.session, ...catalogWindow(request.config, request.startTs, request.endTs) });
  for (const name of fromCatalog?.series.keys() ?? []) {
    if (continuous[name] !== undefined || files.has(name)) throw new RooneyError('duplicate_symbol', `${name} comes both from data.catalog and from a data file`, { field: 'data.symbols' });
  }
  if (files.size === 0 && Object.keys(continuous).length === 0 && fromCatalog === undefined) return loadBuiltin(request);
  const series = new Map<string, BarSeries>(fromCatalog?.series);
  const skippedRows: Record<string, number> = {};
  const rolls: Record<string, ContractRoll[]> = { ...fromCatalog?.rolls };
  const held: Record<string, HeldPrices> = {};
  const skippedExamples: string[] = [];
  // Date-only rows are stamped at the close of their symbol's session (its contract's, if it has one).
  const sessionFor = (symbol: string): SessionSpec => (symbol === '' ? request.session : contractSessionOf(request.config, symbol));
  const read: { symbol: string; path: string }[] = [];
  for (const [symbol, spec] of Object.entries(continuous)) {
    const session = sessionFor(symbol);
    const loadOptions = { onBadRow: request.config.data.on_bad_row, session, timeZone: request.config.data.timezone };
    const contracts: ContinuousContract[] = spec.contracts.map((contract) => {
      const path = isAbsolute(contract.file) ? contract.file : resolve(request.baseDir, contract.file);
      if (!existsSync(path)) throw new RooneyError('missing_file', 'contract file not found', { file: path });
      const loaded = loadBarsFile(path, { ...loadOptions, ...(contract.symbol !== undefined ? { symbol: contract.symbol } : {}) });
      read.push({ symbol, path });
      return { symbol: loaded.series.symbol, expiry: Date.parse(`${contract.expiry}T23:59:59Z`), series: loaded.series };
    });
    const stitched = stitchContinuous(contracts, spec.roll, { adjust: spec.adjust, session, symbol });
    series.set(symbol, stitched.series);
    rolls[symbol] = [...stitched.rolls];
    held[symbol] = { prices: stitched.prices, adjustment: stitched.adjustment };
    files.set(symbol, spec.contracts.map((c) => c.file).join('+'));
  }
  for (const [symbol, path] of files) {
    if (continuous[symbol] !== undefined) continue;
    if (!existsSync(path)) throw new RooneyError('missing_file', 'data file not found', { file: path });
    const result = loadBarsFile(path, {
      ...(symbol !== '' ? { symbol } : {}),
      onBadRow: request.config.data.on_bad_row,
      session: sessionFor(symbol),
      timeZone: request.config.data.timezone,
    });
    const rinfo = result.extras.RINFO;
    const rollFlag = result.extras.R ?? result.extras.P;
    const adjust = request.config.data.roll_adjust;
    let loaded = result.series;
    if (rinfo !== undefined && rollFlag !== undefined) {
      // Signals read the adjusted series; fills and PnL the contract held each day (the file's prices).
      const adjusted = adjustQuantiacsRolls(result.series, rinfo, rollFlag, adjust);
      loaded = adjusted.series;
      rolls[loaded.symbol] = [...adjusted.rolls];
      held[loaded.symbol] = { prices: adjusted.prices, adjustment: adjusted.adjustment };
    }
    if (series.has(loaded.symbol)) {
      throw new RooneyError('duplicate_symbol', `two data files for symbol ${loaded.symbol}`, { file: path });
    }
    series.set(loaded.symbol, loaded);
    read.push({ symbol: loaded.symbol, path });
    if (result.skipped.count > 0) {
      skippedRows[loaded.symbol] = result.skipped.count;
      for (const row of result.skipped.first) skippedExamples.push(`${basename(path)}, line ${row.line}, field "${row.field}": ${row.message}`);
    }
  }
  return {
    series,
    source: fromCatalog !== undefined && files.size === 0 ? 'catalog' : 'files',
    label: [...(fromCatalog !== undefined ? [fromCatalog.label] : []), ...[...files.values()].map((path) => basename(path))].join(', '),
    tradableSymbols: [...series.keys()],
    skippedRows,
    skippedExamples,
    rolls,
    held,
    files: read,
  };
}

function loadBuiltin(request: MarketDataRequest): MarketData {
  const { start, days, seed } = request.config.data.builtin;
  const dir = join(request.cacheDir, `builtin-v${SYNTHETIC_DATASET_VERSION}-${start}-${days}d-seed${seed}`);
  const symbols = [...BUILTIN_SYMBOLS, ...BUILTIN_REFERENCE_SYMBOLS];
  const series = new Map<string, BarSeries>();
  const complete = (): boolean => existsSync(dir) && symbols.every((symbol) => existsSync(join(dir, `${symbol}.arrow`)));
  if (complete()) {
    for (const symbol of symbols) series.set(symbol, readArrowBars(join(dir, `${symbol}.arrow`)));
  } else {
    request.onNotice?.(`generating the built-in dataset (synthetic, ${days} days from ${start}, seed ${seed}) into ${dir}; later runs read it from there`);
    const generated = generateSyntheticDataset({ symbols, start, days, seed });
    for (const [symbol, bars] of generated) series.set(symbol, bars);
    // A directory without every file was damaged by hand: replace it (unless another process has
    // published a complete one meanwhile).
    if (existsSync(dir) && !complete()) rmSync(dir, { recursive: true, force: true });
    publishDataset(dir, generated);
  }
  return {
    series,
    source: 'builtin',
    label: SYNTHETIC_DATASET_LABEL,
    tradableSymbols: [...BUILTIN_SYMBOLS],
    skippedRows: {},
    rolls: {},
  };
}

/**
 * Writes a generated dataset into the cache so that readers only ever see a complete directory:
 * the files go to a staging directory private to this process (`DIR.partial-PID`), which is then
 * renamed to `DIR` in one step. When another process (a parallel sweep shard, another terminal)
 * published the same dataset first, the staging copy is dropped: both are identical, as generation
 * is seeded. A crashed run leaves only a `.partial-*` directory, never a half-written `DIR`.
 */
function publishDataset(dir: string, generated: ReadonlyMap<string, BarSeries>): void {
  const staging = `${dir}${PARTIAL_MARKER}${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const [symbol, bars] of generated) writeArrowBars(join(staging, `${symbol}.arrow`), bars);
  try {
    if (!existsSync(dir)) renameSync(staging, dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Lost the race to another process: its directory is complete (it was renamed whole).
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Marks a cache directory still being written: `NAME.partial-PID`. */
export const PARTIAL_MARKER = '.partial-';
