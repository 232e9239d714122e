import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rmSync } from 'node:fs';
import type { MarketData } from '../backtest/market-data.ts';
import { runBacktestJob } from '../backtest/run-backtest-job.ts';
import { mergeSweepDirectories } from '../commands/sweep.ts';
import { validateConfig } from '../config/load-config.ts';
import type { RooneyConfig } from '../config/schema.ts';
import { buildProgram } from '../program.ts';
import { parseGrid } from './grid.ts';
import { runSweep, sweepFiles, writeSweepOutputs } from './run-sweep.ts';
import { parseSweepJson } from './sweep-table.ts';
import type { SweepTable } from './sweep-table.ts';
import { loadMarketData, sessionOf } from '../backtest/market-data.ts';
import type { SweepSetup } from './sweep-task.ts';
import { runWalkForward } from './walk-forward.ts';

// A tiny sweep: 10 days of the built-in data, hourly IBS on two symbols, 3 × 2 combinations.
const CONFIG_TREE = {
  data: { builtin: { days: 10 } },
  strategies: [{ name: 'ibs', symbols: ['ES', 'NQ'], params: { timeframe: 'hour', max_bars_in_trade: 3 } }],
};
const GRID = ['ibs.entry_long_below=0.1:0.3:0.1', 'ibs.exit_long_above=0.7,0.8'];

let dir: string;
let setup: SweepSetup;
let data: MarketData;
const config: RooneyConfig = validateConfig(CONFIG_TREE);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rooney-sweep-'));
  setup = { config, dimensions: parseGrid(GRID) };
  data = loadMarketData({ config, baseDir: dir, dataFlags: [], cacheDir: join(dir, 'cache'), session: sessionOf(config) });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = () => ({ setup, data, seed: 1, metric: 'sharpe' as const });

/** The full 6-combination sweep in this thread, run once and shared. */
let fullRun: Promise<SweepTable> | undefined;
const full = (): Promise<SweepTable> => (fullRun ??= runSweep({ ...base(), workers: 1 }));

