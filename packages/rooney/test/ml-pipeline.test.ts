import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomForestClassifier, createBundle, matrixFromColumns, parseBundle, saveBundle } from '@rooney/ml';
import { describe, expect, it } from 'vitest';
import { BundleScorer, ShadowScorer, WalkForwardScorer } from '../src/ml/bundle-scorer.ts';
import { instrumentTables } from '../src/ml/signal-dataset.ts';
import { runRooney } from './support/run-cli.ts';
import { sharedDir } from './support/shared-dir.ts';
import { readTable, writeTable } from '../src/table-io.ts';

const FUTURES = join(sharedDir(), 'datasets/real/quantiacs-futures-daily');

const rooney = (...args: string[]): Promise<string> => runRooney(args, { quiet: true });

function tinyBundle(features: string[], threshold = 0.5, imputation?: number[]) {
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
    ...(imputation !== undefined ? { imputation } : {}),
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

  it('counts kept, below-threshold and unscorable signals, per missing feature, from the trade start on', () => {
    const scorer = new BundleScorer(tinyBundle(['alpha', 'beta']));
    scorer.countFrom(100);
    const names = ['alpha', 'beta'];
    scorer.score(Float64Array.from([5, Number.NaN]), names, 50); // warm-up: not counted
    scorer.score(Float64Array.from([5, 1]), names, 100);
    scorer.score(Float64Array.from([-5, 1]), names, 101);
    scorer.score(Float64Array.from([Number.NaN, Number.NaN]), names, 102);
    scorer.score(Float64Array.from([3, Number.NaN]), names, 103);
    expect(scorer.tally()).toEqual({
      signals: 4,
      kept: 1,
      belowThreshold: 1,
      undefinedFeatures: 2,
      noModel: 0,
      imputed: 0,
      undefinedByFeature: { alpha: 1, beta: 2 },
    });
  });

  it("fills a missing feature with the bundle's imputation value, exactly as if it had that value", () => {
    const plain = new BundleScorer(tinyBundle(['alpha', 'beta']));
    const imputing = new BundleScorer(tinyBundle(['alpha', 'beta'], 0.5, [Number.NaN, 4]));
    expect(imputing.score(Float64Array.from([3, Number.NaN]), ['alpha', 'beta'])).toBe(plain.score(Float64Array.from([3, 4]), ['alpha', 'beta']));
    expect(imputing.score(Float64Array.from([Number.NaN, 1]), ['alpha', 'beta'])).toBeNaN(); // no value for alpha
    expect(imputing.tally()).toMatchObject({ signals: 2, imputed: 1, undefinedFeatures: 1 });
  });

  it('a shadow scorer never vetoes but counts what the model would have done', () => {
    const inner = new BundleScorer(tinyBundle(['alpha', 'beta']));
    const shadow = new ShadowScorer(inner);
    expect(shadow.score(Float64Array.from([-5, 1]), ['alpha', 'beta'], 1)).toBeGreaterThanOrEqual(shadow.thresholdAt());
    expect(shadow.score(Float64Array.from([Number.NaN, 1]), ['alpha', 'beta'], 2)).toBeGreaterThanOrEqual(shadow.thresholdAt());
    expect(shadow.tally()).toMatchObject({ signals: 2, belowThreshold: 1, undefinedFeatures: 1 });
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
    expect(es?.missing).toEqual({
      rows: 3,
      dropped: 1,
      leftOut: ['f_never'],
      byFeature: [{ feature: 'f_warm', undefinedRows: 1, firstDefined: '1970-01-01T00:00:00.002Z', lastUndefined: '1970-01-01T00:00:00.001Z' }],
      droppedSpans: [{ from: '1970-01-01T00:00:00.001Z', to: '1970-01-01T00:00:00.001Z', rows: 1 }],
    });
    expect(tables.get('NQ')?.featureNames).toEqual(['f_always', 'f_warm', 'f_never']);
  });

  it('reports the stretches of time lost, e.g. to a pair that starts later', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rooney-signals-'));
    const file = join(dir, 's.csv');
    const n = 10;
    const ts = Array.from({ length: n }, (_, i) => Date.UTC(2001, 0, 1 + i));
    // pair_ibs starts at row 4; rsi warms up again after a gap at rows 7-8.
    writeTable(file, [
      { name: 'symbol', values: ts.map(() => 'ES') },
      { name: 'ts', values: ts },
      { name: 'pair_ibs', values: ts.map((_, i) => (i < 4 ? Number.NaN : 0.5)) },
      { name: 'rsi', values: ts.map((_, i) => (i === 7 || i === 8 ? Number.NaN : 50)) },
      { name: 'exit_ts', values: ts.map((t) => t + 3_600_000) },
      { name: 'net_pnl', values: ts.map((_, i) => (i % 2 === 0 ? 10 : -10)) },
      { name: 'win', values: ts.map((_, i) => (i % 2 === 0 ? 1 : 0)) },
    ]);
    const missing = instrumentTables(readTable(file)).get('ES')?.missing;
    expect(missing?.dropped).toBe(6);
    expect(missing?.byFeature.map((f) => [f.feature, f.undefinedRows, f.firstDefined?.slice(0, 10)])).toEqual([
      ['pair_ibs', 4, '2001-01-05'],
      ['rsi', 2, '2001-01-01'],
    ]);
    expect(missing?.droppedSpans).toEqual([
      { from: '2001-01-01T00:00:00.000Z', to: '2001-01-04T00:00:00.000Z', rows: 4 },
      { from: '2001-01-08T00:00:00.000Z', to: '2001-01-09T00:00:00.000Z', rows: 2 },
    ]);
  });

  it('an empty signals table, or one without outcomes, is a one-line error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rooney-signals-'));
    const file = join(dir, 'empty.csv');
    writeFileSync(file, 'symbol,ts,f1,exit_ts,net_pnl,win\n');
    expect(() => instrumentTables(readTable(file))).toThrow(`${file}: the signals table is empty: the strategy traded no signal on this data, so there is nothing to learn`);
    writeFileSync(file, 'symbol,ts,f1,exit_ts,net_pnl,win\nES,1,0.5,,,\n');
    expect(() => instrumentTables(readTable(file))).toThrow(/none of the 1 signals opened a trade/);
  });
});

