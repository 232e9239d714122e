import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { RooneyError, isoUtc } from '@rooney/core';
import { parseMaxFeatures, saveBundle } from '@rooney/ml';
import type { InstrumentTable, ThresholdMethod } from '@rooney/ml';
import type { Command } from 'commander';
import { runBacktestJob } from '../backtest/run-backtest-job.ts';
import { signalColumns } from '../backtest/signal-table.ts';
import { parseIntegerOption, parseNumberOption } from '../cli-support.ts';
import { instrumentTables } from '../ml/signal-dataset.ts';
import { trainModels, trainWalkForward, windowLabel } from '../ml/train-models.ts';
import type { InstrumentTraining, TrainModelsOptions, WalkForwardStep } from '../ml/train-models.ts';
import { trainReportHtml } from '../ml/train-report.ts';
import { preflightVetoModels } from '../ml/veto-models.ts';
import { progressReporter } from '../progress.ts';
import { money, ratio, textTable } from '../table-format.ts';
import { readTable, writeTable } from '../table-io.ts';
import { addJobOptions, prepareJob } from './job-flags.ts';
import type { JobFlags } from './job-flags.ts';

/** Runs the job's strategies with the veto off and returns one row per traded signal. */
function extractSignals(flags: JobFlags) {
  const { config, data, job } = prepareJob(flags);
  const progress = progressReporter('extract');
  const result = runBacktestJob({ ...job, config: { ...config, ml: undefined }, recordSignals: true, onProgress: progress.update });
  progress.done();
  return { columns: signalColumns(result.strategies, result.result.trades, { tradedOnly: true }), data };
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
  return {
    forest: {
      trees: parseIntegerOption('--trees', flags.trees, 1),
      maxDepth: parseIntegerOption('--max-depth', flags.maxDepth, 1),
      minSamplesLeaf: parseIntegerOption('--min-samples-leaf', flags.minSamplesLeaf, 1),
      maxFeatures: parseMaxFeatures(flags.maxFeatures),
      seed: parseIntegerOption('--model-seed', flags.modelSeed),
      jobs: parseIntegerOption('--jobs', flags.jobs, 1),
      classWeight: 'balanced',
    },
    thresholdMethod: flags.threshold as ThresholdMethod,
    minKeptTrades: parseIntegerOption('--min-kept', flags.minKept, 1),
    purgeMs: parseNumberOption('--purge-hours', flags.purgeHours) * 3_600_000,
    minRows: parseIntegerOption('--min-rows', flags.minRows, 10),
    permutationRepeats: parseIntegerOption('--permutation', flags.permutation, 0),
  };
}

function printTrainings(trainings: readonly InstrumentTraining[]): void {
  const rows = trainings.map((t) =>
    t.report === undefined
      ? [t.symbol, String(t.rows), '-', '-', '-', '-', '-', t.skipped ?? '']
      : [
          t.symbol,
          String(t.rows),
          ratio(t.report.validation.auc),
          ratio(t.report.test.auc),
          t.report.threshold.threshold.toFixed(3),
          `${t.report.test.keptCount}/${t.report.test.rows}`,
          `${money(t.report.test.keptNetPnl)} vs ${money(t.report.test.allNetPnl)}`,
          '',
        ],
  );
  process.stdout.write(
    `${textTable(['symbol', 'rows', 'val AUC', 'test AUC', 'threshold', 'test kept', 'test net PnL kept vs all', 'note'], rows)}\n`,
  );
}

