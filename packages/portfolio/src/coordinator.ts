import { requireParameter } from '@rooney/core';
import type { Fill, GateRequest, GateRestore, Order, OrderGate, PortfolioView } from '@rooney/core';

/** Why the coordinator blocked an entry. */
export type BlockReason = 'daily_stop_loss' | 'max_positions' | 'symbol_in_position' | 'symbol_pending_entry';

/** One blocked entry, as recorded by the coordinator. */
export interface BlockedEntry {
  /** Portfolio time when the entry was reviewed (epoch ms). */
  readonly ts: number;
  readonly orderId: number;
  readonly symbol: string;
  readonly strategy: string;
  readonly reason: BlockReason;
}

export interface CoordinatorOptions {
  /** Most symbols with an open position or a pending entry at once, across all strategies. Default 2. */
  readonly maxPositions?: number;
  /**
   * Session loss (positive currency amount) at which new entries stop for the rest of the session:
   * entries are blocked once `portfolio.sessionPnl <= -dailyStopLoss`. Default 2,500.
   * `Infinity` disables the stop.
   */
  readonly dailyStopLoss?: number;
  /**
   * Whether a strategy may add to its own open position in a symbol (default false: a symbol is
   * never entered twice, and an add is blocked as `symbol_in_position`). With true the add keeps
   * the position's slot and only the daily stop limits it (useful for strategies that scale in).
   */
  readonly allowAdds?: boolean;
}

/** What {@link PortfolioCoordinator.saveState} returns (JSON): what only the coordinator knows. */
export interface CoordinatorState {
  readonly stopped: boolean;
  readonly stoppedSessionStartTs: number | null;
}

/**
 * The portfolio coordinator: an `OrderGate` enforcing portfolio-wide entry rules.
 *
 * Rules, checked in this order for every entry (exits are never blocked):
 * 1. daily stop: once the session's marked PnL (`portfolio.sessionPnl`: realised PnL net of
 *    commission plus open PnL at the latest marks, since the session started) has reached
 *    `-dailyStopLoss`, entries are blocked until the next session starts (the stop latches: a
 *    recovery later in the day does not lift it). It is evaluated on every equity mark (`onMark`,
 *    which the backtest engine calls after every event time and the live session after every bar)
 *    and whenever the coordinator sees the portfolio otherwise (`review`, `onFill`, `orderClosed`),
 *    so a loss that touches the limit between two entry reviews still latches it.
 * 2. one entry per symbol: a symbol with an open position or an accepted, pending entry order
 *    cannot be entered again (by any strategy).
 * 3. max positions: symbols with an open position plus symbols with a pending entry must stay below
 *    `maxPositions` before a new one is accepted. An accepted entry reserves its slot until
 *    `orderClosed` reports it filled, cancelled, expired or rejected.
 *
 * A reversal (an order the engine flags as an entry because it flips the same strategy's position,
 * e.g. sell 2 while long 1) keeps the symbol's slot, so only the daily stop can block it; under the
 * stop it is blocked whole, like NautilusTrader's REDUCING trading state: send a plain exit instead.
 *
 * Open positions are the union of what `portfolio.positions()` shows and what the coordinator's own
 * fill ledger (`onFill`) says, so the answer stays right whichever of the two the caller updates first.
 *
 * Concurrency: a live adapter calls these methods from asynchronous callbacks (market data, order
 * acknowledgements, fills). Every method is synchronous and does its check and its mutation with
 * no `await` in between. Node runs JavaScript on one thread and never pre-empts a running
 * function, so each call completes atomically with respect to every other callback: two entries
 * "arriving at the same time" are reviewed one after the other, and the second sees the first's
 * reservation. Do not make these methods async or split a check from its reservation.
 */
export class PortfolioCoordinator implements OrderGate {
  readonly maxPositions: number;
  readonly dailyStopLoss: number;
  /** Whether a strategy may add to its own open position (it keeps the same slot). */
  readonly allowAdds: boolean;
  /** Pending entry orders: order id → symbol. */
  private readonly pendingEntries = new Map<number, string>();
  /** Signed quantity per strategy and symbol from the fills seen (key: strategy NUL symbol). */
  private readonly filledQuantity = new Map<string, { symbol: string; quantity: number }>();
  private readonly blockedEntries: BlockedEntry[] = [];
  private stopped = false;
  private stoppedSessionStartTs = Number.NaN;

  constructor(options: CoordinatorOptions = {}) {
    const maxPositions = options.maxPositions ?? 2;
    const dailyStopLoss = options.dailyStopLoss ?? 2500;
    requireParameter(Number.isInteger(maxPositions) && maxPositions >= 1, 'maxPositions', 'an integer >= 1', maxPositions);
    requireParameter(dailyStopLoss > 0, 'dailyStopLoss', '> 0', dailyStopLoss);
    this.maxPositions = maxPositions;
    this.dailyStopLoss = dailyStopLoss;
    this.allowAdds = options.allowAdds ?? false;
  }

