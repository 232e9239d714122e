import type { Order } from '../types.ts';

/**
 * Bar-based fill rules of the simulated broker, applied to one bar of the symbol's finest series
 * (the bar after the order was submitted, or later):
 * - market: the bar's open, plus slippage against the trader;
 * - limit: the open when the open is at or better than the limit, else the limit price when the bar
 *   trades through it (low <= buy limit, high >= sell limit), else no fill; no slippage;
 * - stop: the open when the bar gaps through the stop, else the stop price when the bar reaches it,
 *   plus slippage in both cases;
 * - stop-limit: once the stop has traded (`stopTriggered` is set and kept), the limit rule; when the
 *   stop triggers inside the bar at the stop price, the fill is at the stop price if it is within the
 *   limit, else at the limit when the rest of the bar reaches it.
 * Prices taken from bar data are used as they are; `slippage` is already ticks × tick size.
 * Returns the fill price, or NaN when the order does not fill on this bar.
 */
export function fillPriceOnBar(
  order: Order,
  open: number,
  high: number,
  low: number,
  slippage: number,
): number {
  return fillPriceAtLevels(order, order.limitPrice as number, order.stopPrice as number, open, high, low, slippage);
}

/**
 * {@link fillPriceOnBar} with the order's limit and stop prices given in the bar's price terms
 * (the held contract's, when the order was placed on a back-adjusted series).
 */
export function fillPriceAtLevels(
  order: Order,
  limitPrice: number,
  stopPrice: number,
  open: number,
  high: number,
  low: number,
  slippage: number,
): number {
  const buy = order.side === 'buy';
  switch (order.type) {
    case 'market':
      return buy ? open + slippage : open - slippage;
    case 'limit':
      return limitFill(buy, limitPrice, open, high, low);
    case 'stop': {
      const stop = stopPrice;
      if (buy) {
        if (open >= stop) return open + slippage;
        return high >= stop ? stop + slippage : Number.NaN;
      }
      if (open <= stop) return open - slippage;
      return low <= stop ? stop - slippage : Number.NaN;
    }
    case 'stop_limit': {
      const stop = stopPrice;
      const limit = limitPrice;
      if (order.stopTriggered) return limitFill(buy, limit, open, high, low);
      const gapped = buy ? open >= stop : open <= stop;
      if (gapped) {
        order.stopTriggered = true;
        return limitFill(buy, limit, open, high, low);
      }
      const touched = buy ? high >= stop : low <= stop;
      if (!touched) return Number.NaN;
      order.stopTriggered = true;
      const stopWithinLimit = buy ? stop <= limit : stop >= limit;
      if (stopWithinLimit) return stop;
      const reached = buy ? low <= limit : high >= limit;
      return reached ? limit : Number.NaN;
    }
  }
}

function limitFill(buy: boolean, limit: number, open: number, high: number, low: number): number {
  if (buy) {
    if (open <= limit) return open;
    return low <= limit ? limit : Number.NaN;
  }
  if (open >= limit) return open;
  return high >= limit ? limit : Number.NaN;
}
