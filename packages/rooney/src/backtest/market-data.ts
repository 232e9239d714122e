import { existsSync, mkdirSync, readdirSync, renameSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { RooneyError, parseClockTime } from '@rooney/core';
import type { SessionSpec } from '@rooney/core';
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

/** The bars a run starts from: each symbol's finest series as loaded. */
export interface MarketData {
  readonly series: Map<string, BarSeries>;
  /** `files`, or the synthetic built-in dataset. */
  readonly source: 'files' | 'builtin';
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
}

/** The session a config describes. */
export function sessionOf(config: RooneyConfig): SessionSpec {
  return { startMinutes: parseClockTime(config.data.session_start), timeZone: config.data.timezone };
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
  if (files.size === 0 && Object.keys(continuous).length === 0) return loadBuiltin(request);
  const series = new Map<string, BarSeries>();
  const skippedRows: Record<string, number> = {};
  const rolls: Record<string, ContractRoll[]> = {};
  const skippedExamples: string[] = [];
  const read: { symbol: string; path: string }[] = [];
  const loadOptions = {
    onBadRow: request.config.data.on_bad_row,
    session: request.session,
    timeZone: request.config.data.timezone,
  };
  for (const [symbol, spec] of Object.entries(continuous)) {
    const contracts: ContinuousContract[] = spec.contracts.map((contract) => {
      const path = isAbsolute(contract.file) ? contract.file : resolve(request.baseDir, contract.file);
      if (!existsSync(path)) throw new RooneyError('missing_file', 'contract file not found', { file: path });
      const loaded = loadBarsFile(path, { ...loadOptions, ...(contract.symbol !== undefined ? { symbol: contract.symbol } : {}) });
      read.push({ symbol, path });
      return { symbol: loaded.series.symbol, expiry: Date.parse(`${contract.expiry}T23:59:59Z`), series: loaded.series };
    });
    const stitched = stitchContinuous(contracts, spec.roll, { adjust: spec.adjust, session: request.session, symbol });
    series.set(symbol, stitched.series);
    rolls[symbol] = [...stitched.rolls];
    files.set(symbol, spec.contracts.map((c) => c.file).join('+'));
  }
  for (const [symbol, path] of files) {
    if (continuous[symbol] !== undefined) continue;
    if (!existsSync(path)) throw new RooneyError('missing_file', 'data file not found', { file: path });
    const result = loadBarsFile(path, {
      ...(symbol !== '' ? { symbol } : {}),
      onBadRow: request.config.data.on_bad_row,
      session: request.session,
      timeZone: request.config.data.timezone,
    });
    const rinfo = result.extras.RINFO;
    const rollFlag = result.extras.R ?? result.extras.P;
    const adjust = request.config.data.roll_adjust;
    let loaded = result.series;
    if (rinfo !== undefined && rollFlag !== undefined && adjust !== 'none') {
      const adjusted = adjustQuantiacsRolls(result.series, rinfo, rollFlag, adjust);
      loaded = adjusted.series;
      rolls[loaded.symbol] = [...adjusted.rolls];
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
    source: 'files',
    label: [...files.values()].map((path) => basename(path)).join(', '),
    tradableSymbols: [...series.keys()],
    skippedRows,
    skippedExamples,
    rolls,
    files: read,
  };
}

function loadBuiltin(request: MarketDataRequest): MarketData {
  const { start, days, seed } = request.config.data.builtin;
  const dir = join(request.cacheDir, `builtin-v${SYNTHETIC_DATASET_VERSION}-${start}-${days}d-seed${seed}`);
  const symbols = [...BUILTIN_SYMBOLS, ...BUILTIN_REFERENCE_SYMBOLS];
  const series = new Map<string, BarSeries>();
  const cached = existsSync(dir) && symbols.every((symbol) => existsSync(join(dir, `${symbol}.arrow`)));
  if (cached) {
    for (const symbol of symbols) series.set(symbol, readArrowBars(join(dir, `${symbol}.arrow`)));
  } else {
    request.onNotice?.(`generating the built-in dataset (synthetic, ${days} days from ${start}, seed ${seed}) into ${dir}; later runs read it from there`);
    const generated = generateSyntheticDataset({ symbols, start, days, seed });
    const staging = `${dir}.partial`;
    mkdirSync(staging, { recursive: true });
    for (const [symbol, bars] of generated) {
      writeArrowBars(join(staging, `${symbol}.arrow`), bars);
      series.set(symbol, bars);
    }
    if (!existsSync(dir)) renameSync(staging, dir);
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

/** Lists cached built-in datasets (for `rooney data inspect`). */
export function cachedBuiltinDatasets(cacheDir: string): string[] {
  return existsSync(cacheDir) ? readdirSync(cacheDir).filter((name) => name.startsWith('builtin-')) : [];
}
