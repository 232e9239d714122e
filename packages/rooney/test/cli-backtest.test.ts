import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runRooney } from './support/run-cli.ts';

const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const ES_DAILY = join(SHARED, 'datasets/real/quantiacs-futures-daily/F_ES.txt');

const rooney = (...args: string[]): Promise<string> => runRooney(args);

function temp(): string {
  return mkdtempSync(join(tmpdir(), 'rooney-cli-'));
}

const dailyConfig = (dir: string): string => {
  const file = join(dir, 'daily.yml');
  writeFileSync(
    file,
    'strategies:\n  - name: ibs\n    symbols: ["*"]\n    params: { timeframe: day, entry_long_below: 0.2, exit_long_above: 0.7, max_bars_in_trade: 5 }\n',
  );
  return file;
};

describe('rooney backtest', () => {
  it('runs on a real daily CSV and writes the four outputs, byte-identical on a second run', async () => {
    const dir = temp();
    const config = dailyConfig(dir);
    await rooney('backtest', '--data', ES_DAILY, '--config', config, '--out', join(dir, 'a'), '--start', '2010-01-01');
    await rooney('backtest', '--data', ES_DAILY, '--config', config, '--out', join(dir, 'b'), '--start', '2010-01-01');
    for (const name of ['trades.csv', 'metrics.json', 'equity.csv', 'report.html']) {
      expect(readFileSync(join(dir, 'a', name), 'utf8')).toBe(readFileSync(join(dir, 'b', name), 'utf8'));
    }
    const trades = readFileSync(join(dir, 'a', 'trades.csv'), 'utf8').trim().split('\n');
    expect(trades[0].startsWith('symbol,direction,quantity,entry_time,entry_price,exit_time,exit_price,bars_held,gross_pnl,commission,net_pnl,exit_reason')).toBe(true);
    expect(trades.length).toBeGreaterThan(100);
    const metrics = JSON.parse(readFileSync(join(dir, 'a', 'metrics.json'), 'utf8'));
    expect(metrics.inputs.symbols).toEqual(['ES']);
    expect(metrics.inputs.first_bar_time.startsWith('2010-01-04')).toBe(true);
    expect(metrics.inputs.bars_processed.ES['1d']).toBeGreaterThan(2500);
    // Net PnL in metrics equals the sum over trades.csv (net_pnl is column 11).
    const sum = trades.slice(1).reduce((s, line) => s + Number(line.split(',')[10]), 0);
    expect(metrics.metrics.netPnl).toBeCloseTo(sum, 4);
    expect(metrics.metrics.tradeCount).toBe(trades.length - 1);
    // daily_pnl.csv books every trade's net PnL on its exit session: its grand total is the same.
    const daily = readFileSync(join(dir, 'a', 'daily_pnl.csv'), 'utf8').trim().split('\n');
    expect(daily[0]).toBe('date,ES');
    const dailySum = daily.slice(1).reduce((s, line) => s + Number(line.split(',')[1]), 0);
    expect(dailySum).toBeCloseTo(sum, 4);
    const optimized = await rooney('optimize', '--returns', join(dir, 'a', 'daily_pnl_by_strategy.csv'), '--hold-out', '0.3', '--out', join(dir, 'opt'));
    expect(optimized).toMatch(/hold-out, equal weight/);
    expect(readFileSync(join(dir, 'opt', 'report.html'), 'utf8')).toContain('In sample vs hold-out');
    const html = readFileSync(join(dir, 'a', 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/https?:\/\//);
  }, 60_000);

  it('runs the main job with no flags: IBS on the full built-in dataset (18 futures, one year of minutes)', async () => {
    const dir = temp();
    const previous = { cwd: process.cwd(), xdg: process.env.XDG_CACHE_HOME, rooneyCache: process.env.ROONEY_CACHE };
    process.chdir(dir);
    process.env.XDG_CACHE_HOME = join(dir, 'user-cache');
    delete process.env.ROONEY_CACHE;
    try {
      await rooney('backtest');
    } finally {
      process.chdir(previous.cwd);
      if (previous.xdg === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = previous.xdg;
      if (previous.rooneyCache !== undefined) process.env.ROONEY_CACHE = previous.rooneyCache;
    }
    const metrics = JSON.parse(readFileSync(join(dir, 'out', 'backtest', 'metrics.json'), 'utf8'));
    expect(metrics.dataset).toMatch(/synthetic/);
    expect(metrics.inputs.symbols).toHaveLength(18);
    expect(metrics.inputs.strategies).toEqual(['ibs']);
    const minutes = Object.values(metrics.inputs.bars_processed as Record<string, Record<string, number>>).reduce((sum, tf) => sum + (tf['1m'] ?? 0), 0);
    expect(minutes).toBeGreaterThan(6_000_000);
    expect(metrics.metrics.tradeCount).toBeGreaterThan(1000);
    for (const name of ['trades.csv', 'equity.csv', 'report.html']) expect(existsSync(join(dir, 'out', 'backtest', name))).toBe(true);
    // The dataset is cached in the user's cache folder ($XDG_CACHE_HOME/rooney), not in the working directory.
    expect(existsSync(join(dir, 'user-cache', 'rooney'))).toBe(true);
    expect(existsSync(join(dir, '.rooney-cache'))).toBe(false);
    rmSync(dir, { recursive: true, force: true }); // the cached dataset is 300 MB
  }, 180_000); // generates and writes 300 MB: give a loaded 2-core machine time

  it('runs on the built-in synthetic dataset and labels it so', async () => {
    const dir = temp();
    const config = join(dir, 'small.yml');
    writeFileSync(config, 'data:\n  builtin: { days: 10, seed: 3 }\n');
    const json = await rooney('backtest', '--config', config, '--symbols', 'ES,NQ', '--out', join(dir, 'out'), '--cache-dir', join(dir, 'cache'), '--json');
    const metrics = JSON.parse(json);
    expect(metrics.dataset).toMatch(/synthetic/);
    expect(metrics.inputs.seed).toBe(3);
    expect(metrics.inputs.bars_processed.ES['1m']).toBeGreaterThan(5000);
    expect(metrics.inputs.bars_processed.ES['1h']).toBeGreaterThan(80);
    expect(readFileSync(join(dir, 'out', 'report.html'), 'utf8')).toMatch(/synthetic/);
    // A second run reads the cached Arrow files and gives the same metrics.
    const again = await rooney('backtest', '--config', config, '--symbols', 'ES,NQ', '--out', join(dir, 'out2'), '--cache-dir', join(dir, 'cache'), '--json');
    expect(again).toBe(json);
  }, 60_000);

  it('names the file, line and field of a bad row', async () => {
    const dir = temp();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'date,open,high,low,close,volume\n2020-01-02,10,11,9,10.5,100\n2020-01-03,10,9,11,10,100\n');
    await expect(rooney('backtest', '--data', file, '--config', dailyConfig(dir), '--out', join(dir, 'o'))).rejects.toThrow(
      /bad\.csv, line 3, field "(high|low)"/,
    );
  });

  it('rejects a config with a misspelt key, naming its path', async () => {
    const dir = temp();
    const config = join(dir, 'c.yml');
    writeFileSync(config, 'strategies:\n  - name: ibs\n    symbols: [ES]\n    params: { entry_long_bellow: 0.1 }\n');
    await expect(rooney('backtest', '--config', config, '--out', join(dir, 'o'), '--cache-dir', join(dir, 'cache'))).rejects.toThrow(
      /strategies\[0\]\.params\.entry_long_bellow: unknown parameter/,
    );
  });

  it('stitches per-contract files into a continuous series and reports the roll', async () => {
    const dir = temp();
    const day = 86_400_000;
    const start = Date.UTC(2024, 0, 2);
    const contract = (name: string, days: number, offset: number): void => {
      const lines = ['date,open,high,low,close,volume'];
      for (let i = 0; i < days; i++) {
        const date = new Date(start + i * day).toISOString().slice(0, 10);
        const base = 4000 + 5 * Math.sin(i / 3) + offset;
        lines.push(`${date},${base},${base + 4},${base - 4},${base + (i % 2 === 0 ? -3 : 3)},1000`);
      }
      writeFileSync(join(dir, `${name}.csv`), `${lines.join('\n')}\n`);
    };
    contract('ESH4', 73, 0); // through 2024-03-14
    contract('ESM4', 160, 10);
    const config = join(dir, 'c.yml');
    writeFileSync(
      config,
      `data:
  continuous:
    ES:
      contracts:
        - { file: ESH4.csv, expiry: 2024-03-15 }
        - { file: ESM4.csv, expiry: 2024-06-21 }
      roll: { kind: days_before_expiry, days: 5 }
      adjust: difference
strategies:
  - name: ibs
    symbols: [ES]
    params: { timeframe: day }
`,
    );
    const metrics = JSON.parse(await rooney('backtest', '--config', config, '--out', join(dir, 'out'), '--json'));
    const rolls = metrics.inputs.rolls.ES;
    expect(rolls).toHaveLength(1);
    expect(rolls[0]).toMatchObject({ from: 'ESH4', to: 'ESM4', gap: 10 });
    expect(rolls[0].time.startsWith('2024-03-1')).toBe(true);
    expect(metrics.inputs.bars_processed.ES['1d']).toBe(160);
  }, 60_000);
});
