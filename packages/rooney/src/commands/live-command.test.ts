import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RooneyError } from '@rooney/core';
import { generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { FakeDatabentoGateway, minuteBarsToLiveDbn } from '@rooney/live';
import { afterAll, describe, expect, it } from 'vitest';
import { explainLiveLoadError, loadLiveModules } from './live-command.ts';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rooney-live-command-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error Node itself raises when `code` (run in an empty directory) imports or requires a missing package. */
function realNodeError(code: string, inputType: 'module' | 'commonjs'): Error & { code?: string } {
  // Without NODE_PATH: `pnpm exec` points it at the workspace's packages, where require() would find them.
  const result = spawnSync(process.execPath, ['--input-type', inputType, '-e', code], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
  return JSON.parse(result.stdout) as Error & { code?: string };
}

describe('loading the live stack on demand', () => {
  it('turns Node\'s own "package not found" errors for @rooney/live (import and require) into one line saying what to install', () => {
    const esm = realNodeError("import('@rooney/live').catch((e) => console.log(JSON.stringify({ code: e.code, message: e.message })))", 'module');
    const cjs = realNodeError("try { require('@rooney/live') } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })) }", 'commonjs');
    expect([esm.code, cjs.code]).toEqual(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);
    for (const error of [esm, cjs]) {
      const explained = explainLiveLoadError(error, '1.2.3');
      expect(explained).toBeInstanceOf(RooneyError);
      expect((explained as RooneyError).code).toBe('missing_package');
      expect((explained as RooneyError).message).toBe(
        'rooney live needs the @rooney/live package, which is not installed: run `npm install @rooney/live@1.2.3` where rooney is installed (it adds the native SQLite addon better-sqlite3 for the trade store; backtests never need it)',
      );
      expect((explained as RooneyError).message).not.toContain('\n');
    }
    const sqlite = realNodeError("import('better-sqlite3').catch((e) => console.log(JSON.stringify({ code: e.code, message: e.message })))", 'module');
    expect((explainLiveLoadError(sqlite, '1.2.3') as RooneyError).message).toContain('its dependency better-sqlite3 is missing');
  }, 30_000);

  it('leaves other failures alone (a missing package of another name, a bug in the live code)', async () => {
    const other = realNodeError("import('left-pad-nowhere').catch((e) => console.log(JSON.stringify({ code: e.code, message: e.message })))", 'module');
    expect(explainLiveLoadError(other, '1.0.0')).toBe(other);
    const bug = new TypeError('x is not a function');
    await expect(loadLiveModules('1.0.0', () => Promise.reject(bug))).rejects.toBe(bug);
    await expect(loadLiveModules('1.0.0', () => Promise.reject(Object.assign(new Error("Cannot find package '@rooney/live' imported from /x.js"), { code: 'ERR_MODULE_NOT_FOUND' })))).rejects.toThrow(
      /needs the @rooney\/live package/,
    );
  }, 30_000);
});

describe('rooney live --heartbeat-file (child process, fake Databento gateway)', () => {
  it('writes each heartbeat to the file while running, and SIGTERM still stops it with exit code 0', async () => {
    const key = 'db-FAKEKEY00000000000000000ABCDE';
    const es = generateSyntheticDataset({ symbols: ['ES'], start: '2024-03-04', days: 1, seed: 5 }).get('ES') as BarSeries;
    const stream = minuteBarsToLiveDbn('GLBX.MDP3', [{ series: es, instrumentId: 7001, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESM4' }]);
    const gateway = new FakeDatabentoGateway({ apiKeys: [key], plan: () => ({ data: stream, chunkSize: 8192 }) });
    const port = await gateway.listen();
    const config = join(dir, 'live.yml');
    writeFileSync(
      config,
      ['strategies:', '  - name: ibs', "    symbols: ['*']", 'live:', '  host: 127.0.0.1', `  port: ${port}`, '  symbols: { ES: ES.c.0 }', '  store: live.sqlite', '  market_hours: always', '  status_interval_s: 0.2'].join('\n'),
    );
    const heartbeatFile = join(dir, 'probe', 'heartbeat.json');
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/rooney/src/bin.ts', 'live', '--config', config, '--dry-run', '--heartbeat-file', heartbeatFile], {
      cwd: REPO,
      env: { ...process.env, DATABENTO_API_KEY: key },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = performance.now() + 60_000;
      while ((stdout.match(/"event":"live_heartbeat"/g) ?? []).length < 2 && performance.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
      // The file holds the status of one of the heartbeats the run logged (JSON, rewritten whole each time).
      const beat = JSON.parse(readFileSync(heartbeatFile, 'utf8')) as { ts: number; ok: boolean; symbols: Record<string, unknown>; alerts: unknown[] };
      expect(Object.keys(beat.symbols)).toEqual(['ES']);
      expect(beat.alerts).toEqual([]);
      const logged = stdout
        .split('\n')
        .filter((line) => line.includes('"event":"live_heartbeat"'))
        .map((line) => (JSON.parse(line) as { status: { ts: number } }).status.ts);
      expect(logged).toContain(beat.ts);
      // `rooney live status` reads it: fresh, nothing to act on.
      const status = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', 'packages/rooney/src/bin.ts', 'live', 'status', '--heartbeat', heartbeatFile, '--stale-after', '60'], { cwd: REPO, encoding: 'utf8' });
      expect(status.stdout).toContain('positions: flat');
      expect(status.status).toBe(0);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await gateway.close();
    }
  }, 90_000);
});
