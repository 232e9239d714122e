import type { BarEvent, Clock, ContractSpec, BarView, Subscription } from '@rooney/core';

/** What an alpha may read: completed bars, the clock and contract specs; it never trades. */
export interface AlphaContext {
  readonly clock: Clock;
  /** Completed bars of a series the alpha subscribed to. */
  bars(symbol: string, timeframe: string): BarView;
  contract(symbol: string): ContractSpec;
}

/** Where an alpha writes its opinion about a symbol. */
export interface AlphaSignals {
  /**
   * Sets the alpha's target for `symbol`: `target` in [-1, 1] (-1 fully short, 0 flat, 1 fully
   * long) and `confidence` in [0, 1] (default 1). A target stays until the alpha sets another.
   */
  set(symbol: string, target: number, confidence?: number): void;
}

/**
 * A source of target positions: the blendable form of a strategy. An alpha subscribes to bar
 * series like a strategy and, on each bar event, states a target and a confidence per symbol; a
 * `BlendedStrategy` combines the targets of several alphas into orders.
 */
export interface AlphaModel {
  readonly name: string;
  subscriptions(): readonly Subscription[];
  /** Called for every bar event of the alpha's subscriptions, in engine order. */
  onBar(context: AlphaContext, event: BarEvent, signals: AlphaSignals): void;
}
