import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SESSION, parseClockTime } from '@rooney/core';
import { BarCatalog, stitchContinuous } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { FakeDatabentoHistorical, fakeEsMarket } from '@rooney/databento';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadMarketData, sessionOf } from '../src/backtest/market-data.ts';
import { validateConfig } from '../src/config/load-config.ts';
import { buildProgram } from '../src/program.ts';

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const MARKET = fakeEsMarket();
const D = (text: string): number => Date.parse(`${text}T00:00:00Z`);

/** Runs `rooney …` in-process, capturing stdout and stderr; a failure rejects with the error and keeps what was written. */
async function rooney(args: readonly string[]): Promise<{ out: string; err: string }> {
  let out = '';
  let err = '';
  const write = process.stdout.write.bind(process.stdout);
  const writeError = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((out += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((err += String(chunk)), true)) as typeof process.stderr.write;
  try {
    await buildProgram().exitOverride().parseAsync(['node', 'rooney', ...args]);
  } catch (error) {
    Object.assign(error as object, { out, err });
    throw error;
  } finally {
    process.stdout.write = write;
    process.stderr.write = writeError;
  }
  return { out, err };
}

const cleanups: (() => Promise<void> | void)[] = [];
let savedKey: string | undefined;
beforeEach(() => {
  savedKey = process.env.DATABENTO_API_KEY;
  process.env.DATABENTO_API_KEY = KEY;
});
afterEach(async () => {
  if (savedKey === undefined) delete process.env.DATABENTO_API_KEY;
  else process.env.DATABENTO_API_KEY = savedKey;
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function fake(): Promise<{ server: FakeDatabentoHistorical; url: string }> {
  const server = new FakeDatabentoHistorical({ apiKeys: [KEY], contracts: MARKET.contracts, continuous: MARKET.continuous, usdPerGigabyte: 1000 });
  const url = await server.listen();
  cleanups.push(() => server.close());
  return { server, url };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-cli-catalog-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const fetchArgs = (url: string, catalog: string, ...extra: string[]): string[] => [
  'data',
  'fetch',
  '--dataset',
  'GLBX.MDP3',
  '--symbols',
  'ES.c.0',
  '--schema',
  'ohlcv-1m',
  '--start',
  '2025-01-01',
  '--end',
  '2025-04-29',
  '--catalog',
  catalog,
  '--historical-url',
  url,
  ...extra,
];

const downloads = (server: FakeDatabentoHistorical) => server.requests.filter((r) => r.path === '/v0/timeseries.get_range');

describe('rooney data fetch → rooney data catalog → a backtest on the catalog', () => {
  it('shows the cost before buying, saves contract-months, lists them, and backtests the rebuilt continuous series', async () => {
    const { server, url } = await fake();
    const dir = tempDir();
    const catalog = join(dir, 'catalog');
    const fetched = await rooney(fetchArgs(url, catalog, '--yes'));
    expect(fetched.err).toMatch(/^ES\.c\.0 → 2 contracts \(ESH2025 … ESM2025\)\nGLBX\.MDP3 ohlcv-1m, 2025-01-01 → 2025-04-29: 5 contract-month downloads to make\n  [\d,]+ records, [\d.]+ kB billable\n  cost: \$\d+\.\d\d \(Databento's quote from metadata\.get_cost; nothing bought yet\)\n\[1\/5\] ESH2025 2025-01 \(2025-01-01 → 2025-02-01\): /);
    expect(fetched.err).toContain('[5/5] ESM2025 2025-04 (2025-04-01 → 2025-04-30)');
    expect(fetched.out).toMatch(/^saved 5 downloads \([\d,]+ bars, [\d.]+ kB received\) in .*catalog; list it with `rooney data catalog .*catalog`\n$/);
    expect(`${fetched.out}${fetched.err}`).not.toContain(KEY);
    expect(downloads(server)).toHaveLength(5);

    const listing = (await rooney(['data', 'catalog', catalog])).out;
    expect(listing).toContain('GLBX.MDP3 ohlcv-1m');
    expect(listing).toMatch(/\nESH2025 +[\d,]+ +2025-01-01 \d\d:\d\d +2025-03-20 \d\d:\d\d +3 /);
    expect(listing).toMatch(/\nESM2025 +[\d,]+ +2025-03-07 \d\d:\d\d +2025-04-29 \d\d:\d\d +2 /);
    expect(listing).toMatch(/\nES\.c\.0 +GLBX\.MDP3 +2025-01-01 → 2025-04-30 +2 \(ESH2025 … ESM2025\) +none/);
    const json = JSON.parse((await rooney(['data', 'catalog', catalog, '--json'])).out);
    expect(json.symbols.map((s: { symbol: string }) => s.symbol)).toEqual(['ESH2025', 'ESM2025']);
    expect((await rooney(['data', 'catalog', 'verify', catalog])).out).toBe('5 partitions checked\n');

    // The run's data: ES rebuilt from the stored contracts with the configured roll rule, exactly as
    // stitching the contracts the fake serves (held from 14 days before each roll) would give.
    const config = validateConfig({ data: { catalog: { dir: catalog, roll: { kind: 'days_before_expiry', days: 3 }, adjust: 'ratio' }, symbols: ['ES.c.0'] } });
    const data = loadMarketData({ config, baseDir: dir, dataFlags: [], cacheDir: join(dir, 'cache'), session: sessionOf(config) });
    const h5 = (MARKET.bars.get('ESH5') as BarSeries).between(D('2025-01-01') + 60_000, D('2025-03-21') + 59_999);
    const m5 = (MARKET.bars.get('ESM5') as BarSeries).between(D('2025-03-07') + 60_000, D('2025-04-30') + 59_999);
    const expected = stitchContinuous(
      [
        { symbol: 'ESH2025', expiry: D('2025-03-21'), series: h5 },
        { symbol: 'ESM2025', expiry: D('2025-04-30'), series: m5 },
      ],
      { kind: 'days_before_expiry', days: 3 },
      { adjust: 'ratio', session: DEFAULT_SESSION, symbol: 'ES' },
    );
    const es = data.series.get('ES') as BarSeries;
    expect([data.source, [...data.series.keys()]]).toEqual(['catalog', ['ES']]);
    expect(Array.from(es.ts)).toEqual(Array.from(expected.series.ts));
    expect(Array.from(es.close)).toEqual(Array.from(expected.series.close));
    expect(data.rolls.ES).toEqual(expected.rolls);
    expect(data.rolls.ES.map((r) => [r.from, r.to])).toEqual([['ESH2025', 'ESM2025']]);
    expect(data.label).toMatch(/^catalog .*catalog \(GLBX\.MDP3 ohlcv-1m: ES\.c\.0\)$/);

    // A backtest over the catalog, with a window: the CLI reads it like any data.
    const configFile = join(dir, 'es.yml');
    writeFileSync(configFile, `data:\n  catalog: catalog\n  symbols: [ES.c.0]\n  warmup_days: 10\nstrategies:\n  - name: ibs\n    symbols: [ES]\n    params: { timeframe: hour }\n`);
    const backtest = await rooney(['backtest', '--config', configFile, '--start', '2025-03-01', '--end', '2025-04-25', '--out', join(dir, 'out'), '--json']);
    const metrics = JSON.parse(readFileSync(join(dir, 'out', 'metrics.json'), 'utf8'));
    expect(metrics.dataset).toMatch(/^catalog .*catalog \(GLBX\.MDP3 ohlcv-1m: ES\.c\.0\)$/);
    expect(metrics.inputs.symbols).toEqual(['ES']);
    // Results start at --start, not at the start of the 10-day warm-up.
    expect(metrics.inputs.first_bar_time >= '2025-03-01T00:00' && metrics.inputs.first_bar_time < '2025-03-04').toBe(true);
    expect(metrics.inputs.rolls.ES.map((r: { from: string; to: string }) => [r.from, r.to])).toEqual([['ESH2025', 'ESM2025']]);
    expect(backtest.out.length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'out', 'trades.csv'))).toBe(true);
  });

  it('a window loads only the months and contracts it needs (a damaged month outside it does not matter)', async () => {
    const { url } = await fake();
    const dir = tempDir();
    const catalog = join(dir, 'catalog');
    await rooney(fetchArgs(url, catalog, '--yes'));
    writeFileSync(join(catalog, 'GLBX.MDP3', 'ohlcv-1m', 'ESH2025', '2025-01.arrow'), 'damaged');
    const config = validateConfig({ data: { catalog, symbols: { ES: 'ES.c.0' }, warmup_days: 5 } });
    const load = (startTs?: number) => loadMarketData({ config, baseDir: dir, dataFlags: [], cacheDir: join(dir, 'cache'), session: sessionOf(config), ...(startTs !== undefined ? { startTs } : {}), endTs: D('2025-04-20') });
    const april = load(D('2025-04-10')).series.get('ES') as BarSeries;
    // From the warm-up start (5 days before) to the end, all of it ESM5.
    expect(april.ts[0]).toBeGreaterThanOrEqual(D('2025-04-05'));
    expect(april.ts[0]).toBeLessThan(D('2025-04-08'));
    const m5 = MARKET.bars.get('ESM5') as BarSeries;
    expect(Array.from(april.close)).toEqual(Array.from(m5.between(april.ts[0], D('2025-04-20')).close));
    expect(() => load()).toThrow(/2025-01\.arrow: 7 bytes, the manifest says \d+/);
  });
});

describe('rooney data fetch: keys, costs and errors', () => {
  it('a missing key is a one-line error before any request', async () => {
    const { server, url } = await fake();
    delete process.env.DATABENTO_API_KEY;
    await expect(rooney(fetchArgs(url, join(tempDir(), 'c'), '--yes'))).rejects.toThrow(/^field "DATABENTO_API_KEY": environment variable DATABENTO_API_KEY is not set$/);
    process.env.OTHER_KEY = KEY;
    cleanups.push(() => {
      delete process.env.OTHER_KEY;
    });
    await expect(rooney(fetchArgs(url, join(tempDir(), 'c'), '--api-key-env', 'OTHER_KEY', '--dry-run'))).resolves.toBeDefined();
    expect(downloads(server)).toHaveLength(0);
  });

  it('without --yes and nobody to ask, or above --max-cost, nothing is bought', async () => {
    const { server, url } = await fake();
    const catalog = join(tempDir(), 'c');
    await expect(rooney(fetchArgs(url, catalog))).rejects.toMatchObject({ code: 'confirmation_required', message: expect.stringMatching(/^the missing data costs \$\d+\.\d\d; confirm with --yes/) });
    const capped = await rooney(fetchArgs(url, catalog, '--yes', '--max-cost', '0.01')).catch((e: unknown) => e as Error & { err: string });
    expect(capped).toMatchObject({ code: 'budget_exceeded' });
    // The estimate was shown before the refusal.
    expect(capped.err).toContain("(Databento's quote from metadata.get_cost; nothing bought yet)");
    const dry = await rooney(fetchArgs(url, catalog, '--dry-run', '--json'));
    expect(JSON.parse(dry.out)).toMatchObject({ outcome: 'dry_run', estimate: { chunks: 5 }, downloadedChunks: 0 });
    expect(downloads(server)).toHaveLength(0);
    expect(existsSync(catalog)).toBe(false);
  });

  it('a wrong key fails with the API error, and the key is nowhere in the message', async () => {
    const { url } = await fake();
    process.env.DATABENTO_API_KEY = 'db-WRONGKEY00000000000000000XYZW';
    const error = (await rooney(fetchArgs(url, join(tempDir(), 'c'), '--yes')).catch((e: unknown) => e)) as Error & { err: string };
    expect(error).toMatchObject({ code: 'databento_auth_failed' });
    expect(`${error.message}${error.err}`).not.toContain('WRONGKEY');
  });

  it('bad flags name the flag', async () => {
    const { url } = await fake();
    const catalog = join(tempDir(), 'c');
    await expect(rooney([...fetchArgs(url, catalog, '--yes').slice(0, 10), '--end', '31/12/2024'])).rejects.toThrow('--end must be a date like 2024-12-31');
    await expect(rooney(fetchArgs(url, catalog, '--yes', '--lead-days', '-1'))).rejects.toThrow('--lead-days must be an integer >= 0, was "-1"');
    await expect(rooney(fetchArgs(url, catalog, '--yes', '--schema', 'trades'))).rejects.toThrow('--schema must be ohlcv-1m, ohlcv-1h, ohlcv-1d (bars), was "trades"');
  });
});

describe('config: data.catalog', () => {
  it('is validated with the key path, and an ambiguous catalog asks for dataset and schema', async () => {
    expect(() => validateConfig({ data: { catalog: { dir: 'x', roll: { kind: 'open_interest' } } } })).toThrow(/data\.catalog/);
    const { url } = await fake();
    const dir = tempDir();
    const catalog = join(dir, 'catalog');
    await rooney(fetchArgs(url, catalog, '--yes'));
    const csv = join(dir, 'es.csv');
    writeFileSync(csv, 'timestamp_utc,open,high,low,close,volume\n2025-01-02 14:31:00,1,2,0.5,1.5,10\n2025-01-02 14:32:00,1.5,2,1,1.25,4\n');
    await rooney(['data', 'catalog', 'import', '--catalog', catalog, '--symbol', 'ES', csv]);
    const config = validateConfig({ data: { catalog } });
    expect(() => loadMarketData({ config, baseDir: dir, dataFlags: [], cacheDir: join(dir, 'cache'), session: { startMinutes: parseClockTime('23:00'), timeZone: 'UTC' } })).toThrow(
      /holds GLBX\.MDP3 ohlcv-1m, imported ohlcv-1m: choose one with data\.catalog: \{ dir, dataset, schema \}/,
    );
    const imported = validateConfig({ data: { catalog: { dir: catalog, dataset: 'imported' } } });
    const data = loadMarketData({ config: imported, baseDir: dir, dataFlags: [], cacheDir: join(dir, 'cache'), session: sessionOf(imported) });
    expect((data.series.get('ES') as BarSeries).toBars()).toEqual([
      { ts: Date.UTC(2025, 0, 2, 14, 31), open: 1, high: 2, low: 0.5, close: 1.5, volume: 10 },
      { ts: Date.UTC(2025, 0, 2, 14, 32), open: 1.5, high: 2, low: 1, close: 1.25, volume: 4 },
    ]);
    expect(BarCatalog.open(catalog).manifest.requests.map((r) => r.kind)).toEqual(['databento', 'csv_file']);
  });
});
