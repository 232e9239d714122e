import { RooneyError } from '@rooney/core';
import type { BarSeries, DbnMetadata } from '@rooney/data';
import { Decompress } from 'fzstd';
import { OHLCV_RTYPE_BAR_MS, STYPE_ID } from '../dbn/dbn-records.ts';
import { DbnStreamDecoder } from '../dbn/dbn-stream-decoder.ts';
import type { LiveClock } from '../live-clock.ts';
import type { Logger } from '../logger.ts';
import { SILENT_LOGGER } from '../logger.ts';
import type { Secret } from '../secret.ts';
import { checkApiKey } from './cram.ts';
import { nanosecondsOf, parseDatabentoTime } from './databento-time.ts';
import { HistoricalBarCollector } from './historical-bars.ts';
import type { InstrumentSymbols } from './symbol-map.ts';
import { DatabentoHistoricalError } from './historical-error.ts';
import { historicalBaseUrl, sendHistoricalCall } from './historical-transport.ts';
import type { HistoricalAnswer, HistoricalCall, HistoricalTransportOptions } from './historical-transport.ts';

/** The OHLCV schemas `getRange` decodes into bars. */
export type HistoricalBarSchema = 'ohlcv-1m' | 'ohlcv-1h' | 'ohlcv-1d';

export interface DatabentoHistoricalOptions {
  readonly apiKey: Secret;
  /** Timeouts and retry waits run on it. */
  readonly clock: LiveClock;
  /** Default `https://hist.databento.com`; plain http only on loopback (tests). */
  readonly baseUrl?: string;
  readonly logger?: Logger;
  /** No byte (connection, headers, body) for this long aborts an attempt. Default 30,000 ms. */
  readonly timeoutMs?: number;
  /** Attempts per call on 429, 408, 5xx, network errors, timeouts and broken-off bodies. Default 3. */
  readonly maxAttempts?: number;
  /** Wait before the second attempt, doubled after each; a 429's `Retry-After` wins. Default 1,000 ms. */
  readonly retryDelayMs?: number;
  /** Longest wait accepted: a `Retry-After` beyond it ends the retries. Default 60,000 ms. */
  readonly maxRetryWaitMs?: number;
  /** `User-Agent`. Default `Rooney/0.1.0 Node/<version>`. */
  readonly clientName?: string;
}

/** A `timeseries.get_range` request for OHLCV bars (spec §3.2). */
export interface GetRangeRequest {
  /** e.g. `GLBX.MDP3`. */
  readonly dataset: string;
  /** At most 2,000 symbols in the `stypeIn` symbology, e.g. `ES.c.0`. */
  readonly symbols: readonly string[];
  readonly schema: HistoricalBarSchema;
  /** Inclusive, epoch ms (sent as integer ns); it filters on the bar's open (`ts_event`). */
  readonly start: number;
  /** Exclusive, epoch ms: the last bar opens before it (so it closes at or before it). */
  readonly end: number;
  /** `raw_symbol` (the API's default), `continuous`, `parent`, `instrument_id`, … */
  readonly stypeIn?: string;
  /** Maximum number of records (default: no limit). */
  readonly limit?: number;
  /** Only `dbn` is decoded. */
  readonly encoding?: 'dbn';
  /** Default `zstd`, as the official clients send. */
  readonly compression?: 'zstd' | 'none';
}

/** The decoded answer of {@link DatabentoHistoricalClient.getRange}. */
export interface HistoricalBars {
  readonly metadata: DbnMetadata;
  /**
   * Bars per requested symbol, stamped at their close and strictly increasing (an empty series for a
   * symbol without data); instruments the metadata does not map appear under their id.
   */
  readonly bars: ReadonlyMap<string, BarSeries>;
  /**
   * Symbol-mapping records of the stream (instrument id → requested symbol and venue contract, e.g.
   * `100001 → ES.c.0 / ESH5`), when the answer carries any; the metadata mappings give ids only.
   */
  readonly symbolMappings: readonly InstrumentSymbols[];
  /** OHLCV records decoded. */
  readonly records: number;
  /** Bars skipped for an undefined price. */
  readonly skippedBars: number;
  /** `X-Warning` texts of the answer. */
  readonly warnings: readonly string[];
  readonly requestId: string | undefined;
  /** Body bytes received (compressed size when zstd). */
  readonly bytes: number;
}

