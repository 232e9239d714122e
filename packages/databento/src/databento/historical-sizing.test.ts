import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock, WallClock } from '../live-clock.ts';
import { Secret } from '../secret.ts';
import { FakeDatabentoHistorical } from '../testing/fake-databento-historical.ts';
import type { FakeDatabentoHistoricalOptions } from '../testing/fake-databento-historical.ts';
import { fakeEsMarket } from '../testing/fake-futures-market.ts';
import { DatabentoHistoricalClient } from './databento-historical-client.ts';
import type { DatabentoHistoricalOptions } from './databento-historical-client.ts';
import { DatabentoHistoricalError } from './historical-error.ts';

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const MARKET = fakeEsMarket();

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function fake(options: Partial<FakeDatabentoHistoricalOptions> = {}): Promise<{ server: FakeDatabentoHistorical; url: string }> {
  const server = new FakeDatabentoHistorical({ apiKeys: [KEY], contracts: MARKET.contracts, continuous: MARKET.continuous, ...options });
  const url = await server.listen();
  closers.push(() => server.close());
  return { server, url };
}

function client(url: string, options: Partial<DatabentoHistoricalOptions> = {}): DatabentoHistoricalClient {
  return new DatabentoHistoricalClient({ apiKey: new Secret('DATABENTO_API_KEY', KEY), clock: new WallClock(), baseUrl: url, ...options });
}

/** Bars of a series whose open (close − 1 min) lies in `[start, end)`: counted straight from the arrays. */
function barsOpeningIn(symbol: string, start: number, end: number): number {
  const series = MARKET.bars.get(symbol);
  if (series === undefined) throw new Error(symbol);
  let n = 0;
  for (let i = 0; i < series.length; i++) if (series.ts[i] - 60_000 >= start && series.ts[i] - 60_000 < end) n++;
  return n;
}

const JAN = Date.UTC(2025, 0, 1);
const FEB = Date.UTC(2025, 1, 1);

describe('historical sizing calls (metadata.get_record_count / get_billable_size / get_cost)', () => {
  it('POST the get_range form and answer for exactly the records a download would bring', async () => {
    const { server, url } = await fake({ usdPerGigabyte: 2.5 });
    const c = client(url);
    const query = { dataset: 'GLBX.MDP3', symbols: ['ESH5', 'ESM5'], schema: 'ohlcv-1m', start: JAN, end: FEB } as const;
    const [count, bytes, cost] = [await c.getRecordCount(query), await c.getBillableSize(query), await c.getCost(query)];
    const expected = barsOpeningIn('ESH5', JAN, FEB) + barsOpeningIn('ESM5', JAN, FEB);
    expect(expected).toBeGreaterThan(500);
    expect(count).toBe(expected);
    expect(bytes).toBe(expected * 56);
    expect(cost).toBeCloseTo((expected * 56 * 2.5) / 1e9, 12);
    const download = await c.getRange({ ...query, schema: 'ohlcv-1m' });
    expect(download.records).toBe(count);

    const sizing = server.requests.filter((r) => r.path.startsWith('/v0/metadata.get_'));
    expect(sizing.map((r) => [r.method, r.path])).toEqual([
      ['POST', '/v0/metadata.get_record_count'],
      ['POST', '/v0/metadata.get_billable_size'],
      ['POST', '/v0/metadata.get_cost'],
    ]);
    // The official clients' form (databento-python 0.5x `metadata.get_cost`): times as integer ns.
    expect(sizing[2].form).toEqual({
      dataset: 'GLBX.MDP3',
      start: `${JAN}000000`,
      end: `${FEB}000000`,
      symbols: 'ESH5,ESM5',
      schema: 'ohlcv-1m',
      stype_in: 'raw_symbol',
      stype_out: 'instrument_id',
    });
    expect(sizing[2].contentType).toBe('application/x-www-form-urlencoded');
  });

  it('size a continuous symbol across a roll the same as its two contracts over their dated intervals', async () => {
    const { url } = await fake();
    const c = client(url);
    const start = Date.UTC(2025, 2, 1);
    const end = Date.UTC(2025, 3, 1);
    const roll = Date.UTC(2025, 2, 21);
    const count = await c.getRecordCount({ dataset: 'GLBX.MDP3', symbols: ['ES.c.0'], schema: 'ohlcv-1m', start, end, stypeIn: 'continuous' });
    expect(count).toBe(barsOpeningIn('ESH5', start, roll) + barsOpeningIn('ESM5', roll, end));
  });

  it('reject answers that are not numbers, and out-of-range requests with the API error', async () => {
    const { url } = await fake({ reply: (r) => (r.path === '/v0/metadata.get_cost' ? { status: 200, body: { cost: 1 } } : undefined) });
    const c = client(url);
    const query = { dataset: 'GLBX.MDP3', symbols: ['ESH5'], schema: 'ohlcv-1m', start: JAN, end: FEB };
    await expect(c.getCost(query)).rejects.toMatchObject({ code: 'bad_response' });
    await expect(c.getRecordCount({ ...query, start: Date.UTC(2020, 0, 1) })).rejects.toMatchObject({ code: 'databento_bad_request', case: 'data_start_before_available_start' });
    await expect(c.getBillableSize({ ...query, end: JAN })).rejects.toThrow('"end" must be after "start"');
  });
});

