import type { BarView } from '@rooney/core';
import { DEFAULT_IBS_PARAMS, internalBarStrength } from '../ibs/ibs-strategy.ts';
import { ParamReader } from '../params.ts';
import type { RawParams } from '../params.ts';
import type { SignalRules } from './signal-rules.ts';
import { STRATEGY_TIMEFRAMES } from './strategy-timeframe.ts';
import type { StrategyTimeframe } from './strategy-timeframe.ts';

/** The IBS rules an alpha can blend: `IbsStrategy`'s thresholds, without filters, ML veto or limit entries. */
export interface IbsRuleParams {
  readonly timeframe: StrategyTimeframe;
  readonly entryLongBelow: number;
  readonly exitLongAbove: number;
  readonly allowShort: boolean;
  readonly entryShortAbove: number;
  readonly exitShortBelow: number;
  readonly maxBarsInTrade: number;
}

/** Reads IBS alpha parameters (same names and defaults as the IBS strategy's); errors name the key path. */
export function parseIbsRuleParams(raw: RawParams, path = 'params'): IbsRuleParams {
  const reader = new ParamReader(raw, path);
  const d = DEFAULT_IBS_PARAMS;
  const params: IbsRuleParams = {
    timeframe: reader.choice('timeframe', d.timeframe, STRATEGY_TIMEFRAMES),
    entryLongBelow: reader.number('entry_long_below', d.entryLongBelow, { min: 0, max: 1 }),
    exitLongAbove: reader.number('exit_long_above', d.exitLongAbove, { min: 0, max: 1 }),
    allowShort: reader.boolean('allow_short', d.allowShort),
    entryShortAbove: reader.number('entry_short_above', d.entryShortAbove, { min: 0, max: 1 }),
    exitShortBelow: reader.number('exit_short_below', d.exitShortBelow, { min: 0, max: 1 }),
    maxBarsInTrade: reader.number('max_bars_in_trade', d.maxBarsInTrade, { min: 0, integer: true }),
  };
  reader.rejectUnknown();
  return params;
}

/**
 * IBS mean-reversion rules, as `IbsStrategy` applies them without filters: long entry IBS <
 * `entry_long_below`, short entry (with `allow_short`) IBS > `entry_short_above`; exit a long on
 * IBS > `exit_long_above`, a short on IBS < `exit_short_below`, or on time.
 */
export class IbsRules implements SignalRules {
  readonly params: IbsRuleParams;
  ibs = Number.NaN;

  constructor(params: IbsRuleParams) {
    this.params = params;
  }

  update(view: BarView): void {
    this.ibs = internalBarStrength(view.high(), view.low(), view.close());
  }

  entry(): number {
    if (this.ibs < this.params.entryLongBelow) return 1;
    if (this.params.allowShort && this.ibs > this.params.entryShortAbove) return -1;
    return 0;
  }

  exit(direction: number, barsHeld: number): string | undefined {
    const p = this.params;
    if (direction > 0 ? this.ibs > p.exitLongAbove : this.ibs < p.exitShortBelow) return 'exit_signal';
    if (p.maxBarsInTrade > 0 && barsHeld >= p.maxBarsInTrade) return 'time_exit';
    return undefined;
  }
}
