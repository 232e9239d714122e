import { RooneyError, timeframeMs, timeframeName } from '@rooney/core';
import type { BarArrays, SessionSpec, Strategy } from '@rooney/core';
import { consolidateBars } from '@rooney/data';
import type { BarSeries } from '@rooney/data';

/**
 * The series an engine run needs: every loaded symbol a strategy subscribes to, at its loaded bar
 * size (the fill series) plus each coarser timeframe a strategy asks for, consolidated with the
 * symbol's session (`sessionOf(symbol)`, default `session` for all) so that higher-timeframe bars
 * appear only once complete and daily bars are the exchange's trading days.
 */
export function prepareSeries(
  loaded: ReadonlyMap<string, BarSeries>,
  strategies: readonly Strategy[],
  session: SessionSpec,
  sessionOf: (symbol: string) => SessionSpec = () => session,
): BarArrays[] {
  const wanted = new Map<string, Set<number>>();
  for (const strategy of strategies) {
    for (const subscription of strategy.subscriptions()) {
      const base = loaded.get(subscription.symbol);
      if (base === undefined) {
        throw new RooneyError(
          'missing_data',
          `strategy "${strategy.name}" needs ${subscription.symbol}, which is not in the data (loaded: ${[...loaded.keys()].join(', ')})`,
        );
      }
      const barMs = timeframeMs(subscription.timeframe);
      if (barMs < base.barMs) {
        throw new RooneyError(
          'timeframe_too_fine',
          `strategy "${strategy.name}" wants ${subscription.symbol} ${subscription.timeframe} bars but the data has ${timeframeName(base.barMs)} bars`,
        );
      }
      let set = wanted.get(subscription.symbol);
      if (set === undefined) wanted.set(subscription.symbol, (set = new Set()));
      set.add(barMs);
    }
  }
  const out: BarArrays[] = [];
  for (const [symbol, sizes] of wanted) {
    const base = loaded.get(symbol) as BarSeries;
    out.push(base);
    for (const barMs of [...sizes].sort((a, b) => a - b)) {
      if (barMs !== base.barMs) out.push(consolidateBars(base, barMs, { session: sessionOf(symbol) }));
    }
  }
  return out;
}
