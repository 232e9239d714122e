import type { StrategyDiagnostics } from '@rooney/strategies';
import { interactiveChart, renderTearsheet } from '@rooney/report';
import type { ReportSection, ReportTable } from '@rooney/report';
import type { RooneyConfig } from '../config/schema.ts';
import type { MarketData } from './market-data.ts';
import { sessionOf } from './market-data.ts';
import type { BacktestJobResult } from './run-backtest-job.ts';
import { benchmarkFor, runDescription } from './run-description.ts';

/** Where the report's run description comes from, beyond the config and the data. */
export interface BacktestReportContext {
  readonly config: RooneyConfig;
  /** Directory the config's relative paths are resolved against. */
  readonly baseDir: string;
  readonly configPath?: string;
  /** `--start` / `--end` as given. */
  readonly start?: string;
  readonly end?: string;
}

/**
 * The self-contained HTML report of a backtest: the tearsheet of `@rooney/report` with the CLI's
 * own extras (signal and filter counts, coordinator blocks, blend attribution).
 */
export function backtestReportHtml(data: MarketData, job: BacktestJobResult, metrics: Record<string, unknown>, context: BacktestReportContext): string {
  const { config } = context;
  const inputs = metrics.inputs as Record<string, unknown>;
  const prices = job.symbols.flatMap((symbol) => {
    const bars = data.series.get(symbol);
    return bars === undefined ? [] : [bars];
  });
  return renderTearsheet({
    result: job.result,
    performance: job.performance,
    badges: data.source === 'builtin' ? [data.label] : [`data: ${data.label}`],
    warnings: (metrics.ml as { warnings?: string[] } | undefined)?.warnings ?? [],
    subtitle: `${job.strategies.map((s) => s.name).join(', ')} on ${job.symbols.join(', ')}`,
    contracts: job.contracts,
    session: sessionOf(config),
    symbols: job.symbols,
    prices,
    benchmark: benchmarkFor(config, data, context.baseDir),
    run: runDescription(config, data, job, {
      configHash: String(inputs.config_hash),
      ...(context.configPath !== undefined ? { configPath: context.configPath } : {}),
      ...(context.start !== undefined ? { start: context.start } : {}),
      ...(context.end !== undefined ? { end: context.end } : {}),
    }),
    tables: extraTables(job, metrics),
    sections: attributionSections(job),
  });
}

/** Signal/filter/veto counts per strategy and the coordinator's blocked entries. */
function extraTables(job: BacktestJobResult, metrics: Record<string, unknown>): ReportTable[] {
  const signals = Object.entries((metrics.signals ?? {}) as Record<string, StrategyDiagnostics>);
  const tables: ReportTable[] = [];
  if (signals.length > 0) {
    tables.push({
      title: 'Signals: filters and ML veto',
      columns: ['strategy', 'signals', 'entries', 'ML vetoed', 'blocked: time of day', 'volatility', 'trend', 'pair IBS', 'momentum', 'TLT regime'],
      rows: signals.map(([name, d]) => [
        name,
        d.signals,
        d.entries,
        d.vetoed,
        d.blocked.time_of_day ?? 0,
        d.blocked.volatility ?? 0,
        d.blocked.trend ?? 0,
        d.blocked.pair_ibs ?? 0,
        d.blocked.momentum ?? 0,
        d.blocked.tlt_regime ?? 0,
      ]),
    });
  }
  if (job.coordinator !== undefined) {
    tables.push({
      title: 'Portfolio coordinator: blocked entries',
      columns: ['reason', 'entries blocked'],
      rows: Object.entries(job.coordinator.blockedCounts()).map(([reason, count]) => [reason, count ?? 0]),
    });
  }
  return tables;
}

interface AttributionSource {
  attribution(): { alphas: readonly string[]; ts: Float64Array; pnl: readonly Float64Array[] };
}

/** Per-alpha paper PnL of blend strategies. */
function attributionSections(job: BacktestJobResult): ReportSection[] {
  const sections: ReportSection[] = [];
  for (const strategy of job.strategies) {
    const source = strategy as Partial<AttributionSource>;
    if (typeof source.attribution !== 'function') continue;
    const attribution = source.attribution();
    if (attribution.ts.length < 2) continue;
    sections.push({
      title: `${strategy.name}: paper PnL by alpha`,
      html: interactiveChart({
        x: attribution.ts,
        series: attribution.alphas.map((name, k) => ({ name, values: attribution.pnl[k] })),
        valueFormat: 'currency',
        title: `${strategy.name}: paper PnL by alpha`,
        includeZero: true,
        group: 'time',
      }),
    });
  }
  return sections;
}
