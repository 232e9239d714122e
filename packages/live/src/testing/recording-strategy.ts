import type { Order, OrderRequest, Strategy, StrategyContext } from '@rooney/core';

/** An order request as a strategy made it, with the portfolio (event) time of the call. */
export interface RecordedSubmission {
  readonly ts: number;
  readonly request: OrderRequest;
  readonly accepted: boolean;
}

/**
 * Wraps a strategy and records every `submit` it makes (time, request, accepted or not) without
 * changing its behaviour: the same wrapper runs in a backtest and a live session, so their order
 * streams can be compared one for one.
 */
export class RecordingStrategy implements Strategy {
  readonly name: string;
  readonly submissions: RecordedSubmission[] = [];
  private readonly inner: Strategy;
  private readonly contexts = new WeakMap<StrategyContext, StrategyContext>();

  constructor(inner: Strategy) {
    this.inner = inner;
    this.name = inner.name;
  }

  subscriptions() {
    return this.inner.subscriptions();
  }

  onStart(context: StrategyContext): void {
    this.inner.onStart?.(this.wrap(context));
  }

  onBar(context: StrategyContext, event: Parameters<Strategy['onBar']>[1]): void {
    this.inner.onBar(this.wrap(context), event);
  }

  onFill(context: StrategyContext, fill: Parameters<NonNullable<Strategy['onFill']>>[1]): void {
    this.inner.onFill?.(this.wrap(context), fill);
  }

  onTrade(context: StrategyContext, trade: Parameters<NonNullable<Strategy['onTrade']>>[1]): void {
    this.inner.onTrade?.(this.wrap(context), trade);
  }

  onOrderClosed(context: StrategyContext, order: Order, reason: string): void {
    this.inner.onOrderClosed?.(this.wrap(context), order, reason);
  }

  onStop(context: StrategyContext): void {
    this.inner.onStop?.(this.wrap(context));
  }

  private wrap(context: StrategyContext): StrategyContext {
    let wrapped = this.contexts.get(context);
    if (wrapped !== undefined) return wrapped;
    const submissions = this.submissions;
    wrapped = {
      get clock() {
        return context.clock;
      },
      strategy: context.strategy,
      bars: (symbol, timeframe) => context.bars(symbol, timeframe),
      position: (symbol) => context.position(symbol),
      positionDetail: (symbol) => context.positionDetail(symbol),
      openOrders: (symbol) => context.openOrders(symbol),
      get portfolio() {
        return context.portfolio;
      },
      contract: (symbol) => context.contract(symbol),
      submit: (request, meta) => {
        const order = context.submit(request, meta);
        submissions.push({ ts: context.portfolio.ts, request, accepted: order !== undefined });
        return order;
      },
      cancel: (orderId) => context.cancel(orderId),
    };
    this.contexts.set(context, wrapped);
    return wrapped;
  }
}
