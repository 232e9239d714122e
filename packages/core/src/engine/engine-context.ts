import type { ContractSpec } from '../contracts.ts';
import { RooneyError } from '../errors.ts';
import type { BarView, Clock, PortfolioView, Strategy, StrategyContext, Subscription } from '../ports.ts';
import { timeframeMs } from '../time.ts';
import type { Order, OrderRequest, Position } from '../types.ts';
import type { Account } from './account.ts';
import type { PendingEntry, PendingOrders } from './pending-orders.ts';

/**
 * What a strategy's context asks of the engine running it (the backtest run, the live session),
 * besides its account and pending-order book, which the context reads directly.
 */
export interface ContextHost<V extends BarView> {
  readonly portfolio: PortfolioView;
  contract(symbol: string): ContractSpec;
  submit(context: EngineContext<V>, request: OrderRequest, meta?: Readonly<Record<string, number | string>>): Order | undefined;
  cancel(context: EngineContext<V>, orderId: number): void;
}

/**
 * The strategy's handle on an engine: the one `StrategyContext` implementation, shared by the
 * backtest and the live session (they differ in the host and the bar views, never here).
 */
export class EngineContext<V extends BarView> implements StrategyContext {
  readonly owner: Strategy;
  readonly strategy: string;
  readonly clock: Clock;
  /** Subscribed views by symbol and bar size. */
  readonly views = new Map<string, V>();
  /** The primary (first `trade`) view of each symbol the strategy trades: bars held and `bar` expiry count on it. */
  readonly primary = new Map<string, V>();
  private readonly host: ContextHost<V>;
  private readonly account: Account;
  private readonly book: PendingOrders<PendingEntry>;

  /** `account` and `book` are the engine's: positions and open orders are read from them. */
  constructor(host: ContextHost<V>, strategy: Strategy, clock: Clock, account: Account, book: PendingOrders<PendingEntry>) {
    this.host = host;
    this.owner = strategy;
    this.strategy = strategy.name;
    this.clock = clock;
    this.account = account;
    this.book = book;
  }

  /** Makes `view` readable as the subscription's series (and primary when it is the first traded one). */
  attach(subscription: Subscription, view: V): void {
    this.views.set(viewKey(subscription.symbol, timeframeMs(subscription.timeframe)), view);
    if ((subscription.role ?? 'trade') === 'trade' && !this.primary.has(subscription.symbol)) this.primary.set(subscription.symbol, view);
  }

  get portfolio(): PortfolioView {
    return this.host.portfolio;
  }

  bars(symbol: string, timeframe: string): BarView {
    const view = this.views.get(viewKey(symbol, timeframeMs(timeframe)));
    if (view === undefined) {
      throw new RooneyError('not_subscribed', `strategy "${this.strategy}" did not subscribe to ${symbol} ${timeframe} bars`);
    }
    return view;
  }

  position(symbol: string): number {
    return this.account.quantity(this.strategy, symbol);
  }

  positionDetail(symbol: string): Position | undefined {
    return this.account.position(this.strategy, symbol);
  }

  openOrders(symbol?: string): readonly Order[] {
    return this.book.orders(this.strategy, symbol);
  }

  contract(symbol: string): ContractSpec {
    return this.host.contract(symbol);
  }

  submit(request: OrderRequest, meta?: Readonly<Record<string, number | string>>): Order | undefined {
    return this.host.submit(this, request, meta);
  }

  cancel(orderId: number): void {
    this.host.cancel(this, orderId);
  }
}

function viewKey(symbol: string, barMs: number): string {
  return `${symbol}@${barMs}`;
}
