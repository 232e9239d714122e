import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@rooney/core';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { parseReturnsCsv, registerOptimizeCommand } from './optimize.ts';

const dir = mkdtempSync(join(tmpdir(), 'rooney-opt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<string> {
  const program = new Command('rooney').exitOverride();
  registerOptimizeCommand(program);
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(['node', 'rooney', 'optimize', ...args]);
  } finally {
    spy.mockRestore();
  }
  return chunks.join('');
}

// Two independent assets with a positive mean and one zero-mean noise asset, 1,500 business-like days.
const rng = new Rng(12);
const lines = ['date,A,B,NOISE'];
for (let t = 0; t < 1500; t++) {
  const date = new Date(Date.UTC(2015, 0, 1) + t * 86_400_000).toISOString().slice(0, 10);
  const a = 0.002 + 0.01 * rng.normal();
  const b = 0.002 + 0.01 * rng.normal();
  const noise = 0.01 * rng.normal();
  lines.push(`${date},${a},${b},${noise}`);
}
const file = join(dir, 'returns.csv');
writeFileSync(file, `${lines.join('\n')}\n`);

describe('rooney optimize', () => {
  it('prints weights and the hold-out comparison as JSON', async () => {
    const out = JSON.parse(await run(['--returns', file, '--json']));
    expect(out.method).toBe('greedy');
    expect(out.weights).toEqual({ A: 0.5, B: 0.5, NOISE: 0 });
    expect(out.in_sample_days).toBe(1050);
    expect(out.out_of_sample_days).toBe(450);
    expect(out.hold_out_start).toBe(new Date(Date.UTC(2015, 0, 1) + 1050 * 86_400_000).toISOString().slice(0, 10));
    expect(Object.keys(out.out_of_sample.optimized)).toEqual(['days', 'sharpe', 'annual_return', 'total_return', 'max_drawdown']);
  });

  it('runs mean-variance with a weight cap and prints a table', async () => {
    const text = await run(['--returns', file, '--method', 'mean_variance', '--max-weight', '0.45', '--hold-out', '0.2']);
    expect(text).toMatch(/Portfolio optimisation \(mean_variance\): 1200 in-sample days, 300 held out/);
    expect(text).toMatch(/Ledoit-Wolf shrinkage/);
    expect(text).toMatch(/hold-out, equal weight/);
    const weights = [...text.matchAll(/^(A|B|NOISE)\s+([\d.]+)$/gm)].map((m) => Number(m[2]));
    expect(weights).toHaveLength(3);
    for (const w of weights) expect(w).toBeLessThanOrEqual(0.45);
    expect(weights.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 3);
  });

  it('turns weights into whole contracts within the capital and the given margins', async () => {
    const out = JSON.parse(await run(['--returns', file, '--capital', '50000', '--margins', 'A=10000,B=10000,NOISE=10000', '--json']));
    const contracts = out.integer_contracts.contracts as Record<string, number>;
    // Greedy picks A and B at 0.5 each: 50,000 of capital at 10,000 a contract buys 5 contracts, split evenly-ish.
    expect(contracts.NOISE).toBe(0);
    expect(contracts.A + contracts.B).toBeLessThanOrEqual(5);
    expect(contracts.A + contracts.B).toBeGreaterThanOrEqual(4);
    expect(out.integer_contracts.margin_used).toBeLessThanOrEqual(50_000);
    expect(out.integer_contracts.margin_used).toBe(10_000 * (contracts.A + contracts.B));
    await expect(run(['--returns', file, '--capital', '50000'])).rejects.toThrow(/no margin known for column "A": pass --margins A=<amount>/);
  });

  it('fails with clear messages', async () => {
    await expect(run(['--returns', file, '--method', 'kelly'])).rejects.toThrow(/--method must be one of greedy, mean_variance, was "kelly"/);
    await expect(run(['--returns', file, '--hold-out', '1'])).rejects.toThrow(/--hold-out must be in \[0, 1\), was 1/);
    await expect(run(['--returns', file, '--method', 'mean_variance', '--max-weight', '0.3'])).rejects.toThrow(
      /cannot reach --gross-exposure 1/,
    );
  });
});

describe('returns CSV reader', () => {
  it('reads dates in three forms and empty cells as 0', () => {
    const table = parseReturnsCsv('ES,date,NQ\n0.01,2024-01-02,\n-0.02,20240103,0.5\n0,2024-01-04T00:00:00Z,1\n');
    expect(table.names).toEqual(['ES', 'NQ']);
    expect(Array.from(table.ts)).toEqual([Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 3), Date.UTC(2024, 0, 4)]);
    expect(Array.from(table.columns[1])).toEqual([0, 0.5, 1]);
  });

  it('rejects unordered dates and bad numbers with the line', () => {
    expect(() => parseReturnsCsv('date,A\n2024-01-03,1\n2024-01-02,1\n', 'r.csv')).toThrow(/r.csv, line 3, field "date": dates must increase/);
    expect(() => parseReturnsCsv('date,A\n2024-01-03,abc\n', 'r.csv')).toThrow(/line 2, field "A": not a number: "abc"/);
    expect(() => parseReturnsCsv('day,A\n', 'r.csv')).toThrow(/missing column "date"/);
  });
});