/** A signals table of one symbol, a trade a day: `label(i)` gives row i's outcome. */
function signalsFile(dir: string, name: string, rows: number, label: (i: number) => number, symbol = 'ES'): string {
  const ts = Array.from({ length: rows }, (_, i) => Date.UTC(2020, 0, 1) + i * 86_400_000);
  const file = join(dir, name);
  writeTable(file, [
    { name: 'symbol', values: ts.map(() => symbol) },
    { name: 'ts', values: ts },
    { name: 'f1', values: ts.map((_, i) => Math.sin(i)) },
    { name: 'f2', values: ts.map((_, i) => (i * 7) % 13) },
    { name: 'exit_ts', values: ts.map((t) => t + 3_600_000) },
    { name: 'net_pnl', values: ts.map((_, i) => (label(i) === 1 ? 25 : -25)) },
    { name: 'win', values: ts.map((_, i) => label(i)) },
  ]);
  return file;
}

describe('train refuses degenerate inputs with one line, before anything is written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-degenerate-'));
  const train = (file: string, out: string, ...flags: string[]) => rooney('train', '--signals', file, '--out', join(dir, out), '--trees', '5', ...flags);

  it('single-class labels', async () => {
    const file = signalsFile(dir, 'losers.csv', 150, () => 0);
    await expect(train(file, 'm1')).rejects.toThrow(
      'ES: the table holds 150 rows (2020-01-01 → 2020-05-29), all with label 0 (no winner): nothing can be learned; check the label: is every trade a loser (or a winner) after costs?',
    );
    expect(existsSync(join(dir, 'm1'))).toBe(false);
  });

  it('a single-class validation part (it would keep 0 trades silently)', async () => {
    // Rows 90..119 are the validation part of 150.
    const file = signalsFile(dir, 'flat-validation.csv', 150, (i) => (i >= 90 && i < 120 ? 0 : i % 2));
    await expect(train(file, 'm2')).rejects.toThrow(
      /^ES: the validation part holds 30 rows \(2020-03-31 → 2020-04-29\), all with label 0 \(no winner\): the threshold cannot be chosen; give more data or raise --min-rows \(100\)/,
    );
    expect(existsSync(join(dir, 'm2'))).toBe(false);
  });

  it('too few rows per part, naming the CLI flag', async () => {
    const file = signalsFile(dir, 'small.csv', 150, (i) => i % 2);
    const error = await train(file, 'm3', '--min-kept', '40').catch((e: Error) => e);
    expect(String(error)).toMatch(/ES: the validation part keeps 30 rows \(.*\), fewer than 40 \(--min-kept 40: the threshold must keep that many validation trades\); lower --min-kept/);
    expect(String(error)).not.toMatch(/minKeptTrades/);
    await expect(train(file, 'm3', '--purge-hours', '600', '--min-kept', '5')).rejects.toThrow(/ES: the validation part keeps \d rows .*fewer than 10 \(every part needs 10 rows\); lower --purge-hours \(600\)/);
    await expect(train(file, 'm3', '--min-rows', '200')).rejects.toThrow(/no instrument has --min-rows 200 usable traded signals \(ES 150\): nothing to train/);
    expect(existsSync(join(dir, 'm3'))).toBe(false);
  });

  it('an empty signals table', async () => {
    const file = join(dir, 'empty.arrow');
    writeTable(file, [
      { name: 'symbol', values: [] as string[] },
      { name: 'ts', values: [] },
      { name: 'f1', values: [] },
      { name: 'exit_ts', values: [] },
      { name: 'net_pnl', values: [] },
      { name: 'win', values: [] },
    ]);
    await expect(train(file, 'm4')).rejects.toThrow(/the signals table is empty/);
    expect(existsSync(join(dir, 'm4'))).toBe(false);
  });

  it('a usable table trains, with intervals and a verdict in the outputs', async () => {
    const file = signalsFile(dir, 'fine.csv', 300, (i) => (Math.sin(i) > 0 ? 1 : 0));
    const out = await train(file, 'm5', '--bootstrap', '300');
    expect(out).toMatch(/ES\s+300\s+0\s+[\d.]+\s+1\.00 \[1\.00, 1\.00\]/);
    expect(out).toContain(
      "deployable: 1 of 1 models (ES); rule: lower bound of the 95% bootstrap interval of the test AUC > 0.5, and the veto's kept − all net PnL interval not entirely below 0. The AUC part is a one-sided test at 2.5%",
    );
    const best = JSON.parse(readFileSync(join(dir, 'm5', 'ES_best.json'), 'utf8'));
    expect(best.deployable).toBe(true);
    expect(best.testAucInterval).toMatchObject({ estimate: 1, lower: 1, upper: 1, confidence: 0.95, resamples: 300 });
    expect(best.training.seenSpan.endTs).toBeLessThan(Date.parse(best.split.testStart));
  });
});