/** A `symbology.resolve` request (spec §3.3). */
export interface ResolveSymbologyRequest {
  readonly dataset: string;
  readonly symbols: readonly string[];
  readonly stypeIn: string;
  /** Default `instrument_id`. */
  readonly stypeOut?: string;
  /** `YYYY-MM-DD`, inclusive. */
  readonly startDate: string;
  /** `YYYY-MM-DD`, exclusive (optional). */
  readonly endDate?: string;
}

/** One resolved interval: `symbol` from `startDate` (inclusive) to `endDate` (exclusive). */
export interface SymbologyInterval {
  readonly startDate: string;
  readonly endDate: string;
  readonly symbol: string;
}

export interface SymbologyResolution {
  /** Input symbol → the intervals it resolved to. */
  readonly result: ReadonlyMap<string, readonly SymbologyInterval[]>;
  readonly partial: readonly string[];
  readonly notFound: readonly string[];
  readonly warnings: readonly string[];
}

/**
 * What `metadata.get_record_count`, `metadata.get_billable_size` and `metadata.get_cost` size
 * (spec §3.4): the same selection a `timeseries.get_range` would download. These calls are free.
 */
export interface HistoricalQuery {
  readonly dataset: string;
  /** At most 2,000 symbols in the `stypeIn` symbology. */
  readonly symbols: readonly string[];
  /** Any Databento schema (`ohlcv-1m`, `trades`, `mbo`, …). */
  readonly schema: string;
  /** Inclusive, epoch ms. */
  readonly start: number;
  /** Exclusive, epoch ms. */
  readonly end: number;
  /** Default `raw_symbol`. */
  readonly stypeIn?: string;
  readonly limit?: number;
}

/** `metadata.get_dataset_range`: what the dataset holds, epoch ms (sub-ms parts dropped). */
export interface DatasetRange {
  readonly startTs: number;
  readonly endTs: number;
  /** Per schema, when the answer lists schemas. */
  readonly schemas: Readonly<Record<string, { readonly startTs: number; readonly endTs: number }>>;
}

const SCHEMA_RTYPE: Readonly<Record<HistoricalBarSchema, number>> = { 'ohlcv-1m': 0x21, 'ohlcv-1h': 0x22, 'ohlcv-1d': 0x23 };
const MAX_SYMBOLS = 2000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Databento Historical HTTP API client (spec §3) on `node:http`/`node:https`: OHLCV bars by
 * `timeseries.get_range` (DBN, plain or zstd, decoded as it streams in), `symbology.resolve`,
 * `metadata.get_dataset_range`, and the free sizing calls `metadata.get_record_count`,
 * `metadata.get_billable_size` and `metadata.get_cost`.
 *
 * Requests are exactly the official clients': `POST /v0/<method>` with an
 * `application/x-www-form-urlencoded` body (`GET` with a query for metadata), HTTP Basic
 * authentication with the key as user name and an empty password. Errors follow §3.5 (see
 * {@link DatabentoHistoricalError}); 429, 408, 5xx, network errors, timeouts and bodies that break
 * off are retried up to `maxAttempts` times, waiting `Retry-After` when given, else a doubling
 * delay, on the injected clock. The key never appears in a log line or an error message.
 */
export class DatabentoHistoricalClient {
  private readonly options: DatabentoHistoricalOptions;
  private readonly transport: HistoricalTransportOptions;
  private readonly logger: Logger;

