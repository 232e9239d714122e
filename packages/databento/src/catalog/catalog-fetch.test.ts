import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarCatalog, CATALOG_MANIFEST, verifyCatalog } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabentoHistoricalClient } from '../databento/databento-historical-client.ts';
import { concatBytes, encodeDbnMetadata, encodeOhlcvRecord } from '../dbn/dbn-encoder.ts';
import type { DatabentoHistoricalOptions } from '../databento/databento-historical-client.ts';
import { WallClock } from '../live-clock.ts';
import { MemoryLogger } from '../logger.ts';
import { Secret } from '../secret.ts';
import { FakeDatabentoHistorical } from '../testing/fake-databento-historical.ts';
import type { FakeDatabentoHistoricalOptions, FakeHistoricalRequest } from '../testing/fake-databento-historical.ts';
import { fakeEsMarket, fakeFuturesMarket } from '../testing/fake-futures-market.ts';
import { contractKey } from './contract-resolution.ts';
import { zstdRawFrames } from '../testing/zstd-frames.ts';
import { fetchToCatalog } from './catalog-fetch.ts';
import type { CatalogFetchOptions, FetchEvent } from './catalog-fetch.ts';

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const MARKET = fakeEsMarket();
const D = (text: string): number => Date.parse(`${text}T00:00:00Z`);
const DAY = 86_400_000;
const AT = '2025-07-01T12:00:00.000Z';
/** ES.c.0 from January to the end of April 2025: ESH5 until 21 March, ESM5 after (and 14 days before). */
const REQUEST = { dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbols: ['ES.c.0'], start: D('2025-01-01'), end: D('2025-04-30') } as const;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(options: Partial<FakeDatabentoHistoricalOptions> = {}): Promise<{ server: FakeDatabentoHistorical; url: string }> {
  const server = new FakeDatabentoHistorical({ apiKeys: [KEY], contracts: MARKET.contracts, continuous: MARKET.continuous, usdPerGigabyte: 1000, ...options });
  const url = await server.listen();
  cleanups.push(() => server.close());
  return { server, url };
}

function client(url: string, options: Partial<DatabentoHistoricalOptions> = {}): DatabentoHistoricalClient {
  return new DatabentoHistoricalClient({ apiKey: new Secret('DATABENTO_API_KEY', KEY), clock: new WallClock(), baseUrl: url, retryDelayMs: 5, ...options });
}

function catalogDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-fetch-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'catalog');
}

function run(url: string, dir: string, extra: Partial<CatalogFetchOptions> = {}, events: FetchEvent[] = []) {
  return fetchToCatalog({ client: client(url), catalogDir: dir, request: REQUEST, confirm: async () => true, now: () => AT, onEvent: (e) => events.push(e), ...extra });
}

/** Bars of a contract opening in [from, to), straight from the arrays the fake serves. */
function opening(symbol: string, from: number, to: number): BarSeries {
  const series = MARKET.bars.get(symbol) as BarSeries;
  return series.between(from + 60_000, to + 60_000 - 1);
}

/** The fake's instrument ids by venue symbol. */
const NAMES: Readonly<Record<string, string>> = { '5002': 'ESH5', '5003': 'ESM5' };

const downloads = (server: FakeDatabentoHistorical): FakeHistoricalRequest[] => server.requests.filter((r) => r.path === '/v0/timeseries.get_range');

/** Every file under a directory, as text (to look for leaked secrets). */
function allText(dir: string): string {
  let text = '';
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) text += readFileSync(join(entry.parentPath, entry.name)).toString('latin1');
  }
  return text;
}

