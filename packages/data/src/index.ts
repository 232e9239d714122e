export { BarSeries, BarSeriesBuilder } from './bar-series.ts';
export type { BarColumns } from './bar-series.ts';
export * from './io/index.ts';
export * from './consolidate/index.ts';
export * from './synth/index.ts';
export * from './catalog/index.ts';