  constructor(options: DatabentoHistoricalOptions) {
    checkApiKey(options.apiKey);
    const timeoutMs = options.timeoutMs ?? 30_000;
    if (!(timeoutMs > 0)) throw new RooneyError('invalid_parameter', `"timeoutMs" must be > 0, was ${timeoutMs}`);
    const attempts = options.maxAttempts ?? 3;
    if (!(Number.isInteger(attempts) && attempts >= 1)) throw new RooneyError('invalid_parameter', `"maxAttempts" must be an integer >= 1, was ${attempts}`);
    this.options = options;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.transport = {
      baseUrl: historicalBaseUrl(options.baseUrl ?? 'https://hist.databento.com'),
      apiKey: options.apiKey,
      clock: options.clock,
      timeoutMs,
      userAgent: options.clientName ?? `Rooney/0.1.0 Node/${process.versions.node}`,
    };
  }

  /** The API's host (for reports; no secret in it). */
  get host(): string {
    return this.transport.baseUrl.host;
  }

  /**
   * OHLCV bars of `symbols` over `[start, end)` (bar opens), decoded per symbol and stamped at
   * their close. Throws `bad_dbn` on an undecodable body and `truncated_download` when the body
   * ends inside a record (after the retries).
   */
  async getRange(request: GetRangeRequest): Promise<HistoricalBars> {
    const rtype = SCHEMA_RTYPE[request.schema];
    if (rtype === undefined) throw new RooneyError('invalid_parameter', `"schema" must be ohlcv-1m, ohlcv-1h or ohlcv-1d, was ${String(request.schema)}`);
    if ((request.encoding ?? 'dbn') !== 'dbn') throw new RooneyError('invalid_parameter', `"encoding" must be dbn, was ${String(request.encoding)}`);
    const compression = request.compression ?? 'zstd';
    if (compression !== 'zstd' && compression !== 'none') throw new RooneyError('invalid_parameter', `"compression" must be zstd or none, was ${String(compression)}`);
    checkSymbols(request.symbols);
    const stypeIn = request.stypeIn ?? 'raw_symbol';
    checkStype('stypeIn', stypeIn);
    if (!(Number.isInteger(request.start) && Number.isInteger(request.end))) {
      throw new RooneyError('invalid_parameter', `"start" and "end" must be integer epoch ms, were ${request.start} and ${request.end}`);
    }
    if (!(request.end > request.start)) throw new RooneyError('invalid_parameter', `"end" must be after "start", was ${new Date(request.end).toISOString()} <= ${new Date(request.start).toISOString()}`);
    if (request.limit !== undefined && !(Number.isInteger(request.limit) && request.limit >= 0)) {
      throw new RooneyError('invalid_parameter', `"limit" must be an integer >= 0, was ${request.limit}`);
    }
    const form = new URLSearchParams([
      ['dataset', request.dataset],
      ['schema', request.schema],
      ['symbols', request.symbols.join(',')],
      ['stype_in', stypeIn],
      ['stype_out', 'instrument_id'],
      ['start', nanosecondsOf(request.start).toString()],
      ['end', nanosecondsOf(request.end).toString()],
    ]);
    if (request.limit !== undefined && request.limit > 0) form.append('limit', String(request.limit));
    form.append('encoding', 'dbn');
    form.append('compression', compression);
    const call: HistoricalCall = { httpMethod: 'POST', name: 'timeseries.get_range', form, accept: 'application/octet-stream' };
    const source = `Databento ${call.name}`;
    this.logger.log('info', 'databento_historical_request', {
      method: call.name,
      dataset: request.dataset,
      schema: request.schema,
      symbols: request.symbols.join(','),
      start: new Date(request.start).toISOString(),
      end: new Date(request.end).toISOString(),
    });
    // Each attempt decodes from scratch: a retried download cannot mix with a broken one.
    let collector = new HistoricalBarCollector({ rtype, barMs: OHLCV_RTYPE_BAR_MS[rtype], symbols: request.symbols, source });
    let decoder: DbnStreamDecoder | undefined;
    let zstd: Decompress | undefined;
    let decodeFailure: RooneyError | undefined;
    const answer = await this.withRetries(call, () => {
      collector = new HistoricalBarCollector({ rtype, barMs: OHLCV_RTYPE_BAR_MS[rtype], symbols: request.symbols, source });
      const current = collector;
      decodeFailure = undefined;
      const currentDecoder = new DbnStreamDecoder(
        {
          metadata: (metadata) => current.metadata(metadata),
          record: (record) => current.record(record),
          error: (error) => {
            if (error.fatal) decodeFailure = new RooneyError('bad_dbn', `${source}: ${error.message} at byte ${error.offset}`);
          },
        },
        source,
      );
      decoder = currentDecoder;
      zstd = compression === 'zstd' ? new Decompress((data) => currentDecoder.push(data)) : undefined;
      const currentZstd = zstd;
      return (chunk: Uint8Array): void => {
        if (currentZstd !== undefined) {
          try {
            currentZstd.push(chunk);
          } catch (error) {
            throw new RooneyError('bad_dbn', `${source}: zstd: ${(error as Error).message}`);
          }
        } else {
          currentDecoder.push(chunk);
        }
        if (decodeFailure !== undefined) throw decodeFailure;
      };
    });
    if (zstd !== undefined) {
      try {
        zstd.push(new Uint8Array(0), true);
      } catch (error) {
        throw new DatabentoHistoricalError('truncated_download', `the zstd stream ended early (${(error as Error).message}) after ${answer.bytes} bytes`, {
          method: call.name,
          status: answer.status,
          retryable: false,
          ...(answer.requestId !== undefined ? { requestId: answer.requestId } : {}),
        });
      }
    }
    const finalDecodeFailure = decodeFailure as RooneyError | undefined;
    if (finalDecodeFailure !== undefined) throw finalDecodeFailure;
    const finished = decoder as DbnStreamDecoder;
    const metadata = finished.metadata;
    if (metadata === undefined || finished.bufferedBytes > 0) {
      const detail = metadata === undefined ? `the body (${answer.bytes} bytes) holds no complete DBN metadata` : `the body ends inside a record (${finished.bufferedBytes} bytes unread)`;
      throw new DatabentoHistoricalError('truncated_download', detail, {
        method: call.name,
        status: answer.status,
        retryable: false,
        ...(answer.requestId !== undefined ? { requestId: answer.requestId } : {}),
      });
    }
    const result: HistoricalBars = {
      metadata,
      bars: collector.series(),
      symbolMappings: collector.symbolMappings(),
      records: collector.recordCount,
      skippedBars: collector.skippedBars,
      warnings: answer.warnings,
      requestId: answer.requestId,
      bytes: answer.bytes,
    };
    if (metadata.notFound.length > 0) this.logger.log('warn', 'databento_symbols_not_found', { method: call.name, symbols: metadata.notFound.join(',') });
    if (result.skippedBars > 0) this.logger.log('warn', 'databento_bars_skipped', { method: call.name, bars: result.skippedBars, reason: 'undefined price' });
    this.logger.log('info', 'databento_historical_done', { method: call.name, records: result.records, bytes: result.bytes, requestId: result.requestId ?? null });
    return result;
  }