describe('fetchToCatalog: ES.c.0 into a catalog of contracts', () => {
  it('sizes first, buys each contract-month once, and stores the contracts, the mapping and the DBN metadata', async () => {
    const { server, url } = await fake();
    const dir = catalogDir();
    const events: FetchEvent[] = [];
    const result = await run(url, dir, {}, events);

    // What must be held: ESH5 while mapped, ESM5 from 14 days before its first mapped day.
    const h5 = opening('ESH5', D('2025-01-01'), D('2025-03-21'));
    const m5 = opening('ESM5', D('2025-03-21') - 14 * DAY, D('2025-04-30'));
    const estimate = result.estimate;
    expect(estimate?.records).toBe(h5.length + m5.length);
    expect(estimate?.billableBytes).toBe((h5.length + m5.length) * 56);
    expect(estimate?.costUsd).toBeCloseTo(((h5.length + m5.length) * 56 * 1000) / 1e9, 9);
    expect(result.outcome).toBe('done');
    expect(result.records).toBe(h5.length + m5.length);

    // Every sizing call came before the first download.
    const paths = server.requests.map((r) => r.path);
    const firstDownload = paths.indexOf('/v0/timeseries.get_range');
    expect(paths.lastIndexOf('/v0/metadata.get_cost')).toBeLessThan(firstDownload);
    expect(paths.slice(0, 2)).toEqual(['/v0/metadata.get_dataset_range', '/v0/symbology.resolve']);
    // One download per contract and month, by venue symbol, never overlapping.
    const pieces = downloads(server).map((r) => `${NAMES[r.form.symbols]} ${new Date(Number(BigInt(r.form.start) / 1_000_000n)).toISOString().slice(0, 10)}→${new Date(Number(BigInt(r.form.end) / 1_000_000n)).toISOString().slice(0, 10)}`);
    expect(pieces).toEqual([
      'ESH5 2025-01-01→2025-02-01',
      'ESH5 2025-02-01→2025-03-01',
      'ESH5 2025-03-01→2025-03-21',
      'ESM5 2025-03-07→2025-04-01',
      'ESM5 2025-04-01→2025-04-30',
    ]);
    // Downloads ask by instrument id: a venue symbol such as ESH5 is reused every ten years.
    expect(downloads(server).every((r) => r.form.stype_in === 'instrument_id' && r.form.compression === 'zstd')).toBe(true);
    expect(events.filter((e) => e.type === 'chunk').map((e) => (e.type === 'chunk' ? `${e.index}/${e.total}` : ''))).toEqual(['1/5', '2/5', '3/5', '4/5', '5/5']);

    const catalog = BarCatalog.open(dir);
    expect(catalog.readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESH2025' }).toBars()).toEqual(h5.toBars());
    expect(catalog.readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESM2025' }).toBars()).toEqual(m5.toBars());
    expect(catalog.symbology('GLBX.MDP3', 'ES.c.0')).toEqual({
      dataset: 'GLBX.MDP3',
      symbol: 'ES.c.0',
      stypeIn: 'continuous',
      intervals: [
        { startDate: '2025-01-01', endDate: '2025-03-21', symbol: 'ESH2025' },
        { startDate: '2025-03-21', endDate: '2025-04-30', symbol: 'ESM2025' },
      ],
    });
    const march = catalog.partitions('GLBX.MDP3', 'ohlcv-1m', 'ESH2025').find((p) => p.month === '2025-03');
    expect(march?.sources[0]).toMatchObject({
      kind: 'databento',
      at: AT,
      request: { dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbols: '5002', stype_in: 'instrument_id', start: '2025-03-01T00:00:00.000Z', end: '2025-03-21T00:00:00.000Z' },
      dbn: { dataset: 'GLBX.MDP3', schema: 6, stypeIn: 0, symbols: ['5002'], notFound: [], mappings: [{ rawSymbol: '5002', intervals: [{ startDate: 20250301, endDate: 20250321, symbol: '5002' }] }] },
    });
    expect(catalog.manifest.requests).toEqual([
      {
        kind: 'databento',
        at: AT,
        parameters: {
          dataset: 'GLBX.MDP3',
          schema: 'ohlcv-1m',
          symbols: ['ES.c.0'],
          start: '2025-01-01T00:00:00.000Z',
          end: '2025-04-30T00:00:00.000Z',
          leadDays: 14,
          chunks: 5,
          estimate: { records: estimate?.records, billableBytes: estimate?.billableBytes, costUsd: estimate?.costUsd },
        },
      },
    ]);
    expect(verifyCatalog(catalog).ok).toBe(true);
    const everything = allText(dir);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(Buffer.from(`${KEY}:`).toString('base64'));
  });

  it('a second run buys nothing; a longer range buys only what is new', async () => {
    const { server, url } = await fake();
    const dir = catalogDir();
    await run(url, dir);
    const before = server.requests.length;
    const again = await run(url, dir);
    expect(again.outcome).toBe('nothing_missing');
    // Only free calls: availability, ES.c.0 → instrument ids by date, ids → venue symbols.
    expect(server.requests.slice(before).map((r) => [r.path, r.form.stype_in ?? null])).toEqual([
      ['/v0/metadata.get_dataset_range', null],
      ['/v0/symbology.resolve', 'continuous'],
      ['/v0/symbology.resolve', 'instrument_id'],
    ]);

    const longer = await run(url, dir, { request: { ...REQUEST, end: D('2025-06-20') } });
    const bought = downloads(server).slice(5).map((r) => [r.form.symbols, Number(BigInt(r.form.start) / 1_000_000n), Number(BigInt(r.form.end) / 1_000_000n)]);
    expect(bought).toEqual([
      ['5003', D('2025-04-30'), D('2025-05-01')],
      ['5003', D('2025-05-01'), D('2025-06-01')],
      ['5003', D('2025-06-01'), D('2025-06-20')],
    ]);
    expect(longer.estimate?.records).toBe(opening('ESM5', D('2025-04-30'), D('2025-06-20')).length);
    const catalog = BarCatalog.open(dir);
    expect(catalog.readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESM2025' }).toBars()).toEqual(opening('ESM5', D('2025-03-07'), D('2025-06-20')).toBars());
    expect(catalog.symbology('GLBX.MDP3', 'ES.c.0')?.intervals.at(-1)).toEqual({ startDate: '2025-03-21', endDate: '2025-06-20', symbol: 'ESM2025' });
  });

  it('an interruption in the middle loses nothing and the resume never downloads a chunk twice', async () => {
    let broken = true;
    const { server, url } = await fake({
      // The third download fails on every attempt (the connection keeps dying) until "the network comes back".
      reply: (request) => {
        if (!broken || request.path !== '/v0/timeseries.get_range') return undefined;
        return request.form.symbols === '5002' && request.form.start === `${D('2025-03-01')}000000` ? { status: 503, body: { detail: 'Service Unavailable' } } : undefined;
      },
    });
    const dir = catalogDir();
    const failure = await run(url, dir, { client: client(url, { maxAttempts: 2 }) }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'databento_server_error' });
    expect((failure as Error).message).toContain('chunk 3/5 (ESH2025 2025-03) failed: ');
    expect((failure as Error).message).toContain('the 2 chunks before it are saved, run the same command again to resume');
    const saved = BarCatalog.open(dir).partitions('GLBX.MDP3', 'ohlcv-1m', 'ESH2025').map((p) => p.month);
    expect(saved).toEqual(['2025-01', '2025-02']);

    broken = false;
    const resumed = await run(url, dir);
    expect(resumed.outcome).toBe('done');
    expect(resumed.plan.chunks.map((c) => `${c.symbol} ${c.month}`)).toEqual(['ESH2025 2025-03', 'ESM2025 2025-03', 'ESM2025 2025-04']);
    // Each piece was answered with data exactly once over both runs.
    const served = new Map<string, number>();
    for (const r of downloads(server)) served.set(`${r.form.symbols} ${r.form.start}`, (served.get(`${r.form.symbols} ${r.form.start}`) ?? 0) + 1);
    expect(served.get(`5002 ${D('2025-03-01')}000000`)).toBe(3); // 2 failed attempts + 1 success
    for (const [key, count] of served) if (!key.startsWith(`5002 ${D('2025-03-01')}`)) expect(count).toBe(1);

    // The resumed catalog holds the same bars as an uninterrupted fetch.
    const straight = catalogDir();
    await run(url, straight);
    const [a, b] = [BarCatalog.open(dir), BarCatalog.open(straight)];
    for (const symbol of ['ESH2025', 'ESM2025']) {
      expect(a.readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol }).toBars()).toEqual(b.readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol }).toBars());
      expect(a.coverage('GLBX.MDP3', 'ohlcv-1m', symbol)).toEqual(b.coverage('GLBX.MDP3', 'ohlcv-1m', symbol));
    }
  });

  it('a chunk that fails twice (429 with Retry-After, then 503) then succeeds is retried, waiting as told', async () => {
    const attempts = new Map<string, number>();
    const { server, url } = await fake({
      reply: (request) => {
        if (request.path !== '/v0/timeseries.get_range' || request.form.start !== `${D('2025-02-01')}000000`) return undefined;
        const n = (attempts.get(request.form.symbols) ?? 0) + 1;
        attempts.set(request.form.symbols, n);
        if (n === 1) return { status: 429, headers: { 'retry-after': '0.05' }, body: { detail: 'Too many requests' } };
        if (n === 2) return { status: 503, body: { detail: 'Service Unavailable' } };
        return undefined;
      },
    });
    const logger = new MemoryLogger();
    const dir = catalogDir();
    const result = await run(url, dir, { client: client(url, { logger, retryDelayMs: 20 }) });
    expect(result.outcome).toBe('done');
    expect(attempts.get('5002')).toBe(3);
    expect(downloads(server)).toHaveLength(7);
    expect(logger.events('databento_historical_retry').map((r) => [r.fields.status, r.fields.waitMs])).toEqual([
      [429, 50],
      [503, 40],
    ]);
    expect(BarCatalog.open(dir).readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESH2025' }).length).toBe(opening('ESH5', D('2025-01-01'), D('2025-03-21')).length);
  });
});

