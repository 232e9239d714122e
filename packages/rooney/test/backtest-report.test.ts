import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runRooney } from './support/run-cli.ts';

const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const SIX_E = join(SHARED, 'datasets/real/nautilus-6e-1min/6EH4.XCME_1min_bars_20240101_20240131.csv.gz');
const ES_DAILY = join(SHARED, 'datasets/real/quantiacs-futures-daily/F_ES.txt');
const SPY = join(SHARED, 'datasets/real/etf-daily/SPY.csv');
const rooney = (...args: string[]): Promise<string> => runRooney(args, { quiet: true });

/** Cells of the table in the report section whose id starts with `id`. */
function tableRows(html: string, id: string): string[][] {
  const start = html.indexOf(`<section id="${id}`);
  expect(start, `section ${id}`).toBeGreaterThan(0);
  const section = html.slice(start, html.indexOf('</section>', start));
  const body = section.slice(section.indexOf('<tbody>'), section.indexOf('</tbody>'));
  return Array.from(body.matchAll(/<tr>(.*?)<\/tr>/g), (row) => Array.from(row[1].matchAll(/<t[dh][^>]*>([^<]*)<\/t[dh]>/g), (cell) => cell[1]));
}

describe('backtest report.html', { timeout: 120_000 }, () => {
  it('prints 6E trades at the tick precision and lists what reproduces the run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rooney-report-'));
    const config = join(dir, 'six-e.yml');
    writeFileSync(
      config,
      [
        'slippage_ticks: 1',
        'contracts:',
        '  6E: { commission: 2.5, strategy_overrides: { ibs: { entry_long_below: 0.15 } } }',
        'strategies:',
        '  - name: ibs',
        '    symbols: ["*"]',
        '    params: { timeframe: hour, entry_long_below: 0.2, exit_long_above: 0.7 }',
        '',
      ].join('\n'),
    );
    await rooney('backtest', '--config', config, '--data', `6E=${SIX_E}`, '--out', join(dir, 'out'));
    const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
    const csv = readFileSync(join(dir, 'out', 'trades.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    const rows = tableRows(html, 'section-trades');
    expect(rows.length).toBe(csv.length);
    expect(rows.length).toBeGreaterThan(20);
    rows.forEach((cells, k) => {
      // entry and exit prices: five decimals (tick 0.00005), the same prices as trades.csv.
      expect(cells[5]).toMatch(/^1\.\d{5}$/);
      expect(cells[7]).toMatch(/^1\.\d{5}$/);
      expect(Math.abs(Number(cells[5]) - Number(csv[k][4]))).toBeLessThan(1e-9);
      expect(Math.abs(Number(cells[7]) - Number(csv[k][6]))).toBeLessThan(1e-9);
    });
    // The data file with the SHA-256 of its bytes, computed independently here.
    const sha = createHash('sha256').update(readFileSync(SIX_E)).digest('hex');
    const files = tableRows(html, 'section-data-files');
    expect(files).toHaveLength(1);
    expect(files[0][0]).toBe('6E');
    expect(files[0][1].endsWith('6EH4.XCME_1min_bars_20240101_20240131.csv.gz')).toBe(true);
    expect(files[0][3]).toBe(sha);
    // Parameters as resolved (defaults filled in), and the symbol's override.
    const parameters = tableRows(html, 'section-strategy-parameters');
    expect(parameters).toContainEqual(['ibs', 'entryLongBelow', '0.2']);
    expect(parameters).toContainEqual(['ibs', 'exitLongAbove', '0.7']);
    expect(parameters).toContainEqual(['ibs', 'allowShort', 'false']);
    expect(parameters).toContainEqual(['ibs, 6E', 'entryLongBelow', '0.15']);
    // Costs: the config's commission; one tick of slippage on 6E is 0.00005 × 125,000 = $6.25.
    const costs = tableRows(html, 'section-costs-and-contracts');
    expect(costs[0].slice(0, 7)).toEqual(['6E', 'Euro FX', '125,000', '0.00005', '$6.25', '$2.50', '$6.25']);
    const inputs = tableRows(html, 'section-inputs');
    const setting = (name: string): string | undefined => inputs.find((row) => row[0] === name)?.[1];
    expect(setting('starting cash')).toBe('$250,000.00');
    expect(setting('slippage (ticks per market/stop fill)')).toBe('1');
    expect(setting('session')).toBe('starts 17:00 America/Chicago'); // CME Globex, the default session
    expect(setting('seed')).toBe('none (nothing random)');
    expect(setting('version: rooney')).toBe('0.1.0');
    expect(setting('version: node')).toBe(process.version);
    expect(setting('benchmark')).toBe('buy-and-hold 6E');
    expect(setting('config hash')).toBe(JSON.parse(readFileSync(join(dir, 'out', 'metrics.json'), 'utf8')).inputs.config_hash);
  });

  it('takes report.benchmark from the config: a bar file, none, or an error naming the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rooney-report-'));
    const strategy = 'strategies:\n  - name: ibs\n    symbols: ["*"]\n    params: { timeframe: day, entry_long_below: 0.2, exit_long_above: 0.7 }\n';
    const write = (name: string, benchmark: string): string => {
      const file = join(dir, name);
      writeFileSync(file, `${strategy}report: { benchmark: ${JSON.stringify(benchmark)} }\n`);
      return file;
    };
    const run = (config: string, out: string): Promise<string> =>
      rooney('backtest', '--config', config, '--data', `ES=${ES_DAILY}`, '--start', '2010-01-01', '--end', '2012-12-31', '--out', join(dir, out));
    await run(write('spy.yml', SPY), 'spy');
    const spy = readFileSync(join(dir, 'spy', 'report.html'), 'utf8');
    expect(spy).toContain('<section id="section-benchmark-spy-spy-csv"');
    const comparison = tableRows(spy, 'section-benchmark-spy');
    // IBS on ES is long-only and in the market part of the time: a positive but partial beta to SPY.
    const beta = Number(comparison.find((row) => row[0] === 'beta')?.[1]);
    expect(beta).toBeGreaterThan(0);
    expect(beta).toBeLessThan(1);
    await run(write('none.yml', 'none'), 'none');
    const none = readFileSync(join(dir, 'none', 'report.html'), 'utf8');
    expect(none).not.toContain('section-benchmark');
    expect(none).not.toContain('>Beta<');
    await expect(run(write('bad.yml', 'XYZ'), 'bad')).rejects.toThrow(/report\.benchmark: "XYZ" is not buy_and_hold, none, a loaded symbol \(ES\) or an existing file/);
  });
});
