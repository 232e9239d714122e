import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RandomForestClassifier, createBundle, matrixFromColumns, parseBundle } from '@rooney/ml';
import { describe, expect, it } from 'vitest';
import { BundleScorer, WalkForwardScorer } from '../src/ml/bundle-scorer.ts';
import { instrumentTables } from '../src/ml/signal-dataset.ts';
import { runRooney } from './support/run-cli.ts';
import { readTable, writeTable } from '../src/table-io.ts';

const SHARED = fileURLToPath(new URL('../../../../shared/', import.meta.url));
const FUTURES = join(SHARED, 'datasets/real/quantiacs-futures-daily');

const rooney = (...args: string[]): Promise<string> => runRooney(args, { quiet: true });

function tinyBundle(features: string[], threshold = 0.5) {
  // Label = 1 exactly when the first feature is positive.
  const n = 200;
  const a = Float64Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1) * (1 + (i % 7)));
  const b = Float64Array.from({ length: n }, (_, i) => (i * 37) % 11);
  const y = Uint8Array.from(a, (v) => (v > 0 ? 1 : 0));
  const model = new RandomForestClassifier({ trees: 5, seed: 1, maxDepth: 3 }).fit(matrixFromColumns([a, b]), y);
  return createBundle({
    model,
    features,
    threshold,
    training: {
      instrument: 'ES',
      label: 'win',
      dataSpan: null,
      rows: { train: n },
      classBalance: { counts: [100, 100], positiveFraction: 0.5 },
      metrics: {},
      seed: 1,
      dataHash: 'sha256:test',
      thresholdMethod: 'fixed',
    },
  });
}

describe('ML veto adapters', () => {
  it('scores by feature name, whatever the snapshot order, and returns NaN for undefined features', () => {
    const scorer = new BundleScorer(tinyBundle(['alpha', 'beta']));
    const names = ['beta', 'gamma', 'alpha'];
    expect(scorer.score(Float64Array.from([3, 0, 5]), names)).toBeGreaterThan(0.8);
    expect(scorer.score(Float64Array.from([3, 0, -5]), names)).toBeLessThan(0.2);
    expect(scorer.score(Float64Array.from([Number.NaN, 0, 5]), names)).toBeNaN();
    expect(() => scorer.score(Float64Array.from([1]), ['beta'])).toThrow(/no feature "alpha"/);
  });

  it('walk-forward scoring uses the model whose window holds the signal, and none outside', () => {
    const yes = { thresholdAt: () => 0.1, score: () => 0.9 };
    const no = { thresholdAt: () => 0.2, score: () => 0.1 };
    const scorer = new WalkForwardScorer([
      { fromTs: 200, toTs: 300, scorer: no },
      { fromTs: 100, toTs: 200, scorer: yes },
    ]);
    expect(scorer.score(new Float64Array(0), [], 150)).toBe(0.9);
    expect(scorer.thresholdAt(250)).toBe(0.2);
    expect(scorer.score(new Float64Array(0), [], 300)).toBeNaN();
    expect(scorer.score(new Float64Array(0), [], 50)).toBeNaN();
  });

  it('drops features that are never defined and rows still warming up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rooney-signals-'));
    const file = join(dir, 's.csv');
    writeTable(file, [
      { name: 'symbol', values: ['ES', 'ES', 'ES', 'NQ'] },
      { name: 'ts', values: [1, 2, 3, 4] },
      { name: 'f_always', values: [1, 2, 3, 4] },
      { name: 'f_warm', values: [Number.NaN, 2, 3, 4] },
      { name: 'f_never', values: [Number.NaN, Number.NaN, Number.NaN, 1] },
      { name: 'exit_ts', values: [5, 6, 7, 8] },
      { name: 'net_pnl', values: [10, -5, 0, 3] },
      { name: 'win', values: [1, 0, 0, 1] },
    ]);
    const tables = instrumentTables(readTable(file));
    const es = tables.get('ES');
    expect(es?.featureNames).toEqual(['f_always', 'f_warm']);
    expect(es?.y).toEqual(Uint8Array.from([0, 0]));
    expect(es?.dropped).toBe(1);
    expect(tables.get('NQ')?.featureNames).toEqual(['f_always', 'f_warm', 'f_never']);
  });
});

describe('extract → train → backtest with the veto', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-ml-'));
  const config = join(dir, 'daily.yml');
  writeFileSync(
    config,
    `strategies:\n  - name: ibs\n    symbols: ["*"]\n    params: { timeframe: day, entry_long_below: 0.25, exit_long_above: 0.7, max_bars_in_trade: 5 }\nml: { enabled: false, models_path: models }\n`,
  );
  const data = ['--data', `ES=${join(FUTURES, 'F_ES.txt')}`, '--data', `NQ=${join(FUTURES, 'F_NQ.txt')}`];

  it('runs on the real daily futures and keeps only models trained before the test part', async () => {
    const signals = join(dir, 'signals.arrow');
    await rooney('extract', '--config', config, ...data, '--start', '2000-01-01', '--out', signals);
    const table = readTable(signals);
    expect(table.rowCount).toBeGreaterThan(500);
    expect(table.columnNames).toContain('daily_ibs');
    expect(table.columnNames).toContain('pair_ibs');
    const out = await rooney('train', '--signals', signals, '--out', join(dir, 'models'), '--trees', '30', '--min-rows', '100');
    expect(out).toMatch(/ES\s+\d+/);
    const best = JSON.parse(readFileSync(join(dir, 'models', 'ES_best.json'), 'utf8'));
    expect(best.split.train).toBeGreaterThan(best.split.test);
    expect(Date.parse(best.split.testStart)).toBeGreaterThan(Date.parse(best.split.validationStart));
    expect(best.test.auc).toBeGreaterThan(0.3);
    const bundle = parseBundle(readFileSync(join(dir, 'models', 'ES_model.json'), 'utf8'));
    // Minute, hourly-only and TLT features are never defined on this daily data without TLT: dropped.
    expect(bundle.features).not.toContain('minute_rsi_14');
    expect(bundle.features).not.toContain('tlt_roc_20');
    expect(existsSync(join(dir, 'models', 'train-report.html'))).toBe(true);
    expect(readFileSync(join(dir, 'models', 'train-report.html'), 'utf8')).toContain('ROC');

    writeFileSync(config, readFileSync(config, 'utf8').replace('enabled: false', 'enabled: true'));
    const json = await rooney('backtest', '--config', config, ...data, '--start', '2000-01-01', '--out', join(dir, 'bt'), '--json');
    const metrics = JSON.parse(json);
    expect(metrics.signals.ibs.vetoed).toBeGreaterThan(0);
    expect(metrics.ml.in_sample_symbols).toEqual(['ES', 'NQ']);
    const trades = readFileSync(join(dir, 'bt', 'trades.csv'), 'utf8').trim().split('\n');
    const header = trades[0].split(',');
    const scoreAt = header.indexOf('ml_score');
    expect(scoreAt).toBeGreaterThan(0);
    const threshold = bundle.threshold;
    const esScores = trades.slice(1).filter((l) => l.startsWith('ES,')).map((l) => Number(l.split(',')[scoreAt]));
    expect(esScores.length).toBeGreaterThan(0);
    // Scores are written with 12 significant digits: compare with that tolerance.
    expect(Math.min(...esScores)).toBeGreaterThanOrEqual(threshold - 1e-9);
  }, 120_000);
});
