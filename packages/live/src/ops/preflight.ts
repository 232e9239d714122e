import { connect } from 'node:net';
import { cramResponse, checkApiKey } from '@rooney/databento';
import { DatabentoHistoricalClient } from '@rooney/databento';
import { LineBuffer, formatGatewayLine, parseGatewayLine } from '@rooney/databento';
import type { LiveClock } from '@rooney/databento';
import { Secret } from '@rooney/databento';
import { journalLines, summarizeJournal } from '../store/journal-summary.ts';
import { TradeStore } from '../store/trade-store.ts';
import type { JournalAccount } from '../store/trade-store.ts';

export type PreflightLevel = 'ok' | 'warn' | 'fail';

export interface PreflightCheck {
  readonly name: string;
  readonly level: PreflightLevel;
  readonly detail: string;
}

export interface PreflightReport {
  /** No check failed (warnings allowed). */
  readonly ok: boolean;
  readonly checks: readonly PreflightCheck[];
}

export interface PreflightOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: LiveClock;
  /** Environment variables that must be set (names only are reported). */
  readonly requiredEnv: readonly string[];
  /** Connect to the live gateway and, when the key variable is set, authenticate (no session is started). */
  readonly databento?: { readonly host: string; readonly port: number; readonly dataset: string; readonly apiKeyEnv: string; readonly timeoutMs?: number };
  /**
   * Call the historical API's `metadata.get_dataset_range` (a cheap authenticated call) when the
   * key variable is set: for runs that download warm-up history (`history_days`).
   */
  readonly databentoHistorical?: { readonly baseUrl?: string; readonly dataset: string; readonly apiKeyEnv: string; readonly timeoutMs?: number };
  /** Send a GET to the webhook URL: any HTTP answer proves it reachable (TradersPost accepts only POST, so nothing is traded). */
  readonly traderspost?: { readonly urlEnv: string; readonly timeoutMs?: number };
  /**
   * Checks the caller made itself, listed after the endpoint checks: `rooney live` loads the ML
   * veto's model bundles with the backtest's loader (`preflightVetoModels`) and reports them here.
   */
  readonly checks?: readonly PreflightCheck[];
  /**
   * The trade store: must open. What a start would restore is listed (positions, working orders,
   * the last step handled); positions or orders of strategies or symbols the config no longer runs
   * fail (they could not be managed); unknown order outcomes are warnings until reconciled.
   */
  readonly storePath?: string;
  /** The account the run books into (`dry_run` for `--dry-run`). Default `live`. */
  readonly storeAccount?: JournalAccount;
  /** The config's strategies and the symbols each trades, to check the journal against. */
  readonly expected?: { readonly strategies: Readonly<Record<string, readonly string[]>> };
}

/**
 * Checks, before a live run starts, everything that can be checked without trading: environment
 * variables, the Databento gateway (TCP, greeting, CRAM authentication), the historical API when
 * history is downloaded (one metadata call), the TradersPost webhook (reachable by a harmless GET),
 * the caller's own checks (model bundles) and the trade store.
 * Secrets never appear in the details.
 */
export async function runPreflight(options: PreflightOptions): Promise<PreflightReport> {
  const checks: PreflightCheck[] = [];
  for (const name of options.requiredEnv) {
    const set = options.env[name] !== undefined && options.env[name] !== '';
    checks.push({ name: `env ${name}`, level: set ? 'ok' : 'fail', detail: set ? 'set' : 'not set' });
  }
  if (options.databento !== undefined) checks.push(await checkDatabento(options, options.databento));
  if (options.databentoHistorical !== undefined) checks.push(await checkDatabentoHistorical(options, options.databentoHistorical));
  if (options.traderspost !== undefined) checks.push(await checkWebhook(options, options.traderspost));
  if (options.checks !== undefined) checks.push(...options.checks);
  if (options.storePath !== undefined) checks.push(...checkStore(options));
  return { ok: checks.every((c) => c.level !== 'fail'), checks };
}

function checkDatabento(options: PreflightOptions, target: NonNullable<PreflightOptions['databento']>): Promise<PreflightCheck> {
  const name = `databento ${target.host}:${target.port}`;
  const value = options.env[target.apiKeyEnv];
  // Without a key there is nothing to check at the gateway: do not open a connection at all.
  if (value === undefined || value === '') {
    return Promise.resolve({ name, level: 'fail', detail: `not contacted: ${target.apiKeyEnv} not set` });
  }
  const key = new Secret(target.apiKeyEnv, value);
  try {
    checkApiKey(key);
  } catch (error) {
    return Promise.resolve({ name, level: 'fail', detail: (error as Error).message });
  }
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    const lines = new LineBuffer();
    let step = 0;
    let settled = false;
    const finish = (level: PreflightLevel, detail: string): void => {
      if (settled) return;
      settled = true;
      options.clock.clearTimer(timer);
      socket.destroy();
      resolve({ name, level, detail });
    };
    const timer = options.clock.setTimer(() => finish('fail', `no answer within ${target.timeoutMs ?? 5000} ms`), target.timeoutMs ?? 5000);
    socket.on('error', (error: NodeJS.ErrnoException) => finish('fail', `cannot connect: ${error.code ?? error.message}`));
    socket.on('close', () => finish('fail', 'the gateway closed the connection during the handshake'));
    socket.on('data', (chunk: Buffer) => {
      lines.push(chunk);
      for (let line = lines.nextLine(); line !== undefined; line = lines.nextLine()) {
        if (step === 0) {
          step = 1;
        } else if (step === 1) {
          if (!line.startsWith('cram=')) return finish('fail', 'no CRAM challenge from the gateway');
          socket.write(formatGatewayLine([['auth', cramResponse(line.slice(5), key)], ['dataset', target.dataset], ['encoding', 'dbn'], ['compression', 'none'], ['ts_out', 0]]));
          step = 2;
        } else {
          const fields = parseGatewayLine(line);
          return fields.get('success') === '1'
            ? finish('ok', `authenticated for ${target.dataset}`)
            : finish('fail', `authentication refused: ${fields.get('error') ?? line}`);
        }
      }
    });
  });
}

