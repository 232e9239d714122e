export { ParamReader } from './params.ts';
export type { RawParams } from './params.ts';
export { IbsStrategy, DEFAULT_IBS_PARAMS, parseIbsParams, internalBarStrength } from './ibs/ibs-strategy.ts';
export type { IbsParams, IbsTimeframe } from './ibs/ibs-strategy.ts';
export { STRATEGY_FACTORIES, createStrategy } from './registry.ts';
export type { StrategyInstanceSpec, StrategyFactory } from './registry.ts';