describe('rooney sweep', () => {
  it('gives byte-identical outputs with 1 worker (in this thread) and 2 worker threads', async () => {
    const one = sweepFiles(await full());
    const two = sweepFiles(await runSweep({ ...base(), workers: 2 }));
    expect(two['sweep.json']).toBe(one['sweep.json']);
    expect(two['sweep.csv']).toBe(one['sweep.csv']);
    expect(two['report.html']).toBe(one['report.html']);
    expect(one['sweep.csv'].trim().split('\n')).toHaveLength(1 + 6);
  }, 60_000);

  it('measures each combination exactly as a backtest with those params does', async () => {
    const table = await full();
    expect(table.rows.map((r) => r.params)).toEqual([
      { 'ibs.entry_long_below': 0.1, 'ibs.exit_long_above': 0.7 },
      { 'ibs.entry_long_below': 0.1, 'ibs.exit_long_above': 0.8 },
      { 'ibs.entry_long_below': 0.2, 'ibs.exit_long_above': 0.7 },
      { 'ibs.entry_long_below': 0.2, 'ibs.exit_long_above': 0.8 },
      { 'ibs.entry_long_below': 0.3, 'ibs.exit_long_above': 0.7 },
      { 'ibs.entry_long_below': 0.3, 'ibs.exit_long_above': 0.8 },
    ]);
    // Row 3 against a config written by hand.
    const byHand = validateConfig({
      ...CONFIG_TREE,
      strategies: [{ name: 'ibs', symbols: ['ES', 'NQ'], params: { timeframe: 'hour', max_bars_in_trade: 3, entry_long_below: 0.2, exit_long_above: 0.8 } }],
    });
    const job = runBacktestJob({ config: byHand, data });
    expect(table.rows[3].metrics.net_pnl).toBe(job.performance.netPnl);
    expect(table.rows[3].metrics.sharpe).toBe(job.performance.sharpe);
    expect(table.rows[3].metrics.trades).toBe(job.result.trades.length);
    expect(job.result.trades.length).toBeGreaterThan(5);
    // Looser entries take at least as many signals.
    expect(table.rows[4].metrics.trades).toBeGreaterThanOrEqual(table.rows[0].metrics.trades);
    // The best row is the one with the highest Sharpe, and its curve ends at its final equity.
    const sharpes = table.rows.map((r) => r.metrics.sharpe ?? -Infinity);
    expect(table.best?.index).toBe(sharpes.indexOf(Math.max(...sharpes)));
    const curve = table.best?.daily.value ?? [];
    expect(curve[curve.length - 1]).toBeCloseTo(config.starting_cash + (table.rows[table.best?.index ?? 0].metrics.net_pnl), 6);
  });

  it('merges shard outputs into exactly the files of a single run', async () => {
    const single = sweepFiles(await full());
    const shardDirs: string[] = [];
    for (const index of [2, 0, 1]) {
      const table = await runSweep({ ...base(), workers: 1, shard: { index, count: 3 } });
      expect(table.rows.map((r) => r.index)).toEqual([index, index + 3]);
      const shardDir = join(dir, `shard-${index}`);
      writeSweepOutputs(shardDir, table);
      shardDirs.push(shardDir);
    }
    const out = join(dir, 'merged');
    mergeSweepDirectories(shardDirs, out);
    for (const name of ['sweep.json', 'sweep.csv', 'report.html']) expect(readFileSync(join(out, name), 'utf8')).toBe(single[name]);
    expect(() => mergeSweepDirectories(shardDirs.slice(0, 2), join(dir, 'partial'))).toThrow('shards missing: 1/3');
    expect(() => mergeSweepDirectories([shardDirs[0], shardDirs[0]], join(dir, 'twice'))).toThrow('shard 2/3 also comes from');
  });

  it('refuses to merge shards of different sweeps', async () => {
    const a = await runSweep({ ...base(), workers: 1, shard: { index: 0, count: 3 } });
    const b = await runSweep({ ...base(), metric: 'net_pnl', workers: 1, shard: { index: 1, count: 3 } });
    writeSweepOutputs(join(dir, 'a'), a);
    writeSweepOutputs(join(dir, 'b'), b);
    expect(() => mergeSweepDirectories([join(dir, 'a'), join(dir, 'b')], join(dir, 'ab'))).toThrow('comes from a different sweep');
  });

  it('samples --random combinations deterministically', async () => {
    const first = await runSweep({ ...base(), workers: 1, random: 4, seed: 9 });
    const again = await runSweep({ ...base(), workers: 1, random: 4, seed: 9 });
    expect(sweepFiles(again)['sweep.json']).toBe(sweepFiles(first)['sweep.json']);
    expect(first.selection).toEqual({ mode: 'random', seed: 9, gridSize: 6, combinations: 4 });
    const grid = await full();
    // Every sampled row is a grid row with the same metrics.
    for (const row of first.rows) {
      const match = grid.rows.find((r) => JSON.stringify(r.params) === JSON.stringify(row.params));
      expect(match?.metrics).toEqual(row.metrics);
    }
    expect(new Set(first.rows.map((r) => JSON.stringify(r.params))).size).toBe(4);
  });

  it('walks forward: best in-sample by the metric, run out-of-sample, stitched', async () => {
    const options = { windows: 2, inSampleFraction: 0.7, anchored: false };
    const result = await runWalkForward({ ...base(), options, workers: 1 });
    expect(result.windows).toHaveLength(2);
    for (const w of result.windows) {
      // The choice, checked against backtests run directly on the in-sample window.
      const sharpes = [0.1, 0.2, 0.3].flatMap((entry) =>
        [0.7, 0.8].map((exit) => {
          const c = validateConfig({
            ...CONFIG_TREE,
            strategies: [{ name: 'ibs', symbols: ['ES', 'NQ'], params: { timeframe: 'hour', max_bars_in_trade: 3, entry_long_below: entry, exit_long_above: exit } }],
          });
          return runBacktestJob({ config: c, data, startTs: w.inSample.startTs, endTs: w.inSample.endTs }).performance.sharpe ?? -Infinity;
        }),
      );
      expect(w.chosen.index).toBe(sharpes.indexOf(Math.max(...sharpes)));
      expect(w.inSampleMetrics.sharpe).toBe(Math.max(...sharpes));
      expect(w.outOfSample.startTs).toBeGreaterThan(w.inSample.endTs);
    }
    expect(result.windows[1].outOfSample.startTs).toBe(result.windows[0].outOfSample.endTs + 1);
    // Stitched PnL is the sum of the windows' out-of-sample PnL, and the curve ends there.
    const sum = result.windows.reduce((s, w) => s + w.outOfSampleMetrics.net_pnl, 0);
    expect(result.outOfSample.net_pnl).toBeCloseTo(sum, 6);
    const daily = result.outOfSampleDaily.value;
    expect(daily[daily.length - 1]).toBeCloseTo(config.starting_cash + sum, 6);
    expect(result.outOfSample.trades).toBe(result.windows.reduce((s, w) => s + w.outOfSampleMetrics.trades, 0));
    expect(result.inSampleRuns).toHaveLength(12);
  });

  it('applies the swept value over a per-symbol override of the same parameter, and says so', async () => {
    // ES's own override would otherwise beat every swept entry threshold: both rows would trade 0.05.
    const tree = {
      ...CONFIG_TREE,
      contracts: { ES: { strategy_overrides: { ibs: { entry_long_below: 0.05, exit_long_above: 0.9 } } } },
      strategies: [{ name: 'ibs', symbols: ['ES'], params: { timeframe: 'hour', max_bars_in_trade: 3 } }],
    };
    const overridden = validateConfig(tree);
    const table = await runSweep({ setup: { config: overridden, dimensions: parseGrid(['ibs.entry_long_below=0.1,0.3']) }, data, seed: 1, metric: 'sharpe', workers: 1 });
    // Each row equals a backtest whose ES override holds the swept value (its other override stays).
    table.rows.forEach((row, k) => {
      const value = [0.1, 0.3][k];
      const byHand = validateConfig({ ...tree, contracts: { ES: { strategy_overrides: { ibs: { entry_long_below: value, exit_long_above: 0.9 } } } } });
      const job = runBacktestJob({ config: byHand, data });
      expect(row.metrics.trades).toBe(job.result.trades.length);
      expect(row.metrics.net_pnl).toBe(job.performance.netPnl);
    });
    expect(table.rows[1].metrics.trades).toBeGreaterThan(table.rows[0].metrics.trades);
    expect(table.overridesReplaced).toEqual([{ symbol: 'ES', parameter: 'ibs.entry_long_below', override: 0.05 }]);
    const files = sweepFiles(table);
    expect(JSON.parse(files['sweep.json']).overrides_replaced).toEqual([{ symbol: 'ES', parameter: 'ibs.entry_long_below', override: 0.05 }]);
    expect(files['report.html']).toContain('Per-symbol overrides replaced by the sweep');
    expect(files['report.html']).toContain('ibs.entry_long_below: ES (was 0.05)');
    expect(parseSweepJson(files['sweep.json']).overridesReplaced).toEqual(table.overridesReplaced);
  });

  it('runs from the command line, shards and merge included', async () => {
    const configFile = join(dir, 'config.json');
    writeFileSync(configFile, JSON.stringify(CONFIG_TREE));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const common = ['--config', configFile, '--cache-dir', join(dir, 'cache'), '--grid', GRID[0], '--grid', GRID[1], '--workers', '1'];
      await buildProgram().parseAsync(['node', 'rooney', 'sweep', ...common, '--shard', '0/2', '--out', join(dir, 'cli-0')]);
      await buildProgram().parseAsync(['node', 'rooney', 'sweep', ...common, '--shard', '1/2', '--out', join(dir, 'cli-1')]);
      await buildProgram().parseAsync(['node', 'rooney', 'sweep', 'merge', join(dir, 'cli-0'), join(dir, 'cli-1'), '--out', join(dir, 'cli-merged')]);
    } finally {
      write.mockRestore();
    }
    const single = sweepFiles(await full());
    for (const name of ['sweep.json', 'sweep.csv', 'report.html']) expect(readFileSync(join(dir, 'cli-merged', name), 'utf8')).toBe(single[name]);
    expect(parseSweepJson(readFileSync(join(dir, 'cli-0', 'sweep.json'), 'utf8')).shard).toEqual({ index: 0, count: 2 });
  });
});
