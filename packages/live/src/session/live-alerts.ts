import type { Logger } from '@rooney/databento';
import type { LiveAlert } from '../store/trade-store.ts';

/** An alert as the session holds it (with the journal's id once written). */
export interface OpenAlert extends LiveAlert {
  readonly id: number;
}

/**
 * The session's unresolved alarms: unknown order outcomes, late bars, quarantined records, a
 * skipped catch-up. Each is logged at `error` level, written to the journal (when there is one),
 * shown in every heartbeat, and makes `rooney live status` exit non-zero until resolved
 * (`rooney live reconcile` for unknown outcomes).
 */
export class LiveAlerts {
  private readonly open: OpenAlert[] = [];
  private nextLocalId = -1;
  private readonly logger: Logger;
  private readonly journal: { recordAlert(alert: LiveAlert): number } | undefined;

  constructor(logger: Logger, journal?: { recordAlert(alert: LiveAlert): number }) {
    this.logger = logger;
    this.journal = journal;
  }

  /** Raises an alert (logged, journalled) and returns it. */
  raise(alert: LiveAlert): OpenAlert {
    const id = this.journal?.recordAlert(alert) ?? this.nextLocalId--;
    const open: OpenAlert = { ...alert, id };
    this.open.push(open);
    this.logger.log('error', `live_alert_${alert.kind}`, { message: alert.message, ...(alert.orderId !== undefined ? { orderId: alert.orderId } : {}), ts: new Date(alert.ts).toISOString() });
    return open;
  }

  /** Puts back alerts the journal still holds unresolved (after a restart); not logged or written again. */
  adopt(alerts: readonly OpenAlert[]): void {
    for (const alert of alerts) if (!this.open.some((a) => a.id === alert.id)) this.open.push(alert);
  }

  /** Drops the alerts matching `match` (resolved elsewhere, e.g. by a reconciliation); returns how many. */
  resolve(match: (alert: OpenAlert) => boolean): number {
    let removed = 0;
    for (let i = this.open.length - 1; i >= 0; i--) {
      if (match(this.open[i])) {
        this.open.splice(i, 1);
        removed++;
      }
    }
    return removed;
  }

  /** Unresolved alerts, oldest first. */
  list(): readonly OpenAlert[] {
    return this.open;
  }

  has(kind: LiveAlert['kind']): boolean {
    return this.open.some((a) => a.kind === kind);
  }
}