  /** Resolves symbols from one symbology to another over dates (`symbology.resolve`). */
  async resolveSymbology(request: ResolveSymbologyRequest): Promise<SymbologyResolution> {
    checkSymbols(request.symbols);
    checkStype('stypeIn', request.stypeIn);
    const stypeOut = request.stypeOut ?? 'instrument_id';
    checkStype('stypeOut', stypeOut);
    if (!DATE.test(request.startDate)) throw new RooneyError('invalid_parameter', `"startDate" must be YYYY-MM-DD, was ${request.startDate}`);
    if (request.endDate !== undefined && !DATE.test(request.endDate)) throw new RooneyError('invalid_parameter', `"endDate" must be YYYY-MM-DD, was ${request.endDate}`);
    const form = new URLSearchParams([
      ['dataset', request.dataset],
      ['symbols', request.symbols.join(',')],
      ['stype_in', request.stypeIn],
      ['stype_out', stypeOut],
      ['start_date', request.startDate],
    ]);
    if (request.endDate !== undefined) form.append('end_date', request.endDate);
    const { json, answer } = await this.json({ httpMethod: 'POST', name: 'symbology.resolve', form, accept: 'application/json' });
    const method = 'symbology.resolve';
    const resultValue = json.result;
    if (resultValue === null || typeof resultValue !== 'object' || Array.isArray(resultValue)) throw badAnswer(method, '"result" is not an object');
    const result = new Map<string, SymbologyInterval[]>();
    for (const [symbol, list] of Object.entries(resultValue as Record<string, unknown>)) {
      if (!Array.isArray(list)) throw badAnswer(method, `"result.${symbol}" is not a list`);
      result.set(
        symbol,
        list.map((item: unknown, k) => {
          const entry = item as Record<string, unknown> | null;
          if (entry === null || typeof entry !== 'object' || typeof entry.d0 !== 'string' || typeof entry.d1 !== 'string' || typeof entry.s !== 'string') {
            throw badAnswer(method, `"result.${symbol}[${k}]" is not {d0, d1, s}`);
          }
          return { startDate: entry.d0, endDate: entry.d1, symbol: entry.s };
        }),
      );
    }
    return { result, partial: stringList(json.partial), notFound: stringList(json.not_found), warnings: answer.warnings };
  }

