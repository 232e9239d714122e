import type { ValueIndicator } from './indicator.ts';
import { DEMA } from './dema.ts';
import { EMA } from './ema.ts';
import { HMA } from './hma.ts';
import { KAMA } from './kama.ts';
import { SMA } from './sma.ts';
import { SMMA } from './smma.ts';
import { TEMA } from './tema.ts';
import { WMA } from './wma.ts';
import { ZLEMA } from './zlema.ts';
import { requireChoice } from './internal/parameter-checks.ts';

/** Names of the moving averages that other indicators can be built on. */
export const MOVING_AVERAGE_KINDS = ['sma', 'ema', 'smma', 'wma', 'dema', 'tema', 'hma', 'zlema', 'kama'] as const;

export type MovingAverageKind = (typeof MOVING_AVERAGE_KINDS)[number];

/**
 * A fresh moving average of kind `kind` and period `period` (KAMA with its default fast/slow 2/30).
 * Throws `RooneyError('invalid_parameter')` for an unknown kind, naming the parameter `parameterName`.
 */
export function createMovingAverage(kind: string, period: number, parameterName = 'average'): ValueIndicator {
  requireChoice(parameterName, kind, MOVING_AVERAGE_KINDS);
  switch (kind as MovingAverageKind) {
    case 'sma':
      return new SMA(period);
    case 'ema':
      return new EMA(period);
    case 'smma':
      return new SMMA(period);
    case 'wma':
      return new WMA(period);
    case 'dema':
      return new DEMA(period);
    case 'tema':
      return new TEMA(period);
    case 'hma':
      return new HMA(period);
    case 'zlema':
      return new ZLEMA(period);
    case 'kama':
      return new KAMA(period);
  }
}
