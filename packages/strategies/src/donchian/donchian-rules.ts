import { ATR, Highest, Lowest } from '@rooney/indicators';
import type { BarView } from '@rooney/core';
import type { SignalRules } from '../blend/signal-rules.ts';
import { STRATEGY_TIMEFRAMES } from '../blend/strategy-timeframe.ts';
import type { StrategyTimeframe } from '../blend/strategy-timeframe.ts';
import { ParamReader } from '../params.ts';
import type { RawParams } from '../params.ts';

/** Donchian breakout parameters (config names in snake_case). */
export interface DonchianParams {
  readonly timeframe: StrategyTimeframe;
  /** `entry_period` N: enter on a close beyond the extreme of the previous N bars. */
  readonly entryPeriod: number;
  /** `exit_period` M: exit on a close beyond the opposite extreme of the previous M bars. */
  readonly exitPeriod: number;
  readonly allowShort: boolean;
  /** `atr_period`: Wilder ATR length for the stop. */
  readonly atrPeriod: number;
  /** `atr_stop`: protective stop this many ATRs from the entry price (0 = no stop). */
  readonly atrStop: number;
  /** `max_bars_in_trade`: exit at the close of this bar, the fill bar being bar 1 (0 = no time exit). */
  readonly maxBarsInTrade: number;
  readonly size: number;
}

/** Defaults of the classic Turtle System 1: 20-bar breakout, 10-bar exit, 2 × ATR(20) stop. */
export const DEFAULT_DONCHIAN_PARAMS: DonchianParams = Object.freeze({
  timeframe: 'day',
  entryPeriod: 20,
  exitPeriod: 10,
  allowShort: false,
  atrPeriod: 20,
  atrStop: 2,
  maxBarsInTrade: 0,
  size: 1,
});

/** Reads Donchian parameters from a config record; errors name the key path. */
export function parseDonchianParams(raw: RawParams, path = 'params'): DonchianParams {
  const reader = new ParamReader(raw, path);
  const d = DEFAULT_DONCHIAN_PARAMS;
  const params: DonchianParams = {
    timeframe: reader.choice('timeframe', d.timeframe, STRATEGY_TIMEFRAMES),
    entryPeriod: reader.number('entry_period', d.entryPeriod, { min: 1, integer: true }),
    exitPeriod: reader.number('exit_period', d.exitPeriod, { min: 1, integer: true }),
    allowShort: reader.boolean('allow_short', d.allowShort),
    atrPeriod: reader.number('atr_period', d.atrPeriod, { min: 1, integer: true }),
    atrStop: reader.number('atr_stop', d.atrStop, { min: 0 }),
    maxBarsInTrade: reader.number('max_bars_in_trade', d.maxBarsInTrade, { min: 0, integer: true }),
    size: reader.number('size', d.size, { min: 1, integer: true }),
  };
  reader.rejectUnknown();
  return params;
}

/**
 * Donchian channel breakout rules for one symbol.
 *
 * The channels are those of the bars BEFORE the current one (a close can only break out of a
 * channel it is not part of): at bar t, `upper` = highest high of bars t-N..t-1, `lower` = lowest
 * low of the same bars, and the exit channel likewise over M bars. Long entry: close > upper;
 * short entry (with `allow_short`): close < lower. Long exit: close < the M-bar lower channel;
 * short exit: close > the M-bar upper channel; or the time exit. An entry needs both channels
 * and, with a stop, the ATR (which includes bar t) to be warm.
 */
export class DonchianRules implements SignalRules {
  readonly params: DonchianParams;
  private readonly entryHigh: Highest;
  private readonly entryLow: Lowest;
  private readonly exitHigh: Highest;
  private readonly exitLow: Lowest;
  private readonly atr: ATR;
  /** Channels over the previous bars, as seen by the newest bar (NaN until warm). */
  upper = Number.NaN;
  lower = Number.NaN;
  exitUpper = Number.NaN;
  exitLower = Number.NaN;
  close = Number.NaN;

  constructor(params: DonchianParams) {
    this.params = params;
    this.entryHigh = new Highest(params.entryPeriod);
    this.entryLow = new Lowest(params.entryPeriod);
    this.exitHigh = new Highest(params.exitPeriod);
    this.exitLow = new Lowest(params.exitPeriod);
    this.atr = new ATR(params.atrPeriod);
  }

  /** ATR including the newest bar (NaN until warm). */
  get atrValue(): number {
    return this.atr.value;
  }

  update(view: BarView): void {
    const high = view.high();
    const low = view.low();
    const close = view.close();
    // Read the channels of the previous bars before the newest bar enters them.
    this.upper = this.entryHigh.value;
    this.lower = this.entryLow.value;
    this.exitUpper = this.exitHigh.value;
    this.exitLower = this.exitLow.value;
    this.entryHigh.update(high);
    this.entryLow.update(low);
    this.exitHigh.update(high);
    this.exitLow.update(low);
    this.atr.updateBar(view.open(), high, low, close);
    this.close = close;
  }

  entry(): number {
    if (Number.isNaN(this.exitUpper)) return 0;
    if (this.params.atrStop > 0 && Number.isNaN(this.atr.value)) return 0;
    if (this.close > this.upper) return 1;
    if (this.params.allowShort && this.close < this.lower) return -1;
    return 0;
  }

  exit(direction: number, barsHeld: number): string | undefined {
    if (direction > 0 ? this.close < this.exitLower : this.close > this.exitUpper) return 'exit_channel';
    if (this.params.maxBarsInTrade > 0 && barsHeld >= this.params.maxBarsInTrade) return 'time_exit';
    return undefined;
  }

  stopDistance(): number {
    return this.params.atrStop > 0 ? this.params.atrStop * this.atr.value : Number.NaN;
  }
}
