import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { DAY_MS } from '@rooney/core';
import { dbnDateOf, formatDatabentoTime, parseDatabentoTime } from '../databento/databento-time.ts';
import { concatBytes, encodeDbnMetadata, encodeOhlcvRecord } from '../dbn/dbn-encoder.ts';
import { SCHEMA_ID, STYPE_ID } from '../dbn/dbn-records.ts';
import { FakeHistoricalUniverse, aggregateBars, dateOfDay, dayOfDate } from './fake-historical-universe.ts';
import type { FakeContinuousSymbol, FakeHistoricalContract, FakeHistoricalInstrument } from './fake-historical-universe.ts';
import { zstdRawFrames } from './zstd-frames.ts';

export type { FakeContinuousSymbol, FakeHistoricalContract, FakeHistoricalInstrument } from './fake-historical-universe.ts';

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
  /** Futures contracts, asked for by venue symbol (`stype_in=raw_symbol`). */
  readonly contracts?: readonly FakeHistoricalContract[];
  /** Continuous symbols (`ES.c.0`) scheduled on `contracts` by date (`stype_in=continuous`). */
  readonly continuous?: readonly FakeContinuousSymbol[];
  /** What `metadata.get_cost` charges per 1e9 billable bytes, in USD. Default 0.5. */
  readonly usdPerGigabyte?: number;
  /**
   * The account's remaining credit in USD: a get_range whose cost would take the total served
   * beyond it is answered 402 Payment Required (no data). Default: unlimited.
   */
  readonly budgetUsd?: number;
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
/** Bytes of one OHLCV record in DBN v3, what the fake bills per bar. */
const OHLCV_RECORD_BYTES = 56;

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
 * - `POST /v0/symbology.resolve`: the spec's JSON shape, dated intervals for continuous symbols;
 * - `GET /v0/metadata.get_dataset_range?dataset=`: start, end and per-schema ranges;
 * - `POST /v0/metadata.get_record_count`, `get_billable_size`, `get_cost`: bare JSON numbers for
 *   exactly the records the same get_range serves (56 bytes each; `usdPerGigabyte` per 1e9 bytes);
 * every answer with a `request-id` header. Instruments are the original `instruments` (one per
 * symbol, every day), `contracts` by venue symbol, and `continuous` symbols scheduled on the
 * contracts by date (metadata mappings per interval, like the real API). `budgetUsd` answers 402
 * once the data served would cost more. `reply` injects anything else (429 + `Retry-After`, 5xx,
 * X-Warning headers, broken bodies, silence).
 */
export class FakeDatabentoHistorical {
  readonly requests: FakeHistoricalRequest[] = [];
  private readonly options: FakeDatabentoHistoricalOptions;
  private readonly dataset: string;
  private readonly authorizations: ReadonlySet<string>;
  private readonly server: Server;
  private readonly availableStartTs: number;
  private readonly availableEndTs: number;
  private readonly universe: FakeHistoricalUniverse;
  /** USD of the get_range answers served so far. */
  private spentUsd = 0;

