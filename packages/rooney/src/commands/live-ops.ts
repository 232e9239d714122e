import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { RooneyError } from '@rooney/core';
import { TradeStore, journalLines, summarizeJournal } from '@rooney/live';
import type { LiveClock } from '@rooney/live';
import type { LiveConfig } from './live.ts';

/** Where `rooney live reconcile` / `status` write and how they end. */
export interface LiveOpsEnvironment {
  readonly clock: LiveClock;
  readonly writeText: (line: string) => void;
}

export interface ReconcileFlags {
  readonly dryRun?: boolean;
  readonly order?: number;
  readonly filled?: boolean;
  readonly notFilled?: boolean;
  readonly note?: string;
}

function storePathOf(configFile: string, live: LiveConfig): string {
  return isAbsolute(live.store) ? live.store : resolve(dirname(resolve(configFile)), live.store);
}

/**
 * `rooney live reconcile`: lists the orders whose webhook outcome is unknown (sent, no clear
 * answer) with what the journal assumed, or records the operator's answer for one of them
 * (`--order N --filled|--not-filled`) after checking the broker. A running session picks the answer
 * up at its next heartbeat; a restart applies it. Returns the process exit code: 0 when nothing is
 * left to reconcile, 2 when some order still is.
 */
export function runLiveReconcile(configFile: string, live: LiveConfig, flags: ReconcileFlags, io: LiveOpsEnvironment): number {
  const path = storePathOf(configFile, live);
  if (!existsSync(path)) throw new RooneyError('store_missing', `no trade store at ${path}: nothing to reconcile`, { file: path });
  const store = new TradeStore(path, { clock: io.clock });
  try {
    const account = flags.dryRun === true ? 'dry_run' : 'live';
    if (flags.order !== undefined) {
      if ((flags.filled === true) === (flags.notFilled === true)) throw new RooneyError('bad_option', '--order needs exactly one of --filled and --not-filled');
      const outcome = flags.filled === true ? 'filled' : 'not_filled';
      const order = store.orders().find((o) => o.id === flags.order && o.account === account);
      if (order === undefined) throw new RooneyError('bad_option', `--order ${flags.order}: no such order in the ${account} account of ${path}`);
      if (!store.reconcile(order.id, outcome, flags.note ?? '')) {
        throw new RooneyError('bad_option', `--order ${flags.order}: its outcome is not unknown (signal ${order.signalStatus ?? 'none'}${order.reconciled !== null ? `, already reconciled ${order.reconciled}` : ''})`);
      }
      io.writeText(`reconciled order ${order.id} (${order.strategy} ${order.side} ${order.quantity} ${order.symbol}) as ${outcome}`);
    }
    const unknown = store.unconfirmedSignals(account);
    if (unknown.length === 0) {
      io.writeText('no order with an unknown outcome');
    } else {
      for (const o of unknown) {
        io.writeText(`order ${o.id}: ${o.strategy} ${o.side} ${o.quantity} ${o.symbol} (${o.ticker ?? '?'}) sent ${new Date(o.submittedTs).toISOString()}, outcome unknown — assumed working; answer with --order ${o.id} --filled|--not-filled`);
      }
    }
    for (const line of journalLines(summarizeJournal(store.snapshot(account)), io.clock.now())) io.writeText(line);
    return unknown.length === 0 ? 0 : 2;
  } finally {
    store.close();
  }
}

/**
 * `rooney live status`: reads the heartbeat file a running session rewrites at every beat and
 * prints it. Exit code: 0 when fresh and nothing needs a person; 2 when the file is older than
 * `staleAfterS` (the worker is dead or hung), the data is stale, or an alert is open (an unknown
 * order outcome, a late bar, …); 1 when there is no readable file. Usable as a liveness probe.
 */
export function runLiveStatus(file: string, staleAfterS: number, io: LiveOpsEnvironment): number {
  let status: Record<string, unknown>;
  try {
    status = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new RooneyError('no_heartbeat', `cannot read the heartbeat file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file });
  }
  const ts = typeof status.ts === 'number' ? status.ts : Number.NaN;
  const ageS = (io.clock.now() - ts) / 1000;
  const alerts = Array.isArray(status.alerts) ? (status.alerts as { kind: string; message: string }[]) : [];
  const positions = Array.isArray(status.positions) ? (status.positions as { strategy: string; symbol: string; quantity: number }[]) : [];
  const fresh = Number.isFinite(ageS) && ageS <= staleAfterS;
  io.writeText(`heartbeat ${Number.isFinite(ts) ? new Date(ts).toISOString() : 'unknown'} (${Number.isFinite(ageS) ? `${Math.round(ageS)} s ago` : 'no time'})${fresh ? '' : ' — STALE: is the worker running?'}`);
  io.writeText(`equity ${String(status.equity)}  session PnL ${String(status.sessionPnl)}  data ${status.stale === true ? 'STALE' : 'ok'}`);
  io.writeText(positions.length === 0 ? 'positions: flat' : `positions: ${positions.map((p) => `${p.strategy}/${p.symbol} ${p.quantity}`).join(', ')}`);
  for (const alert of alerts) io.writeText(`ALERT ${alert.kind}: ${alert.message}`);
  return fresh && status.ok === true ? 0 : 2;
}
