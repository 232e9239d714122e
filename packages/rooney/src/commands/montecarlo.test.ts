import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RooneyError } from '@rooney/core';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerMonteCarloCommand } from './montecarlo.ts';
import { netPnlsByExit, parseTradesCsv } from './trades-csv.ts';

const HEADER =
  'symbol,direction,quantity,entry_time,entry_price,exit_time,exit_price,bars_held,gross_pnl,commission,net_pnl,exit_reason';
const dir = mkdtempSync(join(tmpdir(), 'rooney-mc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tradesFile(pnls: number[]): string {
  const lines = [HEADER];
  pnls.forEach((pnl, k) => {
    const day = String(1 + (k % 28)).padStart(2, '0');
    const month = String(1 + Math.floor(k / 28)).padStart(2, '0');
    lines.push(
      `ES,long,1,2024-${month}-${day}T14:30:00.000Z,4000,2024-${month}-${day}T20:00:00.000Z,4001,5,${pnl + 5},5,${pnl},signal`,
    );
  });
  const path = join(dir, `trades-${pnls.length}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function run(args: string[]): Promise<string> {
  const program = new Command('rooney').exitOverride();
  registerMonteCarloCommand(program);
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['node', 'rooney', 'montecarlo', ...args]);
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

describe('rooney montecarlo', () => {
  const pnls = [250, -125, 500, -375, 62.5, 125, -250, 437.5, -62.5, 300];
  const sum = pnls.reduce((a, b) => a + b, 0);
  const file = tradesFile(pnls);

  it('prints exactly the documented JSON, with the account and the ruin rule', async () => {
    const out = JSON.parse(await run(['--trades', file, '--paths', '500', '--method', 'shuffle', '--starting-equity', '100000', '--json']));
    expect(Object.keys(out)).toEqual([
      'paths',
      'trades',
      'starting_equity',
      'starting_equity_source',
      'ruin_equity',
      'ruin_rule',
      'final_equity',
      'max_drawdown',
      'prob_ruin',
    ]);
    expect(out.starting_equity).toBe(100_000);
    expect(out.starting_equity_source).toBe('--starting-equity');
    expect(out.ruin_equity).toBe(0);
    expect(out.ruin_rule).toMatch(/^a path is ruined when its equity after any trade is at or below 0\.00/);
    expect(Object.keys(out.final_equity)).toEqual(['mean', 'p5', 'p25', 'p50', 'p75', 'p95']);
    expect(out.paths).toBe(500);
    expect(out.trades).toBe(10);
    // A shuffle only reorders: every path ends at start + sum.
    expect(out.final_equity.p5).toBe(100_000 + sum);
    expect(out.final_equity.p95).toBe(100_000 + sum);
    // The smallest possible max drawdown is the largest single loss (375); the largest is all losses in a row (812.5).
    expect(out.max_drawdown.p5).toBeGreaterThanOrEqual(375);
    expect(out.max_drawdown.p95).toBeLessThanOrEqual(812.5);
    expect(out.prob_ruin).toBe(0);
  });

  it('prints a table and writes montecarlo.json and fan.csv with --out', async () => {
    const outDir = join(dir, 'out');
    const text = await run(['--trades', file, '--paths', '200', '--method', 'block', '--block-size', '3', '--seed', '4', '--starting-equity', '100000', '--ruin-equity', '99800', '--out', outDir]);
    expect(text).toMatch(/200 paths x 10 trades, method block \(size 3\), seed 4/);
    expect(text).toMatch(/starting equity 100,000.00 \(from --starting-equity\)/);
    expect(text).toMatch(/final equity/);
    expect(text).toMatch(/probability of ruin: [\d.]+%; a path is ruined when its equity after any trade is at or below 99,800.00/);
    const html = readFileSync(join(outDir, 'report.html'), 'utf8');
    expect(html).toContain('Starting equity');
    expect(html).toContain('at or below 99,800.00');
    const document = JSON.parse(readFileSync(join(outDir, 'montecarlo.json'), 'utf8'));
    expect(document.block_size).toBe(3);
    expect(document.fan.trade_index).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(document.fan.p50[0]).toBe(100_000);
    const fan = readFileSync(join(outDir, 'fan.csv'), 'utf8').trim().split('\n');
    expect(fan[0]).toBe('trade_index,p5,p25,p50,p75,p95');
    expect(fan).toHaveLength(12);
    // Same seed, same numbers.
    const again = JSON.parse(
      await run(['--trades', file, '--paths', '200', '--method', 'block', '--block-size', '3', '--seed', '4', '--starting-equity', '100000', '--ruin-equity', '99800', '--json']),
    );
    expect(again.final_equity.mean).toBe(document.final_equity.mean);
    expect(again.prob_ruin).toBe(document.prob_ruin);
  });

  it('fails with a RooneyError on bad flags and bad files', async () => {
    await expect(run(['--trades', file, '--method', 'bogus'])).rejects.toThrow(/--method must be one of iid, block, shuffle, was "bogus"/);
    await expect(run(['--trades', file, '--paths', '0'])).rejects.toThrow(/--paths must be an integer >= 1/);
    await expect(run(['--trades', file, '--block-size', '3'])).rejects.toThrow(/only applies to --method block/);
    await expect(run(['--trades', file, '--method', 'block', '--block-size', '11', '--starting-equity', '1000'])).rejects.toThrow(/at most the number of trades \(10\)/);
    await expect(run(['--trades', join(dir, 'missing.csv')])).rejects.toBeInstanceOf(RooneyError);
    await expect(run(['--trades', file, '--starting-equity', '-5'])).rejects.toThrow(/--starting-equity must be > 0/);
    await expect(run(['--trades', file, '--starting-equity', '1000', '--ruin-equity', '1000'])).rejects.toThrow(/--ruin-equity must be below the starting equity \(1000, from --starting-equity\)/);
  });

  it("takes the starting equity from the backtest's metrics.json beside the trades, and refuses to guess one", async () => {
    const run500k = join(dir, 'run-500k');
    mkdirSync(run500k);
    const trades = join(run500k, 'trades.csv');
    copyFileSync(file, trades);
    await expect(run(['--trades', trades, '--json'])).rejects.toThrow(
      `${join(run500k, 'metrics.json')}: no starting equity: pass --starting-equity, or keep the backtest's metrics.json beside the trades file`,
    );
    writeFileSync(join(run500k, 'metrics.json'), JSON.stringify({ inputs: { starting_cash: 500_000 }, metrics: { tradeCount: 10 } }));
    const out = JSON.parse(await run(['--trades', trades, '--paths', '300', '--method', 'shuffle', '--json']));
    expect(out.starting_equity).toBe(500_000);
    expect(out.starting_equity_source).toBe('metrics.json inputs.starting_cash');
    expect(out.final_equity.p50).toBe(500_000 + sum);
    // An explicit flag wins over the file.
    expect(JSON.parse(await run(['--trades', trades, '--paths', '50', '--starting-equity', '2000', '--json'])).starting_equity).toBe(2000);
    // A metrics.json of another run (a different trade count) is not trusted.
    writeFileSync(join(run500k, 'metrics.json'), JSON.stringify({ inputs: { starting_cash: 500_000 }, metrics: { tradeCount: 11 } }));
    await expect(run(['--trades', trades, '--json'])).rejects.toThrow(/field "metrics.tradeCount": describes 11 trades but the trades file has 10/);
  });
});

