import type { JournalSnapshot } from './trade-store.ts';

/** A journal's open positions (net of its fills), working orders and what needs a person. */
export interface JournalSummary {
  readonly checkpointTs: number | undefined;
  readonly positions: readonly { readonly strategy: string; readonly symbol: string; readonly quantity: number }[];
  readonly workingOrders: readonly { readonly id: number; readonly strategy: string; readonly symbol: string; readonly side: string; readonly quantity: number; readonly type: string; readonly signal: string }[];
  /** Orders whose signal may or may not have reached TradersPost (sent, no answer), not yet reconciled. */
  readonly unknownOutcomes: readonly number[];
  /** Orders never sent (journalled, the process stopped before the request left): sent at the restart. */
  readonly unsent: readonly number[];
  readonly alerts: number;
}

/** Summarises what a restart will put back. */
export function summarizeJournal(snapshot: JournalSnapshot): JournalSummary {
  const net = new Map<string, { strategy: string; symbol: string; quantity: number }>();
  for (const { fill } of snapshot.fills) {
    const key = `${fill.strategy}\u0000${fill.symbol}`;
    const row = net.get(key) ?? { strategy: fill.strategy, symbol: fill.symbol, quantity: 0 };
    row.quantity += fill.side === 'buy' ? fill.quantity : -fill.quantity;
    net.set(key, row);
  }
  const unknownOutcomes: number[] = [];
  const unsent: number[] = [];
  const workingOrders = snapshot.openOrders.map((o) => {
    const inFlight = o.attemptsStarted > o.attemptsEnded;
    let signal: string = o.signalStatus ?? 'none';
    if (o.signalStatus === 'unknown' || (o.signalStatus === 'sending' && inFlight && o.signal?.action !== 'exit' && o.signal?.action !== 'cancel')) {
      signal = 'unknown';
      unknownOutcomes.push(o.order.id);
    } else if (o.signalStatus === 'intent' || o.signalStatus === 'sending') {
      signal = 'to send';
      unsent.push(o.order.id);
    }
    return { id: o.order.id, strategy: o.order.strategy, symbol: o.order.symbol, side: o.order.side, quantity: o.order.quantity, type: o.order.type, signal };
  });
  for (const alert of snapshot.alerts) if (alert.kind === 'unknown_outcome' && alert.orderId !== undefined && !unknownOutcomes.includes(alert.orderId)) unknownOutcomes.push(alert.orderId);
  return {
    checkpointTs: snapshot.checkpoint?.ts,
    positions: [...net.values()].filter((p) => p.quantity !== 0).sort((a, b) => a.strategy.localeCompare(b.strategy) || a.symbol.localeCompare(b.symbol)),
    workingOrders,
    unknownOutcomes,
    unsent,
    alerts: snapshot.alerts.length,
  };
}

/** Human lines for `rooney live` and preflight. */
export function journalLines(summary: JournalSummary, nowTs: number): string[] {
  const lines: string[] = [];
  if (summary.checkpointTs === undefined && summary.positions.length === 0 && summary.workingOrders.length === 0) return ['nothing to restore (new journal)'];
  if (summary.checkpointTs !== undefined) {
    lines.push(`last step handled ${new Date(summary.checkpointTs).toISOString()} (${Math.max(0, Math.round((nowTs - summary.checkpointTs) / 60_000))} min ago)`);
  }
  lines.push(
    summary.positions.length === 0 ? 'positions: flat' : `positions: ${summary.positions.map((p) => `${p.strategy}/${p.symbol} ${p.quantity > 0 ? '+' : ''}${p.quantity}`).join(', ')}`,
  );
  if (summary.workingOrders.length > 0) {
    lines.push(`working orders: ${summary.workingOrders.map((o) => `#${o.id} ${o.strategy}/${o.symbol} ${o.side} ${o.quantity} ${o.type} (${o.signal})`).join(', ')}`);
  }
  if (summary.unsent.length > 0) lines.push(`never sent, sent at the restart: orders ${summary.unsent.join(', ')}`);
  if (summary.unknownOutcomes.length > 0) {
    lines.push(`UNKNOWN OUTCOME (check the broker, then \`rooney live reconcile\`): orders ${summary.unknownOutcomes.join(', ')}`);
  }
  return lines;
}
