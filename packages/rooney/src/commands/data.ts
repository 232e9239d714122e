import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { RooneyError, isoUtc, parseClockTime, timeframeName } from '@rooney/core';
import {
  BUILTIN_REFERENCE_SYMBOLS,
  BUILTIN_SYMBOLS,
  SYNTHETIC_DATASET_LABEL,
  generateSyntheticDataset,
  inspectBars,
  loadBarsFile,
  writeArrowBars,
  writeCsvBars,
} from '@rooney/data';
import type { Command } from 'commander';
import { parseIntegerOption } from '../cli-support.ts';
import { textTable } from '../table-format.ts';
import { registerDataCatalogCommand } from './data-catalog.ts';
import { registerDataFetchCommand } from './data-fetch.ts';

interface SessionFlags {
  sessionStart: string;
  sessionTimezone: string;
  timezone: string;
  onBadRow: string;
  symbol?: string;
}

function sessionFlags(flags: SessionFlags) {
  if (flags.onBadRow !== 'error' && flags.onBadRow !== 'skip') {
    throw new RooneyError('bad_option', `--on-bad-row must be error or skip, was "${flags.onBadRow}"`);
  }
  return {
    session: { startMinutes: parseClockTime(flags.sessionStart), timeZone: flags.sessionTimezone },
    timeZone: flags.timezone,
    onBadRow: flags.onBadRow as 'error' | 'skip',
    ...(flags.symbol !== undefined ? { symbol: flags.symbol } : {}),
  };
}

export function registerDataCommands(program: Command): void {
  const data = program.command('data').description('Import, generate and inspect bar data; fetch Databento bars into a local catalog.');
  registerDataFetchCommand(data);
  registerDataCatalogCommand(data);

  data
    .command('import <file>')
    .description('Convert a CSV (or .csv.gz, .dbn) bar file to Arrow so later loads are fast.')
    .option('--out <file>', 'output .arrow file (default: beside the input)')
    .option('--symbol <symbol>', 'symbol (default: from the file name)')
    .option('--session-start <hh:mm>', 'session start for date-only rows (default: CME Globex)', '17:00')
    .option('--session-timezone <tz>', 'time zone of the session start', 'America/Chicago')
    .option('--timezone <tz>', 'time zone of naive timestamps', 'UTC')
    .option('--on-bad-row <mode>', 'error or skip', 'error')
    .action((file: string, flags: SessionFlags & { out?: string }) => {
      const result = loadBarsFile(resolve(file), sessionFlags(flags));
      const out = resolve(flags.out ?? `${resolve(file).replace(/\.(csv|txt)(\.gz)?$|\.dbn(\.zst)?$/i, '')}.arrow`);
      writeArrowBars(out, result.series);
      const s = result.series;
      process.stdout.write(
        `${s.symbol}: ${s.length} ${timeframeName(s.barMs)} bars, ${s.length > 0 ? `${isoUtc(s.ts[0])} → ${isoUtc(s.ts[s.length - 1])}` : 'empty'}` +
          `${result.skipped.count > 0 ? `, ${result.skipped.count} bad rows skipped` : ''}\nwrote ${out}\n`,
      );
    });

  data
    .command('synth')
    .description(`Write the built-in dataset (${SYNTHETIC_DATASET_LABEL}): 1-minute bars of 18 futures plus TLT daily.`)
    .option('--out <dir>', 'output directory', 'datasets/builtin')
    .option('--start <date>', 'first day', '2023-01-02')
    .option('--days <n>', 'calendar days', '365')
    .option('--seed <n>', 'seed', '1')
    .option('--symbols <list>', 'comma-separated subset')
    .option('--format <format>', 'arrow or csv', 'arrow')
    .action((flags: { out: string; start: string; days: string; seed: string; symbols?: string; format: string }) => {
      if (flags.format !== 'arrow' && flags.format !== 'csv') {
        throw new RooneyError('bad_option', `--format must be arrow or csv, was "${flags.format}"`);
      }
      const symbols = flags.symbols?.split(',').map((s) => s.trim()) ?? [...BUILTIN_SYMBOLS, ...BUILTIN_REFERENCE_SYMBOLS];
      const dataset = generateSyntheticDataset({
        symbols,
        start: flags.start,
        days: parseIntegerOption('--days', flags.days, 1),
        seed: parseIntegerOption('--seed', flags.seed),
      });
      const dir = resolve(flags.out);
      mkdirSync(dir, { recursive: true });
      let total = 0;
      for (const [symbol, bars] of dataset) {
        const path = join(dir, `${symbol}.${flags.format}`);
        if (flags.format === 'arrow') writeArrowBars(path, bars);
        else writeCsvBars(path, bars);
        total += bars.length;
      }
      process.stdout.write(`${SYNTHETIC_DATASET_LABEL}: ${dataset.size} symbols, ${total} bars written to ${dir}\n`);
    });

  data
    .command('inspect <file>')
    .description('Rows, span, bar size, gaps and bad rows of a bar file.')
    .option('--symbol <symbol>', 'symbol (default: from the file name)')
    .option('--session-start <hh:mm>', 'session start for date-only rows (default: CME Globex)', '17:00')
    .option('--session-timezone <tz>', 'time zone of the session start', 'America/Chicago')
    .option('--timezone <tz>', 'time zone of naive timestamps', 'UTC')
    .option('--json', 'print JSON')
    .action((file: string, flags: Omit<SessionFlags, 'onBadRow'> & { json?: boolean }) => {
      const report = inspectBars(resolve(file), sessionFlags({ ...flags, onBadRow: 'skip' }));
      if (flags.json === true) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const lines = [
        `${basename(file)} (${report.format})`,
        textTable(
          ['field', 'value'],
          [
            ['symbol', report.symbol],
            ['rows', String(report.rows)],
            ['bar size', Number.isFinite(report.barMs) ? timeframeName(report.barMs) : '-'],
            ['first bar (close)', report.first ?? '-'],
            ['last bar (close)', report.last ?? '-'],
            ['gaps longer than a bar', String(report.gaps.count)],
            ['duplicate timestamps', String(report.duplicates)],
            ['bad rows', String(report.badRows.count)],
          ],
        ),
      ];
      if (report.priceDivisor !== 1) {
        lines.push(
          '',
          `prices: the file holds Quantiacs dollars per contract; divided by the big-point value ${report.priceDivisor.toLocaleString('en-US')} into quote prices (RINFO roll gaps too), so PnL = points × the contract multiplier`,
        );
      }
      if (report.gaps.largest.length > 0) {
        lines.push('', 'largest gaps:', ...report.gaps.largest.map((g) => `  ${g.from} → ${g.to}  (${g.hours.toFixed(1)} h)`));
      }
      if (report.badRows.first.length > 0) {
        lines.push('', 'first bad rows:', ...report.badRows.first.map((r) => `  line ${r.line}, field "${r.field}": ${r.message}`));
      }
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
