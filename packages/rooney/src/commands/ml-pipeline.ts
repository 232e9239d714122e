import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { RooneyError, isoUtc } from '@rooney/core';
import { parseMaxFeatures, qualityRule, saveBundle } from '@rooney/ml';
import type { ThresholdMethod } from '@rooney/ml';
import type { Command } from 'commander';
import { runBacktestJob } from '../backtest/run-backtest-job.ts';
import type { BacktestJob } from '../backtest/run-backtest-job.ts';
import { signalColumns } from '../backtest/signal-table.ts';
import { parseIntegerOption, parseNumberOption } from '../cli-support.ts';
import type { RooneyConfig } from '../config/schema.ts';
import { sampleFindings } from '../ml/sample-check.ts';
import { instrumentTables, tableFromColumns } from '../ml/signal-dataset.ts';
import type { InstrumentSignals } from '../ml/signal-dataset.ts';
import { checkTrainable, trainModels, trainWalkForward, walkForwardSummary, windowLabel } from '../ml/train-models.ts';
import type { TrainModelsOptions, WalkForwardOptions, WalkForwardStep } from '../ml/train-models.ts';
import { bestDocument, extractionLines, intervalText, missingLines, trainSummaryDocument, trainingTable } from '../ml/train-output.ts';
import type { ExtractionSummary } from '../ml/train-output.ts';
import { trainReportHtml } from '../ml/train-report.ts';
import { undefinedFeaturesText } from '../ml/veto-health.ts';
import { preflightVetoModels, scoreConfiguredData, vetoLimits } from '../ml/veto-models.ts';
import { progressReporter } from '../progress.ts';
import { money, textTable } from '../table-format.ts';
import type { OutputColumn } from '../table-io.ts';
import { readTable, writeTable } from '../table-io.ts';
import { addJobOptions, prepareJob } from './job-flags.ts';
import type { JobFlags } from './job-flags.ts';

/**
 * The config as extraction runs it: the veto off, and every account-level rule that couples
 * instruments switched off (the initial-margin check and the portfolio coordinator), so each
 * instrument's signals are traded as if it had its own account — a signal's outcome is its own,
 * never an accident of what another instrument's losses left in a shared account.
 */
function independentConfig(config: RooneyConfig): { config: RooneyConfig; independence: string[] } {
  const independence = ['no ML veto'];
  if (config.margin_check) independence.push('no account margin check');
  if (config.portfolio !== undefined && config.portfolio.enabled) independence.push('no portfolio coordinator');
  return { config: { ...config, ml: undefined, margin_check: false, portfolio: undefined }, independence };
}

/** Runs the job's strategies with the veto off, per instrument, and returns one row per traded signal. */
function extractSignals(flags: JobFlags): { columns: OutputColumn[]; label: string; extraction: ExtractionSummary } {
  const { config, data, job } = prepareJob(flags);
  const { config: independent, independence } = independentConfig(config);
  const progress = progressReporter('extract');
  const result = runBacktestJob({ ...job, config: independent, recordSignals: true, onProgress: progress.update });
  progress.done();
  const refused: Record<string, number> = {};
  for (const { reason } of result.result.rejected) refused[reason] = (refused[reason] ?? 0) + 1;
  const columns = signalColumns(result.strategies, result.result.trades, { tradedOnly: true });
  return { columns, label: data.label, extraction: { signals: columns[0].values.length, refused, independence } };
}

interface TrainFlags extends JobFlags {
  signals?: string;
  out: string;
  trees: string;
  maxDepth: string;
  minSamplesLeaf: string;
  maxFeatures: string;
  seed?: string;
  modelSeed: string;
  jobs: string;
  threshold: string;
  minKept: string;
  purgeHours: string;
  minRows: string;
  permutation: string;
  confidence: string;
  bootstrap: string;
  walkForward?: boolean;
  trainMonths: string;
  retrainMonths: string;
  mode: string;
}