  /** Reviews an order: returns a `BlockReason` for a blocked entry, `undefined` to accept it. */
  review(request: GateRequest, portfolio: PortfolioView): BlockReason | undefined {
    this.observe(portfolio);
    if (!request.isEntry) return undefined;
    const order = request.order;
    const reason = this.blockReason(order, portfolio);
    if (reason !== undefined) {
      this.blockedEntries.push({
        ts: portfolio.ts,
        orderId: order.id,
        symbol: order.symbol,
        strategy: order.strategy,
        reason,
      });
      return reason;
    }
    this.pendingEntries.set(order.id, order.symbol);
    return undefined;
  }

  /** An accepted order left the book (filled, cancelled, expired, rejected): its reservation is released. */
  orderClosed(order: Order, portfolio: PortfolioView): void {
    this.pendingEntries.delete(order.id);
    this.observe(portfolio);
  }

  /** Books a fill in the coordinator's own position ledger. */
  onFill(fill: Fill, portfolio: PortfolioView): void {
    const key = ledgerKey(fill.strategy, fill.symbol);
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    const quantity = (this.filledQuantity.get(key)?.quantity ?? 0) + signed;
    if (quantity === 0) this.filledQuantity.delete(key);
    else this.filledQuantity.set(key, { symbol: fill.symbol, quantity });
    this.observe(portfolio);
  }

  /** Equity was marked: latches the daily stop if the session's marked loss has reached it. */
  onMark(portfolio: PortfolioView): void {
    this.observe(portfolio);
  }

  /** A new session began: the daily stop is lifted. */
  onSessionStart(_ts: number, portfolio: PortfolioView): void {
    this.stopped = false;
    this.stoppedSessionStartTs = Number.NaN;
    this.observe(portfolio);
  }

  /**
   * Looks at the portfolio: latches the daily stop when the session loss has reached the limit,
   * and lifts a latch left from an earlier session (in case `onSessionStart` was not delivered).
   */
  observe(portfolio: PortfolioView): void {
    if (this.stopped && portfolio.sessionStartTs !== this.stoppedSessionStartTs) this.stopped = false;
    if (!this.stopped && portfolio.sessionPnl <= -this.dailyStopLoss) {
      this.stopped = true;
      this.stoppedSessionStartTs = portfolio.sessionStartTs;
    }
  }

  /** The coordinator's state for a live journal: the daily-stop latch (the rest is rebuilt from the account). */
  saveState(): CoordinatorState {
    return { stopped: this.stopped, stoppedSessionStartTs: Number.isNaN(this.stoppedSessionStartTs) ? null : this.stoppedSessionStartTs };
  }

  /**
   * After a restart: the position ledger and the entry reservations come from the restored account
   * and book; the daily-stop latch from the last {@link saveState} (lifted by `observe` when it
   * belonged to an earlier session).
   */
  restoreState(state: unknown, restored: GateRestore, portfolio: PortfolioView): void {
    const s = state as CoordinatorState | undefined;
    this.stopped = s?.stopped ?? false;
    this.stoppedSessionStartTs = s?.stoppedSessionStartTs ?? Number.NaN;
    this.filledQuantity.clear();
    for (const held of restored.positions) if (held.quantity !== 0) this.filledQuantity.set(ledgerKey(held.strategy, held.symbol), { symbol: held.symbol, quantity: held.quantity });
    this.pendingEntries.clear();
    for (const order of restored.openEntries) this.pendingEntries.set(order.id, order.symbol);
    this.observe(portfolio);
  }

  /** True while the daily stop blocks entries. */
  get dailyStopActive(): boolean {
    return this.stopped;
  }

  /** Symbols holding a slot now: open positions and pending entries. */
  occupiedSymbols(portfolio: PortfolioView): Set<string> {
    const symbols = new Set<string>();
    for (const held of this.filledQuantity.values()) symbols.add(held.symbol);
    for (const position of portfolio.positions()) if (position.quantity !== 0) symbols.add(position.symbol);
    for (const symbol of this.pendingEntries.values()) symbols.add(symbol);
    return symbols;
  }

  /** Every blocked entry so far, oldest first. */
  blocked(): readonly BlockedEntry[] {
    return this.blockedEntries;
  }

  /** Number of blocked entries per reason (only reasons that occurred). */
  blockedCounts(): Partial<Record<BlockReason, number>> {
    const counts: Partial<Record<BlockReason, number>> = {};
    for (const entry of this.blockedEntries) counts[entry.reason] = (counts[entry.reason] ?? 0) + 1;
    return counts;
  }

  private blockReason(order: Order, portfolio: PortfolioView): BlockReason | undefined {
    if (this.stopped) return 'daily_stop_loss';
    const symbol = order.symbol;
    const held = this.filledQuantity.get(ledgerKey(order.strategy, symbol))?.quantity ?? 0;
    if (held !== 0 && (order.side === 'buy') !== held > 0) return undefined; // a reversal keeps its slot
    if (held !== 0 && this.allowAdds) return undefined; // adding to its own position keeps the strategy's slot
    for (const pending of this.pendingEntries.values()) if (pending === symbol) return 'symbol_pending_entry';
    const occupied = this.occupiedSymbols(portfolio);
    if (occupied.has(symbol)) return 'symbol_in_position';
    if (occupied.size >= this.maxPositions) return 'max_positions';
    return undefined;
  }
}

function ledgerKey(strategy: string, symbol: string): string {
  return `${strategy}\u0000${symbol}`;
}
