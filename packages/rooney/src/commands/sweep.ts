import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { RooneyError } from '@rooney/core';
import type { Command } from 'commander';
import { writeOutputs } from '../backtest/outputs.ts';
import { collect, parseIntegerOption, parseNumberOption } from '../cli-support.ts';
import { progressReporter } from '../progress.ts';
import { money, percent, ratio, textTable } from '../table-format.ts';
import { addJobOptions, prepareJob } from './job-flags.ts';
import type { JobFlags } from './job-flags.ts';
import { sweptOverrides, sweptOverridesText } from '../sweep/apply-params.ts';
import { parseGrid } from '../sweep/grid.ts';
import { runSweep, sweepFiles } from '../sweep/run-sweep.ts';
import { parseShard } from '../sweep/shard.ts';
import { parseMetricName, metricScore } from '../sweep/sweep-metrics.ts';
import type { SweepMetricName } from '../sweep/sweep-metrics.ts';
import { paramsText } from '../sweep/sweep-report.ts';
import { mergeSweepTables, parseSweepJson } from '../sweep/sweep-table.ts';
import type { SweepTable } from '../sweep/sweep-table.ts';
import type { SweepSetup } from '../sweep/sweep-task.ts';
import { runWalkForward } from '../sweep/walk-forward.ts';
import type { WalkForwardResult } from '../sweep/walk-forward.ts';
import { walkForwardFiles } from '../sweep/walk-forward-output.ts';

interface SweepFlags extends JobFlags {
  grid?: string[];
  random?: string;
  sampleSeed: string;
  workers?: string;
  metric: string;
  shard?: string;
  walkForward?: boolean;
  windows: string;
  inSampleFraction: string;
  anchored?: boolean;
  out: string;
}

/** The best `count` rows by the metric, as a text table. */
function topRows(table: SweepTable, count: number): string {
  const metric = table.metric;
  const ranked = [...table.rows].sort((a, b) => metricScore(b.metrics, metric) - metricScore(a.metrics, metric) || a.index - b.index).slice(0, count);
  return textTable(
    ['#', 'parameters', metric, 'net PnL', 'Sharpe', 'max DD', 'trades', 'win rate', 'PF'],
    ranked.map((row) => [
      String(row.index),
      paramsText(row.params),
      ratio(row.metrics[metric]),
      money(row.metrics.net_pnl),
      ratio(row.metrics.sharpe),
      money(row.metrics.max_drawdown),
      String(row.metrics.trades),
      percent(row.metrics.win_rate),
      ratio(row.metrics.profit_factor),
    ]),
  );
}

function walkForwardSummary(result: WalkForwardResult): string {
  const m = result.metric;
  return [
    textTable(
      ['window', 'chosen parameters', `IS ${m}`, `OOS ${m}`, 'IS net PnL', 'OOS net PnL'],
      result.windows.map((w) => [
        String(w.index),
        paramsText(w.chosen.params),
        ratio(w.inSampleMetrics[m]),
        ratio(w.outOfSampleMetrics[m]),
        money(w.inSampleMetrics.net_pnl),
        money(w.outOfSampleMetrics.net_pnl),
      ]),
    ),
    '',
    textTable(
      ['', m, 'net PnL / session'],
      [
        ['in-sample (mean)', ratio(result.comparison.inSampleMeanMetric), money(result.comparison.inSampleNetPnlPerSession)],
        ['out-of-sample (stitched)', ratio(result.comparison.outOfSampleMetric), money(result.comparison.outOfSampleNetPnlPerSession)],
      ],
    ),
    `walk-forward efficiency: ${ratio(result.comparison.efficiency)}`,
  ].join('\n');
}

