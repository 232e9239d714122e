import type { BarView } from '@rooney/core';

/**
 * Entry and exit rules of one symbol, fed with completed bars of one timeframe. The same rules
 * drive a strategy (with real positions and orders) and an alpha (with a virtual position), so a
 * rule is written once.
 *
 * Call order on every completed bar: `update(view)` once, then at most one question: `entry()`
 * when flat, `exit(...)` when holding.
 */
export interface SignalRules {
  /** Feeds the bar that just closed (the newest bar of `view`) to the indicators. */
  update(view: BarView): void;
  /** The direction to enter at this bar's close when flat: 1 long, -1 short, 0 none. */
  entry(): number;
  /**
   * Why a position of `direction` (1 or -1) held for `barsHeld` bars should be closed at this
   * bar's close, or `undefined` to hold. `barsHeld` counts the bar after the signal as bar 1.
   */
  exit(direction: number, barsHeld: number): string | undefined;
  /**
   * Distance from the entry price to a protective stop, fixed at the entry signal (NaN for no
   * stop). Asked right after `entry()` returned a direction.
   */
  stopDistance?(): number;
}
