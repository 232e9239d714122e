import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { BarArrays } from '@rooney/core';
import { dbnDateOf, formatDatabentoDate, formatDatabentoTime, parseDatabentoTime } from '../databento/databento-time.ts';
import { concatBytes, encodeDbnMetadata, encodeOhlcvRecord } from '../dbn/dbn-encoder.ts';
import { SCHEMA_ID, STYPE_ID } from '../dbn/dbn-records.ts';
import { zstdRawFrames } from './zstd-frames.ts';

/** One instrument the fake serves. */
export interface FakeHistoricalInstrument {
  /** The symbol clients ask for (in the fake's `stypeIn` symbology), e.g. `ES.c.0`. */
  readonly symbol: string;
  readonly instrumentId: number;
  /** The venue symbol, e.g. `ESH4` (answered by `symbology.resolve` with `stype_out=raw_symbol`). */
  readonly rawSymbol: string;
  /** Its 1-minute bars, stamped at their close. */
  readonly series: BarArrays;
}

/** A request the fake received. */
export interface FakeHistoricalRequest {
  readonly method: string;
  /** e.g. `/v0/timeseries.get_range` (without the query). */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The decoded form fields of a POST body. */
  readonly form: Readonly<Record<string, string>>;
  /** The raw body text. */
  readonly body: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly accept: string | undefined;
  readonly userAgent: string | undefined;
}

/** A chosen answer (error injection). */
export interface FakeHistoricalReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Bytes and strings are sent as they are; anything else as JSON. */
  readonly body?: unknown;
  /** Never answer (the client's timeout must fire). */
  readonly hang?: boolean;
}

export interface FakeDatabentoHistoricalOptions {
  readonly apiKeys: readonly string[];
  /** Default `GLBX.MDP3`. */
  readonly dataset?: string;
  /** Symbology of the instruments' `symbol`. Default `continuous`. */
  readonly stypeIn?: string;
  readonly instruments?: readonly FakeHistoricalInstrument[];
  /** Start of the available data (epoch ms). Default: the first bar's open (or 0). */
  readonly availableStartTs?: number;
  /** End of the available data (epoch ms), as `metadata.get_dataset_range` says. Default: the last bar's close. */
  readonly availableEndTs?: number;
  /**
   * Called for each authenticated request; a reply replaces the normal answer (errors, vector
   * files, hangs). Unauthenticated requests are always answered 401.
   */
  readonly reply?: (request: FakeHistoricalRequest, index: number) => FakeHistoricalReply | undefined;
  /** Write bodies in pieces of at most this many bytes (default: one write). */
  readonly chunkSize?: number;
}

const BAR_MS: Readonly<Record<string, number>> = { 'ohlcv-1m': 60_000, 'ohlcv-1h': 3_600_000, 'ohlcv-1d': 86_400_000 };
const RTYPE: Readonly<Record<string, number>> = { 'ohlcv-1m': 0x21, 'ohlcv-1h': 0x22, 'ohlcv-1d': 0x23 };
const NS_PER_MS = 1_000_000n;

/**
 * A loopback Databento Historical API for tests (spec §3, §4 scenarios 8/8b), on 127.0.0.1 only.
 * It checks what the real API checks: HTTP Basic authentication with a known key and an empty
 * password (401 `{"detail":"Authorization failed: bad key."}` otherwise), the method, the form
 * encoding, required fields and their values, and the available range (422 with an object
 * `detail` — `case`, `message`, `status_code`, `docs`, `payload` — for a start before the
 * available start or an end after the available end). It serves:
 * - `POST /v0/timeseries.get_range`: a DBN v3 stream of OHLCV-1m/1h/1d bars (1h and 1d aggregated
 *   from the minutes on UTC hours and days) with `ts_event` in `[start, end)`, metadata with the
 *   requested symbols, `not_found` and dated mappings, zstd-framed when `compression=zstd`;
 * - `POST /v0/symbology.resolve`: the spec's JSON shape;
 * - `GET /v0/metadata.get_dataset_range?dataset=`: start, end and per-schema ranges;
 * every answer with a `request-id` header. `reply` injects anything else (429 + `Retry-After`,
 * 5xx, X-Warning headers, broken bodies, silence).
 */
