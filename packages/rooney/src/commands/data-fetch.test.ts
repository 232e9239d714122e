import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BarCatalog } from '@rooney/data';
import { FakeDatabentoHistorical, fakeEsMarket } from '@rooney/databento';
import { afterEach, describe, expect, it } from 'vitest';
import { runDataFetch } from './data-fetch.ts';
import type { DataFetchIo } from './data-fetch.ts';

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const MARKET = fakeEsMarket();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ server: FakeDatabentoHistorical; flags: Parameters<typeof runDataFetch>[0] }> {
  const server = new FakeDatabentoHistorical({ apiKeys: [KEY], contracts: MARKET.contracts, continuous: MARKET.continuous, usdPerGigabyte: 1000 });
  const url = await server.listen();
  cleanups.push(() => server.close());
  const dir = mkdtempSync(join(tmpdir(), 'rooney-data-fetch-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const flags = {
    dataset: 'GLBX.MDP3',
    symbols: 'ES.c.0',
    schema: 'ohlcv-1m',
    start: '2025-01-01',
    end: '2025-04-29',
    catalog: join(dir, 'catalog'),
    leadDays: '14',
    confirmAbove: '0',
    apiKeyEnv: 'DATABENTO_API_KEY',
    historicalUrl: url,
    maxAttempts: '3',
  };
  return { server, flags };
}

function io(overrides: Partial<DataFetchIo> = {}): DataFetchIo & { text: () => string } {
  let text = '';
  return {
    env: { DATABENTO_API_KEY: KEY },
    out: (t) => (text += t),
    err: (t) => (text += t),
    now: () => '2025-07-01T00:00:00.000Z',
    text: () => text,
    ...overrides,
  };
}

describe('rooney data fetch: asking before buying, and Ctrl-C', () => {
  it('asks with the price; "no" buys nothing, "yes" buys', async () => {
    const { server, flags } = await setup();
    const questions: string[] = [];
    const declined = io({ ask: async (q) => (questions.push(q), false) });
    const result = await runDataFetch(flags, declined);
    expect(result.outcome).toBe('declined');
    expect(questions).toEqual([`Buy it for $${(result.estimate?.costUsd ?? 0).toFixed(2)}? [y/N] `]);
    expect(declined.text()).toMatch(/cost: \$\d+\.\d\d \(Databento's quote from metadata\.get_cost; nothing bought yet\)\nnothing bought\n$/);
    expect(server.requests.filter((r) => r.path === '/v0/timeseries.get_range')).toHaveLength(0);
    const accepted = await runDataFetch(flags, io({ ask: async () => true }));
    expect(accepted.outcome).toBe('done');
    expect(server.requests.filter((r) => r.path === '/v0/timeseries.get_range')).toHaveLength(5);
  });

  it('Ctrl-C stops after the current download; what is saved stays, and the next run finishes the rest', async () => {
    const { server, flags } = await setup();
    let stop: (() => void) | undefined;
    let unsubscribed = false;
    const first = io({
      onInterrupt: (s) => {
        stop = s;
        return () => {
          unsubscribed = true;
        };
      },
    });
    // "Press Ctrl-C" when the first download is reported.
    const err = first.err;
    const interrupted = await runDataFetch({ ...flags, yes: true }, {
      ...first,
      err: (t) => {
        err(t);
        if (t.startsWith('[1/5]')) stop?.();
      },
    });
    expect(interrupted.outcome).toBe('aborted');
    expect(first.text()).toMatch(/stopped: 1 of 5 downloads saved in .*; run the same command again to resume\n$/);
    expect(unsubscribed).toBe(true);
    expect(BarCatalog.open(flags.catalog).manifest.partitions).toHaveLength(1);
    const rest = await runDataFetch({ ...flags, yes: true }, io());
    expect(rest.downloadedChunks).toBe(4);
    expect(server.requests.filter((r) => r.path === '/v0/timeseries.get_range')).toHaveLength(5);
  });
});
