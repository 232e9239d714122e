import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { FakeDatabentoGateway, FakeTradersPostServer, TradeStore, WallClock, minuteBarsToLiveDbn } from '@rooney/live';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadLiveConfigFile, runLive } from './live.ts';

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rooney-live-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const ES = generateSyntheticDataset({ symbols: ['ES'], start: '2024-03-04', days: 3, seed: 5 }).get('ES') as BarSeries;
const STREAM = minuteBarsToLiveDbn('GLBX.MDP3', [{ series: ES, instrumentId: 7001, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESM4' }]);

async function fakes() {
  const gateway = new FakeDatabentoGateway({ apiKeys: [KEY], plan: () => ({ data: STREAM, chunkSize: 8192 }) });
  const port = await gateway.listen();
  const webhook = new FakeTradersPostServer();
  const url = await webhook.listen();
  closers.push(() => gateway.close(), () => webhook.close());
  return { gateway, port, webhook, url };
}

function writeConfig(name: string, port: number, extra = ''): string {
  const path = join(dir, name);
  writeFileSync(
    path,
    [
      'starting_cash: 100000',
      'strategies:',
      '  - name: ibs',
      "    symbols: ['*']",
      '    params: { timeframe: hour, allow_short: true }',
      'live:',
      '  dataset: GLBX.MDP3',
      '  host: 127.0.0.1',
      `  port: ${port}`,
      '  symbols:',
      '    ES: ES.c.0',
      `  store: ${name}.sqlite`,
      '  market_hours: always',
      extra,
    ].join('\n'),
  );
  return path;
}

describe('rooney live', () => {
  it('config: the live section is validated with key paths; the rest is the backtest config', () => {
    const ok = writeConfig('ok.yaml', 1);
    const { config, live } = loadLiveConfigFile(ok);
    expect(live.symbols).toEqual({ ES: { databento: 'ES.c.0' } });
    expect(live.api_key_env).toBe('DATABENTO_API_KEY');
    expect(live.webhook_url_env).toBe('TRADERSPOST_WEBHOOK_URL');
    expect(config.strategies[0].name).toBe('ibs');
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'live:\n  symbols: { ES: ES.c.0 }\n  heartbeat_interval_s: 2\n');
    expect(() => loadLiveConfigFile(bad)).toThrow('live.heartbeat_interval_s');
    writeFileSync(bad, 'live:\n  symbols: { ES: ES.c.0 }\n  api_key: db-oops\n');
    expect(() => loadLiveConfigFile(bad)).toThrow('unknown key(s) api_key');
    writeFileSync(bad, 'starting_cash: 1\n');
    expect(() => loadLiveConfigFile(bad)).toThrow('live: section missing');
  });

  it('preflight failure (webhook variable missing) stops before anything runs, naming the variable only', async () => {
    const { port } = await fakes();
    const text: string[] = [];
    await expect(
      runLive({ config: writeConfig('pre.yaml', port) }, { env: { DATABENTO_API_KEY: KEY }, clock: new WallClock(), writeLog: () => undefined, writeText: (l) => text.push(l), exit: () => undefined }),
    ).rejects.toThrow('preflight failed');
    expect(text).toContain('preflight fail env TRADERSPOST_WEBHOOK_URL: not set');
    expect(text.join('\n')).not.toContain(KEY);
  });

  it('live run against the fakes: signals posted to the webhook, journaled, clean shutdown; secrets never logged', async () => {
    const { port, webhook, url } = await fakes();
    const logs: string[] = [];
    const exits: number[] = [];
    const path = writeConfig('run.yaml', port);
    const handle = await runLive({ config: path }, { env: { DATABENTO_API_KEY: KEY, TRADERSPOST_WEBHOOK_URL: url }, clock: new WallClock(), writeLog: (l) => logs.push(l), writeText: () => undefined, exit: (c) => exits.push(c) });
    const run = handle.run;
    if (run === undefined) throw new Error('no run');
    const deadline = performance.now() + 10_000;
    while (run.bridge.status().barsReceived < ES.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    await run.session.idle();
    expect(run.bridge.status().barsReceived).toBe(ES.length);
    const orders = run.session.status().ordersSubmitted;
    expect(orders).toBeGreaterThan(2);
    expect(await handle.shutdown?.run('test')).toBe(0);
    const posted = webhook.requests.filter((r) => r.method === 'POST');
    expect(posted.length).toBe(orders);
    expect(posted.every((r) => (r.body as { ticker: string }).ticker === 'ESM4')).toBe(true);
    const store = new TradeStore(join(dir, 'run.yaml.sqlite'), { clock: new WallClock() });
    expect(store.orders().map((o) => o.signalStatus)).toEqual(posted.map(() => 'acknowledged'));
    expect(store.heartbeats().length).toBe(1);
    store.close();
    const text = logs.join('');
    expect(text).toContain('"event":"live_started"');
    expect(text).toContain('"event":"live_shutdown_complete"');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('s3cretPassw0rd');
    expect(exits).toEqual([]);
  }, 20_000);

  it('--dry-run in a child process: logs signals instead of posting; SIGTERM shuts it down with exit code 0', async () => {
    const { port, webhook, url } = await fakes();
    const path = writeConfig('dry.yaml', port);
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/rooney/src/bin.ts', 'live', '--config', path, '--dry-run'], {
      cwd: REPO,
      env: { ...process.env, DATABENTO_API_KEY: KEY, TRADERSPOST_WEBHOOK_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = performance.now() + 15_000;
    while (!stdout.includes('"event":"dry_run_signal"') && performance.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('preflight ok   databento 127.0.0.1');
    expect(stdout).toContain('"event":"dry_run_signal"');
    expect(stdout).toContain('"reason":"SIGTERM"');
    expect(stdout).toContain('"event":"live_shutdown_complete"');
    expect(webhook.requests).toEqual([]);
    expect(stdout + stderr).not.toContain(KEY);
  }, 20_000);
});