export class FakeDatabentoHistorical {
  readonly requests: FakeHistoricalRequest[] = [];
  private readonly options: FakeDatabentoHistoricalOptions;
  private readonly dataset: string;
  private readonly authorizations: ReadonlySet<string>;
  private readonly server: Server;
  private readonly availableStartTs: number;
  private readonly availableEndTs: number;

  constructor(options: FakeDatabentoHistoricalOptions) {
    this.options = options;
    this.dataset = options.dataset ?? 'GLBX.MDP3';
    this.authorizations = new Set(options.apiKeys.map((key) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`));
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const instrument of options.instruments ?? []) {
      const n = instrument.series.length;
      if (n === 0) continue;
      first = Math.min(first, instrument.series.ts[0] - 60_000);
      last = Math.max(last, instrument.series.ts[n - 1]);
    }
    this.availableStartTs = options.availableStartTs ?? (Number.isFinite(first) ? first : 0);
    this.availableEndTs = options.availableEndTs ?? (Number.isFinite(last) ? last : 0);
    this.server = createServer((request, response) => this.handle(request, response));
  }

  /** Listens on 127.0.0.1 and an ephemeral port; resolves with the base URL (`http://127.0.0.1:<port>`). */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        const address = this.server.address();
        resolve(`http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`);
      });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const contentType = request.headers['content-type'];
      const form = contentType?.startsWith('application/x-www-form-urlencoded') === true ? Object.fromEntries(new URLSearchParams(body)) : {};
      const record: FakeHistoricalRequest = {
        method: request.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        form,
        body,
        authorization: request.headers.authorization,
        contentType,
        accept: request.headers.accept,
        userAgent: request.headers['user-agent'],
      };
      const index = this.requests.length;
      this.requests.push(record);
      const requestId = `fake-${index + 1}`;
      if (record.authorization === undefined || !this.authorizations.has(record.authorization)) {
        this.send(response, requestId, { status: 401, body: { detail: 'Authorization failed: bad key.' } });
        return;
      }
      const chosen = this.options.reply?.(record, index);
      if (chosen?.hang === true) return;
      this.send(response, requestId, chosen ?? this.answer(record));
    });
  }

  private send(response: ServerResponse, requestId: string, reply: FakeHistoricalReply): void {
    const bytes = reply.body instanceof Uint8Array;
    const payload = bytes ? Buffer.from(reply.body as Uint8Array) : Buffer.from(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {}));
    response.writeHead(reply.status, {
      'content-type': bytes ? 'application/octet-stream' : 'application/json',
      'request-id': requestId,
      ...reply.headers,
    });
    const size = this.options.chunkSize ?? payload.length;
    if (size >= payload.length) {
      response.end(payload);
      return;
    }
    let offset = 0;
    const next = (): void => {
      if (response.destroyed) return;
      const piece = payload.subarray(offset, offset + size);
      offset += piece.length;
      if (offset >= payload.length) response.end(piece);
      else response.write(piece, () => setImmediate(next));
    };
    next();
  }

  private answer(request: FakeHistoricalRequest): FakeHistoricalReply {
    switch (request.path) {
      case '/v0/timeseries.get_range':
        return this.getRange(request);
      case '/v0/symbology.resolve':
        return this.resolve(request);
      case '/v0/metadata.get_dataset_range':
        if (request.method !== 'GET') return { status: 405, body: { detail: 'Method Not Allowed' } };
        if (request.query.dataset !== this.dataset) return invalid('dataset', `unknown dataset "${request.query.dataset ?? ''}"`);
        return { status: 200, body: this.datasetRange() };
      default:
        return { status: 404, body: { detail: 'Not Found' } };
    }
  }

  private datasetRange(): Record<string, unknown> {
    const start = formatDatabentoTime(this.availableStartTs);
    const end = formatDatabentoTime(this.availableEndTs);
    const schema: Record<string, { start: string; end: string }> = {};
    for (const name of Object.keys(BAR_MS)) schema[name] = { start, end };
    return { start, end, schema };
  }

  /** Checks a form the way the real API does; the first problem as a 4xx reply. */
  private checkForm(request: FakeHistoricalRequest, required: readonly string[]): FakeHistoricalReply | undefined {
    if (request.method !== 'POST') return { status: 405, body: { detail: 'Method Not Allowed' } };
    if (request.contentType?.startsWith('application/x-www-form-urlencoded') !== true) {
      return { status: 415, body: { detail: `expected an application/x-www-form-urlencoded body, got ${request.contentType ?? 'none'}` } };
    }
    for (const field of required) if (request.form[field] === undefined || request.form[field] === '') return invalid(field, `\`${field}\` is required`);
    if (request.form.dataset !== this.dataset) return invalid('dataset', `unknown dataset "${request.form.dataset}"`);
    for (const field of ['stype_in', 'stype_out']) {
      const value = request.form[field];
      if (value !== undefined && STYPE_ID[value] === undefined) return invalid(field, `unknown symbology type "${value}"`);
    }
    return undefined;
  }

  private getRange(request: FakeHistoricalRequest): FakeHistoricalReply {
    const problem = this.checkForm(request, ['dataset', 'symbols', 'schema', 'start']);
    if (problem !== undefined) return problem;
    const form = request.form;
    const barMs = BAR_MS[form.schema];
    if (barMs === undefined) return invalid('schema', `the fake serves ohlcv-1m, ohlcv-1h and ohlcv-1d, not "${form.schema}"`);
    if ((form.encoding ?? 'dbn') !== 'dbn') return invalid('encoding', `the fake serves encoding=dbn only, not "${form.encoding}"`);
    const compression = form.compression ?? 'none';
    if (compression !== 'none' && compression !== 'zstd') return invalid('compression', `unknown compression "${compression}"`);
    let startTs: number;
    let endTs: number;
    try {
      startTs = parseDatabentoTime(form.start);
      endTs = form.end === undefined ? startTs + barMs : parseDatabentoTime(form.end);
    } catch {
      return invalid('start', 'unreadable `start` or `end`');
    }
    if (startTs < this.availableStartTs) {
      return rangeError('data_start_before_available_start', '`start` was before the available start.', { start: form.start, available_start: formatDatabentoTime(this.availableStartTs) });
    }
    if (endTs > this.availableEndTs) {
      return rangeError('data_end_after_available_end', '`end` was after the available end.', { end: form.end, available_end: formatDatabentoTime(this.availableEndTs) });
    }
    if (!(endTs > startTs)) return invalid('end', '`end` must be after `start`');
    const requested = form.symbols.split(',');
    const stypeIn = form.stype_in ?? 'raw_symbol';
    const known = stypeIn === (this.options.stypeIn ?? 'continuous') ? (this.options.instruments ?? []) : [];
    const served = requested.map((symbol) => known.find((i) => i.symbol === symbol)).filter((i): i is FakeHistoricalInstrument => i !== undefined);
    const notFound = requested.filter((symbol) => !served.some((i) => i.symbol === symbol));
    const startDate = dbnDateOf(startTs);
    const endDate = dbnDateOf(endTs - 1 + 86_400_000);
    const parts: Uint8Array[] = [
      encodeDbnMetadata({
        dataset: this.dataset,
        schema: SCHEMA_ID[form.schema],
        startNs: BigInt(startTs) * NS_PER_MS,
        endNs: BigInt(endTs) * NS_PER_MS,
        limit: BigInt(form.limit ?? '0'),
        stypeIn: STYPE_ID[stypeIn],
        stypeOut: STYPE_ID[form.stype_out ?? 'instrument_id'],
        symbols: requested,
        notFound,
        mappings: served.map((i) => ({ rawSymbol: i.symbol, intervals: [{ startDate, endDate, symbol: String(i.instrumentId) }] })),
      }),
    ];
    const records: { openTs: number; order: number; bytes: Uint8Array }[] = [];
    served.forEach((instrument, order) => {
      for (const bar of aggregate(instrument.series, barMs)) {
        if (bar.openTs < startTs || bar.openTs >= endTs || bar.openTs + barMs > this.availableEndTs) continue;
        records.push({
          openTs: bar.openTs,
          order,
          bytes: encodeOhlcvRecord({ rtype: RTYPE[form.schema], instrumentId: instrument.instrumentId, tsEventNs: BigInt(bar.openTs) * NS_PER_MS, ...bar }),
        });
      }
    });
    records.sort((a, b) => a.openTs - b.openTs || a.order - b.order);
    const limit = Number(form.limit ?? '0');
    for (const record of limit > 0 ? records.slice(0, limit) : records) parts.push(record.bytes);
    const dbn = concatBytes(parts);
    return { status: 200, body: compression === 'zstd' ? zstdRawFrames(dbn, 64 * 1024) : dbn };
  }

  private resolve(request: FakeHistoricalRequest): FakeHistoricalReply {
    const problem = this.checkForm(request, ['dataset', 'symbols', 'stype_in', 'start_date']);
    if (problem !== undefined) return problem;
    const form = request.form;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.start_date)) return invalid('start_date', 'expected YYYY-MM-DD');
    const endDate = form.end_date ?? formatDatabentoDate(parseDatabentoTime(form.start_date) + 86_400_000);
    const known = form.stype_in === (this.options.stypeIn ?? 'continuous') ? (this.options.instruments ?? []) : [];
    const stypeOut = form.stype_out ?? 'instrument_id';
    const result: Record<string, { d0: string; d1: string; s: string }[]> = {};
    const notFound: string[] = [];
    for (const symbol of form.symbols.split(',')) {
      const instrument = known.find((i) => i.symbol === symbol);
      if (instrument === undefined) notFound.push(symbol);
      else result[symbol] = [{ d0: form.start_date, d1: endDate, s: stypeOut === 'raw_symbol' ? instrument.rawSymbol : String(instrument.instrumentId) }];
    }
    return {
      status: 200,
      body: { result, symbols: form.symbols.split(','), stype_in: form.stype_in, stype_out: stypeOut, start_date: form.start_date, end_date: endDate, partial: [], not_found: notFound, message: 'OK', status: 0 },
    };
  }
}

