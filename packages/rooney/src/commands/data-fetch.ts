import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { DAY_MS, RooneyError, isoUtc } from '@rooney/core';
import { DatabentoHistoricalClient, Secret, WallClock, fetchToCatalog, formatBytes } from '@rooney/databento';
import type { CatalogFetchResult, FetchEstimate, FetchEvent, HistoricalBarSchema, Logger, LogLevel } from '@rooney/databento';
import type { Command } from 'commander';
import { parseIntegerOption, parseNumberOption } from '../cli-support.ts';

/** Where catalogs go unless `--catalog` says otherwise. */
export const DEFAULT_CATALOG_DIR = 'catalog';

interface DataFetchFlags {
  dataset: string;
  symbols: string;
  schema: string;
  start: string;
  end: string;
  catalog: string;
  leadDays: string;
  maxCost?: string;
  confirmAbove: string;
  yes?: boolean;
  dryRun?: boolean;
  apiKeyEnv: string;
  historicalUrl?: string;
  maxAttempts: string;
  json?: boolean;
}

/** What the command reads and writes besides the network (swapped in tests). */
export interface DataFetchIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Asks the user a yes/no question; undefined when there is nobody to ask (not a terminal). */
  readonly ask?: (question: string) => Promise<boolean>;
  /** ISO time stamped on what is stored. */
  readonly now: () => string;
  /** Ctrl-C handling: called with a function that stops after the current download; returns the unsubscribe. */
  readonly onInterrupt?: (stop: () => void) => () => void;
}

/** `YYYY-MM-DD` (UTC midnight; `--end` dates are inclusive, so the next midnight) or an ISO time. */
function parseFetchDate(flag: string, text: string, end: boolean): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const ts = Date.parse(`${text}T00:00:00Z`);
    if (Number.isFinite(ts)) return end ? ts + DAY_MS : ts;
  } else {
    const ts = Date.parse(text);
    if (Number.isFinite(ts) && /[zZ]|[+-]\d{2}:?\d{2}$/.test(text)) return ts;
  }
  throw new RooneyError('bad_option', `${flag} must be a date like 2024-12-31 or a UTC time like 2024-12-31T14:30Z, was "${text}"`);
}

/** Registers `rooney data fetch` under `rooney data`. */
export function registerDataFetchCommand(data: Command): void {
  data
    .command('fetch')
    .description(
      'Download Databento bars into a local catalog: sizes the request first (records, billable bytes, cost: free calls) and asks before buying; resumable, one contract-month per download. Continuous symbols (ES.c.0) are stored as their contracts with the mapping, so any roll rule can be rebuilt. The API key comes from the environment only.',
    )
    .requiredOption('--symbols <list>', 'comma-separated continuous (ES.c.0) or contract (ESH5) symbols')
    .requiredOption('--start <date>', 'first day (YYYY-MM-DD, UTC)')
    .requiredOption('--end <date>', 'last day, inclusive (YYYY-MM-DD, UTC)')
    .option('--dataset <name>', 'Databento dataset', 'GLBX.MDP3')
    .option('--schema <schema>', 'ohlcv-1m, ohlcv-1h or ohlcv-1d', 'ohlcv-1m')
    .option('--catalog <dir>', 'catalog directory', DEFAULT_CATALOG_DIR)
    .option('--lead-days <n>', 'days of each contract fetched before it becomes the front contract (for earlier rolls)', '14')
    .option('--max-cost <usd>', 'refuse (before buying anything) when the missing data costs more')
    .option('--confirm-above <usd>', 'ask before buying when the cost is above this', '0')
    .option('--yes', 'buy without asking (still bounded by --max-cost)')
    .option('--dry-run', 'size the request and stop')
    .option('--api-key-env <name>', 'environment variable holding the Databento API key', 'DATABENTO_API_KEY')
    .option('--historical-url <url>', 'Historical API base URL (https; plain http only on loopback)')
    .option('--max-attempts <n>', 'attempts per download on 429/5xx/network errors', '5')
    .option('--json', 'print the result as JSON')
    .action(async (flags: DataFetchFlags) => {
      await runDataFetch(flags, {
        env: process.env,
        out: (text) => process.stdout.write(text),
        err: (text) => process.stderr.write(text),
        ...(process.stdin.isTTY === true && process.stderr.isTTY === true ? { ask: askOnTerminal } : {}),
        now: () => new Date().toISOString(),
        onInterrupt: (stop) => {
          let count = 0;
          const handler = (): void => {
            count++;
            if (count === 1) {
              process.stderr.write('\nrooney: stopping after the current download (Ctrl-C again to quit now; what is saved stays saved)\n');
              stop();
            } else {
              process.exit(130);
            }
          };
          process.on('SIGINT', handler);
          return () => process.off('SIGINT', handler);
        },
      });
    });
}

async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