describe('extract → train → backtest with the veto, on the real daily futures', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-ml-'));
  const config = join(dir, 'daily.yml');
  const writeConfig = (ml: string): void =>
    writeFileSync(
      config,
      `strategies:\n  - name: ibs\n    symbols: ["*"]\n    params: { timeframe: day, entry_long_below: 0.25, exit_long_above: 0.7, max_bars_in_trade: 5 }\nml: { ${ml} }\n`,
    );
  const data = ['--data', `ES=${join(FUTURES, 'F_ES.txt')}`, '--data', `NQ=${join(FUTURES, 'F_NQ.txt')}`];
  const signals = join(dir, 'signals.arrow');
  const models = join(dir, 'models');
  const backtest = async (out: string, ...flags: string[]) => JSON.parse(await rooney('backtest', '--config', config, ...data, '--out', join(dir, out), '--json', ...flags));

  it('extracts and trains: test AUC with its interval, the verdict, and only models trained before the test part', async () => {
    writeConfig('enabled: false');
    const extracted = await rooney('extract', '--config', config, ...data, '--start', '2000-01-01', '--out', signals);
    expect(extracted).toContain('orders refused: none');
    const table = readTable(signals);
    expect(table.rowCount).toBeGreaterThan(500);
    expect(table.columnNames).toContain('daily_ibs');
    expect(table.columnNames).toContain('pair_ibs');
    const out = await rooney('train', '--signals', signals, '--out', models, '--trees', '30', '--min-rows', '100');
    expect(out).toMatch(/ES\s+\d+/);
    expect(out).toMatch(/ES, NQ: left out 4 features never defined on this data: minute_rsi_14, minute_volume_z, tlt_roc_20, tlt_ma_slope/);
    const best = JSON.parse(readFileSync(join(models, 'ES_best.json'), 'utf8'));
    expect(best.split.train).toBeGreaterThan(best.split.test);
    expect(Date.parse(best.split.testStart)).toBeGreaterThan(Date.parse(best.split.validationStart));
    expect(best.testAucInterval.lower).toBeLessThan(best.test.auc);
    expect(best.testAucInterval.upper).toBeGreaterThan(best.test.auc);
    expect(best.deployable).toBe(best.testAucInterval.lower > 0.5);
    // What the model saw ends with validation, before the test part.
    expect(best.training.seenSpan.endTs).toBeLessThan(Date.parse(best.split.testStart));
    expect(best.training.seenSpan.endTs).toBeGreaterThan(Date.parse(best.split.validationStart));
    const bundle = parseBundle(readFileSync(join(models, 'ES_model.json'), 'utf8'));
    expect(bundle.features).not.toContain('minute_rsi_14');
    expect(bundle.features).not.toContain('tlt_roc_20');
    expect(readFileSync(join(models, 'train-report.html'), 'utf8')).toContain('ROC');
    const summary = JSON.parse(readFileSync(join(models, 'train-summary.json'), 'utf8'));
    expect(summary.instruments.ES.missing.left_out_features).toEqual(['minute_rsi_14', 'minute_volume_z', 'tlt_roc_20', 'tlt_ma_slope']);
  }, 60_000);

  it('refuses models the gate wrote as not deployable unless the config forces them', async () => {
    const bundles = ['ES', 'NQ'].map((s) => parseBundle(readFileSync(join(models, `${s}_model.json`), 'utf8')));
    // Deterministic: on these dailies neither model beats chance on its test part.
    expect(bundles.map((b) => b.training.quality?.deployable)).toEqual([false, false]);
    writeConfig('enabled: true, models_path: models');
    await expect(backtest('refused', '--start', '2000-01-01')).rejects.toThrow(
      /ES_model\.json: the quality gate wrote the ES model as not deployable \(test AUC 0\.\d+, 95% interval \[.*\] on \d+ test trades: the lower bound is not above 0\.5, so the model does not beat chance\); retrain it, or set ml\.allow_undeployable: true/,
    );
    expect(existsSync(join(dir, 'refused'))).toBe(false);
  }, 60_000);

  it('flags in-sample results in metrics.json, the console and report.html, counting the validation span as seen', async () => {
    writeConfig('enabled: true, models_path: models, allow_undeployable: true');
    const metrics = await backtest('bt', '--start', '2000-01-01');
    expect(metrics.signals.ibs.vetoed).toBeGreaterThan(0);
    expect(metrics.ml.sample).toBe('in-sample');
    expect(metrics.ml.in_sample_symbols).toEqual(['ES', 'NQ']);
    expect(metrics.ml.undeployable_symbols).toEqual(['ES', 'NQ']);
    expect(metrics.ml.warnings[0]).toMatch(/^IN-SAMPLE RESULTS: the ML models of ES, NQ were trained or had their threshold chosen on data/);
    expect(metrics.ml.veto.signals).toBe(metrics.ml.veto.kept + metrics.ml.veto.below_threshold + metrics.ml.veto.undefined_features + metrics.ml.veto.no_model);
    const report = readFileSync(join(dir, 'bt', 'report.html'), 'utf8');
    expect(report).toContain('<div class="warning-banner" role="alert">IN-SAMPLE RESULTS: the ML models of ES, NQ');
    expect(report).toContain('<div class="warning-banner" role="alert">NOT DEPLOYABLE MODELS: the ML models of ES, NQ');
    const console = await rooney('backtest', '--config', config, ...data, '--out', join(dir, 'bt-text'), '--start', '2000-01-01');
    expect(console.split('\n')[0]).toMatch(/^!! IN-SAMPLE RESULTS: /);
    const trades = readFileSync(join(dir, 'bt', 'trades.csv'), 'utf8').trim().split('\n');
    const header = trades[0].split(',');
    const scoreAt = header.indexOf('ml_score');
    expect(scoreAt).toBeGreaterThan(0);
    const threshold = parseBundle(readFileSync(join(models, 'ES_model.json'), 'utf8')).threshold;
    const esScores = trades.slice(1).filter((l) => l.startsWith('ES,')).map((l) => Number(l.split(',')[scoreAt]));
    expect(esScores.length).toBeGreaterThan(0);
    // Scores are written with 12 significant digits: compare with that tolerance.
    expect(Math.min(...esScores)).toBeGreaterThanOrEqual(threshold - 1e-9);
  }, 60_000);

  it('a window that starts only after validation ended is out of sample: the in-sample banner goes', async () => {
    const seenEnd = Math.max(
      ...['ES', 'NQ'].map((s) => parseBundle(readFileSync(join(models, `${s}_model.json`), 'utf8')).training.seenSpan?.endTs ?? Number.NaN),
    );
    const start = new Date(seenEnd + 2 * 86_400_000).toISOString().slice(0, 10);
    const metrics = await backtest('oos', '--start', start);
    expect(metrics.ml.in_sample_symbols).toEqual([]);
    expect(metrics.ml.models.every((m: { status: string }) => m.status === 'out_of_sample')).toBe(true);
    expect(metrics.ml.warnings).toHaveLength(1); // only the forced not-deployable models
    expect(readFileSync(join(dir, 'oos', 'report.html'), 'utf8')).not.toContain('IN-SAMPLE');
  }, 60_000);

  it('a window after the training rows but inside validation is in sample: the threshold saw it', async () => {
    const spans = ['ES', 'NQ'].map((s) => parseBundle(readFileSync(join(models, `${s}_model.json`), 'utf8')).training);
    const trainEnd = Math.max(...spans.map((t) => t.dataSpan?.endTs ?? Number.NaN));
    const seenEnd = Math.min(...spans.map((t) => t.seenSpan?.endTs ?? Number.NaN));
    const day = (ts: number): string => new Date(ts).toISOString().slice(0, 10);
    const metrics = await backtest('validation', '--start', day(trainEnd + 2 * 86_400_000), '--end', day(seenEnd - 2 * 86_400_000));
    expect(metrics.ml.in_sample_symbols).toEqual(['ES', 'NQ']);
  }, 60_000);

  it('a window before the models\' data is named for what it is: models trained after the window', async () => {
    const metrics = await backtest('before', '--start', '1998-01-01', '--end', '1999-12-31');
    expect(metrics.ml.sample).toBe('trained-after-window');
    expect(metrics.ml.trained_after_symbols).toEqual(['ES', 'NQ']);
    expect(metrics.ml.in_sample_symbols).toEqual([]);
    expect(metrics.ml.warnings[0]).toMatch(/^MODELS TRAINED AFTER THIS WINDOW: the ML models of ES, NQ learned from later data \(2000-\d\d-\d\d → 2017-/);
  }, 60_000);

  it('bundles from `ml fit` carry their span and get the same check; a bundle without one is flagged unknown', async () => {
    const fitted = join(dir, 'fitted');
    mkdirSync(fitted);
    const out = await rooney('ml', 'fit', '--data', signals, '--label', 'win', '--trees', '10', '--out', join(fitted, 'ES_model.json'));
    expect(out).toMatch(/left out its bookkeeping and outcome columns \(strategy, symbol, time, direction, blocked_by, vetoed, ml_score, exit_ts, net_pnl\)/);
    expect(out).toMatch(/dropped \d+ rows missing a feature value \(--missing drop\)/);
    copyFileSync(join(fitted, 'ES_model.json'), join(fitted, 'NQ_model.json'));
    writeConfig('enabled: true, models_path: fitted');
    const metrics = await backtest('fit-bt', '--start', '2000-01-01');
    expect(metrics.ml.in_sample_symbols).toEqual(['ES', 'NQ']);
    // Strip the span: nothing can be proven.
    const json = JSON.parse(readFileSync(join(fitted, 'NQ_model.json'), 'utf8'));
    json.training.dataSpan = null;
    delete json.training.seenSpan;
    writeFileSync(join(fitted, 'NQ_model.json'), JSON.stringify(json));
    const unknown = await backtest('fit-unknown', '--start', '2000-01-01');
    expect(unknown.ml.unknown_span_symbols).toEqual(['NQ']);
    expect(unknown.ml.warnings.some((w: string) => w.startsWith('UNKNOWN TRAINING SPAN: the ML models of NQ'))).toBe(true);
  }, 60_000);

  it('walk-forward: results start at the first window, not months earlier with every signal vetoed', async () => {
    const wf = join(dir, 'wf');
    await rooney('train', '--signals', signals, '--out', wf, '--trees', '10', '--walk-forward', '--train-months', '60', '--retrain-months', '24', '--min-rows', '50');
    const wfJson = JSON.parse(readFileSync(join(wf, 'walk-forward.json'), 'utf8'));
    const index = wfJson.models as { symbol: string; fromTs: number }[];
    // The stitched out-of-sample result, with intervals: the uplift is kept − all of the window sums.
    const es = wfJson.out_of_sample.ES;
    expect(es.scored_rows).toBeGreaterThan(50);
    expect(es.auc.lower).toBeLessThan(es.auc.estimate);
    expect(es.auc.upper).toBeGreaterThan(es.auc.estimate);
    expect(es.beats_chance).toBe(es.auc.lower > 0.5);
    expect(es.uplift.estimate).toBeCloseTo(es.kept_net_pnl - es.all_net_pnl, 6);
    const firstEverySymbol = Math.max(...['ES', 'NQ'].map((s) => Math.min(...index.filter((m) => m.symbol === s).map((m) => m.fromTs))));
    writeConfig('enabled: true, models_path: wf, walk_forward: true');
    const metrics = await backtest('wf-bt', '--start', '2000-01-01');
    expect(metrics.ml.results_start).toBe(new Date(firstEverySymbol).toISOString());
    expect(Date.parse(metrics.inputs.first_bar_time)).toBeGreaterThanOrEqual(firstEverySymbol);
    expect(metrics.ml.in_sample_symbols).toEqual([]);
    const trades = readFileSync(join(dir, 'wf-bt', 'trades.csv'), 'utf8').trim().split('\n').slice(1);
    expect(trades.length).toBeGreaterThan(0);
    for (const line of trades) expect(Date.parse(line.split(',')[3])).toBeGreaterThanOrEqual(firstEverySymbol);
  }, 60_000);
});