describe('trades CSV reader', () => {
  it('reads quoted fields, optional columns and meta, and orders PnL by exit time', () => {
    const text = [
      `${HEADER},strategy,entry_tag,score`,
      'ES,short,2,2024-01-03T14:30:00Z,4000,2024-01-03T15:00:00Z,3990,3,1000,5,995,"stop, then ""exit""",ibs,entry,0.75',
      'NQ,long,1,2024-01-02T14:30:00Z,15000,2024-01-02T15:00:00Z,15010,3,200,4,196,signal,ibs,entry,',
    ].join('\r\n');
    const trades = parseTradesCsv(text, 't.csv');
    expect(trades[0].exitReason).toBe('stop, then "exit"');
    expect(trades[0].direction).toBe('short');
    expect(trades[0].exitTs).toBe(Date.UTC(2024, 0, 3, 15));
    expect(trades[0].meta).toEqual({ score: 0.75 });
    expect(trades[1].meta).toEqual({});
    expect(trades[1].strategy).toBe('ibs');
    expect(Array.from(netPnlsByExit(trades))).toEqual([196, 995]);
  });

  it('names the file, line and field of a bad value', () => {
    const bad = `${HEADER}\nES,long,1,2024-01-02T14:30:00Z,4000,yesterday,4001,1,5,1,4,signal\n`;
    expect(() => parseTradesCsv(bad, 't.csv')).toThrow('t.csv, line 2, field "exit_time": not an ISO-8601 time: "yesterday"');
    expect(() => parseTradesCsv('symbol,direction\nES,long\n', 't.csv')).toThrow(/missing column "quantity"/);
    const sideways = `${HEADER}\nES,flat,1,2024-01-02T14:30:00Z,4000,2024-01-02T15:30:00Z,4001,1,5,1,4,signal\n`;
    expect(() => parseTradesCsv(sideways, 't.csv')).toThrow(/field "direction": must be long or short/);
  });
});
