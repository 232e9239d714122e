import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readArrowBars } from '@rooney/data';
import { describe, expect, it } from 'vitest';
import { runRooney } from './support/run-cli.ts';

const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const BT_DAILY = join(SHARED, 'datasets/backtrader/2006-day-001.txt');

const rooney = (...args: string[]): Promise<string> => runRooney(args);

describe('rooney indicators', () => {
  it('lists 50+ indicators with parameters and lines as JSON', async () => {
    const list = JSON.parse(await rooney('indicators', '--list', '--json')) as {
      name: string;
      parameters: { name: string; default: unknown }[];
      lines: string[];
    }[];
    expect(list.length).toBeGreaterThanOrEqual(50);
    const rsi = list.find((d) => d.name === 'rsi');
    expect(rsi?.parameters.map((p) => [p.name, p.default])).toEqual([['period', 14]]);
    expect(list.find((d) => d.name === 'bbands')?.lines).toEqual(['mid', 'top', 'bot', 'pctb', 'bandwidth']);
    for (const d of list) expect(d.lines.length).toBeGreaterThan(0);
  });

  it('computes specs over a file as CSV and as JSON keyed by the spec as given', async () => {
    const csv = (await rooney('indicators', '--data', BT_DAILY, '--ind', 'rsi(period=14)', '--ind', 'bbands(period=20,devfactor=2)')).trim().split('\n');
    expect(csv[0]).toBe('ts,rsi(period=14),"bbands(period=20,devfactor=2).mid","bbands(period=20,devfactor=2).top","bbands(period=20,devfactor=2).bot","bbands(period=20,devfactor=2).pctb","bbands(period=20,devfactor=2).bandwidth"');
    expect(csv).toHaveLength(256);
    const json = JSON.parse(await rooney('indicators', '--data', BT_DAILY, '--ind', 'sma(period=3)', '--format', 'json'));
    const sma = json['sma(period=3)'].sma as (number | null)[];
    expect(sma[0]).toBeNull();
    expect(sma[1]).toBeNull();
    // Independent check: the mean of the first three closes of the file.
    const closes = readFileSync(BT_DAILY, 'utf8').trim().split('\n').slice(1, 4).map((l) => Number(l.split(',')[4]));
    expect(sma[2]).toBeCloseTo((closes[0] + closes[1] + closes[2]) / 3, 9);
    await expect(rooney('indicators', '--data', BT_DAILY, '--ind', 'rsi(period=0)')).rejects.toThrow(/"period" must be >= 1, was 0/);
    await expect(rooney('indicators', '--data', BT_DAILY, '--ind', 'rsi(lenght=3)')).rejects.toThrow(/rsi has no parameter "lenght"/);
  });
});

describe('rooney data', () => {
  it('writes the synthetic dataset, imports a CSV to Arrow and inspects files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rooney-data-'));
    await rooney('data', 'synth', '--out', join(dir, 'synth'), '--days', '3', '--symbols', 'ES,TLT');
    const es = readArrowBars(join(dir, 'synth', 'ES.arrow'));
    expect(es.barMs).toBe(60_000);
    expect(es.length).toBeGreaterThan(1000);
    expect(readArrowBars(join(dir, 'synth', 'TLT.arrow')).barMs).toBe(86_400_000);
    await rooney('data', 'import', BT_DAILY, '--out', join(dir, 'bt.arrow'));
    const imported = readArrowBars(join(dir, 'bt.arrow'));
    expect(imported.length).toBe(255);
    expect(existsSync(join(dir, 'bt.arrow'))).toBe(true);
    const report = JSON.parse(await rooney('data', 'inspect', join(dir, 'bt.arrow'), '--json'));
    expect(report).toMatchObject({ rows: 255, barMs: 86_400_000, duplicates: 0 });
    expect(report.first.startsWith('2006-01-02')).toBe(true);
  });
});
