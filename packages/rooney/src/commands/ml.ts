import { readFileSync, writeFileSync } from 'node:fs';
import { RooneyError } from '@rooney/core';
import {
  auc,
  bootstrapAuc,
  classifyAtThreshold,
  columnMedians,
  createBundle,
  dataSpan,
  imputeMatrix,
  hashTrainingData,
  importMlRandomForestModel,
  logLoss,
  matrixFromColumns,
  parseBundle,
  parseMaxFeatures,
  RandomForestClassifier,
  saveBundle,
  selectRows,
  selectValues,
} from '@rooney/ml';
import type { Matrix, ModelBundle, RandomForestOptions } from '@rooney/ml';
import type { Command } from 'commander';
import { parseIntegerOption, parseNumberOption } from '../cli-support.ts';
import { SIGNAL_META_COLUMNS } from '../ml/signal-dataset.ts';
import { parseDateFlag } from './job-flags.ts';
import { formatCsv, readTable, writeTable } from '../table-io.ts';
import type { OutputColumn, Table } from '../table-io.ts';

/** Splits a comma-separated option value into trimmed, non-empty names. */
function names(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(',').map((name) => name.trim()).filter((name) => name !== '');
}

/** The feature columns of `table` as a row-major matrix; missing values stay NaN. */
function featureMatrix(table: Table, features: readonly string[]): Matrix {
  return matrixFromColumns(features.map((name) => table.numeric(name)));
}

/** Rows of `x` with a non-finite value, and how many rows each feature is missing on. */
function missingValues(x: Matrix, features: readonly string[]): { rows: Uint8Array; byFeature: Map<string, number> } {
  const rows = new Uint8Array(x.rows);
  const byFeature = new Map<string, number>();
  for (let r = 0; r < x.rows; r++) {
    for (let c = 0; c < x.columns; c++) {
      if (Number.isFinite(x.values[r * x.columns + c])) continue;
      rows[r] = 1;
      byFeature.set(features[c], (byFeature.get(features[c]) ?? 0) + 1);
    }
  }
  return { rows, byFeature };
}

/** `a 12, b 3`: features by missing count, most first. */
function missingText(byFeature: ReadonlyMap<string, number>, limit = 6): string {
  const entries = [...byFeature].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = entries.slice(0, limit).map(([name, n]) => `${name} ${n}`);
  return entries.length > limit ? `${shown.join(', ')}, and ${entries.length - limit} more` : shown.join(', ');
}

/** The rows to score with a bundle: imputed with its values when it has them; rows still missing a value get NaN. */
function scoreTable(bundle: ModelBundle, table: Table): { p: Float64Array; missing: number; imputed: number } {
  let x = featureMatrix(table, bundle.features);
  const before = missingValues(x, bundle.features);
  if (bundle.imputation !== undefined) x = imputeMatrix(x, bundle.imputation);
  const after = bundle.imputation === undefined ? before : missingValues(x, bundle.features);
  const complete: number[] = [];
  for (let r = 0; r < x.rows; r++) if (after.rows[r] === 0) complete.push(r);
  const p = new Float64Array(x.rows).fill(Number.NaN);
  if (complete.length > 0) {
    const scored = bundle.model.predictProbability(selectRows(x, complete));
    complete.forEach((r, i) => (p[r] = scored[i]));
  }
  let imputed = 0;
  for (let r = 0; r < x.rows; r++) if (before.rows[r] === 1 && after.rows[r] === 0) imputed++;
  return { p, missing: x.rows - complete.length, imputed };
}

/** Class labels 0..255 from a numeric column; NaN (a missing label) is 255 when `allowMissing`. */
function labelColumn(table: Table, name: string, allowMissing = false): Uint8Array {
  const values = table.numeric(name);
  const labels = new Uint8Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (allowMissing && Number.isNaN(v)) {
      labels[r] = 255;
      continue;
    }
    if (!Number.isInteger(v) || v < 0 || v > 254) {
      throw new RooneyError('bad_value', `row ${r + 1}: a label must be a class number 0..254 (0/1 for yes/no), was ${v}`, {
        file: table.file,
        line: table.lineOf(r),
        field: name,
      });
    }
    labels[r] = v;
  }
  return labels;
}

