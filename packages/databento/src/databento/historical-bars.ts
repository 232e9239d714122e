import { DAY_MS, RooneyError } from '@rooney/core';
import { BarSeriesBuilder, dbnSymbolIntervals } from '@rooney/data';
import type { BarSeries, DbnMetadata, DbnSymbolInterval } from '@rooney/data';
import type { DbnRecord } from '../dbn/dbn-records.ts';
import type { InstrumentSymbols } from './symbol-map.ts';

const NS_PER_MS = 1_000_000n;

/**
 * Builds per-symbol bar series from the decoded records of a historical `get_range` answer.
 *
 * Each OHLCV record of the requested cadence goes to the symbol it was requested as: the
 * instrument's in-stream symbol mapping (its `stype_in_symbol`) when one came, else the metadata
 * mapping whose date interval holds the bar's UTC day (`raw_symbol` → instrument id), else the
 * instrument id as text. Bars are stamped at their close (`ts_event` + bar size) and must strictly
 * increase per symbol: two instruments feeding one symbol at the same time (a `parent` request,
 * say) is an error, never a silent merge. Bars with an undefined price are skipped and counted.
 */
export class HistoricalBarCollector {
  private readonly rtype: number;
  private readonly barMs: number;
  private readonly source: string;
  private readonly builders = new Map<string, BarSeriesBuilder>();
  private readonly dated = new Map<number, DbnSymbolInterval[]>();
  private readonly streamSymbols = new Map<number, string>();
  private readonly mappings: InstrumentSymbols[] = [];
  private records = 0;
  private undefinedPrices = 0;
  private otherRecords = 0;

  constructor(options: { readonly rtype: number; readonly barMs: number; readonly symbols: readonly string[]; readonly source: string }) {
    this.rtype = options.rtype;
    this.barMs = options.barMs;
    this.source = options.source;
    for (const symbol of options.symbols) this.builders.set(symbol, new BarSeriesBuilder(symbol, options.barMs, 1024));
  }

  /** OHLCV records taken. */
  get recordCount(): number {
    return this.records;
  }

  /** Bars skipped for an undefined (`UNDEF_PRICE`) price. */
  get skippedBars(): number {
    return this.undefinedPrices;
  }

  /** Records of other types or cadences, stepped over. */
  get otherRecordCount(): number {
    return this.otherRecords;
  }

  metadata(metadata: DbnMetadata): void {
    for (const [id, intervals] of dbnSymbolIntervals(metadata.mappings)) {
      this.dated.set(id, [...(this.dated.get(id) ?? []), ...intervals]);
    }
  }

  record(record: DbnRecord): void {
    if (record.kind === 'symbol_mapping') {
      const symbol = record.stypeInSymbol !== '' ? record.stypeInSymbol : record.stypeOutSymbol;
      if (symbol === '') return;
      this.streamSymbols.set(record.instrumentId, symbol);
      this.mappings.push({ instrumentId: record.instrumentId, subscribedSymbol: symbol, rawSymbol: record.stypeOutSymbol });
      return;
    }
    if (record.kind !== 'ohlcv' || record.rtype !== this.rtype) {
      this.otherRecords++;
      return;
    }
    this.records++;
    const { open, high, low, close } = record;
    if (Number.isNaN(open) || Number.isNaN(high) || Number.isNaN(low) || Number.isNaN(close)) {
      this.undefinedPrices++;
      return;
    }
    const openTs = Number(record.tsEventNs / NS_PER_MS);
    const symbol = this.streamSymbols.get(record.instrumentId) ?? this.datedSymbol(record.instrumentId, Math.floor(openTs / DAY_MS)) ?? String(record.instrumentId);
    let builder = this.builders.get(symbol);
    if (builder === undefined) {
      builder = new BarSeriesBuilder(symbol, this.barMs, 256);
      this.builders.set(symbol, builder);
    }
    const ts = openTs + this.barMs;
    if (builder.length > 0 && ts <= builder.lastTs) {
      throw new RooneyError(
        'bad_history',
        `${this.source}: ${symbol} has a bar closing at ${new Date(ts).toISOString()} after one closing at ${new Date(builder.lastTs).toISOString()} (instrument ${record.instrumentId}); several instruments map to one symbol? (use continuous or raw_symbol symbology)`,
      );
    }
    builder.push(ts, open, high, low, close, record.volume);
  }

  /** The in-stream symbol mappings, in stream order. */
  symbolMappings(): readonly InstrumentSymbols[] {
    return this.mappings;
  }

  /** The series, one per requested symbol (empty when no bar came) plus any unrequested key. */
  series(): Map<string, BarSeries> {
    const out = new Map<string, BarSeries>();
    for (const [symbol, builder] of this.builders) out.set(symbol, builder.build());
    return out;
  }

  private datedSymbol(id: number, day: number): string | undefined {
    const list = this.dated.get(id);
    if (list === undefined) return undefined;
    for (const interval of list) if (day >= interval.startDay && day < interval.endDay) return interval.symbol;
    return undefined;
  }
}
