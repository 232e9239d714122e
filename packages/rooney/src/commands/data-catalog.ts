import { resolve } from 'node:path';
import { RooneyError, isoUtc, parseClockTime, timeframeName } from '@rooney/core';
import { BarCatalog, CatalogWriter, importBarFileToCatalog, summarizeCatalog, verifyCatalog } from '@rooney/data';
import type { CatalogSummary } from '@rooney/data';
import { formatBytes, importDbnFileToCatalog } from '@rooney/databento';
import type { Command } from 'commander';
import { textTable } from '../table-format.ts';
import { DEFAULT_CATALOG_DIR } from './data-fetch.ts';

interface ImportFlags {
  catalog: string;
  dataset?: string;
  schema?: string;
  symbol?: string;
  sessionStart: string;
  timezone: string;
  onBadRow: string;
}

/** Registers `rooney data catalog [DIR]`, `… catalog import FILE…` and `… catalog verify [DIR]` under `rooney data`. */
export function registerDataCatalogCommand(data: Command): void {
  const catalog = data
    .command('catalog [dir]')
    .description('List a bar catalog: stored symbols, spans, coverage gaps, the longest gaps between bars, sizes, and continuous symbols with their contracts.')
    .option('--json', 'print JSON')
    .action((dir: string | undefined, flags: { json?: boolean }) => {
      const summary = summarizeCatalog(BarCatalog.open(resolve(dir ?? DEFAULT_CATALOG_DIR)));
      process.stdout.write(flags.json === true ? `${JSON.stringify(summary, null, 2)}\n` : `${formatSummary(summary)}\n`);
    });

  catalog
    .command('import <files...>')
    .description('Add bar files you already have to a catalog: Databento DBN (.dbn, .dbn.zst, contracts and continuous mappings kept), CSV (.csv, .csv.gz) or Arrow.')
    .option('--catalog <dir>', 'catalog directory', DEFAULT_CATALOG_DIR)
    .option('--dataset <name>', 'dataset for CSV/Arrow files (DBN files carry theirs)', 'imported')
    .option('--schema <schema>', 'schema for CSV/Arrow files (default: from the bar size, e.g. ohlcv-1m)')
    .option('--symbol <symbol>', 'symbol for a CSV/Arrow file (default: from the file name)')
    .option('--session-start <hh:mm>', 'session start for date-only rows', '23:00')
    .option('--timezone <tz>', 'time zone of naive timestamps', 'UTC')
    .option('--on-bad-row <mode>', 'error or skip', 'error')
    .action((files: string[], flags: ImportFlags) => {
      if (flags.onBadRow !== 'error' && flags.onBadRow !== 'skip') throw new RooneyError('bad_option', `--on-bad-row must be error or skip, was "${flags.onBadRow}"`);
      if (flags.symbol !== undefined && files.length > 1) throw new RooneyError('bad_option', '--symbol names one file\'s symbol; import the files one by one');
      const dir = resolve(flags.catalog);
      const writer = CatalogWriter.open(dir);
      const at = new Date().toISOString();
      try {
        for (const file of files.map((f) => resolve(f))) {
          if (/\.dbn(\.zst)?$/i.test(file)) {
            const result = importDbnFileToCatalog(writer, file, { at });
            const mapped = result.mapped.length > 0 ? `; mapping of ${result.mapped.join(', ')} stored` : '';
            process.stdout.write(`${file}: ${result.dataset} ${result.schema}, ${result.symbols.map((s) => `${s.symbol} ${s.rows} bars`).join(', ')}${mapped}\n`);
          } else {
            const result = importBarFileToCatalog(writer, file, {
              ...(flags.dataset !== undefined ? { dataset: flags.dataset } : {}),
              ...(flags.schema !== undefined ? { schema: flags.schema } : {}),
              at,
              load: {
                ...(flags.symbol !== undefined ? { symbol: flags.symbol } : {}),
                session: { startMinutes: parseClockTime(flags.sessionStart), timeZone: flags.timezone },
                timeZone: flags.timezone,
                onBadRow: flags.onBadRow as 'error' | 'skip',
              },
            });
            process.stdout.write(`${file}: ${result.dataset} ${result.schema} ${result.symbol}, ${result.rows} bars in ${result.partitions.length} month(s)${result.skipped > 0 ? `, ${result.skipped} bad rows skipped` : ''}\n`);
          }
        }
      } finally {
        writer.close();
      }
      process.stdout.write(`catalog: ${dir}\n`);
    });

  catalog
    .command('verify [dir]')
    .description('Re-hash every partition against the manifest; list corrupt, missing and unlisted files (exit 1 if any).')
    .action((dir: string | undefined) => {
      const opened = BarCatalog.open(resolve(dir ?? DEFAULT_CATALOG_DIR));
      const result = verifyCatalog(opened);
      const lines = [`${result.checked} partitions checked`];
      for (const path of result.corrupt) lines.push(`corrupt (hash or size differs): ${path}`);
      for (const path of result.missing) lines.push(`missing: ${path}`);
      for (const path of result.unlisted) lines.push(`not in the manifest: ${path}`);
      process.stdout.write(`${lines.join('\n')}\n`);
      if (!result.ok) {
        throw new RooneyError('catalog_corrupt', `${result.corrupt.length} corrupt, ${result.missing.length} missing, ${result.unlisted.length} unlisted file(s); fetch or import them again (a writer drops missing files from the manifest)`, { file: opened.dir });
      }
    });
}

