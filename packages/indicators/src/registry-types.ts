import type { Indicator } from './indicator.ts';

export type ParameterValue = number | string | boolean;

/** One constructor parameter of an indicator, as listed by `rooney indicators --list`. */
export interface ParameterSpec {
  readonly name: string;
  readonly default: ParameterValue;
  readonly description: string;
  /** Inclusive numeric bounds, when numeric. */
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** Allowed values, when the parameter is a choice. */
  readonly choices?: readonly string[];
}

/** How the CLI and feature sets find, describe and build an indicator. */
export interface IndicatorDefinition {
  /** Lower-case name used in specs such as `rsi(period=14)`. */
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** `value`: one input series (close unless told otherwise); `bar`: OHLCV. */
  readonly input: 'value' | 'bar';
  readonly parameters: readonly ParameterSpec[];
  readonly lines: readonly string[];
  create(parameters: Readonly<Record<string, ParameterValue>>): Indicator;
}
