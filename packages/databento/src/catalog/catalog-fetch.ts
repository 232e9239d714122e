import { DAY_MS, RooneyError, isoUtc } from '@rooney/core';
import { BarSeries, CatalogWriter, dbnMetadataToJson, previewCatalogManifest } from '@rooney/data';
import type { CatalogManifest, CatalogRecovery, TimeInterval } from '@rooney/data';
import type { DatabentoHistoricalClient, HistoricalBarSchema } from '../databento/databento-historical-client.ts';
import { DatabentoHistoricalError } from '../databento/historical-error.ts';
import { resolveContracts } from './contract-resolution.ts';
import { contractWindows, planFetch, symbolKind } from './fetch-plan.ts';
import type { FetchChunk, FetchPlan } from './fetch-plan.ts';

/** What to fetch. */
export interface CatalogFetchRequest {
  /** e.g. `GLBX.MDP3`. */
  readonly dataset: string;
  readonly schema: HistoricalBarSchema;
  /** Continuous (`ES.c.0`) or venue (`ESH5`) symbols. */
  readonly symbols: readonly string[];
  /** Inclusive start and exclusive end of the bars' open times, epoch ms. */
  readonly start: number;
  readonly end: number;
  /**
   * Days of each contract fetched before it becomes the mapped contract of a continuous symbol, so
   * rolls can be rebuilt earlier than Databento's (default 14).
   */
  readonly leadDays?: number;
}

/** The sizing of what is missing, from the free metadata calls, before anything is bought. */
export interface FetchEstimate {
  readonly records: number;
  /** Uncompressed bytes Databento bills. */
  readonly billableBytes: number;
  readonly costUsd: number;
  /** Downloads to make (a month of one contract each) and month pieces already held. */
  readonly chunks: number;
  readonly heldChunks: number;
  /** Per stored symbol (contract). */
  readonly bySymbol: readonly { readonly symbol: string; readonly records: number; readonly billableBytes: number; readonly costUsd: number }[];
}

/** Progress and notices of a fetch, in order. */
export type FetchEvent =
  | { readonly type: 'recovered'; readonly recovery: CatalogRecovery }
  | { readonly type: 'warning'; readonly message: string }
  | { readonly type: 'resolved'; readonly symbol: string; readonly contracts: readonly string[] }
  | { readonly type: 'estimate'; readonly estimate: FetchEstimate }
  | {
      readonly type: 'chunk';
      readonly index: number;
      readonly total: number;
      readonly chunk: FetchChunk;
      readonly records: number;
      /** Body bytes of this download (compressed) and of all downloads so far. */
      readonly bytes: number;
      readonly totalBytes: number;
      readonly totalRecords: number;
    };

export interface CatalogFetchOptions {
  readonly client: DatabentoHistoricalClient;
  readonly catalogDir: string;
  readonly request: CatalogFetchRequest;
  /** A hard budget in USD: an estimate above it stops the fetch before anything is bought (`budget_exceeded`). */
  readonly maxCostUsd?: number;
  /** Estimates above this many USD (default 0: any paid download) need `confirm`. */
  readonly confirmAboveUsd?: number;
  /** Asked before buying; resolve true to go ahead. Without it, an estimate above `confirmAboveUsd` is `confirmation_required`. */
  readonly confirm?: (estimate: FetchEstimate) => Promise<boolean>;
  /** Size only: nothing is downloaded and the catalog is left as it is. */
  readonly dryRun?: boolean;
  readonly onEvent?: (event: FetchEvent) => void;
  /** Stops between downloads (what is saved stays saved). */
  readonly signal?: AbortSignal;
  /** ISO time stamped on what is stored (the CLI passes the wall clock; tests a fixed time). */
  readonly now?: () => string;
}

/** How a fetch ended. */
export interface CatalogFetchResult {
  readonly plan: FetchPlan;
  readonly estimate: FetchEstimate | undefined;
  /** `done`, `nothing_missing`, `dry_run`, `declined` (confirmation said no) or `aborted` (signal). */
  readonly outcome: 'done' | 'nothing_missing' | 'dry_run' | 'declined' | 'aborted';
  readonly downloadedChunks: number;
  readonly records: number;
  readonly bytes: number;
}

const SCHEMAS: readonly HistoricalBarSchema[] = ['ohlcv-1m', 'ohlcv-1h', 'ohlcv-1d'];