function readBundle(path: string): ModelBundle {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new RooneyError('file_not_found', `cannot read the model: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: path });
  }
  return parseBundle(text, { source: path });
}

/** The bundle's features must all be columns of the table (extra columns are fine; order is by name). */
function requireFeatures(bundle: ModelBundle, table: Table): void {
  const missing = bundle.features.filter((name) => !table.hasColumn(name));
  if (missing.length > 0) {
    throw new RooneyError(
      'feature_mismatch',
      `the model needs feature column(s) ${missing.map((m) => `"${m}"`).join(', ')}, absent from the data`,
      { file: table.file },
    );
  }
}

function format(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || Number.isNaN(value) ? 'n/a' : value.toFixed(digits);
}

function write(text: string): void {
  process.stdout.write(text);
}

interface FitOptions {
  data: string;
  label: string;
  out: string;
  features?: string;
  exclude?: string;
  time?: string;
  missing: string;
  trees: string;
  maxDepth?: string;
  minSamplesLeaf: string;
  minSamplesSplit: string;
  maxFeatures: string;
  criterion: string;
  classWeight?: string;
  splitSearch: string;
  seed: string;
  jobs: string;
  threshold: string;
  instrument?: string;
}

/** True for a table written by `rooney extract` or `backtest --features`: its outcome columns must never be features. */
function isSignalsTable(table: Table): boolean {
  return table.hasColumn('net_pnl') && table.hasColumn('exit_ts') && table.hasColumn('ts');
}

function forestOptionsOf(options: FitOptions): RandomForestOptions {
  const criterion = options.criterion;
  if (criterion !== 'gini' && criterion !== 'entropy') throw new RooneyError('bad_option', `--criterion must be gini or entropy, was "${criterion}"`);
  const splitSearch = options.splitSearch;
  if (splitSearch !== 'histogram' && splitSearch !== 'exact') {
    throw new RooneyError('bad_option', `--split-search must be histogram or exact, was "${splitSearch}"`);
  }
  if (options.classWeight !== undefined && options.classWeight !== 'balanced') {
    throw new RooneyError('bad_option', `--class-weight must be balanced, was "${options.classWeight}"`);
  }
  let maxFeatures;
  try {
    maxFeatures = parseMaxFeatures(options.maxFeatures);
  } catch {
    throw new RooneyError('bad_option', `--max-features must be sqrt, log2, all, a fraction in (0, 1) or a count, was "${options.maxFeatures}"`);
  }
  return {
    trees: parseIntegerOption('--trees', options.trees, 1),
    maxDepth: options.maxDepth === undefined ? undefined : parseIntegerOption('--max-depth', options.maxDepth, 1),
    minSamplesLeaf: parseIntegerOption('--min-samples-leaf', options.minSamplesLeaf, 1),
    minSamplesSplit: parseIntegerOption('--min-samples-split', options.minSamplesSplit, 2),
    maxFeatures,
    criterion,
    splitSearch,
    classWeight: options.classWeight === 'balanced' ? 'balanced' : undefined,
    seed: parseIntegerOption('--seed', options.seed),
    jobs: parseIntegerOption('--jobs', options.jobs, -1),
    oobScore: true,
  };
}

/**
 * `ml fit`: a forest on any table. Rows without a label are left out; with `--missing drop`
 * (default) rows missing a feature value are left out too, with `--missing impute` the value is
 * the median of the training rows, stored in the bundle so prediction and the veto fill it the
 * same way. Features with no value at all are left out. Every count is printed. On a signals
 * table (`rooney extract`, `backtest --features`) the outcome columns (net PnL, exit time, the
 * veto's own score) are never features and `ts` is the time column.
 */
async function fitCommand(options: FitOptions): Promise<void> {
  const missingMode = options.missing;
  if (missingMode !== 'drop' && missingMode !== 'impute') throw new RooneyError('bad_option', `--missing must be drop or impute, was "${missingMode}"`);
  const forestOptions = forestOptionsOf(options);
  const threshold = parseNumberOption('--threshold', options.threshold);
  const table = readTable(options.data);
  if (!table.hasColumn(options.label)) {
    throw new RooneyError('missing_column', `no label column "${options.label}"`, { file: table.file });
  }
  const signals = isSignalsTable(table);
  const time = options.time ?? (signals ? 'ts' : undefined);
  if (time !== undefined && !table.hasColumn(time)) throw new RooneyError('missing_column', `no time column "${time}" (--time)`, { file: table.file });
  const outcomeColumns = signals ? table.columnNames.filter((name) => SIGNAL_META_COLUMNS.has(name) && name !== options.label && name !== time) : [];
  const excluded = new Set([options.label, ...names(options.exclude), ...(time === undefined ? [] : [time]), ...outcomeColumns]);
  let features = names(options.features);
  const skipped: string[] = [];
  if (features.length === 0) {
    for (const name of table.columnNames) {
      if (excluded.has(name)) continue;
      if (table.isNumeric(name)) features.push(name);
      else skipped.push(name);
    }
  }
  features = features.filter((name) => name !== options.label);
  for (const name of features) if (!table.hasColumn(name)) throw new RooneyError('missing_column', `no feature column "${name}" (--features)`, { file: table.file });
  const labelsAll = labelColumn(table, options.label, true);
  const labelled: number[] = [];
  for (let r = 0; r < table.rowCount; r++) if (labelsAll[r] !== 255) labelled.push(r);
  const empty = features.filter((name) => {
    const values = table.numeric(name);
    return !labelled.some((r) => Number.isFinite(values[r]));
  });
  features = features.filter((name) => !empty.includes(name));
  if (features.length === 0) throw new RooneyError('no_features', 'no numeric feature column with values left to learn from', { file: table.file });
  const xLabelled = selectRows(featureMatrix(table, features), labelled);
  const { rows: incomplete, byFeature } = missingValues(xLabelled, features);
  let x: Matrix;
  let rows: number[];
  let imputation: Float64Array | undefined;
  if (missingMode === 'drop') {
    const keep: number[] = [];
    for (let i = 0; i < labelled.length; i++) if (incomplete[i] === 0) keep.push(i);
    x = selectRows(xLabelled, keep);
    rows = keep.map((i) => labelled[i]);
  } else {
    imputation = columnMedians(xLabelled);
    x = imputeMatrix(xLabelled, imputation);
    rows = labelled;
  }
  const y = selectValues(labelsAll, rows);
  const incompleteCount = incomplete.reduce((a, b) => a + b, 0);
  if (rows.length < 2) {
    throw new RooneyError(
      'invalid_data',
      `a forest needs at least 2 rows, ${rows.length} are left of ${table.rowCount} (${table.rowCount - labelled.length} without a label, ${missingMode === 'drop' ? incompleteCount : 0} missing a feature value)`,
      { file: table.file },
    );
  }
  const counts = new Array<number>(Math.max(...y) + 1).fill(0);
  for (let r = 0; r < y.length; r++) counts[y[r]]++;
  if (counts.filter((c) => c > 0).length < 2) {
    throw new RooneyError('single_class', `every one of the ${rows.length} rows has ${options.label} = ${y[0]}: one class, nothing to learn`, { file: table.file, field: options.label });
  }
  const forest = new RandomForestClassifier(forestOptions);
  await forest.fitAsync(x, y);
  const oob = forest.outOfBag;
  // On a signals table a row's outcome is known only at its trade's exit: the span ends there.
  const exits = signals && time === 'ts' ? table.numeric('exit_ts') : null;
  const span = time === undefined ? null : dataSpan(table.timestamps(time), exits, rows);
  const bundle = createBundle({
    model: forest,
    features,
    threshold,
    training: {
      instrument: options.instrument ?? null,
      label: options.label,
      dataSpan: span,
      seenSpan: span,
      rows: {
        total: table.rowCount,
        train: rows.length,
        withoutLabel: table.rowCount - labelled.length,
        ...(missingMode === 'drop' ? { droppedMissing: incompleteCount } : { imputedRows: incompleteCount }),
      },
      classBalance: { counts, positiveFraction: (counts[1] ?? 0) / rows.length },
      metrics: {
        oobScore: oob === null || Number.isNaN(oob.score) ? null : oob.score,
        oobAuc: oob?.auc ?? null,
      },
      seed: forest.options.seed,
      dataHash: hashTrainingData(x, y, features),
      thresholdMethod: 'fixed',
    },
    ...(imputation !== undefined ? { imputation: Array.from(imputation) } : {}),
  });
  writeFileSync(options.out, saveBundle(bundle));
  const importance = forest.featureImportances() as Float64Array;
  const ranked = features.map((name, f) => ({ name, value: importance[f] })).sort((a, b) => b.value - a.value);
  const notes: string[] = [];
  if (outcomeColumns.length > 0) notes.push(`a signals table: left out its bookkeeping and outcome columns (${outcomeColumns.join(', ')}); time column "${time}", spans to the trades' exits`);
  if (labelled.length < table.rowCount) notes.push(`left out ${table.rowCount - labelled.length} rows without a "${options.label}" label`);
  if (empty.length > 0) notes.push(`left out ${empty.length} features without any value: ${empty.join(', ')}`);
  if (incompleteCount > 0) {
    notes.push(
      missingMode === 'drop'
        ? `dropped ${incompleteCount} rows missing a feature value (--missing drop): ${missingText(byFeature)}`
        : `imputed the training median into ${incompleteCount} rows missing a feature value (--missing impute): ${missingText(byFeature)}`,
    );
  }
  if (span === null) notes.push('no time column: the bundle cannot say what span it was trained on, so a backtest cannot be shown out of sample (give --time)');
  const lines = [
    `fitted ${forest.treeCount} trees on ${rows.length} rows x ${features.length} features (label "${options.label}")`,
    ...notes,
    `class counts: ${counts.join(' / ')}`,
    `out-of-bag accuracy ${format(oob?.score)}, AUC ${format(oob?.auc)}`,
    ...(span !== null ? [`trained on ${span.start} → ${span.end}`] : []),
    ...(skipped.length > 0 ? [`skipped non-numeric columns: ${skipped.join(', ')}`] : []),
    'top features (impurity importance):',
    ...ranked.slice(0, 10).map((r) => `  ${r.name.padEnd(24)} ${r.value.toFixed(4)}`),
    `model written to ${options.out}`,
  ];
  write(`${lines.join('\n')}\n`);
}

interface PredictOptions {
  model: string;
  data: string;
  out?: string;
  keep?: string;
}

function predictCommand(options: PredictOptions): void {
  const bundle = readBundle(options.model);
  const table = readTable(options.data);
  requireFeatures(bundle, table);
  const { p, missing, imputed } = scoreTable(bundle, table);
  const columns: OutputColumn[] = names(options.keep).map((name) => {
    if (!table.hasColumn(name)) throw new RooneyError('missing_column', `no column "${name}" to keep`, { file: table.file });
    return { name, values: table.text(name) };
  });
  if (columns.some((c) => c.name === 'p')) throw new RooneyError('bad_option', '--keep cannot include a column named "p": it is the output');
  columns.push({ name: 'p', values: p });
  if (imputed > 0) process.stderr.write(`rooney: ${imputed} rows had missing feature values filled with the model's imputation values\n`);
  if (missing > 0) process.stderr.write(`rooney: ${missing} of ${p.length} rows miss a feature value the model cannot fill: their p is empty\n`);
  if (options.out === undefined) write(formatCsv(columns));
  else {
    writeTable(options.out, columns);
    process.stderr.write(`wrote ${p.length} probabilities to ${options.out}\n`);
  }
}

interface EvaluateOptions {
  model: string;
  data: string;
  label?: string;
  threshold?: string;
  json?: boolean;
  confidence: string;
  bootstrap: string;
  seed: string;
}

function evaluateCommand(options: EvaluateOptions): void {
  const bundle = readBundle(options.model);
  const table = readTable(options.data);
  const label = options.label ?? bundle.training.label ?? undefined;
  if (label === undefined) throw new RooneyError('bad_option', 'the model does not name its label column: pass --label');
  if (!table.hasColumn(label)) throw new RooneyError('missing_column', `no label column "${label}"`, { file: table.file });
  requireFeatures(bundle, table);
  if (bundle.model.classCount !== 2) throw new RooneyError('bad_option', 'evaluate reports binary metrics; this model has more than 2 classes');
  const confidence = parseNumberOption('--confidence', options.confidence);
  if (!(confidence > 0 && confidence < 1)) throw new RooneyError('bad_option', `--confidence must be in (0, 1), was "${options.confidence}"`);
  const labels = labelColumn(table, label, true);
  for (let r = 0; r < labels.length; r++) {
    if (labels[r] > 1 && labels[r] !== 255) {
      throw new RooneyError('bad_value', `row ${r + 1}: evaluate needs 0/1 labels, was ${labels[r]}`, { file: table.file, line: table.lineOf(r), field: label });
    }
  }
  const threshold = options.threshold === undefined ? bundle.threshold : parseNumberOption('--threshold', options.threshold);
  const scored = scoreTable(bundle, table);
  const rows: number[] = [];
  for (let r = 0; r < labels.length; r++) if (labels[r] !== 255 && Number.isFinite(scored.p[r])) rows.push(r);
  const p = Float64Array.from(rows, (r) => scored.p[r]);
  const y = Uint8Array.from(rows, (r) => labels[r]);
  if (rows.length === 0) throw new RooneyError('invalid_data', 'no row has both a label and every feature value: nothing to evaluate', { file: table.file });
  const classification = classifyAtThreshold(p, y, threshold);
  const positives = classification.truePositives + classification.falseNegatives;
  const interval =
    positives > 0 && positives < y.length
      ? bootstrapAuc(p, y, { confidence, resamples: parseIntegerOption('--bootstrap', options.bootstrap, 100), seed: parseIntegerOption('--seed', options.seed) })
      : null;
  const result = {
    rows: y.length,
    skippedRows: labels.length - rows.length,
    positives,
    auc: auc(p, y),
    aucLower: interval?.lower ?? Number.NaN,
    aucUpper: interval?.upper ?? Number.NaN,
    confidence,
    beatsChance: interval !== null && interval.lower > 0.5,
    logLoss: logLoss(p, y),
    threshold,
    accuracy: classification.accuracy,
    precision: classification.precision,
    recall: classification.recall,
    predictedPositive: classification.predictedPositive,
  };
  if (options.json === true) {
    write(`${JSON.stringify(result, (_, v: unknown) => (typeof v === 'number' && Number.isNaN(v) ? null : v), 2)}\n`);
    return;
  }
  write(
    [
      `rows ${result.rows} (positives ${result.positives})${result.skippedRows > 0 ? `; ${result.skippedRows} rows without a label or a feature value left out` : ''}`,
      `AUC        ${format(result.auc)}  [${format(result.aucLower)}, ${format(result.aucUpper)}] ${Number((confidence * 100).toFixed(4))}% bootstrap interval: ${result.beatsChance ? 'beats chance' : 'does not beat chance'}`,
      `log loss   ${format(result.logLoss)}`,
      `threshold  ${format(threshold)}`,
      `accuracy   ${format(result.accuracy)}`,
      `precision  ${format(result.precision)}`,
      `recall     ${format(result.recall)}`,
      `called positive ${result.predictedPositive}`,
      '',
    ].join('\n'),
  );
}

interface ImportOptions {
  model: string;
  features: string;
  out: string;
  leafValue: string;
  threshold: string;
  trainedFrom?: string;
  trainedTo?: string;
  label?: string;
  instrument?: string;
}

function importCommand(options: ImportOptions): void {
  const features = names(options.features);
  if (options.leafValue !== 'fraction' && options.leafValue !== 'vote') {
    throw new RooneyError('bad_option', `--leaf-value must be fraction or vote, was "${options.leafValue}"`);
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(options.model, 'utf8'));
  } catch (error) {
    throw new RooneyError('bad_model', `cannot read the ml-random-forest model: ${(error as Error).message}`, { file: options.model });
  }
  if ((options.trainedFrom === undefined) !== (options.trainedTo === undefined)) {
    throw new RooneyError('bad_option', '--trained-from and --trained-to go together: the first and last day of every row the model and its threshold saw');
  }
  let span = null;
  if (options.trainedFrom !== undefined && options.trainedTo !== undefined) {
    const from = parseDateFlag('--trained-from', options.trainedFrom, false);
    const to = parseDateFlag('--trained-to', options.trainedTo, true);
    if (to < from) throw new RooneyError('bad_option', `--trained-to (${options.trainedTo}) is before --trained-from (${options.trainedFrom})`);
    span = dataSpan([from], [to], [0]);
  }
  const model = importMlRandomForestModel(json, { featureCount: features.length, leafValue: options.leafValue });
  const bundle = createBundle({
    model,
    features,
    threshold: parseNumberOption('--threshold', options.threshold),
    training: {
      instrument: options.instrument ?? null,
      label: options.label ?? null,
      dataSpan: span,
      seenSpan: span,
      rows: {},
      classBalance: { counts: [], positiveFraction: null },
      metrics: {},
      seed: 0,
      dataHash: 'unknown (imported from ml-random-forest)',
      thresholdMethod: 'fixed',
    },
  });
  writeFileSync(options.out, saveBundle(bundle));
  write(
    `imported ${model.treeCount} trees (${features.length} features) into ${options.out}\n${
      span === null
        ? 'no --trained-from/--trained-to: the bundle cannot say what data it saw, so a backtest with it is flagged as of unknown sample\n'
        : `trained on ${span.start} → ${span.end}\n`
    }`,
  );
}

