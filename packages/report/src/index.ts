export { renderReport, DEFAULT_TABLE_ROWS, TIME_CHART_GROUP } from './render-report.ts';
export type { ReportData, ReportSeries, ReportSection, ReportTable, SummaryMetric } from './render-report.ts';
export { lineChartSvg, areaChartSvg, DEFAULT_MAX_POINTS } from './line-chart.ts';
export type { AreaChartOptions, LineChartOptions, LineChartSeries, SeriesChartOptions } from './line-chart.ts';
export { heatmapTable, monthlyReturnsHeatmap } from './heatmap.ts';
export type { HeatmapColorScale, HeatmapTableOptions, MonthlyReturnEntry } from './heatmap.ts';
export { histogramSvg, histogramCounts } from './histogram.ts';
export type { HistogramGroup, HistogramOptions } from './histogram.ts';
export { barChartSvg } from './bar-chart.ts';
export type { BarChartItem, BarChartOptions } from './bar-chart.ts';
export { fanChartSvg, fanBandsFromPaths, percentileOfSorted } from './fan-chart.ts';
export type { FanBands, FanChartOptions } from './fan-chart.ts';
export { rocChartSvg } from './roc-chart.ts';
export type { RocChartOptions } from './roc-chart.ts';
export { dataTable, keyValueTable } from './data-table.ts';
export type { DataTableOptions, TableCell } from './data-table.ts';
export { downsampleIndices, downsampleMinMax, strideIndices } from './downsample.ts';
export type { SampledSeries } from './downsample.ts';
export { escapeHtml } from './escape.ts';
export {
  formatCurrency,
  formatDateTimeUtc,
  formatDateUtc,
  formatNumber,
  formatPercent,
  formatValue,
  monthName,
} from './format.ts';
export { timeTicks, numberTicks } from './scale.ts';
export type { TimeTick, NumberTicks } from './scale.ts';
export type { AxisKind, NumericArray, ValueFormat } from './types.ts';
export { interactiveChart, hasInteractiveChart } from './interactive-chart.ts';
export type { InteractiveChartOptions, InteractiveSeries, SeriesStyle } from './interactive-chart.ts';
export { uplotAssets } from './uplot-assets.ts';
export type { UplotAssets } from './uplot-assets.ts';
export { formatPrice, priceDecimals } from './price-format.ts';
export { tearsheetReport, renderTearsheet } from './tearsheet/tearsheet.ts';
export { tearsheetStatistics, defaultRollingWindow } from './tearsheet/tearsheet-statistics.ts';
export type { TearsheetStatistics, BenchmarkComparison } from './tearsheet/tearsheet-statistics.ts';
export type {
  TearsheetInput,
  RunDescription,
  StrategyDescription,
  DataFileDescription,
  BenchmarkSeries,
} from './tearsheet/tearsheet-input.ts';
