import { readFileSync, writeFileSync } from 'node:fs';
import { RooneyError } from '@rooney/core';
import {
  auc,
  classifyAtThreshold,
  createBundle,
  dataSpan,
  hashTrainingData,
  importMlRandomForestModel,
  logLoss,
  matrixFromColumns,
  parseBundle,
  parseMaxFeatures,
  RandomForestClassifier,
  saveBundle,
} from '@rooney/ml';
import type { Matrix, ModelBundle, RandomForestOptions } from '@rooney/ml';
import type { Command } from 'commander';
import { parseIntegerOption, parseNumberOption } from '../cli-support.ts';
import { formatCsv, readTable, writeTable } from '../table-io.ts';
import type { OutputColumn, Table } from '../table-io.ts';

/** Splits a comma-separated option value into trimmed, non-empty names. */
function names(text: string | undefined): string[] {
  return text === undefined ? [] : text.split(',').map((name) => name.trim()).filter((name) => name !== '');
}

/** The feature columns of `table` as a row-major matrix; a missing value names file, line and column. */
function featureMatrix(table: Table, features: readonly string[]): Matrix {
  const columns = features.map((name) => {
    const values = table.numeric(name);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      const where = { file: table.file, line: table.lineOf(bad), field: name };
      throw new RooneyError('bad_value', `row ${bad + 1} has no finite value (${values[bad]}); fill or drop missing values first`, where);
    }
    return values;
  });
  return matrixFromColumns(columns);
}

/** Class labels 0..255 from a numeric column. */
function labelColumn(table: Table, name: string): Uint8Array {
  const values = table.numeric(name);
  const labels = new Uint8Array(values.length);
  for (let r = 0; r < values.length; r++) {
    const v = values[r];
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      throw new RooneyError('bad_value', `row ${r + 1}: a label must be a class number 0..255 (0/1 for yes/no), was ${v}`, {
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

async function fitCommand(options: FitOptions): Promise<void> {
  const table = readTable(options.data);
  if (!table.hasColumn(options.label)) {
    throw new RooneyError('missing_column', `no label column "${options.label}"`, { file: table.file });
  }
  const excluded = new Set([options.label, ...names(options.exclude), ...(options.time === undefined ? [] : [options.time])]);
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
  if (features.length === 0) throw new RooneyError('no_features', 'no numeric feature columns left to learn from', { file: table.file });
  if (table.rowCount < 2) throw new RooneyError('invalid_data', `a forest needs at least 2 rows, the file has ${table.rowCount}`, { file: table.file });
  const x = featureMatrix(table, features);
  const y = labelColumn(table, options.label);
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
  const forestOptions: RandomForestOptions = {
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
  const threshold = parseNumberOption('--threshold', options.threshold);
  const forest = new RandomForestClassifier(forestOptions);
  await forest.fitAsync(x, y);
  const counts = new Array<number>(forest.classCount).fill(0);
  for (let r = 0; r < y.length; r++) counts[y[r]]++;
  const allRows = Int32Array.from({ length: table.rowCount }, (_, i) => i);
  const oob = forest.outOfBag;
  const bundle = createBundle({
    model: forest,
    features,
    threshold,
    training: {
      instrument: options.instrument ?? null,
      label: options.label,
      dataSpan: options.time === undefined ? null : dataSpan(table.timestamps(options.time), null, allRows),
      rows: { total: table.rowCount, train: table.rowCount },
      classBalance: { counts, positiveFraction: (counts[1] ?? 0) / table.rowCount },
      metrics: {
        oobScore: oob === null || Number.isNaN(oob.score) ? null : oob.score,
        oobAuc: oob?.auc ?? null,
      },
      seed: forest.options.seed,
      dataHash: hashTrainingData(x, y, features),
      thresholdMethod: 'fixed',
    },
  });
  writeFileSync(options.out, saveBundle(bundle));
  const importance = forest.featureImportances() as Float64Array;
  const ranked = features.map((name, f) => ({ name, value: importance[f] })).sort((a, b) => b.value - a.value);
  const lines = [
    `fitted ${forest.treeCount} trees on ${table.rowCount} rows x ${features.length} features (label "${options.label}")`,
    `class counts: ${counts.join(' / ')}`,
    `out-of-bag accuracy ${format(oob?.score)}, AUC ${format(oob?.auc)}`,
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
  const x = featureMatrix(table, bundle.features);
  const p = bundle.model.predictProbability(x);
  const columns: OutputColumn[] = names(options.keep).map((name) => {
    if (!table.hasColumn(name)) throw new RooneyError('missing_column', `no column "${name}" to keep`, { file: table.file });
    return { name, values: table.text(name) };
  });
  if (columns.some((c) => c.name === 'p')) throw new RooneyError('bad_option', '--keep cannot include a column named "p": it is the output');
  columns.push({ name: 'p', values: p });
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
}

function evaluateCommand(options: EvaluateOptions): void {
  const bundle = readBundle(options.model);
  const table = readTable(options.data);
  const label = options.label ?? bundle.training.label ?? undefined;
  if (label === undefined) throw new RooneyError('bad_option', 'the model does not name its label column: pass --label');
  if (!table.hasColumn(label)) throw new RooneyError('missing_column', `no label column "${label}"`, { file: table.file });
  requireFeatures(bundle, table);
  if (bundle.model.classCount !== 2) throw new RooneyError('bad_option', 'evaluate reports binary metrics; this model has more than 2 classes');
  const x = featureMatrix(table, bundle.features);
  const y = labelColumn(table, label);
  for (let r = 0; r < y.length; r++) {
    if (y[r] > 1) {
      throw new RooneyError('bad_value', `row ${r + 1}: evaluate needs 0/1 labels, was ${y[r]}`, { file: table.file, line: table.lineOf(r), field: label });
    }
  }
  const threshold = options.threshold === undefined ? bundle.threshold : parseNumberOption('--threshold', options.threshold);
  const p = bundle.model.predictProbability(x);
  const classification = classifyAtThreshold(p, y, threshold);
  const result = {
    rows: y.length,
    positives: classification.truePositives + classification.falseNegatives,
    auc: auc(p, y),
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
      `rows ${result.rows} (positives ${result.positives})`,
      `AUC        ${format(result.auc)}`,
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
  const model = importMlRandomForestModel(json, { featureCount: features.length, leafValue: options.leafValue });
  const bundle = createBundle({
    model,
    features,
    threshold: parseNumberOption('--threshold', options.threshold),
    training: {
      instrument: null,
      label: null,
      dataSpan: null,
      rows: {},
      classBalance: { counts: [], positiveFraction: null },
      metrics: {},
      seed: 0,
      dataHash: 'unknown (imported from ml-random-forest)',
      thresholdMethod: 'fixed',
    },
  });
  writeFileSync(options.out, saveBundle(bundle));
  write(`imported ${model.treeCount} trees (${features.length} features) into ${options.out}\n`);
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
    .option('--time <column>', 'timestamp column (epoch ms or ISO-8601), recorded as the data span, not a feature')
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
    .action((options: ImportOptions) => {
      importCommand(options);
    });
}
