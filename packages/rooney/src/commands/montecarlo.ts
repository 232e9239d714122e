import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { RooneyError } from '@rooney/core';
import { runMonteCarlo } from '@rooney/portfolio';
import type { Distribution, MonteCarloResult, ResampleMethod } from '@rooney/portfolio';
import type { Command } from 'commander';
import { parseIntegerOption, parseNumberOption } from '../cli-support.ts';
import { money, percent, textTable } from '../table-format.ts';
import { monteCarloReportHtml } from './montecarlo-report.ts';
import { netPnlsByExit, readTradesCsv } from './trades-csv.ts';

interface MonteCarloFlags {
  trades: string;
  paths: string;
  method: string;
  blockSize?: string;
  seed: string;
  startingEquity?: string;
  ruinEquity?: string;
  json?: boolean;
  out?: string;
}

const METHODS: readonly ResampleMethod[] = ['iid', 'block', 'shuffle'];

/** `{mean, p5, ..., p95}` with the keys in a fixed order. */
function distributionJson(d: Distribution): Record<string, number> {
  return { mean: d.mean, p5: d.p5, p25: d.p25, p50: d.p50, p75: d.p75, p95: d.p95 };
}

/** The account the paths start from and the rule that ruins one. */
export interface MonteCarloAccount {
  readonly startingEquity: number;
  /** Where the starting equity came from: `--starting-equity` or the backtest's `metrics.json`. */
  readonly startingEquitySource: string;
  readonly ruinEquity: number;
}

/** The ruin rule in words. */
export function ruinRule(account: MonteCarloAccount): string {
  return `a path is ruined when its equity after any trade is at or below ${money(account.ruinEquity)} (equity marked at each trade's exit; losses inside a trade are not seen)`;
}

/**
 * The starting equity of a trades file: `--starting-equity` when given, else `inputs.starting_cash`
 * of the backtest's `metrics.json` beside it — which must describe the same trades (same count).
 * Without either, an error: resampling trades against a made-up account size gives made-up ruin
 * probabilities.
 */
export function startingEquityFor(tradesFile: string, tradeCount: number, flag: string | undefined): { startingEquity: number; source: string } {
  if (flag !== undefined) {
    const value = parseNumberOption('--starting-equity', flag);
    if (!(value > 0)) throw new RooneyError('bad_option', `--starting-equity must be > 0, was "${flag}"`);
    return { startingEquity: value, source: '--starting-equity' };
  }
  const metricsFile = join(dirname(tradesFile), 'metrics.json');
  if (!existsSync(metricsFile)) {
    throw new RooneyError(
      'missing_starting_equity',
      'no starting equity: pass --starting-equity, or keep the backtest\'s metrics.json beside the trades file',
      { file: metricsFile },
    );
  }
  let metrics: { inputs?: { starting_cash?: unknown }; metrics?: { tradeCount?: unknown } };
  try {
    metrics = JSON.parse(readFileSync(metricsFile, 'utf8')) as typeof metrics;
  } catch (error) {
    throw new RooneyError('bad_metrics', `not a backtest's metrics.json: ${(error as Error).message}; pass --starting-equity`, { file: metricsFile });
  }
  const cash = metrics.inputs?.starting_cash;
  if (typeof cash !== 'number' || !(cash > 0)) {
    throw new RooneyError('bad_metrics', 'no positive inputs.starting_cash: pass --starting-equity', { file: metricsFile, field: 'inputs.starting_cash' });
  }
  const count = metrics.metrics?.tradeCount;
  if (typeof count === 'number' && count !== tradeCount) {
    throw new RooneyError(
      'bad_metrics',
      `describes ${count} trades but the trades file has ${tradeCount}: they are not from the same run; pass --starting-equity`,
      { file: metricsFile, field: 'metrics.tradeCount' },
    );
  }
  return { startingEquity: cash, source: 'metrics.json inputs.starting_cash' };
}

/** The `--json` document: paths, trades, the account (starting equity, its source, the ruin rule), final_equity, max_drawdown, prob_ruin. */
export function monteCarloJson(result: MonteCarloResult, account: MonteCarloAccount): Record<string, unknown> {
  return {
    paths: result.paths,
    trades: result.trades,
    starting_equity: account.startingEquity,
    starting_equity_source: account.startingEquitySource,
    ruin_equity: account.ruinEquity,
    ruin_rule: ruinRule(account),
    final_equity: distributionJson(result.finalEquity),
    max_drawdown: distributionJson(result.maxDrawdown),
    prob_ruin: result.probRuin,
  };
}

/** The readable table printed without `--json`. */
export function monteCarloText(result: MonteCarloResult, account: MonteCarloAccount, seed: number): string {
  const row = (name: string, d: Distribution, format: (v: number) => string): string[] => [
    name,
    format(d.mean),
    format(d.p5),
    format(d.p25),
    format(d.p50),
    format(d.p75),
    format(d.p95),
  ];
  const trades = (v: number): string => v.toFixed(1);
  const method = result.method === 'block' ? `block (size ${result.blockSize})` : result.method;
  return [
    `Monte Carlo: ${result.paths} paths x ${result.trades} trades, method ${method}, seed ${seed}`,
    `starting equity ${money(account.startingEquity)} (from ${account.startingEquitySource})`,
    '',
    textTable(
      ['', 'mean', 'p5', 'p25', 'p50', 'p75', 'p95'],
      [
        row('final equity', result.finalEquity, money),
        row('max drawdown', result.maxDrawdown, money),
        row('longest drawdown (trades)', result.longestDrawdown, trades),
      ],
    ),
    '',
    `probability of ruin: ${percent(result.probRuin)}; ${ruinRule(account)}`,
    '',
  ].join('\n');
}

