import { RSI, SMA } from '@rooney/indicators';
import type { BarView } from '@rooney/core';
import type { SignalRules } from '../blend/signal-rules.ts';
import { STRATEGY_TIMEFRAMES } from '../blend/strategy-timeframe.ts';
import type { StrategyTimeframe } from '../blend/strategy-timeframe.ts';
import { ParamReader } from '../params.ts';
import type { RawParams } from '../params.ts';

/** RSI(2) mean-reversion parameters (config names in snake_case). */
export interface Rsi2Params {
  readonly timeframe: StrategyTimeframe;
  /** `rsi_period`: Wilder RSI length (Connors: 2). */
  readonly rsiPeriod: number;
  /** `entry_long_below`: buy when RSI falls below this (Connors: 5 or 10). */
  readonly entryLongBelow: number;
  /** `exit_long_above`: sell when RSI rises above this (100 disables the RSI exit). */
  readonly exitLongAbove: number;
  readonly allowShort: boolean;
  readonly entryShortAbove: number;
  readonly exitShortBelow: number;
  /** `trend_period`: longs only above this SMA of closes, shorts only below (0 = no trend filter). */
  readonly trendPeriod: number;
  /** `exit_sma_period`: exit a long on a close above this SMA, a short on a close below (0 = off). */
  readonly exitSmaPeriod: number;
  /** `max_bars_in_trade`: exit at the close of this bar, the fill bar being bar 1 (0 = no time exit). */
  readonly maxBarsInTrade: number;
  readonly size: number;
}

/** Connors & Alvarez's RSI(2) defaults: 200-bar trend filter, exit above the 5-bar SMA. */
export const DEFAULT_RSI2_PARAMS: Rsi2Params = Object.freeze({
  timeframe: 'day',
  rsiPeriod: 2,
  entryLongBelow: 10,
  exitLongAbove: 70,
  allowShort: false,
  entryShortAbove: 90,
  exitShortBelow: 30,
  trendPeriod: 200,
  exitSmaPeriod: 5,
  maxBarsInTrade: 0,
  size: 1,
});

/** Reads RSI(2) parameters from a config record; errors name the key path. */
export function parseRsi2Params(raw: RawParams, path = 'params'): Rsi2Params {
  const reader = new ParamReader(raw, path);
  const d = DEFAULT_RSI2_PARAMS;
  const params: Rsi2Params = {
    timeframe: reader.choice('timeframe', d.timeframe, STRATEGY_TIMEFRAMES),
    rsiPeriod: reader.number('rsi_period', d.rsiPeriod, { min: 1, integer: true }),
    entryLongBelow: reader.number('entry_long_below', d.entryLongBelow, { min: 0, max: 100 }),
    exitLongAbove: reader.number('exit_long_above', d.exitLongAbove, { min: 0, max: 100 }),
    allowShort: reader.boolean('allow_short', d.allowShort),
    entryShortAbove: reader.number('entry_short_above', d.entryShortAbove, { min: 0, max: 100 }),
    exitShortBelow: reader.number('exit_short_below', d.exitShortBelow, { min: 0, max: 100 }),
    trendPeriod: reader.number('trend_period', d.trendPeriod, { min: 0, integer: true }),
    exitSmaPeriod: reader.number('exit_sma_period', d.exitSmaPeriod, { min: 0, integer: true }),
    maxBarsInTrade: reader.number('max_bars_in_trade', d.maxBarsInTrade, { min: 0, integer: true }),
    size: reader.number('size', d.size, { min: 1, integer: true }),
  };
  reader.rejectUnknown();
  return params;
}

/**
 * Connors-style RSI(2) rules for one symbol, on completed bars.
 *
 * Long entry: RSI < `entry_long_below` and close > SMA(`trend_period`) (no filter when 0).
 * Short entry (with `allow_short`): RSI > `entry_short_above` and close < the trend SMA.
 * Long exit: close > SMA(`exit_sma_period`), or RSI > `exit_long_above`, or the time exit; short
 * exit mirrored (close < exit SMA, RSI < `exit_short_below`). RSI uses Wilder smoothing
 * (`@rooney/indicators` `RSI`, warm after `rsi_period + 1` bars); an entry also waits for the trend
 * SMA; an exit rule whose SMA is not warm yet does not fire.
 */
export class Rsi2Rules implements SignalRules {
  readonly params: Rsi2Params;
  private readonly rsi: RSI;
  private readonly trend: SMA | undefined;
  private readonly exitAverage: SMA | undefined;
  close = Number.NaN;

  constructor(params: Rsi2Params) {
    this.params = params;
    this.rsi = new RSI(params.rsiPeriod);
    this.trend = params.trendPeriod > 0 ? new SMA(params.trendPeriod) : undefined;
    this.exitAverage = params.exitSmaPeriod > 0 ? new SMA(params.exitSmaPeriod) : undefined;
  }

  /** RSI after the newest bar (NaN until warm). */
  get rsiValue(): number {
    return this.rsi.value;
  }

  /** Trend SMA after the newest bar (NaN until warm or without a trend filter). */
  get trendValue(): number {
    return this.trend?.value ?? Number.NaN;
  }

  /** Exit SMA after the newest bar (NaN until warm or when off). */
  get exitAverageValue(): number {
    return this.exitAverage?.value ?? Number.NaN;
  }

  update(view: BarView): void {
    const close = view.close();
    this.rsi.update(close);
    this.trend?.update(close);
    this.exitAverage?.update(close);
    this.close = close;
  }

  entry(): number {
    const rsi = this.rsi.value;
    if (Number.isNaN(rsi)) return 0;
    const p = this.params;
    const trend = this.trend;
    if (trend !== undefined && !trend.isReady) return 0;
    if (rsi < p.entryLongBelow && (trend === undefined || this.close > trend.value)) return 1;
    if (p.allowShort && rsi > p.entryShortAbove && (trend === undefined || this.close < trend.value)) return -1;
    return 0;
  }

  exit(direction: number, barsHeld: number): string | undefined {
    const p = this.params;
    const average = this.exitAverageValue;
    const rsi = this.rsi.value;
    if (direction > 0) {
      if (this.close > average) return 'exit_sma';
      if (rsi > p.exitLongAbove) return 'exit_rsi';
    } else {
      if (this.close < average) return 'exit_sma';
      if (rsi < p.exitShortBelow) return 'exit_rsi';
    }
    if (p.maxBarsInTrade > 0 && barsHeld >= p.maxBarsInTrade) return 'time_exit';
    return undefined;
  }
}