  /** The time range a dataset holds, overall and per schema (`metadata.get_dataset_range`): a cheap authenticated call. */
  async getDatasetRange(dataset: string): Promise<DatasetRange> {
    const method = 'metadata.get_dataset_range';
    const { json } = await this.json({ httpMethod: 'GET', name: method, query: new URLSearchParams([['dataset', dataset]]), accept: 'application/json' });
    const time = (value: unknown, path: string): number => {
      if (typeof value !== 'string') throw badAnswer(method, `"${path}" is not a time`);
      return parseDatabentoTime(value);
    };
    const schemas: Record<string, { startTs: number; endTs: number }> = {};
    const perSchema = json.schema;
    if (perSchema !== null && typeof perSchema === 'object' && !Array.isArray(perSchema)) {
      for (const [schema, range] of Object.entries(perSchema as Record<string, unknown>)) {
        const r = range as Record<string, unknown> | null;
        if (r === null || typeof r !== 'object') continue;
        schemas[schema] = { startTs: time(r.start, `schema.${schema}.start`), endTs: time(r.end, `schema.${schema}.end`) };
      }
    }
    return { startTs: time(json.start, 'start'), endTs: time(json.end, 'end'), schemas };
  }

  /** Records a `timeseries.get_range` of the same selection would return (`metadata.get_record_count`). */
  async getRecordCount(query: HistoricalQuery): Promise<number> {
    return this.sizing('metadata.get_record_count', query, 'a record count');
  }

  /**
   * Bytes Databento bills for the selection (`metadata.get_billable_size`): the uncompressed size
   * of its records, whatever compression the download uses.
   */
  async getBillableSize(query: HistoricalQuery): Promise<number> {
    return this.sizing('metadata.get_billable_size', query, 'a byte count');
  }

  /**
   * What downloading the selection costs, in US dollars (`metadata.get_cost`), with the account's
   * discounts and flat-rate plans applied. Asking is free; nothing is bought.
   */
  async getCost(query: HistoricalQuery): Promise<number> {
    return this.sizing('metadata.get_cost', query, 'a cost in USD');
  }