describe('preflight proves a model can score the configured data', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-preflight-'));
  const data = ['--data', `ES=${join(FUTURES, 'F_ES.txt')}`, '--data', `NQ=${join(FUTURES, 'F_NQ.txt')}`];

  it('models that need minute and TLT features fail on daily files, in preflight and in the backtest, and nothing is written', async () => {
    const models = join(dir, 'models');
    mkdirSync(models);
    for (const symbol of ['ES', 'NQ']) writeFileSync(join(models, `${symbol}_model.json`), saveBundle(tinyBundle(['rsi_2', 'minute_rsi_14'])));
    const config = join(dir, 'daily.yml');
    writeFileSync(
      config,
      'strategies:\n  - name: ibs\n    symbols: ["*"]\n    params: { timeframe: day, entry_long_below: 0.2, exit_long_above: 0.7 }\nml: { enabled: true, models_path: models }\n',
    );
    await expect(rooney('preflight', '--config', config, ...data, '--start', '2010-01-01')).rejects.toThrow(
      /^preflight failed: the ibs model of ES cannot score (\d[\d,]*) of its \1 signals \(100\.0%, above ml\.max_undefined_share 0\.5\): \1 lack features: minute_rsi_14 \(\1\); .*the ML veto blocks/,
    );
    await expect(rooney('backtest', '--config', config, ...data, '--start', '2010-01-01', '--out', join(dir, 'bt'))).rejects.toThrow(
      /the ibs model of ES cannot score .* lack features: minute_rsi_14 .*nothing was written/,
    );
    expect(existsSync(join(dir, 'bt'))).toBe(false);
    // A model using only daily features scores every signal and passes.
    for (const symbol of ['ES', 'NQ']) writeFileSync(join(models, `${symbol}_model.json`), saveBundle(tinyBundle(['rsi_2', 'daily_ibs'])));
    const ok = await rooney('preflight', '--config', config, ...data, '--start', '2010-01-01');
    expect(ok).toMatch(/ibs\s+ES\s+ES_model\.json \(not assessed\)\s+2\s+0\.500\s+unknown\s+\d+\s+100\.0%/);
    expect(ok.trim().endsWith('preflight ok')).toBe(true);
  }, 60_000);
});