function invalid(field: string, message: string): FakeHistoricalReply {
  return { status: 422, body: { detail: { case: `${field}_invalid`, message, status_code: 422, docs: 'https://databento.com/docs/api-reference-historical', payload: { field } } } };
}

function rangeError(errorCase: string, message: string, payload: Record<string, unknown>): FakeHistoricalReply {
  return { status: 422, body: { detail: { case: errorCase, message, status_code: 422, docs: 'https://databento.com/docs/api-reference-historical/basics/datasets', payload } } };
}

/** Minute bars aggregated into bins of `barMs` on UTC boundaries (a bin opens at a multiple of `barMs`). */
function aggregate(series: BarArrays, barMs: number): { openTs: number; open: number; high: number; low: number; close: number; volume: number }[] {
  const out: { openTs: number; open: number; high: number; low: number; close: number; volume: number }[] = [];
  for (let i = 0; i < series.length; i++) {
    const openTs = Math.floor((series.ts[i] - 60_000) / barMs) * barMs;
    const last = out.at(-1);
    if (last !== undefined && last.openTs === openTs) {
      last.high = Math.max(last.high, series.high[i]);
      last.low = Math.min(last.low, series.low[i]);
      last.close = series.close[i];
      last.volume += series.volume[i];
    } else {
      out.push({ openTs, open: series.open[i], high: series.high[i], low: series.low[i], close: series.close[i], volume: series.volume[i] });
    }
  }
  return out;
}
