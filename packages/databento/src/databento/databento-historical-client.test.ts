import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, WallClock } from '../live-clock.ts';
import { MemoryLogger } from '../logger.ts';
import { Secret } from '../secret.ts';
import { FakeDatabentoHistorical } from '../testing/fake-databento-historical.ts';
import type { FakeDatabentoHistoricalOptions, FakeHistoricalReply, FakeHistoricalRequest } from '../testing/fake-databento-historical.ts';
import { waitFor } from '../testing/wait-for.ts';
import { DatabentoHistoricalClient } from './databento-historical-client.ts';
import type { DatabentoHistoricalOptions } from './databento-historical-client.ts';
import { DatabentoHistoricalError } from './historical-error.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const VECTORS = `${SHARED}specs/vectors/`;
const KEY = 'db-FAKEKEY00000000000000000ABCDE';
/** base64("db-FAKEKEY00000000000000000ABCDE:"), the spec's example header (§3.2). */
const BASIC = 'Basic ZGItRkFLRUtFWTAwMDAwMDAwMDAwMDAwMDAwQUJDREU6';

interface ExpectedRecord {
  readonly rtype: number;
  readonly instrument_id: number;
  readonly ts_event: string;
  readonly open_f?: number;
  readonly high_f?: number;
  readonly low_f?: number;
  readonly close_f?: number;
  readonly volume?: string;
}
const EXPECTED = JSON.parse(readFileSync(`${VECTORS}ohlcv1m_sample.expected.json`, 'utf8')) as {
  metadata: { start: string; end: string; symbols: string[]; mappings: { raw_symbol: string; intervals: { start_date: string; end_date: string; symbol: string }[] }[] };
  records: ExpectedRecord[];
};
const SAMPLE = new Uint8Array(readFileSync(`${VECTORS}ohlcv1m_sample.dbn`));
const SAMPLE_ZST = new Uint8Array(readFileSync(`${VECTORS}ohlcv1m_sample.dbn.zst`));

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function fake(options: Partial<FakeDatabentoHistoricalOptions> = {}): Promise<{ server: FakeDatabentoHistorical; url: string }> {
  const server = new FakeDatabentoHistorical({ apiKeys: [KEY], ...options });
  const url = await server.listen();
  closers.push(() => server.close());
  return { server, url };
}

function client(url: string, options: Partial<DatabentoHistoricalOptions> = {}): DatabentoHistoricalClient {
  return new DatabentoHistoricalClient({ apiKey: new Secret('DATABENTO_API_KEY', KEY), clock: new WallClock(), baseUrl: url, ...options });
}

/** The spec's scenario 8 request (§3.2 example). */
const SAMPLE_REQUEST = {
  dataset: 'GLBX.MDP3',
  symbols: ['ES.c.0', 'NQ.c.0'],
  schema: 'ohlcv-1m',
  start: 1735828200000,
  end: 1735828380000,
  stypeIn: 'continuous',
  encoding: 'dbn',
} as const;

/** Replies to get_range with the vector file (zst when asked), like the spec's fake. */
function vectorReply(request: FakeHistoricalRequest): FakeHistoricalReply | undefined {
  if (request.path !== '/v0/timeseries.get_range') return undefined;
  return { status: 200, body: request.form.compression === 'zstd' ? SAMPLE_ZST : SAMPLE };
}

/** The expected bars of the vector by symbol (from the JSON, stamped at close = ts_event + 1 min). */
function expectedBars(): Map<string, number[][]> {
  const symbolOf = new Map<number, string>();
  for (const mapping of EXPECTED.metadata.mappings) for (const interval of mapping.intervals) symbolOf.set(Number(interval.symbol), mapping.raw_symbol);
  const out = new Map<string, number[][]>();
  for (const r of EXPECTED.records) {
    if (r.rtype !== 0x21) continue;
    const symbol = symbolOf.get(r.instrument_id) as string;
    const rows = out.get(symbol) ?? [];
    rows.push([Number(BigInt(r.ts_event) / 1_000_000n) + 60_000, r.open_f as number, r.high_f as number, r.low_f as number, r.close_f as number, Number(r.volume)]);
    out.set(symbol, rows);
  }
  return out;
}

