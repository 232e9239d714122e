import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BarCatalog, CATALOG_MANIFEST, verifyCatalog } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { FakeDatabentoHistorical, fakeEsMarket, waitFor } from '@rooney/databento';
import { afterEach, describe, expect, it } from 'vitest';
import { runRooney } from './support/run-cli.ts';

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'packages/rooney/src/bin.ts');
const MARKET = fakeEsMarket();
const D = (text: string): number => Date.parse(`${text}T00:00:00Z`);

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('rooney data fetch killed with SIGKILL in the middle', () => {
  it('leaves a catalog whose every listed chunk is whole, and the resume downloads only what is missing', { timeout: 60_000 }, async () => {
    let hang = true;
    const server = new FakeDatabentoHistorical({
      apiKeys: [KEY],
      contracts: MARKET.contracts,
      continuous: MARKET.continuous,
      // The third download never answers while `hang` holds: the process is killed waiting for it.
      reply: (request) => (hang && request.path === '/v0/timeseries.get_range' && request.form.start === `${D('2025-03-01')}000000` ? { status: 200, hang: true } : undefined),
    });
    const url = await server.listen();
    cleanups.push(() => server.close());
    const dir = mkdtempSync(join(tmpdir(), 'rooney-fetch-kill-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const catalog = join(dir, 'catalog');
    const args = ['data', 'fetch', '--symbols', 'ES.c.0', '--start', '2025-01-01', '--end', '2025-04-29', '--catalog', catalog, '--historical-url', url, '--yes'];

    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', BIN, ...args], { cwd: ROOT, env: { ...process.env, DATABENTO_API_KEY: KEY }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    cleanups.push(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
    const manifest = join(catalog, CATALOG_MANIFEST);
    const listed = (): number => (existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { partitions: unknown[] }).partitions.length : 0);
    await waitFor(() => listed() === 2 && server.requests.some((r) => r.form.start === `${D('2025-03-01')}000000`), 'two saved months and the hung third download', 40_000);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(stderr).toContain('[2/5] ESH2025 2025-02');
    expect(existsSync(join(catalog, '.lock'))).toBe(true);

    // What the kill left: two whole, listed months; nothing half-written is listed.
    const left = BarCatalog.open(catalog);
    expect(left.partitions('GLBX.MDP3', 'ohlcv-1m', 'ESH2025').map((p) => p.month)).toEqual(['2025-01', '2025-02']);
    expect(verifyCatalog(left).ok).toBe(true);

    hang = false;
    const before = server.requests.filter((r) => r.path === '/v0/timeseries.get_range').length;
    const saved = process.env.DATABENTO_API_KEY;
    process.env.DATABENTO_API_KEY = KEY;
    cleanups.push(() => {
      if (saved === undefined) delete process.env.DATABENTO_API_KEY;
      else process.env.DATABENTO_API_KEY = saved;
    });
    const out = await runRooney(args, { quiet: true });
    expect(out).toMatch(/^saved 3 downloads/);
    const resumed = server.requests.filter((r) => r.path === '/v0/timeseries.get_range').slice(before).map((r) => `${r.form.symbols} ${r.form.start}`);
    expect(resumed).toEqual([`5002 ${D('2025-03-01')}000000`, `5003 ${D('2025-03-07')}000000`, `5003 ${D('2025-04-01')}000000`]);

    const done = BarCatalog.open(catalog);
    expect(verifyCatalog(done).ok).toBe(true);
    const h5 = MARKET.bars.get('ESH5') as BarSeries;
    expect(done.readBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESH2025' }).toBars()).toEqual(h5.between(D('2025-01-01') + 60_000, D('2025-03-21') + 59_999).toBars());
    expect(existsSync(join(catalog, '.lock'))).toBe(false);
    const files = readdirSync(catalog, { recursive: true }).map(String);
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