export function registerMlPipelineCommands(program: Command): void {
  addJobOptions(
    program
      .command('extract')
      .description('Run the strategy with the ML veto off and write one row per traded signal: features and outcome.'),
  )
    .option('--out <file>', 'signals table (.arrow or .csv)', 'out/signals.arrow')
    .action((flags: JobFlags & { out: string }) => {
      const { columns, data } = extractSignals(flags);
      const out = resolve(flags.out);
      mkdirSync(resolve(out, '..'), { recursive: true });
      writeTable(out, columns);
      const rows = columns[0].values.length;
      process.stdout.write(`${rows} traded signals with ${columns.length - 11} features from ${data.label}\nwrote ${out}\n`);
    });

  addJobOptions(
    program
      .command('train')
      .description('Train the per-instrument veto models: chronological 60/20/20 split with purge, threshold from the validation ROC, honest test report.'),
  )
    .option('--signals <file>', 'signals table from `rooney extract` (default: extract now from --config/--data)')
    .option('--out <dir>', 'where bundles and reports go', 'models')
    .option('--trees <n>', 'trees per forest', '200')
    .option('--max-depth <n>', 'maximum tree depth', '8')
    .option('--min-samples-leaf <n>', 'minimum rows per leaf', '20')
    .option('--max-features <m>', 'features tried per split: sqrt, log2, a fraction or a count', 'sqrt')
    .option('--model-seed <n>', 'seed of the forests', '1')
    .option('--jobs <n>', 'worker threads', '1')
    .option('--threshold <method>', 'youden, max-net-pnl or min-kept-trades', 'youden')
    .option('--min-kept <n>', 'the threshold keeps at least this many validation trades', '10')
    .option('--purge-hours <h>', 'extra purge gap between parts, beyond trade overlap', '0')
    .option('--min-rows <n>', 'skip instruments with fewer traded signals', '100')
    .option('--permutation <n>', 'permutation-importance repeats on validation (0 = off)', '0')
    .option('--walk-forward', 'also retrain on rolling windows and report the stitched out-of-sample result')
    .option('--train-months <n>', 'walk-forward training window', '6')
    .option('--retrain-months <n>', 'walk-forward: retrain every N months', '1')
    .option('--mode <mode>', 'walk-forward windows: rolling or expanding', 'rolling')
    .action(async (flags: TrainFlags) => {
      const options = trainOptions(flags);
      let source: string;
      let tables: Map<string, InstrumentTable>;
      if (flags.signals !== undefined) {
        const table = readTable(resolve(flags.signals));
        tables = instrumentTables(table);
        source = basename(flags.signals);
      } else {
        const { columns, data } = extractSignals(flags);
        const dir = resolve(flags.out);
        mkdirSync(dir, { recursive: true });
        writeTable(join(dir, 'signals.arrow'), columns);
        tables = instrumentTables(readTable(join(dir, 'signals.arrow')));
        source = data.label;
      }
      const dir = resolve(flags.out);
      mkdirSync(dir, { recursive: true });
      const trainings = await trainModels(tables, options);
      const summary: Record<string, unknown> = {};
      for (const t of trainings) {
        if (t.bundle === undefined || t.report === undefined) {
          summary[t.symbol] = { rows: t.rows, skipped: t.skipped };
          continue;
        }
        writeFileSync(join(dir, `${t.symbol}_model.json`), saveBundle(t.bundle));
        const best = {
          symbol: t.symbol,
          threshold: t.report.threshold.threshold,
          thresholdMethod: t.report.threshold.method,
          model: `${t.symbol}_model.json`,
          training: t.bundle.training,
          validation: t.report.validation,
          test: t.report.test,
          outOfBag: t.report.outOfBag,
          featureImportance: t.report.featureImportance,
          split: {
            train: t.report.split.train.length,
            validation: t.report.split.validation.length,
            test: t.report.split.test.length,
            purged: t.report.split.purged,
            validationStart: isoUtc(t.report.split.validationStartTs),
            testStart: isoUtc(t.report.split.testStartTs),
          },
        };
        writeFileSync(join(dir, `${t.symbol}_best.json`), `${JSON.stringify(best, null, 2)}\n`);
        summary[t.symbol] = { rows: t.rows, testAuc: t.report.test.auc, threshold: t.report.threshold.threshold };
      }
      let walkForward: Map<string, WalkForwardStep[]> | undefined;
      if (flags.walkForward === true) {
        if (flags.mode !== 'rolling' && flags.mode !== 'expanding') {
          throw new RooneyError('bad_option', `--mode must be rolling or expanding, was "${flags.mode}"`);
        }
        walkForward = new Map();
        const index: { symbol: string; window: number; from: string; to: string; fromTs: number; toTs: number; file: string }[] = [];
        for (const [symbol, table] of tables) {
          const steps = trainWalkForward(table, {
            ...options,
            trainMonths: parseIntegerOption('--train-months', flags.trainMonths, 1),
            retrainEveryMonths: parseIntegerOption('--retrain-months', flags.retrainMonths, 1),
            mode: flags.mode,
            thresholdFraction: 0.25,
          });
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
          process.stdout.write(
            `${symbol} walk-forward: ${steps.length} windows (${steps[0] !== undefined ? windowLabel(steps[0].window) : '-'} …), out-of-sample net PnL kept ${money(kept)} vs all ${money(all)}\n`,
          );
        }
        writeFileSync(join(dir, 'walk-forward.json'), `${JSON.stringify({ models: index }, null, 2)}\n`);
      }
      writeFileSync(join(dir, 'train-summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
      writeFileSync(join(dir, 'train-report.html'), trainReportHtml({ source, trainings, tables, ...(walkForward !== undefined ? { walkForward } : {}) }));
      printTrainings(trainings);
      process.stdout.write(`wrote ${dir}/{SYMBOL_model.json,SYMBOL_best.json,train-summary.json,train-report.html}\n`);
    });

  addJobOptions(
    program.command('preflight').description('Check a config before a run: data, strategies and (with ml.enabled) every model bundle.'),
  ).action((flags: JobFlags) => {
    const { config, baseDir, data, job } = prepareJob(flags);
    const lines = [`data: ${data.label}, ${data.series.size} series`, `strategies: ${config.strategies.map((s) => s.name).join(', ')}`];
    if (config.ml?.enabled === true) {
      const { checks } = preflightVetoModels(config, baseDir, job);
      lines.push(
        textTable(
          ['strategy', 'symbol', 'features', 'threshold', 'trained on', 'probe P(win)'],
          checks.map((c) => [c.strategy, c.symbol, String(c.features), c.threshold.toFixed(3), c.trainedOn ?? '-', c.probe.toFixed(3)]),
        ),
      );
    } else {
      lines.push('ml: disabled');
    }
    process.stdout.write(`${lines.join('\n')}\npreflight ok\n`);
  });
}