function trainOptions(flags: TrainFlags): TrainModelsOptions {
  const methods: ThresholdMethod[] = ['youden', 'max-net-pnl', 'min-kept-trades'];
  if (!methods.includes(flags.threshold as ThresholdMethod)) {
    throw new RooneyError('bad_option', `--threshold must be one of ${methods.join(', ')}, was "${flags.threshold}"`);
  }
  const confidence = parseNumberOption('--confidence', flags.confidence);
  if (!(confidence > 0 && confidence < 1)) throw new RooneyError('bad_option', `--confidence must be in (0, 1), e.g. 0.95, was "${flags.confidence}"`);
  const purgeHours = parseNumberOption('--purge-hours', flags.purgeHours);
  if (purgeHours < 0) throw new RooneyError('bad_option', `--purge-hours must be >= 0, was "${flags.purgeHours}"`);
  const modelSeed = parseIntegerOption('--model-seed', flags.modelSeed);
  return {
    forest: {
      trees: parseIntegerOption('--trees', flags.trees, 1),
      maxDepth: parseIntegerOption('--max-depth', flags.maxDepth, 1),
      minSamplesLeaf: parseIntegerOption('--min-samples-leaf', flags.minSamplesLeaf, 1),
      maxFeatures: parseMaxFeatures(flags.maxFeatures),
      seed: modelSeed,
      jobs: parseIntegerOption('--jobs', flags.jobs, 1),
      classWeight: 'balanced',
    },
    thresholdMethod: flags.threshold as ThresholdMethod,
    minKeptTrades: parseIntegerOption('--min-kept', flags.minKept, 1),
    purgeMs: purgeHours * 3_600_000,
    minRows: parseIntegerOption('--min-rows', flags.minRows, 10),
    permutationRepeats: parseIntegerOption('--permutation', flags.permutation, 0),
    minRowsPerPart: 10,
    quality: { confidence, resamples: parseIntegerOption('--bootstrap', flags.bootstrap, 100), seed: modelSeed },
  };
}

function walkForwardOptions(flags: TrainFlags, options: TrainModelsOptions): WalkForwardOptions {
  if (flags.mode !== 'rolling' && flags.mode !== 'expanding') {
    throw new RooneyError('bad_option', `--mode must be rolling or expanding, was "${flags.mode}"`);
  }
  return {
    ...options,
    trainMonths: parseIntegerOption('--train-months', flags.trainMonths, 1),
    retrainEveryMonths: parseIntegerOption('--retrain-months', flags.retrainMonths, 1),
    mode: flags.mode,
    thresholdFraction: 0.25,
  };
}

/** Fails (before anything is written) when no instrument has enough usable rows to train on. */
function requireTrainable(tables: ReadonlyMap<string, InstrumentSignals>, options: TrainModelsOptions, source: string): void {
  if ([...tables.values()].some((t) => t.y.length >= options.minRows)) return;
  const counts = [...tables].map(([symbol, t]) => `${symbol} ${t.y.length}${t.dropped > 0 ? ` (${t.dropped} dropped for undefined features)` : ''}`);
  throw new RooneyError(
    'too_few_rows',
    `no instrument has --min-rows ${options.minRows} usable traded signals (${counts.join(', ')}): nothing to train; give more data or lower --min-rows`,
    { file: source },
  );
}

/** Writes the walk-forward bundles and `walk-forward.json`, printing each instrument's stitched result. */
function writeWalkForward(dir: string, tables: ReadonlyMap<string, InstrumentSignals>, options: WalkForwardOptions): Map<string, WalkForwardStep[]> {
  const walkForward = new Map<string, WalkForwardStep[]>();
  const summaries: Record<string, unknown> = {};
  const index: { symbol: string; window: number; from: string; to: string; fromTs: number; toTs: number; file: string }[] = [];
  for (const [symbol, table] of tables) {
    const steps = trainWalkForward(table, options);
    walkForward.set(symbol, steps);
    for (const step of steps) {
      if (step.bundle === undefined) continue;
      const file = `${symbol}_wf${step.window.index}_model.json`;
      writeFileSync(join(dir, file), saveBundle(step.bundle));
      index.push({
        symbol,
        window: step.window.index,
        from: isoUtc(step.window.testStartTs),
        to: isoUtc(step.window.testEndTs),
        fromTs: step.window.testStartTs,
        toTs: step.window.testEndTs,
        file,
      });
    }
    const kept = steps.reduce((s, x) => s + x.keptNetPnl, 0);
    const all = steps.reduce((s, x) => s + x.allNetPnl, 0);
    const trained = steps.filter((x) => x.bundle !== undefined).length;
    const stitched = walkForwardSummary(table, steps, options.quality);
    summaries[symbol] = {
      test_rows: stitched.rows,
      scored_rows: stitched.scoredRows,
      auc: stitched.auc === null ? null : { estimate: stitched.auc.estimate, lower: stitched.auc.lower, upper: stitched.auc.upper, confidence: stitched.auc.confidence },
      beats_chance: stitched.auc !== null && stitched.auc.lower > 0.5,
      kept_net_pnl: kept,
      all_net_pnl: all,
      uplift: stitched.uplift === null ? null : { estimate: stitched.uplift.uplift.estimate, lower: stitched.uplift.uplift.lower, upper: stitched.uplift.uplift.upper },
    };
    process.stdout.write(
      `${symbol} walk-forward: ${trained} of ${steps.length} windows trained (${steps[0] !== undefined ? windowLabel(steps[0].window) : '-'} …), ${stitched.scoredRows} of ${stitched.rows} out-of-sample trades scored: AUC ${intervalText(stitched.auc, (v) => v.toFixed(2))}, net PnL kept ${money(kept)} vs all ${money(all)}, kept − all ${intervalText(stitched.uplift?.uplift, (v) => money(v))}\n`,
    );
  }
  writeFileSync(join(dir, 'walk-forward.json'), `${JSON.stringify({ models: index, out_of_sample: summaries }, null, 2)}\n`);
  return walkForward;
}

