import { isAbsolute, resolve } from 'node:path';
import { DAY_MS, RooneyError, isoUtc } from '@rooney/core';
import type { SessionSpec } from '@rooney/core';
import { BarCatalog, requireRollCoverage, stitchContinuous } from '@rooney/data';
import type { BarSeries, ContractRoll } from '@rooney/data';
import type { CatalogSourceConfig, RooneyConfig } from '../config/schema.ts';

/** Series read from a catalog for a run. */
export interface CatalogMarketData {
  readonly series: Map<string, BarSeries>;
  readonly rolls: Record<string, ContractRoll[]>;
  /** e.g. `catalog /data/catalog (GLBX.MDP3 ohlcv-1m: ES.c.0, NQ.c.0)`. */
  readonly label: string;
}

const CONTINUOUS = /^(.+)\.[cnv]\.(\d+)$/;

/** The series name of a catalog symbol in a list: `ES.c.0` → `ES` (front contract), others as they are. */
export function seriesNameOf(symbol: string): string {
  const match = CONTINUOUS.exec(symbol);
  return match !== null && match[2] === '0' ? match[1] : symbol;
}

/**
 * Loads `data.symbols` from the catalog of `data.catalog` for the window `[startTs, endTs]` (bar
 * closes; either open): only the months (and contracts) the window needs. A symbol with stored
 * symbology (`ES.c.0`) becomes a continuous series built from its stored contracts with the
 * configured roll rule and back-adjustment (`stitchContinuous`, the same as `data.continuous`);
 * other symbols are read as stored. Errors name the config key.
 */
export function loadCatalogMarketData(request: {
  readonly config: RooneyConfig;
  readonly baseDir: string;
  readonly session: SessionSpec;
  readonly startTs?: number;
  readonly endTs?: number;
}): CatalogMarketData {
  const data = request.config.data;
  const raw = data.catalog as string | CatalogSourceConfig;
  const source: CatalogSourceConfig = typeof raw === 'string' ? { dir: raw, roll: { kind: 'days_before_expiry', days: 5 }, adjust: 'difference' } : raw;
  const dir = isAbsolute(source.dir) ? source.dir : resolve(request.baseDir, source.dir);
  const catalog = BarCatalog.open(dir);
  const { dataset, schema } = pickCollection(catalog, source);
  const entries = symbolEntries(catalog, dataset, schema, data.symbols);
  const series = new Map<string, BarSeries>();
  const rolls: Record<string, ContractRoll[]> = {};
  const from = request.startTs;
  const to = request.endTs;
  for (const [name, symbol] of entries) {
    if (series.has(name)) throw new RooneyError('bad_config', `data.symbols: two symbols load as ${name}; name them, e.g. { ${name}: ${symbol} }`, { field: 'data.symbols' });
    const query = { dataset, schema, symbol, ...(from !== undefined ? { startTs: from } : {}), ...(to !== undefined ? { endTs: to } : {}) };
    if (catalog.symbology(dataset, symbol) !== undefined) {
      const continuous = catalog.continuous(query);
      if (source.roll.kind === 'days_before_expiry') requireRollCoverage(continuous, source.roll.days, from, to);
      if (continuous.contracts.length === 0) throw emptyWindow(symbol, dir, from, to);
      const stitched = stitchContinuous(continuous.contracts, source.roll, { adjust: source.adjust, session: request.session, symbol: name });
      series.set(name, stitched.series);
      rolls[name] = [...stitched.rolls];
    } else {
      const bars = catalog.readBars(query).withSymbol(name);
      if (bars.length === 0) throw emptyWindow(symbol, dir, from, to);
      series.set(name, bars);
    }
  }
  return { series, rolls, label: `catalog ${dir} (${dataset} ${schema}: ${entries.map(([, symbol]) => symbol).join(', ')})` };
}

/** The run's window widened by `data.warmup_days` before the start (what strategies see before trading). */
export function catalogWindow(config: RooneyConfig, startTs?: number, endTs?: number): { startTs?: number; endTs?: number } {
  return {
    ...(startTs !== undefined ? { startTs: startTs - config.data.warmup_days * DAY_MS } : {}),
    ...(endTs !== undefined ? { endTs } : {}),
  };
}

function pickCollection(catalog: BarCatalog, source: CatalogSourceConfig): { dataset: string; schema: string } {
  const all = catalog.collections();
  const matching = all.filter((c) => (source.dataset === undefined || c.dataset === source.dataset) && (source.schema === undefined || c.schema === source.schema));
  if (matching.length === 1) return matching[0];
  const have = all.map((c) => `${c.dataset} ${c.schema}`).join(', ') || 'nothing';
  if (matching.length === 0) {
    throw new RooneyError('bad_config', `the catalog ${catalog.dir} holds ${have}, nothing for ${source.dataset ?? '*'} ${source.schema ?? '*'}`, { field: 'data.catalog' });
  }
  throw new RooneyError('bad_config', `the catalog ${catalog.dir} holds ${have}: choose one with data.catalog: { dir, dataset, schema }`, { field: 'data.catalog' });
}

/** [series name, catalog symbol] pairs from `data.symbols`, or every continuous symbol stored (else every stored symbol). */
function symbolEntries(catalog: BarCatalog, dataset: string, schema: string, symbols: RooneyConfig['data']['symbols']): [string, string][] {
  if (Array.isArray(symbols)) return symbols.map((symbol) => [seriesNameOf(symbol), symbol]);
  if (symbols !== undefined) return Object.entries(symbols);
  const mapped = catalog.manifest.symbology.filter((s) => s.dataset === dataset).map((s) => s.symbol);
  const list = mapped.length > 0 ? mapped : catalog.storedSymbols(dataset, schema);
  return list.map((symbol) => [seriesNameOf(symbol), symbol]);
}

function emptyWindow(symbol: string, dir: string, from?: number, to?: number): RooneyError {
  const span = `${from === undefined ? 'the start' : isoUtc(from).slice(0, 10)} → ${to === undefined ? 'the end' : isoUtc(to).slice(0, 10)}`;
  return new RooneyError('no_data', `the catalog holds no ${symbol} bars for ${span}; fetch them with \`rooney data fetch --symbols ${symbol} --catalog ${dir}\``, { field: 'data.symbols' });
}
