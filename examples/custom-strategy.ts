/**
 * Writing your own strategy: a moving-average crossover on hourly bars, built from Rooney's
 * streaming indicators, run through the same engine as `rooney backtest`.
 *
 *   node --conditions=source --import tsx examples/custom-strategy.ts
 *
 * The object below is all a strategy is: it names the series it wants, reacts to completed bars and
 * fills, and sends orders through its context. The very same object runs live (`@rooney/live`'s
 * LiveSession implements the same `StrategyContext`) and in a notebook.
 */
import { DEFAULT_SESSION, runBacktest } from '@rooney/core';
import type { BarEvent, Strategy, StrategyContext, Subscription } from '@rooney/core';
import { SYNTHETIC_DATASET_LABEL, consolidateBars, generateSyntheticDataset } from '@rooney/data';
import { EMA } from '@rooney/indicators';
import { computePerformance } from '@rooney/portfolio';

/** Long when the fast EMA is above the slow one, short below; one contract, hourly bars. */
export class EmaCrossover implements Strategy {
  readonly name = 'ema-cross';
  private readonly fast = new Map<string, EMA>();
  private readonly slow = new Map<string, EMA>();

  constructor(
    private readonly symbols: readonly string[],
    fastPeriod = 12,
    slowPeriod = 48,
  ) {
    for (const symbol of symbols) {
      this.fast.set(symbol, new EMA(fastPeriod));
      this.slow.set(symbol, new EMA(slowPeriod));
    }
  }

  subscriptions(): readonly Subscription[] {
    return this.symbols.map((symbol) => ({ symbol, timeframe: '1h' }));
  }

  onBar(context: StrategyContext, event: BarEvent): void {
    const close = event.view.close();
    const fast = (this.fast.get(event.symbol) as EMA).update(close);
    const slow = (this.slow.get(event.symbol) as EMA).update(close);
    if (Number.isNaN(slow) || context.openOrders(event.symbol).length > 0) return;
    const target = fast > slow ? 1 : -1;
    const position = context.position(event.symbol);
    if (position === target) return;
    const quantity = Math.abs(target - position);
    context.submit({ symbol: event.symbol, side: target > position ? 'buy' : 'sell', quantity, type: 'market', tag: target > 0 ? 'long' : 'short' });
  }
}

/** Runs the example on 90 days of the built-in synthetic data; returns what it printed. */
export function runExample(): string {
  const symbols = ['ES', 'GC'];
  const minutes = generateSyntheticDataset({ symbols, days: 90, seed: 5 });
  const series = [...minutes.values()].flatMap((m) => [m, consolidateBars(m, 3_600_000, { session: DEFAULT_SESSION })]);
  const result = runBacktest({ series, strategies: [new EmaCrossover(symbols)], startingCash: 100_000 });
  const performance = computePerformance({ startingCash: 100_000, equity: result.equity, daily: result.daily, trades: result.trades });
  return [
    `EMA crossover on ${symbols.join(', ')} — ${SYNTHETIC_DATASET_LABEL}, 90 days`,
    `trades ${performance.tradeCount}, net PnL ${performance.netPnl.toFixed(2)}, Sharpe ${performance.sharpe?.toFixed(2) ?? '-'}, max drawdown ${performance.maxDrawdown.toFixed(2)}`,
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(runExample());