/** Registers `rooney ml fit|predict|evaluate|import` on the program. */
export function registerMlCommands(program: Command): void {
  const ml = program.command('ml').description('Random forest models for any table: fit, predict, evaluate, import.');

  ml.command('fit')
    .description('Fit a random forest on a CSV or Arrow table and write a model bundle (JSON).')
    .requiredOption('--data <file>', 'training table (.csv, .tsv, .arrow)')
    .requiredOption('--label <column>', 'label column: class numbers (0/1 for yes/no)')
    .requiredOption('--out <file>', 'model bundle to write (.json)')
    .option('--features <columns>', 'comma-separated feature columns (default: every other numeric column)')
    .option('--exclude <columns>', 'comma-separated columns not to use as features')
    .option('--time <column>', 'timestamp column (epoch ms or ISO-8601), recorded as the data span, not a feature (default "ts" on a signals table)')
    .option('--missing <mode>', 'rows missing a feature value: drop them, or impute the training median (stored in the bundle)', 'drop')
    .option('--trees <n>', 'number of trees', '200')
    .option('--max-depth <n>', 'deepest level (default unlimited)')
    .option('--min-samples-leaf <n>', 'minimum rows per leaf', '5')
    .option('--min-samples-split <n>', 'minimum rows to split a node', '2')
    .option('--max-features <m>', 'features per split: sqrt, log2, all, a fraction or a count', 'sqrt')
    .option('--criterion <c>', 'gini or entropy', 'gini')
    .option('--class-weight <w>', 'balanced: weight classes by n / (classes x count)')
    .option('--split-search <s>', 'histogram (fast) or exact', 'histogram')
    .option('--seed <n>', 'random seed', '0')
    .option('--jobs <n>', 'worker threads (-1 = one per CPU)', '1')
    .option('--threshold <p>', 'decision threshold stored in the bundle', '0.5')
    .option('--instrument <name>', 'instrument recorded in the bundle')
    .action(async (options: FitOptions) => {
      await fitCommand(options);
    });

  ml.command('predict')
    .description('Score a table with a model bundle: one probability per row, column "p".')
    .requiredOption('--model <file>', 'model bundle (.json)')
    .requiredOption('--data <file>', 'table to score (.csv, .tsv, .arrow)')
    .option('--out <file>', 'output table (.csv or .arrow); default CSV on stdout')
    .option('--keep <columns>', 'comma-separated input columns to copy before "p" (e.g. an id or time)')
    .action((options: PredictOptions) => {
      predictCommand(options);
    });

  ml.command('evaluate')
    .description('AUC, log loss and accuracy/precision/recall at the threshold of a model on a labelled table.')
    .requiredOption('--model <file>', 'model bundle (.json)')
    .requiredOption('--data <file>', 'labelled table (.csv, .tsv, .arrow)')
    .option('--label <column>', "label column (default: the model's)")
    .option('--threshold <p>', "decision threshold (default: the model's)")
    .option('--confidence <c>', 'level of the AUC bootstrap interval', '0.95')
    .option('--bootstrap <n>', 'bootstrap resamples', '2000')
    .option('--seed <n>', 'seed of the bootstrap', '1')
    .option('--json', 'print the metrics as JSON')
    .action((options: EvaluateOptions) => {
      evaluateCommand(options);
    });

  ml.command('import')
    .description('Convert an ml-random-forest (npm) classifier saved as JSON into a model bundle.')
    .requiredOption('--model <file>', 'ml-random-forest model JSON (rf.toJSON())')
    .requiredOption('--features <columns>', 'comma-separated feature names, in training column order')
    .requiredOption('--out <file>', 'model bundle to write (.json)')
    .option('--leaf-value <v>', 'fraction (mean leaf fractions) or vote (ml-random-forest vote shares)', 'fraction')
    .option('--threshold <p>', 'decision threshold stored in the bundle', '0.5')
    .option('--trained-from <date>', 'first day of the data the model (and its threshold) saw, recorded so backtests can be checked for in-sample use')
    .option('--trained-to <date>', 'last day of that data')
    .option('--label <column>', 'label column the model predicts, recorded in the bundle')
    .option('--instrument <name>', 'instrument recorded in the bundle')
    .action((options: ImportOptions) => {
      importCommand(options);
    });
}