/**
 * Fetches Databento bars into a local catalog, the way a researcher who pays per gigabyte wants:
 *
 * 1. checks the request, the dataset (`unknown_dataset`) and its available range
 *    (`range_unavailable`), and resolves symbols through symbology (`unknown_symbol`): continuous
 *    symbols to the contracts they stood for by date, every contract to its instrument id (what
 *    downloads ask by) and to its venue symbol with the full year (`ESH2025`, what it is stored
 *    under): free calls;
 * 2. plans per-contract month downloads of what the catalog does not hold yet (continuous symbols
 *    become their contracts plus `leadDays` before each roll; the mapping is stored);
 * 3. sizes the plan with `metadata.get_record_count`, `get_billable_size` and `get_cost` (free),
 *    refuses it above `maxCostUsd` (`budget_exceeded`) and asks `confirm` above `confirmAboveUsd`:
 *    nothing billable is requested before this point;
 * 4. takes the catalog's lock, stores the symbology and the request, and downloads each chunk (the client retries 429/5xx/network failures with backoff and
 *    `Retry-After`) and stores it crash-safely, so an interrupted fetch resumes where it stopped
 *    and never downloads a stored chunk twice.
 *
 * The API key stays in the client; nothing of it reaches the catalog, the events or the errors.
 */
export async function fetchToCatalog(options: CatalogFetchOptions): Promise<CatalogFetchResult> {
  const { client, request } = options;
  const leadDays = request.leadDays ?? 14;
  checkRequest(request, leadDays);
  const emit = options.onEvent ?? ((): void => undefined);
  const now = options.now ?? ((): string => new Date().toISOString());

  await checkAvailability(client, request);
  const kinds = request.symbols.map((symbol) => ({ symbol, kind: symbolKind(symbol) }));
  const startDate = isoUtc(request.start).slice(0, 10);
  const endDate = isoUtc(Math.ceil(request.end / DAY_MS) * DAY_MS).slice(0, 10);
  const resolved = await resolveContracts(client, {
    dataset: request.dataset,
    continuous: kinds.filter((k) => k.kind === 'continuous').map((k) => k.symbol),
    raw: kinds.filter((k) => k.kind === 'raw_symbol').map((k) => k.symbol),
    startDate,
    endDate,
  });
  for (const symbol of resolved.partial) emit({ type: 'warning', message: `${symbol} resolves for only part of ${startDate} → ${endDate}` });
  for (const [symbol, intervals] of resolved.continuous) emit({ type: 'resolved', symbol, contracts: [...new Set(intervals.map((i) => i.symbol))] });
  const { continuous } = resolved;
  const windows = contractWindows({ start: request.start, end: request.end, leadDays }, resolved.raw, continuous);
  // Plan and size against what the catalog holds; nothing is written before the estimate is accepted.
  const listed = previewCatalogManifest(options.catalogDir);
  const sized = planFetch(windows, (symbol) => (listed === undefined ? [] : coverageIn(listed, request.dataset, request.schema, symbol)));
  if (sized.chunks.length === 0 && options.dryRun === true) return { plan: sized, estimate: undefined, outcome: 'nothing_missing', downloadedChunks: 0, records: 0, bytes: 0 };
  let estimate: FetchEstimate | undefined;
  if (sized.chunks.length > 0) {
    estimate = await size(client, request, sized, resolved.instruments);
    emit({ type: 'estimate', estimate });
    if (options.maxCostUsd !== undefined && estimate.costUsd > options.maxCostUsd) {
      throw new RooneyError(
        'budget_exceeded',
        `the missing data costs $${estimate.costUsd.toFixed(2)} (${estimate.records} records, ${formatBytes(estimate.billableBytes)}), above --max-cost $${options.maxCostUsd.toFixed(2)}; nothing was bought`,
      );
    }
    if (options.dryRun === true) return { plan: sized, estimate, outcome: 'dry_run', downloadedChunks: 0, records: 0, bytes: 0 };
    if (estimate.costUsd > (options.confirmAboveUsd ?? 0)) {
      if (options.confirm === undefined) {
        throw new RooneyError('confirmation_required', `the missing data costs $${estimate.costUsd.toFixed(2)}; confirm with --yes (or raise --confirm-above) to buy it`);
      }
      if (!(await options.confirm(estimate))) return { plan: sized, estimate, outcome: 'declined', downloadedChunks: 0, records: 0, bytes: 0 };
    }
  }

  const writer = CatalogWriter.open(options.catalogDir);
  try {
    const recovery = writer.recovery;
    if (recovery.adopted.length + recovery.missing.length + recovery.removedTemporaryFiles > 0) emit({ type: 'recovered', recovery });
    for (const [symbol, intervals] of continuous) writer.recordSymbology({ dataset: request.dataset, symbol, stypeIn: 'continuous', intervals: [...intervals] });
    // Plan again under the lock; it can only be what was sized, unless another process wrote meanwhile.
    const plan = planFetch(windows, (symbol) => coverageIn(writer.manifest, request.dataset, request.schema, symbol));
    const sizedPieces = new Set(sized.chunks.map((c) => `${c.symbol}\u0000${c.start}\u0000${c.end}`));
    if (plan.chunks.some((c) => !sizedPieces.has(`${c.symbol}\u0000${c.start}\u0000${c.end}`))) {
      throw new RooneyError('catalog_changed', 'the catalog changed while the request was sized (another fetch?); nothing was bought, run the command again');
    }
    if (plan.chunks.length === 0) return { plan, estimate, outcome: 'nothing_missing', downloadedChunks: 0, records: 0, bytes: 0 };
    writer.recordRequest({
      kind: 'databento',
      at: now(),
      parameters: {
        dataset: request.dataset,
        schema: request.schema,
        symbols: [...request.symbols],
        start: isoUtc(request.start),
        end: isoUtc(request.end),
        leadDays,
        chunks: plan.chunks.length,
        ...(estimate !== undefined ? { estimate: { records: estimate.records, billableBytes: estimate.billableBytes, costUsd: estimate.costUsd } } : {}),
      },
    });
    let records = 0;
    let bytes = 0;
    for (let index = 0; index < plan.chunks.length; index++) {
      if (options.signal?.aborted === true) return { plan, estimate, outcome: 'aborted', downloadedChunks: index, records, bytes };
      const chunk = plan.chunks[index];
      const stored = await downloadChunk(client, writer, request, chunk, instrumentOf(resolved.instruments, chunk.symbol), now, index, plan.chunks.length);
      records += stored.records;
      bytes += stored.bytes;
      emit({ type: 'chunk', index: index + 1, total: plan.chunks.length, chunk, records: stored.records, bytes: stored.bytes, totalBytes: bytes, totalRecords: records });
    }
    return { plan, estimate, outcome: 'done', downloadedChunks: plan.chunks.length, records, bytes };
  } finally {
    writer.close();
  }
}

