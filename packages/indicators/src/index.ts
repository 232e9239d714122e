export { Indicator, ValueIndicator, computeOverBars, computeOverValues, computeLinesOverValues } from './indicator.ts';
export type { IndicatorColumns } from './indicator.ts';
export { RingBuffer } from './ring-buffer.ts';
export type { IndicatorDefinition, ParameterSpec, ParameterValue } from './registry-types.ts';
export { INDICATORS, findIndicator } from './registry.ts';
export * from './exports-a.ts';
export * from './exports-b.ts';
export { parseIndicatorSpec, createIndicator } from './spec.ts';
export type { IndicatorSpec } from './spec.ts';