/** `fan.csv`: equity percentile bands per trade index. */
export function fanCsv(result: MonteCarloResult): string {
  const { fan } = result;
  const lines = ['trade_index,p5,p25,p50,p75,p95'];
  for (let k = 0; k < fan.tradeIndex.length; k++) {
    lines.push([fan.tradeIndex[k], fan.p5[k], fan.p25[k], fan.p50[k], fan.p75[k], fan.p95[k]].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Everything in `montecarlo.json` under `--out`: the `--json` document plus settings, drawdown lengths and the fan. */
export function monteCarloDocument(
  result: MonteCarloResult,
  settings: { seed: number; account: MonteCarloAccount; tradesFile: string },
): Record<string, unknown> {
  return {
    ...monteCarloJson(result, settings.account),
    longest_drawdown: distributionJson(result.longestDrawdown),
    method: result.method,
    block_size: result.blockSize,
    seed: settings.seed,
    trades_file: settings.tradesFile,
    fan: {
      trade_index: result.fan.tradeIndex,
      p5: result.fan.p5,
      p25: result.fan.p25,
      p50: result.fan.p50,
      p75: result.fan.p75,
      p95: result.fan.p95,
    },
  };
}

/** Registers `rooney montecarlo`: resamples a backtest's trades into equity-path distributions. */
export function registerMonteCarloCommand(program: Command): void {
  program
    .command('montecarlo')
    .description('Resample a trades CSV (iid, block bootstrap or shuffle) into final-equity, drawdown and ruin distributions.')
    .requiredOption('--trades <file>', 'trades CSV (as written by `rooney backtest`)')
    .option('--paths <n>', 'number of simulated paths', '10000')
    .option('--method <method>', 'iid | block | shuffle', 'iid')
    .option('--block-size <n>', 'block length for --method block (default: round(trades^(1/3)))')
    .option('--seed <n>', 'random seed', '1')
    .option('--starting-equity <amount>', "equity before the first trade (default: the backtest's starting_cash from metrics.json beside the trades file)")
    .option('--ruin-equity <amount>', 'a path is ruined when equity after a trade is at or below this (default 0)')
    .option('--json', 'print the summary as JSON')
    .option('--out <dir>', 'also write montecarlo.json, fan.csv and report.html (fan chart) into this directory')
    .action((flags: MonteCarloFlags) => {
      const paths = parseIntegerOption('--paths', flags.paths, 1);
      if (!METHODS.includes(flags.method as ResampleMethod)) {
        throw new RooneyError('bad_option', `--method must be one of ${METHODS.join(', ')}, was "${flags.method}"`);
      }
      const method = flags.method as ResampleMethod;
      const blockSize = flags.blockSize === undefined ? undefined : parseIntegerOption('--block-size', flags.blockSize, 1);
      if (blockSize !== undefined && method !== 'block') {
        throw new RooneyError('bad_option', `--block-size only applies to --method block, method was "${method}"`);
      }
      const seed = parseIntegerOption('--seed', flags.seed);
      const ruinEquity = flags.ruinEquity === undefined ? 0 : parseNumberOption('--ruin-equity', flags.ruinEquity);
      const tradesFile = resolve(flags.trades);
      const trades = readTradesCsv(tradesFile);
      if (trades.length === 0) throw new RooneyError('bad_csv', 'the trades file has no trades', { file: tradesFile });
      const { startingEquity, source } = startingEquityFor(tradesFile, trades.length, flags.startingEquity);
      if (!(ruinEquity < startingEquity)) {
        throw new RooneyError('bad_option', `--ruin-equity must be below the starting equity (${startingEquity}, from ${source}), was ${ruinEquity}`);
      }
      const account: MonteCarloAccount = { startingEquity, startingEquitySource: source, ruinEquity };
      const pnls = netPnlsByExit(trades);
      if (blockSize !== undefined && blockSize > pnls.length) {
        throw new RooneyError('bad_option', `--block-size must be at most the number of trades (${pnls.length}), was ${blockSize}`);
      }
      const result = runMonteCarlo(pnls, { paths, method, blockSize, seed, startEquity: startingEquity, ruinEquity });
      process.stdout.write(flags.json === true ? `${JSON.stringify(monteCarloJson(result, account), null, 2)}\n` : monteCarloText(result, account, seed));
      if (flags.out !== undefined) {
        const dir = resolve(flags.out);
        mkdirSync(dir, { recursive: true });
        const document = monteCarloDocument(result, { seed, account, tradesFile });
        writeFileSync(join(dir, 'montecarlo.json'), `${JSON.stringify(document, null, 2)}\n`);
        writeFileSync(join(dir, 'fan.csv'), fanCsv(result));
        writeFileSync(join(dir, 'report.html'), monteCarloReportHtml(result, { seed, account, ruinRule: ruinRule(account), tradesFile }));
        if (flags.json !== true) process.stdout.write(`wrote ${dir}/{montecarlo.json,fan.csv,report.html}\n`);
      }
    });
}