function checkRequest(request: CatalogFetchRequest, leadDays: number): void {
  if (request.dataset.trim() === '') throw new RooneyError('bad_option', '--dataset must not be empty');
  if (!SCHEMAS.includes(request.schema)) throw new RooneyError('bad_option', `--schema must be ${SCHEMAS.join(', ')} (bars), was "${request.schema}"`);
  if (request.symbols.length === 0) throw new RooneyError('bad_option', '--symbols must name at least one symbol');
  if (!(Number.isFinite(request.start) && Number.isFinite(request.end) && request.end > request.start)) {
    throw new RooneyError('bad_option', `--end must be after --start, was ${isoUtc(request.start)} → ${isoUtc(request.end)}`);
  }
  if (!(Number.isInteger(leadDays) && leadDays >= 0 && leadDays <= 366)) throw new RooneyError('bad_option', `--lead-days must be an integer in [0, 366], was ${leadDays}`);
}

/** The dataset must exist and hold the schema over the whole range (a free call). */
async function checkAvailability(client: DatabentoHistoricalClient, request: CatalogFetchRequest): Promise<void> {
  let range;
  try {
    range = await client.getDatasetRange(request.dataset);
  } catch (error) {
    if (error instanceof DatabentoHistoricalError && (error.status === 422 || error.status === 400 || error.status === 404)) {
      throw new RooneyError('unknown_dataset', `unknown dataset ${request.dataset} (${error.detail}); Databento's CME futures are GLBX.MDP3`);
    }
    throw error;
  }
  const available = range.schemas[request.schema] ?? { startTs: range.startTs, endTs: range.endTs };
  if (request.start < available.startTs || request.end > available.endTs) {
    throw new RooneyError(
      'range_unavailable',
      `${request.dataset} ${request.schema} holds ${isoUtc(available.startTs)} → ${isoUtc(available.endTs)}; the request ${isoUtc(request.start)} → ${isoUtc(request.end)} is outside it`,
    );
  }
}

