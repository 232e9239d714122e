import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOUR_MS, MINUTE_MS } from '@rooney/core';
import { consolidateBars, generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { FakeClock, FakeDatabentoGateway, FakeDatabentoHistorical, FakeTradersPostServer, TradeStore, WallClock, minuteBarsToLiveDbn } from '@rooney/live';
import type { LiveRun } from '@rooney/live';
import { RandomForestClassifier, createBundle, matrixFromColumns, saveBundle } from '@rooney/ml';
import type { IbsStrategy } from '@rooney/strategies';
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

/** Waits until the run has received every ES bar and processed them (signals answered). */
async function drain(run: LiveRun): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (run.bridge.status().barsReceived < ES.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
  await run.session.idle();
  expect(run.bridge.status().barsReceived).toBe(ES.length);
}

/** The veto's model boundary: the bundle below says P(win) = 1 for `ibs` under it, 0 above. */
const WIN_BELOW = 0.1;

/**
 * `models/ES_model.json` next to the config: a one-split forest on the `ibs` feature alone, fitted
 * on a clean step (win iff ibs < WIN_BELOW), so which signals it keeps is known in advance.
 */
function writeIbsModel(modelsDir: string): void {
  const x = Float64Array.from({ length: 200 }, (_, i) => i / 200);
  const y = Uint8Array.from(x, (v) => (v < WIN_BELOW ? 1 : 0));
  const model = new RandomForestClassifier({ trees: 1, bootstrap: false, maxDepth: 1, maxFeatures: 'all', splitSearch: 'exact', seed: 1 }).fit(matrixFromColumns([x]), y);
  const training = {
    instrument: 'ES',
    label: 'win',
    dataSpan: null,
    rows: { total: x.length, train: x.length },
    classBalance: { counts: [180, 20], positiveFraction: 0.1 },
    metrics: {},
    seed: 1,
    dataHash: 'sha256:test',
    thresholdMethod: 'fixed',
  };
  mkdirSync(modelsDir, { recursive: true });
  writeFileSync(join(modelsDir, 'ES_model.json'), saveBundle(createBundle({ model, features: ['ibs'], threshold: 0.5, training })));
}

/** IBS of each hour bar of ES, by close time, computed here from the minute bars. */
function hourIbs(): Map<string, number> {
  const hours = consolidateBars(ES, HOUR_MS, { session: { startMinutes: 23 * 60, timeZone: 'UTC' } });
  const out = new Map<string, number>();
  for (let i = 0; i < hours.length; i++) {
    const range = hours.high[i] - hours.low[i];
    out.set(new Date(hours.ts[i]).toISOString(), range > 0 ? (hours.close[i] - hours.low[i]) / range : 0.5);
  }
  return out;
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
    writeFileSync(bad, 'live:\n  symbols: { ES: ES.c.0 }\n  history_days: 2\n  warmup_minutes: 30\n');
    expect(() => loadLiveConfigFile(bad)).toThrow('live.history_days: history_days (2) and warmup_minutes (30) are two warm-ups: use one');
    writeFileSync(bad, 'live:\n  symbols: { ES: ES.c.0 }\n  historical_url: not a url\n');
    expect(() => loadLiveConfigFile(bad)).toThrow('live.historical_url');
    expect(loadLiveConfigFile(ok).live.history_days).toBe(0);
    expect(loadLiveConfigFile(ok).live.max_move_pct).toBe(10);
    writeFileSync(bad, 'live:\n  symbols: { ES: ES.c.0 }\n  max_move_pct: 0\n');
    expect(() => loadLiveConfigFile(bad)).toThrow('live.max_move_pct');
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
    await drain(run);
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

  it('history_days: preflight asks the historical API, the strategies warm up on its bars (no signal), the feed replays from the seam', async () => {
    const now = ES.ts[2 * 1380 + 200] + 30_000;
    const seam = Math.floor((now - 3 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
    const instrument = { symbol: 'ES.c.0', instrumentId: 7001, rawSymbol: 'ESM4', series: ES };
    const historical = new FakeDatabentoHistorical({ apiKeys: [KEY], instruments: [instrument], availableEndTs: seam });
    const historicalUrl = await historical.listen();
    const gateway = new FakeDatabentoGateway({
      apiKeys: [KEY],
      plan: () => ({
        replay: (startNs) => minuteBarsToLiveDbn('GLBX.MDP3', [{ ...instrument, subscribedSymbol: 'ES.c.0', series: ES.between(Number((startNs ?? 0n) / 1_000_000n) + MINUTE_MS) }]),
        chunkSize: 8192,
      }),
    });
    const port = await gateway.listen();
    const webhook = new FakeTradersPostServer();
    const url = await webhook.listen();
    closers.push(() => gateway.close(), () => webhook.close(), () => historical.close());
    const path = writeConfig('history.yaml', port, `  history_days: 1\n  historical_url: ${historicalUrl}`);
    const text: string[] = [];
    const logs: string[] = [];
    const handle = await runLive({ config: path }, { env: { DATABENTO_API_KEY: KEY, TRADERSPOST_WEBHOOK_URL: url }, clock: new FakeClock(now), writeLog: (l) => logs.push(l), writeText: (l) => text.push(l), exit: () => undefined });
    const run = handle.run;
    if (run === undefined) throw new Error('no run');
    const liveBars = ES.between(seam + 1).length;
    const deadline = performance.now() + 10_000;
    while (run.bridge.status().barsReceived < liveBars && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    await run.session.idle();
    expect(run.bridge.status().barsReceived).toBe(liveBars);
    expect(text).toContain(`preflight ok   databento historical ${historicalUrl.slice('http://'.length)}: authenticated; GLBX.MDP3 ohlcv-1m history until ${new Date(seam).toISOString()}`);
    expect(historical.requests.map((r) => r.path)).toEqual(['/v0/metadata.get_dataset_range', '/v0/metadata.get_dataset_range', '/v0/timeseries.get_range']);
    expect(run.history).toEqual({ startTs: seam - 86_400_000, seamTs: seam, bars: { ES: ES.between(seam - 86_400_000 + 1, seam).length } });
    // Connection 0 is the preflight's (authentication only); the run's subscription replays from the seam.
    expect(gateway.connections.map((c) => c.started)).toEqual([false, true]);
    expect(gateway.connections[1].lines[1]).toContain(`|start=${seam}000000|`);
    // The strategy traded only from now on: every posted signal is for a bar closing at or after it.
    const posted = webhook.requests.filter((r) => r.method === 'POST').map((r) => (r.body as { extras: { bar_time: string } }).extras.bar_time);
    expect(posted.length).toBeGreaterThan(0);
    for (const barTime of posted) expect(Date.parse(barTime)).toBeGreaterThanOrEqual(now);
    expect(run.session.status().lateBars).toBe(0);
    expect(await handle.shutdown?.run('test')).toBe(0);
    const all = logs.join('') + text.join('\n');
    expect(all).toContain('"event":"live_history_loaded"');
    expect(all).not.toContain(KEY);
    expect(all).not.toContain(Buffer.from(`${KEY}:`).toString('base64'));
  }, 20_000);

  it('ml.enabled: the strategy gets the backtest\'s veto scorers; vetoed signals send no webhook, kept ones do', async () => {
    const { port, webhook, url } = await fakes();
    writeIbsModel(join(dir, 'models'));
    const path = writeConfig('veto.yaml', port, 'ml: { enabled: true, models_path: models }');
    const text: string[] = [];
    const handle = await runLive({ config: path }, { env: { DATABENTO_API_KEY: KEY, TRADERSPOST_WEBHOOK_URL: url }, clock: new WallClock(), writeLog: () => undefined, writeText: (l) => text.push(l), exit: () => undefined });
    const run = handle.run;
    if (run === undefined) throw new Error('no run');
    await drain(run);
    expect(text.find((l) => l.startsWith('preflight ok   model ibs/ES:'))).toContain('1 features, threshold 0.500');
    const ibs = handle.strategies[0] as IbsStrategy;
    const { signals, entries, vetoed } = ibs.diagnostics();
    // Both kinds happened: signals the model rejects (short ones, weak long ones) and ones it keeps.
    expect(vetoed).toBeGreaterThan(0);
    expect(entries).toBeGreaterThan(0);
    expect(entries + vetoed).toBe(signals);
    const posted = webhook.requests.filter((r) => r.method === 'POST').map((r) => r.body as { action: string; extras: { tag: string; bar_time: string } });
    expect(posted).toHaveLength(run.session.status().ordersSubmitted);
    const entrySignals = posted.filter((b) => b.extras.tag === 'entry');
    // One webhook per kept signal, none for a vetoed one: every entry sent is a long on an hour bar
    // whose IBS (computed here) is in the model's winning region.
    expect(entrySignals).toHaveLength(entries);
    const ibsAt = hourIbs();
    for (const body of entrySignals) {
      expect(body.action).toBe('buy');
      expect(ibsAt.get(body.extras.bar_time)).toBeLessThan(WIN_BELOW);
    }
    // Trades carry the score the veto saw.
    for (const trade of run.session.trades()) expect(trade.meta?.ml_score).toBe(1);
    expect(await handle.shutdown?.run('test')).toBe(0);
  }, 20_000);

  it('ml.enabled without a model: the live preflight fails on it, naming the file', async () => {
    const { port, url } = await fakes();
    const path = writeConfig('nomodel.yaml', port, 'ml: { enabled: true, models_path: no-models }');
    const text: string[] = [];
    await expect(
      runLive({ config: path, preflightOnly: true }, { env: { DATABENTO_API_KEY: KEY, TRADERSPOST_WEBHOOK_URL: url }, clock: new WallClock(), writeLog: () => undefined, writeText: (l) => text.push(l), exit: () => undefined }),
    ).rejects.toThrow('preflight failed');
    expect(text).toContain(`preflight fail ml models: ${join(dir, 'no-models', 'ES_model.json')}: no model for ES (ml.enabled is true): train one with \`rooney train\``);
    expect(text.some((l) => l.startsWith('preflight ok   databento'))).toBe(true);
  });

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
