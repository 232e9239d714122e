import { BarSeries } from '@rooney/data';
import type { HeldPrices, MarketData } from '../backtest/market-data.ts';

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
  /** The contracts' own prices behind continuous series, shared the same way. */
  readonly held: readonly { readonly prices: SharedSeries; readonly adjustment: HeldPrices['adjustment'] }[];
}

const COLUMNS = ['ts', 'open', 'high', 'low', 'close', 'volume'] as const;

/**
 * Copies every series into shared memory once. Workers given the result read the same bytes as
 * this thread (posting a `SharedArrayBuffer` shares it, it is not cloned), so N workers cost one
 * copy of the data instead of N loads.
 */
export function shareMarketData(data: MarketData): SharedMarketData {
  const series = [...data.series.values()].map(shareSeries);
  const held = Object.values(data.held ?? {}).map((h) => ({ prices: shareSeries(h.prices), adjustment: h.adjustment }));
  return { series, source: data.source, label: data.label, tradableSymbols: data.tradableSymbols, skippedRows: data.skippedRows, rolls: data.rolls, held };
}

function shareSeries(bars: BarSeries): SharedSeries {
  const n = bars.length;
  const buffer = new SharedArrayBuffer(n * COLUMNS.length * Float64Array.BYTES_PER_ELEMENT);
  COLUMNS.forEach((name, k) => new Float64Array(buffer, k * n * Float64Array.BYTES_PER_ELEMENT, n).set(bars[name]));
  return { symbol: bars.symbol, barMs: bars.barMs, length: n, buffer };
}

function restoreSeries(s: SharedSeries): BarSeries {
  const column = (k: number): Float64Array => new Float64Array(s.buffer, k * s.length * Float64Array.BYTES_PER_ELEMENT, s.length);
  return new BarSeries(s.symbol, s.barMs, { ts: column(0), open: column(1), high: column(2), low: column(3), close: column(4), volume: column(5) });
}

/** The `MarketData` view of shared series (no copy). */
export function restoreMarketData(shared: SharedMarketData): MarketData {
  const series = new Map<string, BarSeries>();
  for (const s of shared.series) series.set(s.symbol, restoreSeries(s));
  const held: Record<string, HeldPrices> = {};
  for (const h of shared.held) held[h.prices.symbol] = { prices: restoreSeries(h.prices), adjustment: h.adjustment };
  return {
    series,
    source: shared.source,
    label: shared.label,
    tradableSymbols: shared.tradableSymbols,
    skippedRows: shared.skippedRows,
    rolls: shared.rolls,
    ...(shared.held.length > 0 ? { held } : {}),
  };
}