/** `3.5 h`, `2.1 d`. */
function duration(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 48 ? `${(hours / 24).toFixed(1)} d` : `${hours.toFixed(1)} h`;
}

const day = (ts: number | null): string => (ts === null ? '-' : isoUtc(ts).slice(0, 16).replace('T', ' '));

/** The listing of `rooney data catalog`. */
export function formatSummary(summary: CatalogSummary): string {
  const symbols = new Set(summary.symbols.map((s) => `${s.dataset}/${s.symbol}`)).size;
  const lines = [`${summary.dir}: ${symbols} stored symbol(s), ${summary.totalRows.toLocaleString('en-US')} bars, ${formatBytes(summary.totalBytes)}, ${summary.requests} request(s)`];
  const groups = new Map<string, typeof summary.symbols>();
  for (const s of summary.symbols) groups.set(`${s.dataset} ${s.schema}`, [...(groups.get(`${s.dataset} ${s.schema}`) ?? []), s]);
  for (const [name, list] of groups) {
    lines.push('', name);
    lines.push(
      textTable(
        ['symbol', 'bars', 'first bar (close)', 'last bar (close)', 'months', 'size', 'coverage gaps', 'longest gap'],
        list.map((s) => [
          s.symbol,
          s.rows.toLocaleString('en-US'),
          day(s.firstTs),
          day(s.lastTs),
          String(s.months),
          formatBytes(s.bytes),
          s.coverageGaps.length === 0 ? 'none' : s.coverageGaps.map(([a, b]) => `${isoUtc(a).slice(0, 10)}→${isoUtc(b).slice(0, 10)}`).join(', '),
          s.longestGap === null || s.longestGap[1] - s.longestGap[0] <= s.barMs ? 'none' : `${duration(s.longestGap[1] - s.longestGap[0])} after ${day(s.longestGap[0])}`,
        ]),
      ),
    );
    if (list.some((s) => s.barMs !== list[0].barMs)) lines.push(`  (bar sizes: ${[...new Set(list.map((s) => timeframeName(s.barMs)))].join(', ')})`);
  }
  if (summary.mapped.length > 0) {
    lines.push('', 'continuous symbols (built on load from the stored contracts with the configured roll rule)');
    lines.push(
      textTable(
        ['symbol', 'dataset', 'mapped days', 'contracts', 'mapped days without bars'],
        summary.mapped.map((m) => [
          m.symbol,
          m.dataset,
          `${m.startDate} → ${m.endDate}`,
          `${m.contracts.length} (${m.contracts[0]?.symbol ?? '-'}${m.contracts.length > 1 ? ` … ${m.contracts[m.contracts.length - 1].symbol}` : ''})`,
          m.uncovered.length === 0 ? 'none' : m.uncovered.map((u) => `${u.contract} ${isoUtc(u.from).slice(0, 10)}→${isoUtc(u.to).slice(0, 10)} (${u.schema})`).join(', '),
        ]),
      ),
    );
  }
  return lines.join('\n');
}
