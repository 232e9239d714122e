export * from '@rooney/report';
export { buildProgram } from './program.ts';
export { loadConfigFile, validateConfig, expandEnvironment, configHash, canonicalJson } from './config/load-config.ts';
export { configSchema } from './config/schema.ts';
export type { RooneyConfig, StrategyInstanceConfig } from './config/schema.ts';
export { runBacktestJob, buildStrategies, contractsFor } from './backtest/run-backtest-job.ts';
export type { BacktestJob, BacktestJobResult } from './backtest/run-backtest-job.ts';
export { loadMarketData, sessionOf } from './backtest/market-data.ts';
export type { MarketData, MarketDataRequest } from './backtest/market-data.ts';
