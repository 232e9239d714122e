/**
 * The tearsheet's "how to run this again" blocks: settings, costs per instrument, strategy
 * parameters and data files with their hashes.
 */
import { DEFAULT_SESSION } from '@rooney/core';
import type { ContractSpec, SessionSpec } from '@rooney/core';
import { dataTable } from '../data-table.ts';
import { formatCurrency, formatNumber } from '../format.ts';
import { priceDecimals } from '../price-format.ts';
import type { RunDescription, TearsheetInput } from './tearsheet-input.ts';
import type { TearsheetStatistics } from './tearsheet-statistics.ts';

/** JSON with object keys sorted (equal parameters print equally). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const entries = Object.keys(record)
      .sort()
      .filter((key) => record[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sessionText(session: SessionSpec | undefined): string {
  const s = session ?? DEFAULT_SESSION;
  const hours = Math.floor(s.startMinutes / 60);
  const minutes = s.startMinutes % 60;
  return `starts ${hours < 10 ? '0' : ''}${hours}:${minutes < 10 ? '0' : ''}${minutes} ${s.timeZone}`;
}

/** The run's settings as name → value (listed under "Inputs"). */
export function runSettings(input: TearsheetInput, stats: TearsheetStatistics): Record<string, string | number> {
  const run: RunDescription = input.run ?? {};
  const out: Record<string, string | number> = {};
  if (run.dataset !== undefined) out.dataset = run.dataset;
  if (run.window?.start !== undefined) out.start = run.window.start;
  if (run.window?.end !== undefined) out.end = run.window.end;
  if (run.window?.warmupDays !== undefined) out['warm-up before the start (days)'] = run.window.warmupDays;
  out['starting cash'] = formatCurrency(input.result.startingCash, 2);
  if (run.slippageTicks !== undefined) out['slippage (ticks per market/stop fill)'] = run.slippageTicks;
  if (run.marginCheck !== undefined) out['margin check'] = run.marginCheck ? 'on' : 'off';
  out.session = sessionText(input.session);
  out.seed = run.seed === undefined || run.seed === null ? 'none (nothing random)' : String(run.seed);
  if (run.configPath !== undefined) out.config = run.configPath;
  if (run.configHash !== undefined) out['config hash'] = run.configHash;
  out.benchmark = stats.benchmark?.name ?? 'none';
  out['rolling window (sessions)'] = stats.rollingWindow;
  out['VaR confidence'] = formatNumber(stats.dailyReturnDistribution.confidence, 2);
  for (const [name, version] of Object.entries(run.versions ?? {})) out[`version: ${name}`] = version;
  for (const [name, value] of Object.entries(run.settings ?? {})) out[name] = value;
  return out;
}

/** Costs and contract terms of each instrument: multiplier, tick, commission per side, margin. */
export function costsTableHtml(contracts: Readonly<Record<string, ContractSpec>> | undefined, symbols: readonly string[], slippageTicks: number | undefined): string {
  const listed = symbols.filter((symbol) => contracts?.[symbol] !== undefined);
  if (listed.length === 0) return '';
  const rows = listed.map((symbol) => {
    const c = contracts?.[symbol] as ContractSpec;
    const decimals = priceDecimals(c.tickSize);
    const slippage = slippageTicks === undefined ? null : { value: slippageTicks * c.tickSize * c.multiplier, text: formatCurrency(slippageTicks * c.tickSize * c.multiplier, 2) };
    return [
      symbol,
      c.name,
      { value: c.multiplier, text: formatNumber(c.multiplier, priceDecimals(c.multiplier) ?? 0) },
      { value: c.tickSize, text: formatNumber(c.tickSize, decimals ?? 2) },
      { value: c.tickSize * c.multiplier, text: formatCurrency(c.tickSize * c.multiplier, 2) },
      { value: c.commission, text: formatCurrency(c.commission, 2) },
      slippage,
      { value: c.margin, text: formatCurrency(c.margin, 0) },
      c.currency,
      c.timeZone,
    ];
  });
  return dataTable({
    columns: ['symbol', 'name', 'multiplier', 'tick size', 'tick value', 'commission per side', 'slippage per fill', 'initial margin', 'currency', 'exchange time zone'],
    rows,
  });
}

/** `{ a: { b: 1 } }` → `[['a.b', '1']]`: every leaf with its dotted path, keys sorted. */
export function flattenParams(params: object, prefix = ''): [string, string][] {
  const out: [string, string][] = [];
  const record = params as Readonly<Record<string, unknown>>;
  for (const key of Object.keys(record).sort()) {
    const value = record[key];
    if (value === undefined) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) out.push(...flattenParams(value, path));
    else out.push([path, typeof value === 'string' ? value : canonicalJson(value)]);
  }
  return out;
}

/**
 * Each strategy instance with its effective parameters (one row per parameter), then, for each
 * symbol that overrides some, the parameters whose value differs there.
 */
export function strategiesTableHtml(run: RunDescription | undefined): string {
  const strategies = run?.strategies ?? [];
  if (strategies.length === 0) return '';
  const rows: string[][] = [];
  for (const s of strategies) {
    const base = flattenParams(s.params);
    const heading = `${s.name}${s.type !== undefined && s.type !== s.name ? ` (${s.type})` : ''}`;
    rows.push([heading, 'symbols', s.symbols.join(', ')]);
    if (s.weight !== undefined && s.weight !== 1) rows.push([heading, 'weight', String(s.weight)]);
    for (const [key, value] of base) rows.push([heading, key, value]);
    const baseValues = new Map(base);
    for (const [symbol, params] of Object.entries(s.symbolParams ?? {})) {
      for (const [key, value] of flattenParams(params)) {
        if (baseValues.get(key) !== value) rows.push([`${heading}, ${symbol}`, key, value]);
      }
    }
  }
  return dataTable({ columns: ['strategy', 'parameter', 'value'], rows, sortable: false, maxRows: 2000 });
}

/** The data files read, with their sizes and SHA-256 hashes. */
export function dataFilesTableHtml(run: RunDescription | undefined): string {
  const files = run?.dataFiles ?? [];
  if (files.length === 0) return '';
  return dataTable({
    columns: ['symbol', 'file', 'bytes', 'SHA-256'],
    rows: files.map((f) => [f.symbol, f.path, f.bytes ?? null, f.sha256 ?? null]),
    sortable: false,
  });
}