describe('extraction does not depend on one account\'s accidents', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-extract-'));
  const names: [string, string][] = [
    ['ES', 'ES'], ['NQ', 'NQ'], ['RTY', 'RU'], ['YM', 'YM'], ['CL', 'CL'], ['NG', 'NG'], ['GC', 'GC'], ['SI', 'SI'], ['HG', 'HG'],
    ['6A', 'AD'], ['6B', 'BP'], ['6C', 'CD'], ['6E', 'EC'], ['6J', 'JY'], ['6M', 'MP'], ['6N', 'ND'], ['6S', 'SF'], ['ZB', 'US'], ['ZN', 'TY'],
  ];
  const config = join(dir, 'daily.yml');
  writeFileSync(
    config,
    'starting_cash: 250000\nportfolio: { max_positions: 2, daily_stop: 2500 }\nstrategies:\n  - name: ibs\n    symbols: ["*"]\n    params: { timeframe: day, entry_long_below: 0.2, exit_long_above: 0.7, max_bars_in_trade: 5 }\n',
  );

  it('on all 19 real dailies every instrument keeps its signals, the same as when traded alone with its pair', async () => {
    const all = names.flatMap(([symbol, file]) => ['--data', `${symbol}=${join(FUTURES, `F_${file}.txt`)}`]);
    const out = await rooney('extract', '--config', config, ...all, '--out', join(dir, 'all.arrow'));
    expect(out).toContain('extraction: each instrument trades on its own (no ML veto, no account margin check, no portfolio coordinator)');
    expect(out).toContain('orders refused: none');
    const table = readTable(join(dir, 'all.arrow'));
    // A shared $250k account with its margin check and a 2-position coordinator left 131 rows.
    expect(table.rowCount).toBeGreaterThan(15_000);
    const symbols = table.text('symbol');
    for (const [symbol] of names) expect(symbols.filter((s) => s === symbol).length).toBeGreaterThan(500);
    // ES and NQ (each other's pair) extracted on their own give exactly the same rows.
    await rooney('extract', '--config', config, '--data', `ES=${join(FUTURES, 'F_ES.txt')}`, '--data', `NQ=${join(FUTURES, 'F_NQ.txt')}`, '--out', join(dir, 'pair.arrow'));
    const pair = readTable(join(dir, 'pair.arrow'));
    const pick = (t: typeof table, column: string): number[] => {
      const s = t.text('symbol');
      const v = t.numeric(column);
      return Array.from(v).filter((_, r) => s[r] === 'ES' || s[r] === 'NQ');
    };
    for (const column of ['ts', 'net_pnl', 'exit_ts', 'pair_ibs', 'rsi_2']) expect(pick(table, column)).toEqual(pick(pair, column));
    expect(readdirSync(dir)).toContain('all.arrow');
  }, 120_000);

  it('a backtest on a small account reports refused orders by reason; extraction on it loses nothing', async () => {
    const small = join(dir, 'small.yml');
    writeFileSync(small, readFileSync(config, 'utf8').replace('starting_cash: 250000', 'starting_cash: 15000'));
    const es = ['--data', `ES=${join(FUTURES, 'F_ES.txt')}`, '--data', `NQ=${join(FUTURES, 'F_NQ.txt')}`, '--start', '2010-01-01'];
    const metrics = JSON.parse(await rooney('backtest', '--config', small, ...es, '--out', join(dir, 'small-bt'), '--json'));
    const reasons = metrics.orders.rejected_by_reason as Record<string, number>;
    expect(reasons.insufficient_margin).toBeGreaterThan(0);
    expect(Object.values(reasons).reduce((a, b) => a + b, 0)).toBe(metrics.orders.rejected);
    await rooney('extract', '--config', small, ...es, '--out', join(dir, 'small.arrow'));
    await rooney('extract', '--config', config, ...es, '--out', join(dir, 'big.arrow'));
    expect(readTable(join(dir, 'small.arrow')).numeric('net_pnl')).toEqual(readTable(join(dir, 'big.arrow')).numeric('net_pnl'));
  }, 120_000);
});
