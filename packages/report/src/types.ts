/** A numeric column as the report accepts it: a typed array or a plain array of numbers. */
export type NumericArray = Float64Array | readonly number[];

/**
 * How a value is written: `currency` (US dollars, `$1,234.56`), `percent` (a fraction: 0.0123 is
 * `1.23%`), `number` (thousands separators, a few decimals) or `integer`.
 */
export type ValueFormat = 'currency' | 'percent' | 'number' | 'integer';

/** What the horizontal axis holds: epoch-ms UTC timestamps (`time`) or plain numbers (`number`). */
export type AxisKind = 'time' | 'number';
