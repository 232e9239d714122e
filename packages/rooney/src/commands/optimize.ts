import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_CONTRACTS, RooneyError, isoUtc } from '@rooney/core';
import { optimizePortfolio } from '@rooney/portfolio';
import type { OptimizationMethod, OptimizationResult, PortfolioStatistics, ReturnsTable } from '@rooney/portfolio';
import type { Command } from 'commander';
import { parseNumberOption } from '../cli-support.ts';
import { ratio, textTable } from '../table-format.ts';
import { optimizeReportHtml } from './optimize-report.ts';
import { parseCsvRows } from './trades-csv.ts';

interface OptimizeFlags {
  returns: string;
  method: string;
  maxWeight?: string;
  grossExposure?: string;
  maxDrawdown?: string;
  holdOut: string;
  json?: boolean;
}

const METHODS: readonly OptimizationMethod[] = ['greedy', 'mean_variance'];

/** Parses `2024-01-31`, `20240131` or a full ISO-8601 time into epoch ms (dates are UTC midnight). */
function parseDate(text: string): number {
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (compact !== null) return Date.UTC(Number(compact[1]), Number(compact[2]) - 1, Number(compact[3]));
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Date.parse(`${text}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}T/.test(text) ? Date.parse(text) : Number.NaN;
}

/**
 * Parses a returns CSV: a `date` column and one numeric column per instrument or strategy (daily
 * returns or daily PnL). An empty cell counts as 0 (nothing held that day); dates must increase.
 */
export function parseReturnsCsv(text: string, file = 'returns CSV'): ReturnsTable {
  const rows = parseCsvRows(text, file);
  if (rows.length === 0) throw new RooneyError('bad_csv', 'file is empty (no header)', { file });
  const header = rows[0].fields.map((name) => name.trim());
  const dateColumn = header.indexOf('date');
  if (dateColumn < 0) throw new RooneyError('bad_csv', `missing column "date" (header: ${header.join(',')})`, { file, line: 1 });
  const valueColumns = header.map((_, k) => k).filter((k) => k !== dateColumn);
  if (valueColumns.length === 0) throw new RooneyError('bad_csv', 'no instrument columns besides "date"', { file, line: 1 });
  const n = rows.length - 1;
  const ts = new Float64Array(n);
  const columns = valueColumns.map(() => new Float64Array(n));
  for (let r = 0; r < n; r++) {
    const { line, fields } = rows[r + 1];
    if (fields.length !== header.length) {
      throw new RooneyError('bad_csv', `expected ${header.length} fields, found ${fields.length}`, { file, line });
    }
    const dateText = fields[dateColumn].trim();
    ts[r] = parseDate(dateText);
    if (!Number.isFinite(ts[r])) {
      throw new RooneyError('bad_csv', `not a date: "${dateText}" (use 2024-01-31)`, { file, line, field: 'date' });
    }
    if (r > 0 && !(ts[r] > ts[r - 1])) {
      throw new RooneyError('bad_csv', `dates must increase, "${dateText}" follows ${isoUtc(ts[r - 1]).slice(0, 10)}`, { file, line, field: 'date' });
    }
    valueColumns.forEach((k, c) => {
      const raw = fields[k].trim();
      const value = raw === '' ? 0 : Number(raw);
      if (!Number.isFinite(value)) throw new RooneyError('bad_csv', `not a number: "${raw}"`, { file, line, field: header[k] });
      columns[c][r] = value;
    });
  }
  return { names: valueColumns.map((k) => header[k]), ts, columns };
}

function statisticsJson(s: PortfolioStatistics): Record<string, number | null> {
  return { days: s.days, sharpe: s.sharpe, annual_return: s.annualReturn, total_return: s.totalReturn, max_drawdown: s.maxDrawdown };
}

/** The `--json` document. */
export function optimizeJson(result: OptimizationResult): Record<string, unknown> {
  const weights: Record<string, number> = {};
  result.names.forEach((name, k) => (weights[name] = result.weights[k]));
  const comparison = (c: OptimizationResult['inSample'] | null) =>
    c === null ? null : { optimized: statisticsJson(c.optimized), equal_weight: statisticsJson(c.equalWeight) };
  return {
    method: result.method,
    weights,
    in_sample_days: result.inSampleDays,
    out_of_sample_days: result.outOfSampleDays,
    hold_out_start: result.holdOutStartTs === null ? null : isoUtc(result.holdOutStartTs).slice(0, 10),
    in_sample: comparison(result.inSample),
    out_of_sample: comparison(result.outOfSample),
    drawdown_scale: result.drawdownScale,
    steps: result.steps.map((s) => ({ added: s.added, sharpe: s.sharpe })),
    shrinkage: result.shrinkage,
    integer_contracts:
      result.integerContracts === null
        ? null
        : {
            contracts: Object.fromEntries(result.names.map((name, k) => [name, result.integerContracts?.contracts[k] ?? 0])),
            margin_used: result.integerContracts.marginUsed,
            in_sample: statisticsJson(result.integerContracts.inSample),
            out_of_sample: result.integerContracts.outOfSample === null ? null : statisticsJson(result.integerContracts.outOfSample),
          },
  };
}

/**
 * Initial margin per column for `--capital`: `--margins ES=12500,NQ=18000` first, else the default
 * contract specs (columns named after symbols, as in `daily_pnl.csv`).
 */
export function marginsFor(names: readonly string[], overrides: string | undefined): number[] {
  const given = new Map<string, number>();
  for (const part of overrides?.split(',') ?? []) {
    const match = /^\s*([^=\s]+)\s*=\s*([0-9.]+)\s*$/.exec(part);
    if (match === null || !(Number(match[2]) > 0)) {
      throw new RooneyError('bad_option', `--margins must look like ES=12500,NQ=18000, was "${overrides}"`);
    }
    given.set(match[1], Number(match[2]));
  }
  return names.map((name) => {
    const margin = given.get(name) ?? DEFAULT_CONTRACTS[name]?.margin;
    if (margin === undefined || !(margin > 0)) {
      throw new RooneyError('bad_option', `no margin known for column "${name}": pass --margins ${name}=<amount>`);
    }
    return margin;
  });
}

/** The readable report printed without `--json`. */
export function optimizeText(result: OptimizationResult): string {
  const number = (v: number): string => (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toPrecision(4));
  const statsRow = (label: string, s: PortfolioStatistics): string[] => [
    label,
    String(s.days),
    ratio(s.sharpe),
    number(s.annualReturn),
    number(s.totalReturn),
    number(s.maxDrawdown),
  ];
  const rows = [
    statsRow('in-sample, optimized', result.inSample.optimized),
    statsRow('in-sample, equal weight', result.inSample.equalWeight),
  ];
  if (result.outOfSample !== null) {
    rows.push(statsRow('hold-out, optimized', result.outOfSample.optimized));
    rows.push(statsRow('hold-out, equal weight', result.outOfSample.equalWeight));
  }
  const notes: string[] = [];
  if (result.shrinkage !== null) notes.push(`Ledoit-Wolf shrinkage ${result.shrinkage.toFixed(3)}`);
  if (result.steps.length > 0) notes.push(`greedy order: ${result.steps.map((s) => s.added).join(', ')}`);
  if (result.drawdownScale < 1) notes.push(`weights scaled by ${result.drawdownScale.toFixed(4)} to meet --max-drawdown`);
  const contracts = result.integerContracts;
  if (contracts !== null) {
    notes.push(
      `whole contracts (margin used ${contracts.marginUsed.toFixed(0)}): ${result.names.map((name, k) => `${name} ${contracts.contracts[k]}`).join(', ')}; ` +
        `in-sample Sharpe ${ratio(contracts.inSample.sharpe)}${contracts.outOfSample === null ? '' : `, hold-out Sharpe ${ratio(contracts.outOfSample.sharpe)}`}`,
    );
  }
  const holdOut = result.holdOutStartTs === null ? 'no hold-out' : `hold-out from ${isoUtc(result.holdOutStartTs).slice(0, 10)}`;
  return [
    `Portfolio optimisation (${result.method}): ${result.inSampleDays} in-sample days, ${result.outOfSampleDays} held out (${holdOut})`,
    '',
    textTable(
      ['instrument', 'weight'],
      result.names.map((name, k) => [name, result.weights[k].toFixed(4)]),
    ),
    '',
    textTable(['portfolio', 'days', 'sharpe', 'annual return', 'total', 'max drawdown'], rows),
    ...(notes.length > 0 ? ['', ...notes] : []),
    '',
  ].join('\n');
}

/** Registers `rooney optimize`: weights for several return (or PnL) series, checked on a hold-out. */
export function registerOptimizeCommand(program: Command): void {
  program
    .command('optimize')
    .description('Choose portfolio weights (greedy Sharpe selection or Ledoit-Wolf mean-variance) and compare them with equal weight on a hold-out.')
    .requiredOption('--returns <file>', 'CSV with a "date" column and one column of daily returns or PnL per instrument')
    .option('--method <method>', 'greedy | mean_variance', 'greedy')
    .option('--max-weight <w>', 'largest weight of one instrument (default: no cap)')
    .option('--gross-exposure <g>', 'sum of the weights', '1')
    .option('--max-drawdown <amount>', 'scale weights down so the in-sample drawdown stays within this')
    .option('--hold-out <fraction>', 'fraction of the last days held out of the fit', '0.3')
    .option('--capital <amount>', 'also turn the weights into whole contracts within this capital (columns = symbols, PnL per contract)')
    .option('--margins <list>', 'initial margin per column for --capital, e.g. ES=12500,NQ=18000 (default: the contract specs)')
    .option('--json', 'print the result as JSON')
    .option('--out <dir>', 'also write optimize.json and report.html into this directory')
    .action((flags: OptimizeFlags & { out?: string; capital?: string; margins?: string }) => {
      if (!METHODS.includes(flags.method as OptimizationMethod)) {
        throw new RooneyError('bad_option', `--method must be one of ${METHODS.join(', ')}, was "${flags.method}"`);
      }
      const grossExposure = parseNumberOption('--gross-exposure', flags.grossExposure ?? '1');
      const maxWeight = flags.maxWeight === undefined ? undefined : parseNumberOption('--max-weight', flags.maxWeight);
      const maxDrawdown = flags.maxDrawdown === undefined ? undefined : parseNumberOption('--max-drawdown', flags.maxDrawdown);
      const holdOutFraction = parseNumberOption('--hold-out', flags.holdOut);
      if (!(grossExposure > 0)) throw new RooneyError('bad_option', `--gross-exposure must be > 0, was ${grossExposure}`);
      if (maxWeight !== undefined && !(maxWeight > 0 && maxWeight <= grossExposure)) {
        throw new RooneyError('bad_option', `--max-weight must be in (0, ${grossExposure}], was ${maxWeight}`);
      }
      if (maxDrawdown !== undefined && !(maxDrawdown > 0)) throw new RooneyError('bad_option', `--max-drawdown must be > 0, was ${maxDrawdown}`);
      if (!(holdOutFraction >= 0 && holdOutFraction < 1)) {
        throw new RooneyError('bad_option', `--hold-out must be in [0, 1), was ${holdOutFraction}`);
      }
      const file = resolve(flags.returns);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        throw new RooneyError('file_not_found', `cannot read returns file: ${(error as Error).message}`, { file });
      }
      const table = parseReturnsCsv(text, file);
      if (maxWeight !== undefined && flags.method === 'mean_variance' && maxWeight * table.names.length < grossExposure) {
        throw new RooneyError(
          'bad_option',
          `--max-weight ${maxWeight} x ${table.names.length} instruments cannot reach --gross-exposure ${grossExposure}`,
        );
      }
      const result = optimizePortfolio(table, {
        method: flags.method as OptimizationMethod,
        maxWeight,
        grossExposure,
        maxDrawdown,
        holdOutFraction,
        ...(flags.capital !== undefined
          ? { integerContracts: { capital: parseNumberOption('--capital', flags.capital), margins: marginsFor(table.names, flags.margins) } }
          : {}),
      });
      process.stdout.write(flags.json === true ? `${JSON.stringify(optimizeJson(result), null, 2)}\n` : optimizeText(result));
      if (flags.out !== undefined) {
        const dir = resolve(flags.out);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'optimize.json'), `${JSON.stringify(optimizeJson(result), null, 2)}\n`);
        writeFileSync(join(dir, 'report.html'), optimizeReportHtml(table, result));
        if (flags.json !== true) process.stdout.write(`wrote ${dir}/{optimize.json,report.html}\n`);
      }
    });
}