function rows(series: BarSeries | undefined): number[][] {
  if (series === undefined) return [];
  return Array.from({ length: series.length }, (_, i) => [series.ts[i], series.open[i], series.high[i], series.low[i], series.close[i], series.volume[i]]);
}

async function rejection(promise: Promise<unknown>): Promise<DatabentoHistoricalError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DatabentoHistoricalError);
    return error as DatabentoHistoricalError;
  }
  throw new Error('expected a rejection');
}

describe('DatabentoHistoricalClient: timeseries.get_range (spec §4 scenario 8)', () => {
  for (const compression of ['none', 'zstd'] as const) {
    it(`compression=${compression}: sends the §3.2 form with Basic auth; decodes metadata, mapping and the 3 bars`, async () => {
      const { server, url } = await fake({ reply: vectorReply });
      const logger = new MemoryLogger();
      const result = await client(url, { logger }).getRange({ ...SAMPLE_REQUEST, compression });

      expect(server.requests).toHaveLength(1);
      const request = server.requests[0];
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/v0/timeseries.get_range');
      expect(request.authorization).toBe(BASIC);
      expect(request.contentType).toBe('application/x-www-form-urlencoded');
      expect(request.accept).toBe('application/octet-stream');
      expect(request.userAgent).toMatch(/^Rooney\/\S+ Node\//);
      // Byte for byte the spec's example body (commas percent-encoded).
      expect(request.body).toBe(
        `dataset=GLBX.MDP3&schema=ohlcv-1m&symbols=ES.c.0%2CNQ.c.0&stype_in=continuous&stype_out=instrument_id&start=${EXPECTED.metadata.start}&end=${EXPECTED.metadata.end}&encoding=dbn&compression=${compression}`,
      );

      expect(result.metadata.version).toBe(3);
      expect(result.metadata.dataset).toBe('GLBX.MDP3');
      expect(result.metadata.symbols).toEqual(['ES.c.0', 'NQ.c.0']);
      expect(result.metadata.mappings.map((m) => [m.rawSymbol, m.intervals.map((i) => [i.startDate, i.endDate, i.symbol])])).toEqual([
        ['ES.c.0', [[20250102, 20250103, '100001']]],
        ['NQ.c.0', [[20250102, 20250103, '100002']]],
      ]);
      // The one in-stream mapping of the vector: 100001 is ES.c.0, venue contract ESH5.
      expect(result.symbolMappings).toEqual([{ instrumentId: 100001, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESH5' }]);
      expect(result.records).toBe(3);
      expect(result.requestId).toBe('fake-1');
      expect(result.bytes).toBe(compression === 'zstd' ? SAMPLE_ZST.length : SAMPLE.length);
      const expected = expectedBars();
      expect([...result.bars.keys()]).toEqual(['ES.c.0', 'NQ.c.0']);
      expect(rows(result.bars.get('ES.c.0'))).toEqual(expected.get('ES.c.0'));
      expect(rows(result.bars.get('NQ.c.0'))).toEqual(expected.get('NQ.c.0'));
      // The two ES bars: 14:31 and 14:32 closes (stamped at close), as the JSON says by ts_event.
      expect(rows(result.bars.get('ES.c.0')).map((r) => new Date(r[0]).toISOString())).toEqual(['2025-01-02T14:31:00.000Z', '2025-01-02T14:32:00.000Z']);
      expect(logger.text()).not.toContain(KEY);
    });
  }

  const data = generateSyntheticDataset({ symbols: ['ES', 'NQ'], start: '2024-03-04', days: 2, seed: 3 });
  const ES = data.get('ES') as BarSeries;
  const NQ = data.get('NQ') as BarSeries;
  const instruments = [
    { symbol: 'ES.c.0', instrumentId: 5001, rawSymbol: 'ESH4', series: ES },
    { symbol: 'NQ.c.0', instrumentId: 5002, rawSymbol: 'NQH4', series: NQ },
  ];

  it('bars served by the fake (zstd in several frames, body in 1 kB pieces) equal the source minutes of [start, end)', async () => {
    const { server, url } = await fake({ instruments, chunkSize: 1000 });
    const start = ES.ts[100] - 60_000; // opens of bars 100 .. 1599
    const end = ES.ts[1599];
    const result = await client(url).getRange({ dataset: 'GLBX.MDP3', symbols: ['ES.c.0', 'NQ.c.0', 'ZZ.c.0'], schema: 'ohlcv-1m', start, end, stypeIn: 'continuous' });
    expect(server.requests[0].form.compression).toBe('zstd');
    expect(result.bytes).toBeGreaterThan(64 * 1024 * 2); // more than two zstd frames of 64 kB
    expect(result.metadata.notFound).toEqual(['ZZ.c.0']);
    expect(rows(result.bars.get('ES.c.0'))).toEqual(rows(ES.between(ES.ts[100], ES.ts[1599])));
    expect(rows(result.bars.get('NQ.c.0'))).toEqual(rows(NQ.between(NQ.ts[100], NQ.ts[1599])));
    expect(result.bars.get('ZZ.c.0')?.length).toBe(0);
    expect(result.records).toBe(2 * 1500);
  });

  it('ohlcv-1h: hourly bars stamped at the hour, each closing at the close of its last minute', async () => {
    const { url } = await fake({ instruments });
    const start = Math.ceil(ES.ts[0] / 3_600_000) * 3_600_000;
    const end = start + 6 * 3_600_000;
    const result = await client(url).getRange({ dataset: 'GLBX.MDP3', symbols: ['ES.c.0'], schema: 'ohlcv-1h', start, end, stypeIn: 'continuous', compression: 'none' });
    const hours = result.bars.get('ES.c.0') as BarSeries;
    expect(hours.barMs).toBe(3_600_000);
    expect(Array.from(hours.ts)).toEqual([1, 2, 3, 4, 5, 6].map((h) => start + h * 3_600_000));
    for (let h = 0; h < hours.length; h++) {
      const minutes = ES.between(hours.ts[h] - 3_600_000 + 1, hours.ts[h]);
      expect(hours.close[h]).toBe(minutes.close[minutes.length - 1]);
      expect(hours.high[h]).toBe(Math.max(...minutes.high));
      expect(hours.volume[h]).toBe(minutes.volume.reduce((a, b) => a + b, 0));
    }
  });

  it('a body that ends inside a record is a truncated download', async () => {
    const { url } = await fake({ reply: (request) => (request.path === '/v0/timeseries.get_range' ? { status: 200, body: SAMPLE.subarray(0, SAMPLE.length - 20) } : undefined) });
    const error = await rejection(client(url).getRange({ ...SAMPLE_REQUEST, compression: 'none' }));
    expect(error.code).toBe('truncated_download');
    expect(error.message).toContain('ends inside a record (36 bytes unread)');
  });

  it('a cut zstd stream is a truncated download; bytes that are not DBN are bad_dbn (not retried)', async () => {
    let index = 0;
    const { server, url } = await fake({
      reply: () => (index++ === 0 ? { status: 200, body: SAMPLE_ZST.subarray(0, SAMPLE_ZST.length - 5) } : { status: 200, body: new TextEncoder().encode('<html>hello</html>') }),
    });
    expect((await rejection(client(url).getRange({ ...SAMPLE_REQUEST, compression: 'zstd' }))).code).toBe('truncated_download');
    await expect(client(url).getRange({ ...SAMPLE_REQUEST, compression: 'none' })).rejects.toThrow('invalid DBN header');
    expect(server.requests).toHaveLength(2);
  });

  it('checks its parameters before sending anything', async () => {
    const { server, url } = await fake();
    const c = client(url);
    await expect(c.getRange({ ...SAMPLE_REQUEST, end: SAMPLE_REQUEST.start })).rejects.toThrow('"end" must be after "start"');
    await expect(c.getRange({ ...SAMPLE_REQUEST, symbols: [] })).rejects.toThrow('"symbols" must not be empty');
    await expect(c.getRange({ ...SAMPLE_REQUEST, stypeIn: 'continous' })).rejects.toThrow('"stypeIn" must be a Databento symbology type');
    await expect(c.getRange({ ...SAMPLE_REQUEST, schema: 'trades' as 'ohlcv-1m' })).rejects.toThrow('"schema" must be ohlcv-1m, ohlcv-1h or ohlcv-1d, was trades');
    await expect(c.getRange({ ...SAMPLE_REQUEST, symbols: Array.from({ length: 2001 }, (_, i) => `S${i}`) })).rejects.toThrow('at most 2000 symbols');
    expect(server.requests).toEqual([]);
    expect(() => client('http://10.0.0.1:8080')).toThrow('"baseUrl" must be https');
    expect(() => new DatabentoHistoricalClient({ apiKey: new Secret('K', 'short'), clock: new WallClock(), baseUrl: url })).toThrow('K: a Databento API key has 32 characters, this one has 5');
  });
});

describe('DatabentoHistoricalClient: errors (spec §3.5, §4 scenario 8b)', () => {
  it('401 with a string detail: typed error with status and message, not retried; the key is in no message or log', async () => {
    const { server, url } = await fake();
    const logger = new MemoryLogger();
    const badKey = 'db-WRONGKEY0000000000000000ZZZZZ';
    const c = new DatabentoHistoricalClient({ apiKey: new Secret('DATABENTO_API_KEY', badKey), clock: new WallClock(), baseUrl: url, logger });
    const error = await rejection(c.getRange({ ...SAMPLE_REQUEST, compression: 'none' }));
    expect(error.code).toBe('databento_auth_failed');
    expect(error.status).toBe(401);
    expect(error.detail).toBe('Authorization failed: bad key.');
    expect(error.message).toBe('Databento timeseries.get_range: HTTP 401: Authorization failed: bad key. (request-id fake-1)');
    expect(error.case).toBeUndefined();
    expect(server.requests).toHaveLength(1);
    const token = Buffer.from(`${badKey}:`).toString('base64');
    for (const text of [error.message, logger.text(), JSON.stringify(error)]) {
      expect(text).not.toContain(badKey);
      expect(text).not.toContain(token);
    }
  });

  it('422 with an object detail: status, case, message and docs; a request outside the available range is refused by the fake like the API', async () => {
    const { server, url } = await fake({ availableEndTs: 1735828300000, availableStartTs: 1735800000000 });
    const error = await rejection(client(url).getRange({ ...SAMPLE_REQUEST, compression: 'none' }));
    expect(error.code).toBe('databento_bad_request');
    expect(error.status).toBe(422);
    expect(error.case).toBe('data_end_after_available_end');
    expect(error.detail).toBe('`end` was after the available end.');
    expect(error.docs).toMatch(/^https:\/\/databento\.com\/docs/);
    expect(error.message).toBe('Databento timeseries.get_range: HTTP 422 data_end_after_available_end: `end` was after the available end. (request-id fake-1)');
    expect(error.retryable).toBe(false);
    expect(server.requests).toHaveLength(1);
  });

  it('429 + Retry-After: 1: waits exactly 1 s on the injected clock, then retries and succeeds', async () => {
    let calls = 0;
    const { server, url } = await fake({ reply: (request) => (calls++ === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: { detail: 'Too many requests.' } } : vectorReply(request)) });
    const clock = new FakeClock(1_700_000_000_000);
    const logger = new MemoryLogger();
    // A default delay of 5 s: only Retry-After can make the wait 1 s.
    const pending = client(url, { clock, logger, retryDelayMs: 5000 }).getRange({ ...SAMPLE_REQUEST, compression: 'none' });
    await waitFor(() => logger.events('databento_historical_retry').length === 1, 'the retry decision');
    expect(logger.events('databento_historical_retry')[0].fields).toMatchObject({ attempt: 1, status: 429, waitMs: 1000 });
    clock.advance(999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests).toHaveLength(1);
    clock.advance(1);
    const result = await pending;
    expect(server.requests).toHaveLength(2);
    expect(result.records).toBe(3);
    expect(result.requestId).toBe('fake-2');
  });

  it('5xx: retried with doubling delays up to maxAttempts; HTML bodies give the status text; 504 gets the fixed text', async () => {
    const { server, url } = await fake({
      reply: (_request, index) =>
        index < 2 ? { status: 500, headers: { 'content-type': 'text/html' }, body: '<html>oops</html>' } : { status: 504, body: { detail: 'upstream' } },
    });
    const clock = new FakeClock(0);
    const logger = new MemoryLogger();
    const pending = rejection(client(url, { clock, logger, maxAttempts: 3 }).getRange({ ...SAMPLE_REQUEST, compression: 'none' }));
    await waitFor(() => logger.events('databento_historical_retry').length === 1, 'first retry');
    clock.advance(1000);
    await waitFor(() => logger.events('databento_historical_retry').length === 2, 'second retry');
    clock.advance(2000);
    const error = await pending;
    expect(server.requests).toHaveLength(3);
    expect(logger.events('databento_historical_retry').map((r) => [r.fields.status, r.fields.waitMs])).toEqual([
      [500, 1000],
      [500, 2000],
    ]);
    expect(logger.events('databento_historical_retry')[0].fields.error).toBe('Databento timeseries.get_range: HTTP 500: Internal Server Error (request-id fake-1)');
    expect(error.code).toBe('databento_timeout');
    expect(error.status).toBe(504);
    expect(error.detail).toBe('The remote gateway timed out.');
  });

  it('a Retry-After longer than maxRetryWaitMs ends the retries at once', async () => {
    const { server, url } = await fake({ reply: () => ({ status: 429, headers: { 'retry-after': '3600' }, body: { detail: 'slow down' } }) });
    const error = await rejection(client(url, { clock: new FakeClock(0) }).getRange({ ...SAMPLE_REQUEST, compression: 'none' }));
    expect(error.code).toBe('databento_rate_limited');
    expect(error.retryAfterMs).toBe(3_600_000);
    expect(server.requests).toHaveLength(1);
  });

  it('no answer: the injected clock times the attempt out', async () => {
    const { server, url } = await fake({ reply: () => ({ status: 200, hang: true }) });
    const clock = new FakeClock(0);
    const pending = rejection(client(url, { clock, timeoutMs: 5000, maxAttempts: 1 }).getDatasetRange('GLBX.MDP3'));
    await waitFor(() => server.requests.length === 1, 'the request');
    clock.advance(4999);
    await new Promise((resolve) => setTimeout(resolve, 20));
    clock.advance(1);
    const error = await pending;
    expect(error.code).toBe('databento_timeout');
    expect(error.status).toBeUndefined();
    expect(error.message).toBe('Databento metadata.get_dataset_range: no answer within 5000 ms');
  });

  it('a refused connection is a network error naming the code, never the key', async () => {
    const server = new FakeDatabentoHistorical({ apiKeys: [KEY] });
    const deadUrl = await server.listen();
    await server.close();
    const error = await rejection(client(deadUrl, { maxAttempts: 1 }).getDatasetRange('GLBX.MDP3'));
    expect(error.code).toBe('databento_network_error');
    expect(error.message).toMatch(/cannot reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(error.message).not.toContain(KEY);
  });

  it('an error body that echoes the credentials is scrubbed', async () => {
    const { url } = await fake({ reply: (request) => ({ status: 400, body: { detail: `bad header ${request.authorization} for ${KEY}` } }) });
    const error = await rejection(client(url).getDatasetRange('GLBX.MDP3'));
    expect(error.message).not.toContain(KEY);
    expect(error.message).not.toContain(BASIC.slice(6));
    expect(error.message).toContain('bad header Basic [redacted] for [secret DATABENTO_API_KEY]');
  });

  it('X-Warning: the JSON array is surfaced in the result and the log', async () => {
    const { url } = await fake({
      reply: (request) => ({ status: 200, headers: { 'x-warning': JSON.stringify(['DeprecationWarning: stype_out is deprecated']) }, body: request.form.compression === 'zstd' ? SAMPLE_ZST : SAMPLE }),
    });
    const logger = new MemoryLogger();
    const result = await client(url, { logger }).getRange({ ...SAMPLE_REQUEST, compression: 'none' });
    expect(result.warnings).toEqual(['DeprecationWarning: stype_out is deprecated']);
    expect(logger.events('databento_warning').map((r) => r.fields.warning)).toEqual(['DeprecationWarning: stype_out is deprecated']);
  });
});

describe('DatabentoHistoricalClient: symbology and metadata', () => {
  const ES = generateSyntheticDataset({ symbols: ['ES'], start: '2024-03-04', days: 1, seed: 3 }).get('ES') as BarSeries;

  it('symbology.resolve: the §3.3 form; result intervals, not_found', async () => {
    const { server, url } = await fake({ instruments: [{ symbol: 'ES.c.0', instrumentId: 10245, rawSymbol: 'ESM3', series: ES }] });
    const resolution = await client(url).resolveSymbology({ dataset: 'GLBX.MDP3', symbols: ['ES.c.0', 'ES.d.0'], stypeIn: 'continuous', startDate: '2023-06-14', endDate: '2023-06-16' });
    const request = server.requests[0];
    expect([request.method, request.path, request.accept, request.authorization]).toEqual(['POST', '/v0/symbology.resolve', 'application/json', BASIC]);
    expect(request.body).toBe('dataset=GLBX.MDP3&symbols=ES.c.0%2CES.d.0&stype_in=continuous&stype_out=instrument_id&start_date=2023-06-14&end_date=2023-06-16');
    expect([...resolution.result]).toEqual([['ES.c.0', [{ startDate: '2023-06-14', endDate: '2023-06-16', symbol: '10245' }]]]);
    expect(resolution.notFound).toEqual(['ES.d.0']);
    expect(resolution.partial).toEqual([]);
    const raw = await client(url).resolveSymbology({ dataset: 'GLBX.MDP3', symbols: ['ES.c.0'], stypeIn: 'continuous', stypeOut: 'raw_symbol', startDate: '2023-06-14' });
    expect(raw.result.get('ES.c.0')).toEqual([{ startDate: '2023-06-14', endDate: '2023-06-15', symbol: 'ESM3' }]);
    await expect(client(url).resolveSymbology({ dataset: 'GLBX.MDP3', symbols: ['ES.c.0'], stypeIn: 'continuous', startDate: '14/06/2023' })).rejects.toThrow('"startDate" must be YYYY-MM-DD, was 14/06/2023');
  });

  it('symbology.resolve: the spec example answer, as Databento documents it', async () => {
    const example = {
      result: { 'ES.c.0': [{ d0: '2023-06-14', d1: '2023-06-15', s: '10245' }, { d0: '2023-06-15', d1: '2023-06-16', s: '10248' }] },
      symbols: ['ES.c.0', 'ES.d.0'],
      stype_in: 'continuous',
      stype_out: 'instrument_id',
      start_date: '2023-06-14',
      end_date: '2023-06-16',
      partial: [],
      not_found: ['ES.d.0'],
      message: 'OK',
      status: 0,
    };
    const { url } = await fake({ reply: () => ({ status: 200, body: example }) });
    const resolution = await client(url).resolveSymbology({ dataset: 'GLBX.MDP3', symbols: ['ES.c.0', 'ES.d.0'], stypeIn: 'continuous', startDate: '2023-06-14', endDate: '2023-06-16' });
    expect(resolution.result.get('ES.c.0')?.map((i) => `${i.startDate}..${i.endDate} ${i.symbol}`)).toEqual(['2023-06-14..2023-06-15 10245', '2023-06-15..2023-06-16 10248']);
    expect(resolution.notFound).toEqual(['ES.d.0']);
  });

  it('metadata.get_dataset_range: a GET with the dataset in the query; nanosecond ISO times read to the ms', async () => {
    const { server, url } = await fake({
      reply: () => ({
        status: 200,
        body: { start: '2010-06-06T00:00:00.000000000Z', end: '2025-01-02T14:32:17.123456789Z', schema: { 'ohlcv-1m': { start: '2010-06-06T00:00:00.000000000Z', end: '2025-01-02T14:32:00.000000000Z' } } },
      }),
    });
    const range = await client(url).getDatasetRange('GLBX.MDP3');
    expect([server.requests[0].method, server.requests[0].path, server.requests[0].query]).toEqual(['GET', '/v0/metadata.get_dataset_range', { dataset: 'GLBX.MDP3' }]);
    expect(server.requests[0].authorization).toBe(BASIC);
    expect(new Date(range.startTs).toISOString()).toBe('2010-06-06T00:00:00.000Z');
    expect(new Date(range.endTs).toISOString()).toBe('2025-01-02T14:32:17.123Z');
    expect(new Date(range.schemas['ohlcv-1m'].endTs).toISOString()).toBe('2025-01-02T14:32:00.000Z');
  });

  it('a JSON answer that is not the documented shape is bad_response', async () => {
    const { url } = await fake({ reply: () => ({ status: 200, body: '["no"]' }) });
    await expect(client(url).getDatasetRange('GLBX.MDP3')).rejects.toThrow('Databento metadata.get_dataset_range: the answer is not a JSON object');
  });
});
