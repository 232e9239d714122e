import { BarSeries } from '@rooney/data';
import type { MarketData } from '../backtest/market-data.ts';

/** One series in shared memory: six columns of `length` values each, in one buffer. */
interface SharedSeries {
  readonly symbol: string;
  readonly barMs: number;
  readonly length: number;
  readonly buffer: SharedArrayBuffer;
}

/** `MarketData` whose bars live in `SharedArrayBuffer`s, for handing to worker threads without copies. */
export interface SharedMarketData {
  readonly series: readonly SharedSeries[];
  readonly source: MarketData['source'];
  readonly label: string;
  readonly tradableSymbols: readonly string[];
  readonly skippedRows: Readonly<Record<string, number>>;
  readonly rolls: MarketData['rolls'];
}

const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Copies every series into shared memory once. Workers given the result read the same bytes as
 * this thread (posting a `SharedArrayBuffer` shares it, it is not cloned), so N workers cost one
 * copy of the data instead of N loads.
 */
export function shareMarketData(data: MarketData): SharedMarketData {
  const series: SharedSeries[] = [];
  for (const [symbol, bars] of data.series) {
    const n = bars.length;
    const buffer = new SharedArrayBuffer(n * COLUMNS.length * Float64Array.BYTES_PER_ELEMENT);
    COLUMNS.forEach((name, k) => new Float64Array(buffer, k * n * Float64Array.BYTES_PER_ELEMENT, n).set(bars[name]));
    series.push({ symbol, barMs: bars.barMs, length: n, buffer });
  }
  return { series, source: data.source, label: data.label, tradableSymbols: data.tradableSymbols, skippedRows: data.skippedRows, rolls: data.rolls };
}

/** The `MarketData` view of shared series (no copy). */
export function restoreMarketData(shared: SharedMarketData): MarketData {
  const series = new Map<string, BarSeries>();
  for (const s of shared.series) {
    const column = (k: number): Float64Array => new Float64Array(s.buffer, k * s.length * Float64Array.BYTES_PER_ELEMENT, s.length);
    series.set(s.symbol, new BarSeries(s.symbol, s.barMs, { ts: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) }));
  }
  return { series, source: shared.source, label: shared.label, tradableSymbols: shared.tradableSymbols, skippedRows: shared.skippedRows, rolls: shared.rolls };
}