/** The configured data's time span: the job's window, else the first and last bar of the data. */
function configuredWindow(job: BacktestJob): { startTs: number; endTs: number } {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const bars of job.data.series.values()) {
    if (bars.length === 0) continue;
    first = Math.min(first, bars.ts[0]);
    last = Math.max(last, bars.ts[bars.length - 1]);
  }
  return { startTs: Math.max(first, job.startTs ?? first), endTs: Math.min(last, job.endTs ?? last) };
}

const share = (part: number, whole: number): string => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);

export function registerMlPipelineCommands(program: Command): void {
  addJobOptions(
    program
      .command('extract')
      .description('Run the strategy with the ML veto off, each instrument on its own (no shared-account margin check or coordinator), and write one row per traded signal: features and outcome.'),
  )
    .option('--out <file>', 'signals table (.arrow or .csv)', 'out/signals.arrow')
    .action((flags: JobFlags & { out: string }) => {
      const { columns, label, extraction } = extractSignals(flags);
      if (extraction.signals === 0) {
        throw new RooneyError('no_signals', `the strategies traded no signal on ${label}: nothing to extract (check --start/--end, --symbols and the entry rules)`);
      }
      const out = resolve(flags.out);
      mkdirSync(resolve(out, '..'), { recursive: true });
      writeTable(out, columns);
      process.stdout.write(
        `${extractionLines(extraction).join('\n')}\n${extraction.signals} traded signals with ${columns.length - 11} features from ${label}\nwrote ${out}\n`,
      );
    });

  addJobOptions(
    program
      .command('train')
      .description('Train the per-instrument veto models: chronological 60/20/20 split with purge, threshold from the validation ROC, honest test report with bootstrap intervals and a quality gate.'),
  )
    .option('--signals <file>', 'signals table from `rooney extract` (default: extract now from --config/--data)')
    .option('--out <dir>', 'where bundles and reports go', 'models')
    .option('--trees <n>', 'trees per forest', '200')
    .option('--max-depth <n>', 'maximum tree depth', '8')
    .option('--min-samples-leaf <n>', 'minimum rows per leaf', '20')
    .option('--max-features <m>', 'features tried per split: sqrt, log2, a fraction or a count', 'sqrt')
    .option('--model-seed <n>', 'seed of the forests and of the bootstrap', '1')
    .option('--jobs <n>', 'worker threads', '1')
    .option('--threshold <method>', 'youden, max-net-pnl or min-kept-trades', 'youden')
    .option('--min-kept <n>', 'the threshold keeps at least this many validation trades', '10')
    .option('--purge-hours <h>', 'extra purge gap between parts, beyond trade overlap', '0')
    .option('--min-rows <n>', 'skip instruments with fewer usable traded signals', '100')
    .option('--permutation <n>', 'permutation-importance repeats on validation (0 = off)', '0')
    .option('--confidence <c>', 'two-sided level of the bootstrap intervals; a model is deployable when the lower bound of its test AUC interval is above 0.5', '0.95')
    .option('--bootstrap <n>', 'bootstrap resamples of the test part', '2000')
    .option('--walk-forward', 'also retrain on rolling windows and report the stitched out-of-sample result')
    .option('--train-months <n>', 'walk-forward training window', '6')
    .option('--retrain-months <n>', 'walk-forward: retrain every N months', '1')
    .option('--mode <mode>', 'walk-forward windows: rolling or expanding', 'rolling')
    .action(async (flags: TrainFlags) => {
      const options = trainOptions(flags);
      const walkForwardSettings = flags.walkForward === true ? walkForwardOptions(flags, options) : undefined;
      let source: string;
      let tables: Map<string, InstrumentSignals>;
      let extracted: { columns: OutputColumn[]; extraction: ExtractionSummary } | undefined;
      if (flags.signals !== undefined) {
        const file = resolve(flags.signals);
        tables = instrumentTables(readTable(file));
        source = basename(flags.signals);
      } else {
        const { columns, label, extraction } = extractSignals(flags);
        process.stdout.write(`${extractionLines(extraction).join('\n')}\n`);
        tables = instrumentTables(tableFromColumns(columns, `signals extracted from ${label}`));
        source = label;
        extracted = { columns, extraction };
      }
      // Every check runs before the first file is written.
      requireTrainable(tables, options, source);
      checkTrainable(tables, options);
      const dir = resolve(flags.out);
      mkdirSync(dir, { recursive: true });
      if (extracted !== undefined) writeTable(join(dir, 'signals.arrow'), extracted.columns);
      const trainings = await trainModels(tables, options);
      for (const t of trainings) {
        if (t.bundle === undefined) continue;
        writeFileSync(join(dir, `${t.symbol}_model.json`), saveBundle(t.bundle));
        writeFileSync(join(dir, `${t.symbol}_best.json`), `${JSON.stringify(bestDocument(t), null, 2)}\n`);
      }
      const walkForward = walkForwardSettings === undefined ? undefined : writeWalkForward(dir, tables, walkForwardSettings);
      writeFileSync(join(dir, 'train-summary.json'), `${JSON.stringify(trainSummaryDocument(trainings, extracted?.extraction), null, 2)}\n`);
      writeFileSync(join(dir, 'train-report.html'), trainReportHtml({ source, trainings, tables, ...(walkForward !== undefined ? { walkForward } : {}) }));
      const trained = trainings.filter((t) => t.report !== undefined);
      const deployable = trained.filter((t) => t.report?.quality.deployable === true).map((t) => t.symbol);
      const confidence = options.quality.confidence ?? 0.95;
      const lines = [
        trainingTable(trainings, confidence),
        ...missingLines(trainings),
        `deployable: ${deployable.length} of ${trained.length} models${deployable.length > 0 ? ` (${deployable.join(', ')})` : ''}; rule: ${qualityRule(confidence, 0.5)}. The AUC part is a one-sided test at ${Number((((1 - confidence) / 2) * 100).toFixed(4))}%: models without any signal pass it about ${(trained.length * (1 - confidence) / 2).toFixed(1)} times in ${trained.length} by chance alone. The veto refuses the models that fail unless the config sets ml.allow_undeployable: true.`,
        `wrote ${dir}/{SYMBOL_model.json,SYMBOL_best.json,train-summary.json,train-report.html}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });

  addJobOptions(
    program
      .command('preflight')
      .description('Check a config before a run: data, strategies and (with ml.enabled) every model bundle, scored on the features of the configured data.'),
  ).action((flags: JobFlags) => {
    const { config, baseDir, data, job } = prepareJob(flags);
    const lines = [`data: ${data.label}, ${data.series.size} series`, `strategies: ${config.strategies.map((s) => s.name).join(', ')}`];
    if (config.ml?.enabled !== true) {
      process.stdout.write(`${lines.join('\n')}\nml: disabled\npreflight ok\n`);
      return;
    }
    const setup = preflightVetoModels(config, baseDir, job);
    const { rows, problems } = scoreConfiguredData(job, setup, vetoLimits(config));
    const table = rows.map(({ strategy, symbol, tally }) => {
      const models = setup.checks.filter((c) => c.strategy === strategy && c.symbol === symbol);
      const first = models[0];
      const walkForward = config.ml?.walk_forward === true;
      const scorable = tally.signals - tally.undefinedFeatures - tally.noModel;
      return [
        strategy,
        symbol,
        walkForward ? `${models.length} walk-forward models` : `${basename(first.file)}${first.deployability === 'deployable' ? '' : ` (${first.deployability.replace('_', ' ')})`}`,
        String(first.features),
        walkForward ? '-' : first.threshold.toFixed(3),
        walkForward ? 'before each window' : first.seen === undefined ? 'unknown' : `${first.seen.start.slice(0, 10)} → ${first.seen.end.slice(0, 10)}`,
        String(tally.signals),
        share(scorable, tally.signals),
        share(tally.kept, tally.signals),
        undefinedFeaturesText(tally, 3),
      ];
    });
    lines.push(textTable(['strategy', 'symbol', 'model', 'features', 'threshold', 'trained/validated on', 'signals', 'scorable', 'kept', 'undefined features'], table));
    if (setup.coverageStartTs !== undefined) {
      lines.push(`walk-forward: every symbol has a model from ${isoUtc(setup.coverageStartTs).slice(0, 10)}; a backtest starts its results there`);
    }
    const window = configuredWindow(job);
    if (Number.isFinite(window.startTs) && !config.ml.walk_forward) {
      for (const banner of sampleFindings(setup.checks, Math.max(window.startTs, setup.coverageStartTs ?? window.startTs), window.endTs).banners) {
        lines.push(`warning: ${banner}`);
      }
    }
    process.stdout.write(`${lines.join('\n')}\n`);
    if (problems.length > 0) {
      throw new RooneyError('veto_unusable', `preflight failed: ${problems.join('; ')}`);
    }
    process.stdout.write('preflight ok\n');
  });
}