async function sweepAction(flags: SweepFlags): Promise<void> {
  const dimensions = parseGrid(flags.grid ?? []);
  const metric: SweepMetricName = parseMetricName(flags.metric);
  const seed = parseIntegerOption('--sample-seed', flags.sampleSeed);
  const random = flags.random === undefined ? undefined : parseIntegerOption('--random', flags.random, 1);
  const workers = flags.workers === undefined ? Math.max(1, availableParallelism()) : parseIntegerOption('--workers', flags.workers, 1);
  const shard = flags.shard === undefined ? undefined : parseShard(flags.shard);
  if (shard !== undefined && flags.walkForward === true) {
    throw new RooneyError('bad_option', '--shard cannot be combined with --walk-forward (each window needs every in-sample result)');
  }
  // The data is loaded once, here; worker threads share these bars (no copy, no reload).
  const { config, data, job } = prepareJob(flags);
  const setup: SweepSetup = {
    config,
    ...(job.symbols !== undefined ? { symbols: job.symbols } : {}),
    dimensions,
  };
  const window = {
    ...(job.startTs !== undefined ? { startTs: job.startTs } : {}),
    ...(job.endTs !== undefined ? { endTs: job.endTs } : {}),
  };
  const replaced = sweptOverridesText(sweptOverrides(config, dimensions));
  if (replaced.length > 0) {
    process.stderr.write(`rooney: per-symbol strategy_overrides set a swept parameter; the sweep's value is applied over them (see the report):\n${replaced.map((line) => `  ${line}`).join('\n')}\n`);
  }
  const progress = progressReporter(flags.walkForward === true ? 'walk-forward' : 'sweep');
  const onProgress = (done: number, total: number): void => progress.update(done / total);
  const out = resolve(flags.out);
  if (flags.walkForward === true) {
    const result = await runWalkForward({
      setup,
      data,
      ...window,
      ...(random !== undefined ? { random } : {}),
      seed,
      metric,
      options: {
        windows: parseIntegerOption('--windows', flags.windows, 1),
        inSampleFraction: parseNumberOption('--in-sample-fraction', flags.inSampleFraction),
        anchored: flags.anchored === true,
      },
      workers,
      onProgress,
    });
    progress.done();
    const files = walkForwardFiles(result);
    writeOutputs(out, files);
    process.stdout.write(`Rooney walk-forward — ${result.dataset}, ${result.selection.combinations} combinations × ${result.windows.length} windows\n\n`);
    process.stdout.write(`${walkForwardSummary(result)}\n\nwrote ${out}/{${Object.keys(files).join(',')}}\n`);
    return;
  }
  const table = await runSweep({
    setup,
    data,
    ...window,
    ...(random !== undefined ? { random } : {}),
    seed,
    metric,
    ...(shard !== undefined ? { shard } : {}),
    workers,
    onProgress,
  });
  progress.done();
  const files = sweepFiles(table);
  writeOutputs(out, files);
  const scope = shard === undefined ? '' : ` (shard ${shard.index}/${shard.count}: ${table.rows.length} of them)`;
  process.stdout.write(`Rooney sweep — ${table.dataset}, ${table.selection.combinations} combinations${scope}, best by ${metric}\n\n`);
  process.stdout.write(`${topRows(table, 10)}\n\nwrote ${out}/{${Object.keys(files).join(',')}}\n`);
}

/** `rooney sweep merge DIR... --out DIR`: combines shard outputs into the table a single run writes. */
export function mergeSweepDirectories(directories: readonly string[], out: string): SweepTable {
  const files = directories.map((dir) => join(resolve(dir), 'sweep.json'));
  const tables = files.map((file) => {
    if (!existsSync(file)) throw new RooneyError('missing_file', 'no sweep.json here (is it a sweep output directory?)', { file });
    return parseSweepJson(readFileSync(file, 'utf8'), file);
  });
  const merged = mergeSweepTables(tables, files);
  writeOutputs(resolve(out), sweepFiles(merged));
  return merged;
}

/** Registers `rooney sweep` (parameter sweeps, shards, walk-forward) and `rooney sweep merge`. */
export function registerSweepCommand(program: Command): void {
  // `sweep` and its `merge` sub-command both have --out; commander only keeps them apart when options
  // are positional all the way down (the program's own options are --help and --version only).
  program.enablePositionalOptions();
  const sweep = addJobOptions(
    program
      .command('sweep')
      .description('Run a strategy over a grid of parameters in parallel and write a results table and a heat map; or a walk-forward test.'),
  )
    .option('--grid <spec>', 'name.param=start:stop:step (stop inclusive) or name.param=a,b,c; name is a strategy instance of the config (repeatable)', collect)
    .option('--random <n>', 'run n combinations sampled from the grid (seeded by --sample-seed)')
    .option('--sample-seed <n>', 'seed of the --random sample', '1')
    .option('--workers <n>', 'worker threads (default: one per CPU); results do not depend on it')
    .option('--metric <name>', 'metric that ranks combinations: net_pnl, total_return, sharpe, sortino, max_drawdown, max_drawdown_fraction, trades, win_rate, profit_factor', 'sharpe')
    .option('--shard <i/n>', 'run only slice i (0-based) of n; combine the outputs with `rooney sweep merge`')
    .option('--walk-forward', 'walk-forward test: pick the best in-sample, run it out-of-sample, stitch')
    .option('--windows <k>', 'walk-forward: out-of-sample windows', '4')
    .option('--in-sample-fraction <f>', 'walk-forward: in-sample share of each window', '0.7')
    .option('--anchored', 'walk-forward: in-sample periods all start at the beginning (expanding) instead of rolling')
    .option('--out <dir>', 'output directory', 'out/sweep')
    // `merge` has its own --out: options of `sweep` are only read before the sub-command name.
    .enablePositionalOptions()
    .action(sweepAction);
  sweep
    .command('merge')
    .description('Combine the outputs of `rooney sweep --shard i/n` runs into the table a single run writes.')
    .argument('<dirs...>', 'shard output directories')
    .requiredOption('--out <dir>', 'output directory of the merged table')
    .action((dirs: string[], flags: { out: string }) => {
      const merged = mergeSweepDirectories(dirs, flags.out);
      process.stdout.write(`merged ${dirs.length} shard(s): ${merged.rows.length} combinations\n\n${topRows(merged, 10)}\n\nwrote ${resolve(flags.out)}/{sweep.json,sweep.csv,report.html}\n`);
    });
}
