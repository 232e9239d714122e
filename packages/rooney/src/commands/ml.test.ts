import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@rooney/core';
import { auc, matrixFromRows, parseBundle } from '@rooney/ml';
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
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, 'a,b,win\n1,2,0\n3,,1\n5,6,0\n');
    await expect(run('ml', 'fit', '--data', broken, '--label', 'win', '--out', join(dir, 'm2.json'))).rejects.toThrow(
      `${broken}, line 3, field "b": row 2 has no finite value (NaN)`,
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
});
