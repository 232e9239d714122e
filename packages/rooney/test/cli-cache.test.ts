import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUILTIN_REFERENCE_SYMBOLS, BUILTIN_SYMBOLS, SYNTHETIC_DATASET_VERSION } from '@rooney/data';
import { runRooney } from './support/run-cli.ts';
import { spawnRooney } from './support/spawn-cli.ts';

const SYMBOL_FILES = [...BUILTIN_SYMBOLS, ...BUILTIN_REFERENCE_SYMBOLS].map((s) => `${s}.arrow`).sort();
const datasetName = (days: number): string => `builtin-v${SYNTHETIC_DATASET_VERSION}-2023-01-02-${days}d-seed1`;

/** Bytes of every file under `dir`, summed with plain `statSync` (independent of the cache module). */
function bytesUnder(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

let root: string;
let saved: { cwd: string; xdg: string | undefined; rooneyCache: string | undefined };

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'rooney-cli-cache-'));
  mkdirSync(join(root, 'work'));
  saved = { cwd: process.cwd(), xdg: process.env.XDG_CACHE_HOME, rooneyCache: process.env.ROONEY_CACHE };
});

afterEach(() => {
  process.chdir(saved.cwd);
  for (const [key, value] of [['XDG_CACHE_HOME', saved.xdg], ['ROONEY_CACHE', saved.rooneyCache]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  rmSync(root, { recursive: true, force: true });
});

function smallConfig(days: number): string {
  const file = join(root, 'small.yml');
  writeFileSync(file, `data:\n  builtin: { days: ${days} }\n`);
  return file;
}

describe('the cache of the built-in dataset', () => {
  it('lands in $XDG_CACHE_HOME/rooney, not in the working directory; cache info shows it, cache clear deletes it', async () => {
    process.env.XDG_CACHE_HOME = join(root, 'xdg');
    delete process.env.ROONEY_CACHE;
    process.chdir(join(root, 'work'));
    await runRooney(['backtest', '--config', smallConfig(5), '--symbols', 'ES', '--out', join(root, 'out'), '--json'], { quiet: true });
    const dataset = join(root, 'xdg', 'rooney', datasetName(5));
    expect(readdirSync(dataset).sort()).toEqual(SYMBOL_FILES);
    expect(readdirSync(join(root, 'work'))).toEqual([]); // no ./.rooney-cache

    const info = JSON.parse(await runRooney(['cache', 'info', '--json']));
    expect(info.dir).toBe(join(root, 'xdg', 'rooney'));
    expect(info.source).toBe('XDG_CACHE_HOME');
    expect(info.entries).toEqual([{ name: datasetName(5), kind: 'dataset', bytes: bytesUnder(dataset), files: SYMBOL_FILES.length }]);
    expect(info.total_bytes).toBe(bytesUnder(dataset));
    const text = await runRooney(['cache', 'info']);
    expect(text).toContain(`cache directory: ${join(root, 'xdg', 'rooney')} (from $XDG_CACHE_HOME/rooney)`);
    expect(text).toContain(datasetName(5));

    writeFileSync(join(root, 'xdg', 'rooney', 'keep-me.txt'), 'not rooney\'s');
    const cleared = await runRooney(['cache', 'clear']);
    expect(cleared).toContain(`deleted 1 entry from ${join(root, 'xdg', 'rooney')}`);
    expect(existsSync(dataset)).toBe(false);
    expect(existsSync(join(root, 'xdg', 'rooney', 'keep-me.txt'))).toBe(true);
    expect(await runRooney(['cache', 'clear'])).toBe(`nothing to delete in ${join(root, 'xdg', 'rooney')}\n`);
  }, 60_000);

  it('--cache-dir wins over $ROONEY_CACHE, which wins over $XDG_CACHE_HOME; info points at an old ./.rooney-cache', async () => {
    process.env.XDG_CACHE_HOME = join(root, 'xdg');
    process.env.ROONEY_CACHE = join(root, 'env-cache');
    process.chdir(join(root, 'work'));
    mkdirSync(join(root, 'work', '.rooney-cache', datasetName(365)), { recursive: true });
    writeFileSync(join(root, 'work', '.rooney-cache', datasetName(365), 'ES.arrow'), Buffer.alloc(1234));
    const fromEnv = JSON.parse(await runRooney(['cache', 'info', '--json']));
    expect([fromEnv.dir, fromEnv.source]).toEqual([join(root, 'env-cache'), 'ROONEY_CACHE']);
    expect(fromEnv.legacy).toEqual({ dir: join(root, 'work', '.rooney-cache'), total_bytes: 1234 });
    expect(await runRooney(['cache', 'info'])).toContain('is the old per-folder cache, no longer read; delete it with: rooney cache clear --cache-dir .rooney-cache');
    const fromFlag = JSON.parse(await runRooney(['cache', 'info', '--json', '--cache-dir', 'flag-cache']));
    expect([fromFlag.dir, fromFlag.source]).toEqual([join(root, 'work', 'flag-cache'), 'flag']);
    await runRooney(['backtest', '--config', smallConfig(3), '--symbols', 'ES', '--out', join(root, 'out'), '--cache-dir', 'flag-cache'], { quiet: true });
    expect(readdirSync(join(root, 'work', 'flag-cache'))).toEqual([datasetName(3)]);
    expect(existsSync(join(root, 'env-cache'))).toBe(false);
    expect(existsSync(join(root, 'xdg'))).toBe(false);
  }, 60_000);

  it('a damaged cached dataset (a file deleted by hand) is regenerated whole', async () => {
    const cache = join(root, 'cache');
    const args = ['backtest', '--config', smallConfig(3), '--symbols', 'ES', '--out', join(root, 'out'), '--cache-dir', cache, '--json'];
    const first = await runRooney(args, { quiet: true });
    rmSync(join(cache, datasetName(3), 'NQ.arrow'));
    const second = await runRooney(args, { quiet: true });
    expect(second).toBe(first);
    expect(readdirSync(join(cache, datasetName(3))).sort()).toEqual(SYMBOL_FILES);
    expect(readdirSync(cache)).toEqual([datasetName(3)]); // no staging directory left behind
  }, 60_000);

  it('processes generating the same dataset at once all succeed with identical results and one complete copy', async () => {
    const cache = join(root, 'cache');
    // A staging directory left by a crashed run of another process must not disturb them.
    mkdirSync(join(cache, `${datasetName(10)}.partial-999999`), { recursive: true });
    writeFileSync(join(cache, `${datasetName(10)}.partial-999999`, 'ES.arrow'), 'half a file');
    const runs = await Promise.all(
      [0, 1].map((i) =>
        spawnRooney(['backtest', '--config', smallConfig(10), '--symbols', 'ES,NQ', '--out', join(root, `out-${i}`), '--cache-dir', cache], { cwd: join(root, 'work') }),
      ),
    );
    for (const run of runs) expect(run.stderr.split('\n').filter((line) => line.includes('Error'))).toEqual([]);
    expect(runs.map((run) => run.code)).toEqual([0, 0]);
    const trades = [0, 1].map((i) => readFileSync(join(root, `out-${i}`, 'trades.csv'), 'utf8'));
    expect(trades[1]).toBe(trades[0]);
    expect(readdirSync(join(cache, datasetName(10))).sort()).toEqual(SYMBOL_FILES);
    expect(readdirSync(cache).sort()).toEqual([datasetName(10), `${datasetName(10)}.partial-999999`]);
    const info = JSON.parse((await spawnRooney(['cache', 'info', '--json', '--cache-dir', cache])).stdout);
    expect(info.entries.map((e: { kind: string }) => e.kind)).toEqual(['dataset', 'partial']);
  }, 120_000);
});