  /** One sizing call: `POST` with the get_range form; the answer is a bare JSON number. */
  private async sizing(method: string, query: HistoricalQuery, what: string): Promise<number> {
    const form = queryForm(query);
    let parts: Uint8Array[] = [];
    await this.withRetries({ httpMethod: 'POST', name: method, form, accept: 'application/json' }, () => {
      parts = [];
      return (chunk) => parts.push(chunk);
    });
    const text = Buffer.concat(parts).toString('utf8').trim();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw badAnswer(method, `the answer is not ${what}: "${text.slice(0, 80)}"`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw badAnswer(method, `the answer is not ${what}: "${text.slice(0, 80)}"`);
    return value;
  }

  private async json(call: HistoricalCall): Promise<{ json: Record<string, unknown>; answer: HistoricalAnswer }> {
    let parts: Uint8Array[] = [];
    const answer = await this.withRetries(call, () => {
      parts = [];
      return (chunk) => parts.push(chunk);
    });
    const text = Buffer.concat(parts).toString('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw badAnswer(call.name, 'the answer is not JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badAnswer(call.name, 'the answer is not a JSON object');
    return { json: parsed as Record<string, unknown>, answer };
  }

  /**
   * Runs a call until it succeeds, a non-retryable error comes, or the attempts run out; `begin`
   * gives each attempt a fresh body sink. Warnings are logged once, from the successful answer.
   */
  private async withRetries(call: HistoricalCall, begin: () => (chunk: Uint8Array) => void): Promise<HistoricalAnswer> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    const maxWait = this.options.maxRetryWaitMs ?? 60_000;
    let delay = this.options.retryDelayMs ?? 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        const answer = await sendHistoricalCall(this.transport, call, begin());
        for (const warning of answer.warnings) this.logger.log('warn', 'databento_warning', { method: call.name, warning });
        return answer;
      } catch (error) {
        if (!(error instanceof DatabentoHistoricalError) || !error.retryable || attempt >= maxAttempts) throw error;
        const wait = error.retryAfterMs ?? delay;
        if (wait > maxWait) throw error;
        this.logger.log('warn', 'databento_historical_retry', { method: call.name, attempt, status: error.status ?? null, error: error.message, waitMs: wait });
        await this.sleep(wait);
        delay *= 2;
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimer(resolve, ms));
  }
}

/** The form of a sizing call, checked like a get_range request (the official clients' field order). */
function queryForm(query: HistoricalQuery): URLSearchParams {
  checkSymbols(query.symbols);
  const stypeIn = query.stypeIn ?? 'raw_symbol';
  checkStype('stypeIn', stypeIn);
  if (typeof query.schema !== 'string' || !/^[a-z0-9-]+$/.test(query.schema)) throw new RooneyError('invalid_parameter', `"schema" must be a Databento schema such as ohlcv-1m, was ${String(query.schema)}`);
  if (!(Number.isInteger(query.start) && Number.isInteger(query.end))) {
    throw new RooneyError('invalid_parameter', `"start" and "end" must be integer epoch ms, were ${query.start} and ${query.end}`);
  }
  if (!(query.end > query.start)) throw new RooneyError('invalid_parameter', `"end" must be after "start", was ${new Date(query.end).toISOString()} <= ${new Date(query.start).toISOString()}`);
  const form = new URLSearchParams([
    ['dataset', query.dataset],
    ['start', nanosecondsOf(query.start).toString()],
    ['end', nanosecondsOf(query.end).toString()],
    ['symbols', query.symbols.join(',')],
    ['schema', query.schema],
    ['stype_in', stypeIn],
    ['stype_out', 'instrument_id'],
  ]);
  if (query.limit !== undefined) {
    if (!(Number.isInteger(query.limit) && query.limit >= 0)) throw new RooneyError('invalid_parameter', `"limit" must be an integer >= 0, was ${query.limit}`);
    if (query.limit > 0) form.append('limit', String(query.limit));
  }
  return form;
}

function checkSymbols(symbols: readonly string[]): void {
  if (symbols.length === 0) throw new RooneyError('invalid_parameter', '"symbols" must not be empty');
  if (symbols.length > MAX_SYMBOLS) throw new RooneyError('invalid_parameter', `"symbols" must hold at most ${MAX_SYMBOLS} symbols per request, held ${symbols.length}`);
  for (const symbol of symbols) {
    if (symbol === '' || symbol.includes(',')) throw new RooneyError('invalid_parameter', `"symbols" holds an empty symbol or one with a comma: "${symbol}"`);
  }
}

function checkStype(name: string, stype: string): void {
  if (STYPE_ID[stype] === undefined) throw new RooneyError('invalid_parameter', `"${name}" must be a Databento symbology type (continuous, raw_symbol, parent, instrument_id, …), was ${stype}`);
}

function badAnswer(method: string, detail: string): RooneyError {
  return new RooneyError('bad_response', `Databento ${method}: ${detail}`);
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}
