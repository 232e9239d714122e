import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RooneyError, isoUtc } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { loadBarsFile } from '@rooney/data';
import { INDICATORS, computeOverBars, parseIndicatorSpec } from '@rooney/indicators';
import type { IndicatorColumns, IndicatorDefinition } from '@rooney/indicators';
import type { Command } from 'commander';
import { collect } from '../cli-support.ts';
import { formatNumber } from '../backtest/csv-format.ts';
import { textTable } from '../table-format.ts';

interface IndicatorFlags {
  list?: boolean;
  json?: boolean;
  data?: string;
  ind?: string[];
  format: string;
  out?: string;
}

/**
 * Bars each output line needs before it is defined, with the default parameters: every line shows
 * from its own warm-up (ADX after 28 bars, ADXR after 42), `warmUp` is the largest.
 */
export function lineWarmUps(definition: IndicatorDefinition): { warmUp: number; lines: Record<string, number> } {
  const indicator = definition.create({});
  const lines: Record<string, number> = {};
  indicator.lines.forEach((name, k) => (lines[name] = indicator.lineWarmUp(k)));
  return { warmUp: indicator.warmUp, lines };
}

/**
 * Every registered indicator as plain JSON: name, title, input, parameters (default, range), lines,
 * and the warm-up in bars with the default parameters, of the whole indicator (`warmUp`) and of
 * each line (`lineWarmUps`).
 */
export function indicatorCatalog(): object[] {
  return INDICATORS.map((d) => ({
    name: d.name,
    title: d.title,
    description: d.description,
    input: d.input,
    parameters: d.parameters.map((p) => ({
      name: p.name,
      default: p.default,
      ...(p.min !== undefined ? { min: p.min } : {}),
      ...(p.max !== undefined ? { max: p.max } : {}),
      ...(p.integer === true ? { integer: true } : {}),
      ...(p.choices !== undefined ? { choices: p.choices } : {}),
      description: p.description,
    })),
    lines: d.lines,
    warmUp: lineWarmUps(d).warmUp,
    lineWarmUps: lineWarmUps(d).lines,
  }));
}

/** Computes each spec over the bars; keys are the specs as given. */
export function computeIndicators(bars: BarArrays, specs: readonly string[]): Map<string, IndicatorColumns> {
  const out = new Map<string, IndicatorColumns>();
  for (const text of specs) {
    const spec = parseIndicatorSpec(text);
    out.set(text, computeOverBars(spec.definition.create(spec.parameters), bars));
  }
  return out;
}

/** CSV: `ts` (ISO-8601 UTC) then one column per output line, named `<spec>.<line>` (or `<spec>` for one line). */
export function indicatorsCsv(bars: BarArrays, results: Map<string, IndicatorColumns>): string {
  const names: string[] = [];
  const columns: Float64Array[] = [];
  for (const [spec, lines] of results) {
    const entries = Object.entries(lines);
    for (const [line, values] of entries) {
      names.push(entries.length === 1 ? spec : `${spec}.${line}`);
      columns.push(values);
    }
  }
  const quote = (s: string): string => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = [['ts', ...names.map(quote)].join(',')];
  for (let i = 0; i < bars.length; i++) {
    rows.push([isoUtc(bars.ts[i]), ...columns.map((c) => formatNumber(c[i]))].join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** JSON: `{ "<spec>": { "<line>": [value or null per bar] } }`. */
export function indicatorsJson(results: Map<string, IndicatorColumns>): string {
  const out: Record<string, Record<string, (number | null)[]>> = {};
  for (const [spec, lines] of results) {
    out[spec] = {};
    for (const [line, values] of Object.entries(lines)) {
      out[spec][line] = Array.from(values, (v) => (Number.isFinite(v) ? v : null));
    }
  }
  return `${JSON.stringify(out)}\n`;
}

export function registerIndicatorsCommand(program: Command): void {
  program
    .command('indicators')
    .description('List the indicators, or compute some over a bar file.')
    .option('--list', 'list every indicator with its parameters and output lines')
    .option('--json', 'with --list: print JSON')
    .option('--data <file>', 'bar file (CSV, CSV.gz, Arrow, DBN)')
    .option('--ind <spec>', "indicator spec, e.g. 'rsi(period=14)' (repeatable)", collect)
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .action((flags: IndicatorFlags) => {
      if (flags.list === true) {
        if (flags.json === true) {
          process.stdout.write(`${JSON.stringify(indicatorCatalog(), null, 2)}\n`);
          return;
        }
        const rows = INDICATORS.map((d) => {
          const warmUps = lineWarmUps(d).lines;
          return [
            d.name,
            d.parameters.map((p) => `${p.name}=${String(p.default)}`).join(', '),
            d.lines.map((line) => `${line} ${warmUps[line]}`).join(', '),
            d.title,
          ];
        });
        process.stdout.write(
          `${textTable(['name', 'parameters', 'lines (warm-up bars)', 'title'], rows)}\n${INDICATORS.length} indicators; each line is defined from its own warm-up (default parameters)\n`,
        );
        return;
      }
      if (flags.data === undefined || flags.ind === undefined || flags.ind.length === 0) {
        throw new RooneyError('bad_option', 'give --list, or --data FILE with at least one --ind SPEC');
      }
      if (flags.format !== 'csv' && flags.format !== 'json') {
        throw new RooneyError('bad_option', `--format must be csv or json, was "${flags.format}"`);
      }
      const bars = loadBarsFile(resolve(flags.data)).series;
      const results = computeIndicators(bars, flags.ind);
      const text = flags.format === 'json' ? indicatorsJson(results) : indicatorsCsv(bars, results);
      if (flags.out !== undefined) writeFileSync(resolve(flags.out), text);
      else process.stdout.write(text);
    });
}