describe('continuous symbols in the fake: symbology and get_range follow the roll schedule', () => {
  it('resolves ES.c.0 to its contracts by date, and serves each day from the contract then held', async () => {
    const { url } = await fake();
    const c = client(url);
    const resolution = await c.resolveSymbology({ dataset: 'GLBX.MDP3', symbols: ['ES.c.0', 'ZZ.c.0'], stypeIn: 'continuous', stypeOut: 'raw_symbol', startDate: '2025-03-01', endDate: '2025-04-01' });
    expect(resolution.result.get('ES.c.0')).toEqual([
      { startDate: '2025-03-01', endDate: '2025-03-21', symbol: 'ESH5' },
      { startDate: '2025-03-21', endDate: '2025-04-01', symbol: 'ESM5' },
    ]);
    expect(resolution.notFound).toEqual(['ZZ.c.0']);
    const range = await c.getRange({ dataset: 'GLBX.MDP3', symbols: ['ES.c.0'], schema: 'ohlcv-1m', start: Date.UTC(2025, 2, 20), end: Date.UTC(2025, 2, 22), stypeIn: 'continuous' });
    expect(range.metadata.mappings).toEqual([
      {
        rawSymbol: 'ES.c.0',
        intervals: [
          { startDate: 20250320, endDate: 20250321, symbol: '5002' },
          { startDate: 20250321, endDate: 20250322, symbol: '5003' },
        ],
      },
    ]);
    const es = range.bars.get('ES.c.0');
    const h5 = MARKET.bars.get('ESH5');
    const m5 = MARKET.bars.get('ESM5');
    if (es === undefined || h5 === undefined || m5 === undefined) throw new Error('missing series');
    const roll = Date.UTC(2025, 2, 21);
    // Before the roll the prices are ESH5's, after it ESM5's (40 points higher).
    const before = es.ts.findIndex((t) => t - 60_000 >= roll) - 1;
    expect(es.close[before]).toBe(h5.close[h5.lowerBound(es.ts[before])]);
    expect(es.close[before + 1]).toBe(m5.close[m5.lowerBound(es.ts[before + 1])]);
  });
});

describe('an exhausted account budget', () => {
  it('is a 402 the client reports as databento_budget_exhausted without retrying', async () => {
    const { server, url } = await fake({ budgetUsd: 0 });
    const c = client(url, { clock: new FakeClock(0), maxAttempts: 5 });
    const error = await c.getRange({ dataset: 'GLBX.MDP3', symbols: ['ESH5'], schema: 'ohlcv-1m', start: JAN, end: FEB }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabentoHistoricalError);
    expect(error).toMatchObject({ code: 'databento_budget_exhausted', status: 402, retryable: false });
    expect(server.requests.filter((r) => r.path === '/v0/timeseries.get_range')).toHaveLength(1);
    expect(server.spent).toBe(0);
  });
});