  constructor(options: FakeDatabentoHistoricalOptions) {
    this.options = options;
    this.dataset = options.dataset ?? 'GLBX.MDP3';
    this.authorizations = new Set(options.apiKeys.map((key) => `Basic ${Buffer.from(`${key}:`).toString('base64')}`));
    this.universe = new FakeHistoricalUniverse(options);
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const series of this.universe.allSeries()) {
      const n = series.length;
      if (n === 0) continue;
      first = Math.min(first, series.ts[0] - 60_000);
      last = Math.max(last, series.ts[n - 1]);
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

  /** USD worth of data served by get_range so far (at `usdPerGigabyte`). */
  get spent(): number {
    return this.spentUsd;
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
      case '/v0/metadata.get_record_count':
      case '/v0/metadata.get_billable_size':
      case '/v0/metadata.get_cost':
        return this.sizing(request);
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

  /** The records a get_range (or a sizing call) with this form selects, or the 4xx answer to give. */
  private select(request: FakeHistoricalRequest): { reply: FakeHistoricalReply } | { selection: Selection } {
    const problem = this.checkForm(request, ['dataset', 'symbols', 'schema', 'start']);
    if (problem !== undefined) return { reply: problem };
    const form = request.form;
    const barMs = BAR_MS[form.schema];
    if (barMs === undefined) return { reply: invalid('schema', `the fake serves ohlcv-1m, ohlcv-1h and ohlcv-1d, not "${form.schema}"`) };
    let startTs: number;
    let endTs: number;
    try {
      startTs = parseDatabentoTime(form.start);
      endTs = form.end === undefined ? startTs + barMs : parseDatabentoTime(form.end);
    } catch {
      return { reply: invalid('start', 'unreadable `start` or `end`') };
    }
    if (startTs < this.availableStartTs) {
      return { reply: rangeError('data_start_before_available_start', '`start` was before the available start.', { start: form.start, available_start: formatDatabentoTime(this.availableStartTs) }) };
    }
    if (endTs > this.availableEndTs) {
      return { reply: rangeError('data_end_after_available_end', '`end` was after the available end.', { end: form.end, available_end: formatDatabentoTime(this.availableEndTs) }) };
    }
    if (!(endTs > startTs)) return { reply: invalid('end', '`end` must be after `start`') };
    const requested = form.symbols.split(',');
    const stypeIn = form.stype_in ?? 'raw_symbol';
    const slices = this.universe.slices(requested, stypeIn);
    const notFound = requested.filter((symbol) => !slices.some((slice) => slice.requested === symbol));
    const startDay = Math.floor(startTs / DAY_MS);
    const endDay = Math.floor((endTs - 1) / DAY_MS) + 1;
    const mappings = new Map<string, { startDate: number; endDate: number; symbol: string }[]>();
    const records: { openTs: number; order: number; bytes: Uint8Array }[] = [];
    slices.forEach((slice, order) => {
      const from = Math.max(startDay, slice.startDay);
      const to = Math.min(endDay, slice.endDay);
      if (from >= to) return;
      const list = mappings.get(slice.requested) ?? [];
      list.push({ startDate: Number.isFinite(slice.startDay) ? dbnDateOf(from * DAY_MS) : dbnDateOf(startTs), endDate: Number.isFinite(slice.endDay) ? dbnDateOf(to * DAY_MS) : dbnDateOf(endTs - 1 + DAY_MS), symbol: String(slice.instrumentId) });
      mappings.set(slice.requested, list);
      for (const bar of aggregateBars(slice.series, barMs)) {
        const day = Math.floor(bar.openTs / DAY_MS);
        if (day < slice.startDay || day >= slice.endDay) continue;
        if (bar.openTs < startTs || bar.openTs >= endTs || bar.openTs + barMs > this.availableEndTs) continue;
        records.push({
          openTs: bar.openTs,
          order,
          bytes: encodeOhlcvRecord({ rtype: RTYPE[form.schema], instrumentId: slice.instrumentId, tsEventNs: BigInt(bar.openTs) * NS_PER_MS, ...bar }),
        });
      }
    });
    records.sort((a, b) => a.openTs - b.openTs || a.order - b.order);
    const limit = Number(form.limit ?? '0');
    const kept = limit > 0 ? records.slice(0, limit) : records;
    return { selection: { form, startTs, endTs, requested, notFound, stypeIn, mappings, records: kept.map((r) => r.bytes) } };
  }

  private getRange(request: FakeHistoricalRequest): FakeHistoricalReply {
    const chosen = this.select(request);
    if ('reply' in chosen) return chosen.reply;
    const { form, startTs, endTs, requested, notFound, stypeIn, mappings, records } = chosen.selection;
    if ((form.encoding ?? 'dbn') !== 'dbn') return invalid('encoding', `the fake serves encoding=dbn only, not "${form.encoding}"`);
    const compression = form.compression ?? 'none';
    if (compression !== 'none' && compression !== 'zstd') return invalid('compression', `unknown compression "${compression}"`);
    const cost = this.costOf(records.length);
    if (this.options.budgetUsd !== undefined && this.spentUsd + cost > this.options.budgetUsd + 1e-12) {
      return { status: 402, body: { detail: `Your account's remaining credit ($${Math.max(0, this.options.budgetUsd - this.spentUsd).toFixed(2)}) does not cover this request ($${cost.toFixed(2)}).` } };
    }
    this.spentUsd += cost;
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
        mappings: [...mappings].map(([rawSymbol, intervals]) => ({ rawSymbol, intervals })),
      }),
      ...records,
    ];
    const dbn = concatBytes(parts);
    return { status: 200, body: compression === 'zstd' ? zstdRawFrames(dbn, 64 * 1024) : dbn };
  }

  /** `metadata.get_record_count`, `get_billable_size`, `get_cost`: bare JSON numbers for what get_range would serve. */
  private sizing(request: FakeHistoricalRequest): FakeHistoricalReply {
    const chosen = this.select(request);
    if ('reply' in chosen) return chosen.reply;
    const count = chosen.selection.records.length;
    if (request.path.endsWith('get_record_count')) return { status: 200, body: count };
    if (request.path.endsWith('get_billable_size')) return { status: 200, body: count * OHLCV_RECORD_BYTES };
    return { status: 200, body: this.costOf(count) };
  }

  private costOf(records: number): number {
    return ((records * OHLCV_RECORD_BYTES) / 1e9) * (this.options.usdPerGigabyte ?? 0.5);
  }

  private resolve(request: FakeHistoricalRequest): FakeHistoricalReply {
    const problem = this.checkForm(request, ['dataset', 'symbols', 'stype_in', 'start_date']);
    if (problem !== undefined) return problem;
    const form = request.form;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(form.start_date)) return invalid('start_date', 'expected YYYY-MM-DD');
    const startDay = dayOfDate(form.start_date);
    const endDate = form.end_date ?? dateOfDay(startDay + 1);
    const endDay = dayOfDate(endDate);
    const stypeOut = form.stype_out ?? 'instrument_id';
    const result: Record<string, { d0: string; d1: string; s: string }[]> = {};
    const notFound: string[] = [];
    const partial: string[] = [];
    for (const symbol of form.symbols.split(',')) {
      const intervals = this.universe.resolve(symbol, form.stype_in, startDay, endDay);
      if (intervals.length === 0) {
        notFound.push(symbol);
        continue;
      }
      result[symbol] = intervals.map((i) => ({ d0: dateOfDay(i.startDay), d1: dateOfDay(i.endDay), s: stypeOut === 'raw_symbol' ? i.rawSymbol : String(i.instrumentId) }));
      let covered = 0;
      for (const i of intervals) covered += i.endDay - i.startDay;
      if (covered < endDay - startDay) partial.push(symbol);
    }
    return {
      status: 200,
      body: { result, symbols: form.symbols.split(','), stype_in: form.stype_in, stype_out: stypeOut, start_date: form.start_date, end_date: endDate, partial, not_found: notFound, message: 'OK', status: 0 },
    };
  }
}

/** What a get_range form selects. */
interface Selection {
  readonly form: Readonly<Record<string, string>>;
  readonly startTs: number;
  readonly endTs: number;
  readonly requested: readonly string[];
  readonly notFound: readonly string[];
  readonly stypeIn: string;
  readonly mappings: ReadonlyMap<string, { startDate: number; endDate: number; symbol: string }[]>;
  readonly records: readonly Uint8Array[];
}

function invalid(field: string, message: string): FakeHistoricalReply {
  return { status: 422, body: { detail: { case: `${field}_invalid`, message, status_code: 422, docs: 'https://databento.com/docs/api-reference-historical', payload: { field } } } };
}

function rangeError(errorCase: string, message: string, payload: Record<string, unknown>): FakeHistoricalReply {
  return { status: 422, body: { detail: { case: errorCase, message, status_code: 422, docs: 'https://databento.com/docs/api-reference-historical/basics/datasets', payload } } };
}
