import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, TSX_LOADER, spawnRooney } from './support/spawn-cli.ts';

// `npm i rooney` must never compile anything: the live stack (@rooney/live and its native SQLite
// addon, better-sqlite3) is loaded only when `rooney live` runs. These tests run commands in child
// processes with a probe that records every module they resolve and every native addon they load.

const PROBE = pathToFileURL(fileURLToPath(new URL('./support/module-load-probe.mjs', import.meta.url))).href;
const dir = mkdtempSync(join(tmpdir(), 'rooney-lazy-live-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;

/** Runs `rooney ...args` under the probe; returns its exit code, output and what it loaded. */
async function probed(args: readonly string[], env: Record<string, string> = {}) {
  const file = join(dir, `probe-${runs++}.txt`);
  writeFileSync(file, '');
  const run = await spawnRooney(args, { nodeArgs: ['--import', PROBE], env: { ROONEY_PROBE_FILE: file, ...env } });
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  return { ...run, lines };
}

/** Lines naming the live stack: the @rooney/live package (sources or build), better-sqlite3, any native addon. */
function liveStack(lines: readonly string[]): string[] {
  return lines.filter((line) => line.startsWith('dlopen ') || /better-sqlite3|bindings|@rooney\/live|\/packages\/live\//.test(line));
}

describe('the live stack is loaded only by `rooney live`', () => {
  it('`rooney backtest` loads neither @rooney/live nor better-sqlite3, nor any native addon', async () => {
    const config = join(dir, 'small.yml');
    writeFileSync(config, 'data:\n  builtin: { days: 3 }\n');
    const run = await probed(['backtest', '--config', config, '--symbols', 'ES', '--out', join(dir, 'out'), '--cache-dir', join(dir, 'cache')]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'metrics.json'), 'utf8')).toContain('"dataset"');
    // The probe saw the backtest's own modules (so it works), and nothing of the live stack.
    expect(run.lines.some((line) => line.includes('/packages/core/src/'))).toBe(true);
    expect(run.lines.some((line) => line.includes('/packages/rooney/src/commands/live-command.ts'))).toBe(true);
    expect(liveStack(run.lines)).toEqual([]);
  }, 120_000);

  it('`rooney --help`, `rooney live --help` and importing the package load none of it either', async () => {
    const help = await probed(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('live [options]');
    expect(liveStack(help.lines)).toEqual([]);
    const liveHelp = await probed(['live', '--help']);
    expect(liveHelp.code).toBe(0);
    expect(liveHelp.stdout).toContain('--heartbeat-file <file>');
    expect(liveStack(liveHelp.lines)).toEqual([]);
    // `import 'rooney'` (the package's public API, as a notebook does).
    const file = join(dir, 'probe-import.txt');
    writeFileSync(file, '');
    const index = pathToFileURL(fileURLToPath(new URL('../src/index.ts', import.meta.url))).href;
    const imported = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', TSX_LOADER, '--import', PROBE, '--input-type=module', '-e', `const m = await import(${JSON.stringify(index)}); console.log(typeof m.runBacktestJob, typeof m.buildProgram);`],
      { cwd: REPO_ROOT, env: { ...process.env, ROONEY_PROBE_FILE: file }, encoding: 'utf8' },
    );
    expect(imported.stdout.trim()).toBe('function function');
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines.some((line) => line.includes('/packages/rooney/src/index.ts'))).toBe(true);
    expect(liveStack(lines)).toEqual([]);
  }, 120_000);

  it('control: `rooney live` does load @rooney/live and better-sqlite3 (so the probe would see them)', async () => {
    const config = join(dir, 'live.yml');
    writeFileSync(config, ['strategies:', '  - name: ibs', '    symbols: [ES]', 'live:', '  symbols: { ES: ES.c.0 }', `  store: ${join(dir, 'store.sqlite')}`].join('\n'));
    // No API key in the environment: preflight fails after the store check, before any network use.
    const run = await probed(['live', '--config', config, '--preflight-only'], { DATABENTO_API_KEY: '', TRADERSPOST_WEBHOOK_URL: '' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('preflight ok   trade store');
    const stack = liveStack(run.lines);
    expect(stack.some((line) => line.includes('/packages/live/src/index.ts'))).toBe(true);
    expect(stack.some((line) => line.startsWith('dlopen ') && line.endsWith('better_sqlite3.node'))).toBe(true);
  }, 120_000);
});
