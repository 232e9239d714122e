export { computePerformance } from './performance.ts';
export type { PerformanceInput, PerformanceReport, GroupPerformance } from './performance.ts';
export {
  TRADING_DAYS_PER_YEAR,
  simpleReturns,
  sharpeRatio,
  sortinoRatio,
  compoundAnnualGrowthRate,
  monthlyReturns,
} from './returns.ts';
export type { TimeSeries, MonthlyReturn } from './returns.ts';
export { drawdownSeries, summarizeDrawdowns } from './drawdown.ts';
export type { DrawdownSeries, DrawdownSummary } from './drawdown.ts';
export { tradeStatistics, exposureFraction } from './trade-statistics.ts';
export type { TradeStatistics, Span } from './trade-statistics.ts';
export { PortfolioCoordinator } from './coordinator.ts';
export type { BlockReason, BlockedEntry, CoordinatorOptions, CoordinatorState } from './coordinator.ts';
export {
  runMonteCarlo,
  monteCarloSettings,
  allocatePathOutputs,
  resampleTrades,
  simulatePaths,
  summarizePaths,
  distributionOf,
} from './monte-carlo.ts';
export type {
  ResampleMethod,
  MonteCarloOptions,
  MonteCarloSettings,
  MonteCarloResult,
  Distribution,
  FanChart,
  PathOutputs,
} from './monte-carlo.ts';
export { optimizePortfolio, portfolioStatistics } from './optimize-portfolio.ts';
export type {
  ReturnsTable,
  OptimizationMethod,
  OptimizeOptions,
  IntegerContractsOptions,
  PortfolioStatistics,
  StatisticsComparison,
  GreedyStep,
  ContractAllocation,
  OptimizationResult,
} from './optimize-portfolio.ts';
export { ledoitWolfCovariance } from './covariance.ts';
export type { CovarianceEstimate } from './covariance.ts';
export { maxSharpeWeights, projectCappedSimplex, weightSharpe } from './max-sharpe.ts';
export type { MaxSharpeSolution } from './max-sharpe.ts';
export { drawdownEpisodes, worstDrawdowns } from './drawdown.ts';
export type { DrawdownEpisode } from './drawdown.ts';
export { skewness, excessKurtosis, historicalValueAtRisk, conditionalValueAtRisk, summarizeDistribution } from './distribution.ts';
export type { DistributionSummary } from './distribution.ts';
export { DEFAULT_ROLLING_WINDOW, rollingSharpe, rollingVolatility, rollingBeta } from './rolling.ts';
export { benchmarkStatistics, valuesAt, levelReturns, equalWeightReturns, compoundReturns } from './benchmark.ts';
export type { BenchmarkStatistics } from './benchmark.ts';
export { exposureByPeriod } from './exposure.ts';
export type { ExposureSeries } from './exposure.ts';
export { yearlyReturns } from './calendar-returns.ts';
export type { YearlyReturn } from './calendar-returns.ts';