async function checkDatabentoHistorical(options: PreflightOptions, target: NonNullable<PreflightOptions['databentoHistorical']>): Promise<PreflightCheck> {
  const baseUrl = target.baseUrl ?? 'https://hist.databento.com';
  let name = `databento historical ${baseUrl}`;
  const value = options.env[target.apiKeyEnv];
  // Never contact anything without a key.
  if (value === undefined || value === '') return { name, level: 'fail', detail: `not contacted: ${target.apiKeyEnv} not set` };
  try {
    const client = new DatabentoHistoricalClient({ apiKey: new Secret(target.apiKeyEnv, value), clock: options.clock, baseUrl, timeoutMs: target.timeoutMs ?? 5000, maxAttempts: 1 });
    name = `databento historical ${client.host}`;
    const range = await client.getDatasetRange(target.dataset);
    const minutes = range.schemas['ohlcv-1m'] ?? { endTs: range.endTs };
    return { name, level: 'ok', detail: `authenticated; ${target.dataset} ohlcv-1m history until ${new Date(minutes.endTs).toISOString()}` };
  } catch (error) {
    return { name, level: 'fail', detail: (error as Error).message };
  }
}

async function checkWebhook(options: PreflightOptions, target: NonNullable<PreflightOptions['traderspost']>): Promise<PreflightCheck> {
  const name = 'traderspost webhook';
  const url = options.env[target.urlEnv];
  if (url === undefined || url === '') return { name, level: 'fail', detail: `${target.urlEnv} not set` };
  const controller = new AbortController();
  const timer = options.clock.setTimer(() => controller.abort(), target.timeoutMs ?? 5000);
  try {
    const response = await fetch(url, { method: 'GET', signal: controller.signal });
    await response.arrayBuffer();
    return { name, level: 'ok', detail: `reachable (GET answered HTTP ${response.status}; signals are POSTed)` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { name, level: 'fail', detail: controller.signal.aborted ? 'no answer in time' : `unreachable: ${cause ?? (error as Error).name}` };
  } finally {
    options.clock.clearTimer(timer);
  }
}

function checkStore(options: PreflightOptions): PreflightCheck[] {
  const path = options.storePath as string;
  const account = options.storeAccount ?? 'live';
  let store: TradeStore | undefined;
  try {
    store = new TradeStore(path, { clock: options.clock });
    const out: PreflightCheck[] = [{ name: 'trade store', level: 'ok', detail: `${path} opens (account ${account}); next order id ${store.nextOrderId()}` }];
    const snapshot = store.snapshot(account);
    const summary = summarizeJournal(snapshot);
    out.push({ name: 'restore', level: 'ok', detail: journalLines(summary, options.clock.now()).join('; ') });
    const expected = options.expected?.strategies;
    if (expected !== undefined) {
      const orphans = [...summary.positions.map((p) => ({ strategy: p.strategy, symbol: p.symbol, what: `position ${p.quantity}` })), ...summary.workingOrders.map((o) => ({ strategy: o.strategy, symbol: o.symbol, what: `order #${o.id}` }))].filter(
        (x) => !(expected[x.strategy]?.includes(x.symbol) ?? false),
      );
      if (orphans.length > 0) {
        out.push({
          name: 'restore mismatch',
          level: 'fail',
          detail: `the journal holds ${orphans.map((o) => `${o.what} of ${o.strategy}/${o.symbol}`).join(', ')}, which this config does not trade: flatten or cancel them at the broker and start with another store, or put the strategy back`,
        });
      }
    }
    if (summary.unknownOutcomes.length > 0) {
      out.push({
        name: 'unknown order outcomes',
        level: 'warn',
        detail: `orders ${summary.unknownOutcomes.join(', ')} were sent without a clear answer: check the broker and run \`rooney live reconcile\`; until then they are assumed working`,
      });
    }
    return out;
  } catch (error) {
    return [{ name: 'trade store', level: 'fail', detail: (error as Error).message }];
  } finally {
    store?.close();
  }
}
