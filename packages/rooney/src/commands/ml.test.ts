import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@rooney/core';
import { auc, deployability, matrixFromRows, parseBundle, seenSpanOf } from '@rooney/ml';
import { Command } from 'commander';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { registerMlCommands } from './ml.ts';

const dir = mkdtempSync(join(tmpdir(), 'rooney-ml-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `rooney <args>` and returns what it printed on stdout. */
async function run(...args: string[]): Promise<string> {
  const program = new Command('rooney').exitOverride();
  registerMlCommands(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const errorSpy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
    errorSpy.mockRestore();
  }
  return out;
}

// 400 rows: an id, a time, five features, a label driven by x0.
const rng = new Rng(4);
const rows: number[][] = [];
const labels: number[] = [];
const lines = ['id,time,x0,x1,x2,x3,x4,win'];
for (let r = 0; r < 400; r++) {
  const x = Array.from({ length: 5 }, () => rng.normal());
  const win = x[0] + 0.7 * rng.normal() > 0 ? 1 : 0;
  rows.push(x);
  labels.push(win);
  lines.push([`t${r}`, new Date(Date.UTC(2021, 0, 1) + r * 86_400_000).toISOString(), ...x, win].join(','));
}
const data = join(dir, 'trades.csv');
writeFileSync(data, `${lines.join('\n')}\n`);
const model = join(dir, 'model.json');

describe('rooney ml', () => {
  it('fit writes a bundle with the numeric columns as features', async () => {
    const out = await run('ml', 'fit', '--data', data, '--label', 'win', '--exclude', 'id', '--time', 'time', '--trees', '20', '--seed', '3', '--out', model);
    expect(out).toContain('fitted 20 trees on 400 rows x 5 features (label "win")');
    const bundle = parseBundle(readFileSync(model, 'utf8'));
    expect(bundle.features).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
    expect(bundle.threshold).toBe(0.5);
    expect(bundle.training.label).toBe('win');
    expect(bundle.training.dataSpan?.start).toBe('2021-01-01T00:00:00.000Z');
    expect(bundle.training.metrics.oobAuc).toBeGreaterThan(0.75);
  });

  it('predict prints one probability per row in column p, equal to the library prediction', async () => {
    const out = await run('ml', 'predict', '--model', model, '--data', data, '--keep', 'id');
    const printed = out.trim().split('\n');
    expect(printed[0]).toBe('id,p');
    expect(printed).toHaveLength(401);
    const expected = parseBundle(readFileSync(model, 'utf8')).model.predictProbability(matrixFromRows(rows));
    printed.slice(1).forEach((line, r) => {
      const [id, p] = line.split(',');
      expect(id).toBe(`t${r}`);
      expect(Number(p)).toBe(expected[r]);
    });
  });

  it('evaluate reports AUC, log loss and accuracy at the threshold', async () => {
    const result = JSON.parse(await run('ml', 'evaluate', '--model', model, '--data', data, '--json'));
    const p = parseBundle(readFileSync(model, 'utf8')).model.predictProbability(matrixFromRows(rows));
    expect(result.rows).toBe(400);
    expect(result.auc).toBe(auc(p, labels));
    let correct = 0;
    for (let r = 0; r < 400; r++) correct += (p[r] >= 0.5 ? 1 : 0) === labels[r] ? 1 : 0;
    expect(result.accuracy).toBe(correct / 400);
    expect(result.logLoss).toBeGreaterThan(0);
  });

  it('fails clearly on a missing feature column and on a bad cell', async () => {
    const partial = join(dir, 'partial.csv');
    writeFileSync(partial, 'x0,x1,x2,x3\n1,2,3,4\n');
    await expect(run('ml', 'predict', '--model', model, '--data', partial)).rejects.toThrow(
      'the model needs feature column(s) "x4", absent from the data',
    );
    const single = join(dir, 'single.csv');
    writeFileSync(single, 'a,b,win\n1,2,0\n3,,1\n5,6,0\n');
    // The row missing b is dropped; the two left are both losers: one class, an error, no file.
    await expect(run('ml', 'fit', '--data', single, '--label', 'win', '--out', join(dir, 'm2.json'))).rejects.toThrow(
      `${single}, field "win": every one of the 2 rows has win = 0: one class, nothing to learn`,
    );
    expect(existsSync(join(dir, 'm2.json'))).toBe(false);
    await expect(run('ml', 'fit', '--data', single, '--label', 'win', '--missing', 'zero', '--out', join(dir, 'm2.json'))).rejects.toThrow(
      '--missing must be drop or impute, was "zero"',
    );
    await expect(run('ml', 'fit', '--data', data, '--label', 'win', '--max-features', 'half', '--out', join(dir, 'm3.json'))).rejects.toThrow(
      '--max-features must be sqrt, log2, all, a fraction in (0, 1) or a count, was "half"',
    );
  });

  it('import converts an ml-random-forest model (a hand-written stump) into a bundle', async () => {
    const stump = {
      name: 'RFClassifier',
      baseModel: {
        indexes: [[1, 0]],
        isClassifier: true,
        estimators: [
          {
            root: {
              splitColumn: 1, // the tree's column 1 is the data's column 0 (x0)
              splitValue: 0.5,
              left: { distribution: [[1, 0]] },
              right: { distribution: [[0.25, 0.75]] },
            },
          },
        ],
      },
    };
    const source = join(dir, 'mlrf.json');
    writeFileSync(source, JSON.stringify(stump));
    const imported = join(dir, 'imported.json');
    await run('ml', 'import', '--model', source, '--features', 'x0,x1', '--out', imported);
    const table = join(dir, 'two.csv');
    writeFileSync(table, 'x0,x1\n0.4,9\n0.5,-9\n');
    const out = await run('ml', 'predict', '--model', imported, '--data', table);
    expect(out).toBe('p\n0\n0.75\n');
  });

  it('fits on a signals table with missing values: outcome columns never features, rows dropped or imputed and counted', async () => {
    // A signals table as `rooney extract` writes it: f_late is undefined for the first 100 rows
    // (a pair that starts later), f_never for all; net_pnl would be a perfect leak of win.
    const r2 = new Rng(11);
    const cols: Record<string, (number | string)[]> = { strategy: [], symbol: [], ts: [], f_signal: [], f_late: [], f_never: [], exit_ts: [], net_pnl: [], win: [] };
    for (let r = 0; r < 300; r++) {
      const signal = r2.normal();
      const win = signal + 0.8 * r2.normal() > 0 ? 1 : 0;
      const ts = Date.UTC(2020, 0, 1) + r * 86_400_000;
      cols.strategy.push('ibs');
      cols.symbol.push('ES');
      cols.ts.push(ts);
      cols.f_signal.push(signal);
      cols.f_late.push(r < 100 ? Number.NaN : r2.normal());
      cols.f_never.push(Number.NaN);
      cols.exit_ts.push(ts + 2 * 86_400_000);
      cols.net_pnl.push(win === 1 ? 50 : -50);
      cols.win.push(win);
    }
    // A signal that opened no trade (as in `backtest --features`): no outcome, no label.
    for (const h of Object.keys(cols)) cols[h].push(h === 'strategy' ? 'ibs' : h === 'symbol' ? 'ES' : h === 'ts' ? Date.UTC(2021, 0, 1) : h === 'f_signal' ? 0.1 : Number.NaN);
    const header = Object.keys(cols);
    const text = [header.join(','), ...cols.ts.map((_, r) => header.map((h) => (Number.isNaN(cols[h][r]) ? '' : cols[h][r])).join(','))].join('\n');
    const signals = join(dir, 'signals.csv');
    writeFileSync(signals, `${text}\n`);
    const dropped = join(dir, 'dropped.json');
    const out = await run('ml', 'fit', '--data', signals, '--label', 'win', '--trees', '20', '--out', dropped);
    expect(out).toContain('fitted 20 trees on 200 rows x 2 features');
    expect(out).toContain('left out its bookkeeping and outcome columns (strategy, symbol, exit_ts, net_pnl); time column "ts"');
    expect(out).toContain('left out 1 features without any value: f_never');
    expect(out).toContain('left out 1 rows without a "win" label');
    expect(out).toContain('dropped 100 rows missing a feature value (--missing drop): f_late 100');
    const a = parseBundle(readFileSync(dropped, 'utf8'));
    expect(a.features).toEqual(['f_signal', 'f_late']);
    expect(a.imputation).toBeUndefined();
    // The span runs from the first kept signal (row 100) to the last trade's exit.
    expect(seenSpanOf(a.training)?.start).toBe('2020-04-10T00:00:00.000Z');
    expect(seenSpanOf(a.training)?.endTs).toBe(Date.UTC(2020, 0, 1) + 301 * 86_400_000);
    expect(deployability(a)).toBe('not_assessed');

    const imputed = join(dir, 'imputed.json');
    const out2 = await run('ml', 'fit', '--data', signals, '--label', 'win', '--trees', '20', '--missing', 'impute', '--out', imputed);
    expect(out2).toContain('fitted 20 trees on 300 rows x 2 features');
    expect(out2).toContain('imputed the training median into 100 rows missing a feature value (--missing impute): f_late 100');
    const b = parseBundle(readFileSync(imputed, 'utf8'));
    const late = cols.f_late.filter((v) => !Number.isNaN(v)).map(Number).sort((x, y) => x - y);
    expect(b.imputation?.[1]).toBeCloseTo((late[99] + late[100]) / 2, 12); // median of 200 values
    expect(b.imputation?.[0]).toBeTypeOf('number');

    // predict: the imputing model scores every row; the dropping one leaves rows it cannot score empty.
    const pImputed = (await run('ml', 'predict', '--model', imputed, '--data', signals)).trim().split('\n').slice(1);
    expect(pImputed).toHaveLength(301);
    expect(pImputed.every((v) => v !== '')).toBe(true);
    const pDropped = (await run('ml', 'predict', '--model', dropped, '--data', signals)).split('\n').slice(1, -1);
    expect(pDropped).toHaveLength(301);
    expect(pDropped.slice(0, 100).every((v) => v === '')).toBe(true);
    expect(pDropped.slice(100, 300).every((v) => v !== '')).toBe(true);
    expect(pDropped[300]).toBe('');
    // evaluate leaves those rows out, saying so, and reports the AUC's interval.
    const evaluation = JSON.parse(await run('ml', 'evaluate', '--model', dropped, '--data', signals, '--json', '--bootstrap', '200'));
    expect(evaluation.rows).toBe(200);
    expect(evaluation.skippedRows).toBe(101);
    expect(evaluation.aucLower).toBeLessThan(evaluation.auc);
    expect(evaluation.aucUpper).toBeGreaterThan(evaluation.auc);
    expect(evaluation.beatsChance).toBe(true);
  });

  it('import records the training span it is given, or says it has none', async () => {
    const stump = { name: 'RFClassifier', baseModel: { indexes: [[0]], isClassifier: true, estimators: [{ root: { splitColumn: 0, splitValue: 0, left: { distribution: [[1, 0]] }, right: { distribution: [[0, 1]] } } }] } };
    const source = join(dir, 'stump.json');
    writeFileSync(source, JSON.stringify(stump));
    const out = await run('ml', 'import', '--model', source, '--features', 'x0', '--out', join(dir, 'i1.json'));
    expect(out).toContain('no --trained-from/--trained-to');
    expect(seenSpanOf(parseBundle(readFileSync(join(dir, 'i1.json'), 'utf8')).training)).toBeUndefined();
    await run('ml', 'import', '--model', source, '--features', 'x0', '--trained-from', '2019-01-01', '--trained-to', '2020-06-30', '--out', join(dir, 'i2.json'));
    const seen = seenSpanOf(parseBundle(readFileSync(join(dir, 'i2.json'), 'utf8')).training);
    expect(seen?.start).toBe('2019-01-01T00:00:00.000Z');
    expect(seen?.end).toBe('2020-06-30T23:59:59.999Z');
    await expect(run('ml', 'import', '--model', source, '--features', 'x0', '--trained-from', '2019-01-01', '--out', join(dir, 'i3.json'))).rejects.toThrow(/go together/);
  });
});