describe('ten years apart: CME reuses ESH5', () => {
  it('stores the March 2015 and March 2025 contracts apart (ESH2015, ESH2025) and downloads each by its instrument id', async () => {
    const market = fakeFuturesMarket({
      contracts: [
        { rawSymbol: 'ESH5', instrumentId: 1015, firstDay: '2014-12-01', lastDay: '2015-03-20', basePrice: 2050 },
        { rawSymbol: 'ESH5', instrumentId: 5002, firstDay: '2024-12-01', lastDay: '2025-03-21', basePrice: 5900 },
      ],
      continuous: [
        {
          symbol: 'ES.c.0',
          schedule: [
            { startDate: '2015-01-01', endDate: '2015-03-20', rawSymbol: 'ESH5', instrumentId: 1015 },
            { startDate: '2024-12-20', endDate: '2025-03-21', rawSymbol: 'ESH5', instrumentId: 5002 },
          ],
        },
      ],
      stepMinutes: 240,
    });
    const server = new FakeDatabentoHistorical({ apiKeys: [KEY], contracts: market.contracts, continuous: market.continuous });
    const url = await server.listen();
    cleanups.push(() => server.close());
    const dir = catalogDir();
    await run(url, dir, { request: { ...REQUEST, start: D('2015-01-01'), end: D('2025-03-21'), leadDays: 0 } });
    const catalog = BarCatalog.open(dir);
    expect(catalog.storedSymbols('GLBX.MDP3', 'ohlcv-1m')).toEqual(['ESH2015', 'ESH2025']);
    expect(catalog.symbology('GLBX.MDP3', 'ES.c.0')?.intervals).toEqual([
      { startDate: '2015-01-01', endDate: '2015-03-20', symbol: 'ESH2015' },
      { startDate: '2024-12-20', endDate: '2025-03-21', symbol: 'ESH2025' },
    ]);
    expect(catalog.readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESH2015' }).toBars()).toEqual(
      (market.contracts[0].series as BarSeries).between(D('2015-01-01') + 60_000, D('2015-03-20') + 59_999).toBars(),
    );
    expect(catalog.readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESH2025' }).toBars()).toEqual((market.contracts[1].series as BarSeries).between(D('2024-12-20') + 60_000, D('2025-03-21') + 59_999).toBars());
    expect(catalog.continuous({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ES.c.0' }).contracts.map((c) => [c.symbol, new Date(c.expiry).toISOString().slice(0, 10)])).toEqual([
      ['ESH2015', '2015-03-20'],
      ['ESH2025', '2025-03-21'],
    ]);
    expect(new Set(downloads(server).map((r) => r.form.symbols))).toEqual(new Set(['1015', '5002']));
  });

  it('contractKey writes the year in full from the first day the contract is wanted', () => {
    expect(contractKey('ESH5', D('2014-12-19'))).toBe('ESH2015');
    expect(contractKey('ESH5', D('2025-01-02'))).toBe('ESH2025');
    expect(contractKey('ESZ4', D('2024-09-20'))).toBe('ESZ2024');
    expect(contractKey('ESH0', D('2019-12-20'))).toBe('ESH2020');
    expect(contractKey('CLF5', D('2024-11-20'))).toBe('CLF2025');
    expect(contractKey('ES.c.0', 0)).toBe('ES.c.0');
    expect(contractKey('ESH25', D('2025-01-01'))).toBe('ESH25');
  });
});

describe('a download holding a bad bar', () => {
  it('stops at that chunk, naming it and the bar, with what came before kept', async () => {
    const badBar = concatBytes([
      encodeDbnMetadata({ dataset: 'GLBX.MDP3', schema: 6, startNs: BigInt(D('2025-02-01')) * 1_000_000n, endNs: BigInt(D('2025-03-01')) * 1_000_000n, stypeIn: 0, stypeOut: 0, symbols: ['5002'], mappings: [{ rawSymbol: '5002', intervals: [{ startDate: 20250201, endDate: 20250301, symbol: '5002' }] }] }),
      encodeOhlcvRecord({ rtype: 0x21, instrumentId: 5002, tsEventNs: BigInt(D('2025-02-03')) * 1_000_000n, open: 5900, high: 5899, low: 5901, close: 5900, volume: 3 }),
    ]);
    const { url } = await fake({ reply: (r) => (r.path === '/v0/timeseries.get_range' && r.form.start === `${D('2025-02-01')}000000` ? { status: 200, body: zstdRawFrames(badBar, 4096) } : undefined) });
    const dir = catalogDir();
    const error = (await run(url, dir).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^chunk 2\/5 \(ESH2025 2025-02\) failed: GLBX\.MDP3\/ohlcv-1m\/ESH2025 bars to store, line 1, field "(high|low)": .*; the 1 chunk before it is saved, run the same command again to resume$/);
    expect(BarCatalog.open(dir).partitions('GLBX.MDP3', 'ohlcv-1m', 'ESH2025').map((p) => p.month)).toEqual(['2025-01']);
  });
});

describe('paying: the cost check happens before anything billable', () => {
  it('an estimate above --max-cost stops the fetch with nothing bought and nothing written', async () => {
    const { server, url } = await fake();
    const dir = catalogDir();
    const error = await run(url, dir, { maxCostUsd: 0.01 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'budget_exceeded' });
    expect((error as Error).message).toMatch(/^the missing data costs \$0\.\d\d \(\d+ records, [\d.]+ kB\), above --max-cost \$0\.01; nothing was bought$/);
    expect(downloads(server)).toHaveLength(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('asks for confirmation above the threshold: no means nothing is bought; no way to ask is an error', async () => {
    const { server, url } = await fake();
    const dir = catalogDir();
    const asked: number[] = [];
    const declined = await run(url, dir, { confirm: async (estimate) => (asked.push(estimate.costUsd), false) });
    expect(declined.outcome).toBe('declined');
    expect(asked).toHaveLength(1);
    expect(asked[0]).toBeCloseTo(declined.estimate?.costUsd ?? -1, 12);
    expect(downloads(server)).toHaveLength(0);
    await expect(fetchToCatalog({ client: client(url), catalogDir: dir, request: REQUEST })).rejects.toMatchObject({ code: 'confirmation_required' });
    // Below the threshold it goes ahead without asking.
    const cheap = await fetchToCatalog({ client: client(url), catalogDir: dir, request: REQUEST, confirmAboveUsd: 10, now: () => AT });
    expect(cheap.outcome).toBe('done');
  });

  it('a dry run sizes and writes nothing', async () => {
    const { server, url } = await fake();
    const dir = catalogDir();
    const result = await run(url, dir, { dryRun: true });
    expect(result.outcome).toBe('dry_run');
    expect(result.estimate?.chunks).toBe(5);
    expect(downloads(server)).toHaveLength(0);
    expect(existsSync(dir)).toBe(false);
  });

  it("the account's budget running out mid-way keeps what was bought and says how to resume", async () => {
    const one = opening('ESH5', D('2025-01-01'), D('2025-02-01')).length;
    const { url } = await fake({ budgetUsd: ((one * 56) / 1e9) * 1000 * 1.5 });
    const dir = catalogDir();
    const error = await run(url, dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'databento_budget_exhausted' });
    expect((error as Error).message).toContain('chunk 2/5 (ESH2025 2025-02) failed: Databento timeseries.get_range: HTTP 402:');
    expect(BarCatalog.open(dir).partitions('GLBX.MDP3', 'ohlcv-1m', 'ESH2025').map((p) => p.month)).toEqual(['2025-01']);
  });
});

describe('clear errors before anything is bought', () => {
  it('unknown dataset, range outside the availability, unknown symbol, parent symbol, bad range', async () => {
    const { server, url } = await fake();
    const dir = catalogDir();
    await expect(run(url, dir, { request: { ...REQUEST, dataset: 'GLBX.MDP4' } })).rejects.toThrow(/^unknown dataset GLBX\.MDP4 \(unknown dataset "GLBX\.MDP4"\)/);
    await expect(run(url, dir, { request: { ...REQUEST, start: D('2024-01-01') } })).rejects.toMatchObject({
      code: 'range_unavailable',
      message: expect.stringMatching(/^GLBX\.MDP3 ohlcv-1m holds 2024-10-01T00:00:00\.000Z → 2025-06-20T\d\d:\d\d:00\.000Z; the request 2024-01-01T00:00:00\.000Z → 2025-04-30T00:00:00\.000Z is outside it$/),
    });
    await expect(run(url, dir, { request: { ...REQUEST, symbols: ['ES.c.0', 'ZZ.c.0'] } })).rejects.toThrow('ZZ.c.0 does not resolve in GLBX.MDP3 between 2025-01-01 and 2025-04-30');
    await expect(run(url, dir, { request: { ...REQUEST, symbols: ['ESZ9'] } })).rejects.toMatchObject({ code: 'unknown_symbol' });
    await expect(run(url, dir, { request: { ...REQUEST, symbols: ['ES.FUT'] } })).rejects.toThrow('ES.FUT is a parent symbol');
    await expect(run(url, dir, { request: { ...REQUEST, end: REQUEST.start } })).rejects.toThrow('--end must be after --start');
    expect(downloads(server)).toHaveLength(0);
    expect(server.requests.filter((r) => r.path.startsWith('/v0/metadata.get_') && r.path !== '/v0/metadata.get_dataset_range')).toHaveLength(0);
    expect(existsSync(dir)).toBe(false);
  });

  it('venue symbols are fetched as asked, without symbology to store', async () => {
    const { url } = await fake();
    const dir = catalogDir();
    const result = await run(url, dir, { request: { ...REQUEST, symbols: ['ESM5'], start: D('2025-04-01'), end: D('2025-04-15') } });
    expect(result.plan.chunks).toHaveLength(1);
    const catalog = BarCatalog.open(dir);
    expect(catalog.readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESM2025' }).toBars()).toEqual(opening('ESM5', D('2025-04-01'), D('2025-04-15')).toBars());
    expect(catalog.manifest.symbology).toEqual([]);
    expect(statSync(join(dir, CATALOG_MANIFEST)).size).toBeGreaterThan(0);
  });
});