/** The instrument id a stored symbol is downloaded by. */
function instrumentOf(instruments: ReadonlyMap<string, number>, symbol: string): number {
  const id = instruments.get(symbol);
  if (id === undefined) throw new RooneyError('internal_error', `no instrument id for ${symbol}`);
  return id;
}

/** Bar-open coverage of a stored symbol in a manifest. */
function coverageIn(manifest: CatalogManifest, dataset: string, schema: string, symbol: string): TimeInterval[] {
  return manifest.partitions.filter((p) => p.dataset === dataset && p.schema === schema && p.symbol === symbol).flatMap((p) => p.coverage);
}

/** Free sizing calls, one set per contiguous missing stretch of each contract. */
async function size(client: DatabentoHistoricalClient, request: CatalogFetchRequest, plan: FetchPlan, instruments: ReadonlyMap<string, number>): Promise<FetchEstimate> {
  const bySymbol = new Map<string, { symbol: string; records: number; billableBytes: number; costUsd: number }>();
  for (const span of plan.sizing) {
    const query = { dataset: request.dataset, symbols: [String(instrumentOf(instruments, span.symbol))], schema: request.schema, start: span.start, end: span.end, stypeIn: 'instrument_id' };
    const records = await client.getRecordCount(query);
    const billableBytes = await client.getBillableSize(query);
    const costUsd = await client.getCost(query);
    const entry = bySymbol.get(span.symbol) ?? { symbol: span.symbol, records: 0, billableBytes: 0, costUsd: 0 };
    entry.records += records;
    entry.billableBytes += billableBytes;
    entry.costUsd += costUsd;
    bySymbol.set(span.symbol, entry);
  }
  const list = [...bySymbol.values()];
  return {
    records: list.reduce((n, s) => n + s.records, 0),
    billableBytes: list.reduce((n, s) => n + s.billableBytes, 0),
    costUsd: list.reduce((n, s) => n + s.costUsd, 0),
    chunks: plan.chunks.length,
    heldChunks: plan.heldChunks,
    bySymbol: list,
  };
}

/** Downloads one chunk and stores it; errors say how far the fetch got and how to resume. */
async function downloadChunk(
  client: DatabentoHistoricalClient,
  writer: CatalogWriter,
  request: CatalogFetchRequest,
  chunk: FetchChunk,
  instrumentId: number,
  now: () => string,
  index: number,
  total: number,
): Promise<{ records: number; bytes: number }> {
  try {
    const answer = await client.getRange({ dataset: request.dataset, schema: request.schema, symbols: [String(instrumentId)], stypeIn: 'instrument_id', start: chunk.start, end: chunk.end });
    const barMs = request.schema === 'ohlcv-1m' ? 60_000 : request.schema === 'ohlcv-1h' ? 3_600_000 : DAY_MS;
    writer.writeBars({
      dataset: request.dataset,
      schema: request.schema,
      symbol: chunk.symbol,
      series: clip(answer.bars.get(String(instrumentId)), chunk, barMs),
      coverage: [chunk.start, chunk.end],
      source: {
        kind: 'databento',
        request: {
          dataset: request.dataset,
          schema: request.schema,
          symbols: String(instrumentId),
          stype_in: 'instrument_id',
          start: isoUtc(chunk.start),
          end: isoUtc(chunk.end),
        },
        ...(answer.requestId !== undefined ? { requestId: answer.requestId } : {}),
        at: now(),
        dbn: dbnMetadataToJson(answer.metadata),
      },
    });
    return { records: answer.records, bytes: answer.bytes };
  } catch (error) {
    if (error instanceof RooneyError) {
      const saved = index === 0 ? 'nothing was saved yet' : `the ${index} chunk${index === 1 ? '' : 's'} before it ${index === 1 ? 'is' : 'are'} saved`;
      throw new RooneyError(error.code, `chunk ${index + 1}/${total} (${chunk.symbol} ${chunk.month}) failed: ${error.message}; ${saved}, run the same command again to resume`);
    }
    throw error;
  }
}

/** The bars opening inside the chunk (an answer never holds others, but the catalog must not). */
function clip(series: BarSeries | undefined, chunk: FetchChunk, barMs: number): BarSeries {
  if (series === undefined || series.length === 0) return BarSeries.empty(chunk.symbol, barMs);
  return series.between(chunk.start + barMs, chunk.end + barMs - 1).withSymbol(chunk.symbol);
}

/** `1.2 GB`, `350.0 MB`, `12.0 kB` (decimal units, as Databento bills). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(2)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} B`;
}