/** `rooney data fetch`: checks flags, reads the key from the environment, fetches, reports. */
export async function runDataFetch(flags: DataFetchFlags, io: DataFetchIo): Promise<CatalogFetchResult> {
  const symbols = flags.symbols.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const start = parseFetchDate('--start', flags.start, false);
  const end = parseFetchDate('--end', flags.end, true);
  const leadDays = parseIntegerOption('--lead-days', flags.leadDays, 0);
  const maxAttempts = parseIntegerOption('--max-attempts', flags.maxAttempts, 1);
  const maxCostUsd = flags.maxCost === undefined ? undefined : nonNegative('--max-cost', flags.maxCost);
  const confirmAboveUsd = nonNegative('--confirm-above', flags.confirmAbove);
  const catalogDir = resolve(flags.catalog);
  // The key is read here and only here; it goes to the client, never to output or the catalog.
  const apiKey = Secret.fromEnv(io.env, flags.apiKeyEnv);
  const client = new DatabentoHistoricalClient({
    apiKey,
    clock: new WallClock(),
    maxAttempts,
    logger: retryLogger(io.err),
    ...(flags.historicalUrl !== undefined ? { baseUrl: flags.historicalUrl } : {}),
  });
  const controller = new AbortController();
  const unsubscribe = io.onInterrupt?.(() => controller.abort()) ?? ((): void => undefined);
  const confirm = flags.yes === true ? async (): Promise<boolean> => true : io.ask === undefined ? undefined : (estimate: FetchEstimate) => (io.ask as (q: string) => Promise<boolean>)(`Buy it for $${estimate.costUsd.toFixed(2)}? [y/N] `);
  let result: CatalogFetchResult;
  try {
    result = await fetchToCatalog({
      client,
      catalogDir,
      request: { dataset: flags.dataset, schema: flags.schema as HistoricalBarSchema, symbols, start, end, leadDays },
      ...(maxCostUsd !== undefined ? { maxCostUsd } : {}),
      confirmAboveUsd,
      ...(confirm !== undefined ? { confirm } : {}),
      ...(flags.dryRun === true ? { dryRun: true } : {}),
      signal: controller.signal,
      now: io.now,
      onEvent: (event) => report(event, io.err, flags),
    });
  } finally {
    unsubscribe();
  }
  if (flags.json === true) {
    io.out(`${JSON.stringify({ catalog: catalogDir, outcome: result.outcome, estimate: result.estimate ?? null, downloadedChunks: result.downloadedChunks, records: result.records, bytes: result.bytes, heldChunks: result.plan.heldChunks }, null, 2)}\n`);
    return result;
  }
  io.out(`${summaryLine(result, catalogDir)}\n`);
  return result;
}

function nonNegative(flag: string, text: string): number {
  const value = parseNumberOption(flag, text);
  if (value < 0) throw new RooneyError('bad_option', `${flag} must be >= 0, was "${text}"`);
  return value;
}

function summaryLine(result: CatalogFetchResult, catalogDir: string): string {
  switch (result.outcome) {
    case 'nothing_missing':
      return `${catalogDir}: everything asked for is already in the catalog (${result.plan.heldChunks} contract-months); nothing bought`;
    case 'dry_run':
      return `dry run: nothing bought, ${catalogDir} unchanged`;
    case 'declined':
      return 'nothing bought';
    case 'aborted':
      return `stopped: ${result.downloadedChunks} of ${result.plan.chunks.length} downloads saved in ${catalogDir}; run the same command again to resume`;
    default:
      return `saved ${result.downloadedChunks} downloads (${result.records.toLocaleString('en-US')} bars, ${formatBytes(result.bytes)} received) in ${catalogDir}; list it with \`rooney data catalog ${catalogDir}\``;
  }
}

function report(event: FetchEvent, err: (text: string) => void, flags: DataFetchFlags): void {
  switch (event.type) {
    case 'recovered': {
      const r = event.recovery;
      err(`rooney: repaired an interrupted write: ${r.adopted.length} saved download(s) adopted, ${r.missing.length} missing file(s) unlisted, ${r.removedTemporaryFiles} temporary file(s) removed\n`);
      return;
    }
    case 'warning':
      err(`rooney: ${event.message}\n`);
      return;
    case 'resolved':
      err(`${event.symbol} → ${event.contracts.length} contract${event.contracts.length === 1 ? '' : 's'} (${event.contracts[0]}${event.contracts.length > 1 ? ` … ${event.contracts[event.contracts.length - 1]}` : ''})\n`);
      return;
    case 'estimate': {
      const e = event.estimate;
      err(
        [
          `${flags.dataset} ${flags.schema}, ${flags.start} → ${flags.end}: ${e.chunks} contract-month download${e.chunks === 1 ? '' : 's'} to make${e.heldChunks > 0 ? `, ${e.heldChunks} already held` : ''}`,
          `  ${e.records.toLocaleString('en-US')} records, ${formatBytes(e.billableBytes)} billable`,
          `  cost: $${e.costUsd.toFixed(2)} (Databento's quote from metadata.get_cost; nothing bought yet)`,
        ].join('\n') + '\n',
      );
      return;
    }
    case 'chunk':
      err(
        `[${event.index}/${event.total}] ${event.chunk.symbol} ${event.chunk.month} (${isoUtc(event.chunk.start).slice(0, 10)} → ${isoUtc(event.chunk.end).slice(0, 10)}): ${event.records.toLocaleString('en-US')} bars, ${formatBytes(event.bytes)}; ${formatBytes(event.totalBytes)} so far\n`,
      );
      return;
  }
}

/** Client retries as one readable line each (messages are already free of the key). */
function retryLogger(err: (text: string) => void): Logger {
  return {
    log(_level: LogLevel, event: string, fields: Readonly<Record<string, unknown>> = {}): void {
      if (event === 'databento_historical_retry') err(`rooney: ${String(fields.error)}; attempt ${String(fields.attempt)} failed, retrying in ${String(fields.waitMs)} ms\n`);
      else if (event === 'databento_warning') err(`rooney: Databento warning: ${String(fields.warning)}\n`);
    },
  };
}
