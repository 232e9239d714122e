import type { BarArrays } from '@rooney/core';
import { concatBytes, encodeDbnMetadata, encodeOhlcvRecord, encodeSymbolMappingRecord, encodeSystemRecord } from '../dbn/dbn-encoder.ts';

/** One instrument of a fake live stream. */
export interface DbnStreamInstrument {
  readonly series: BarArrays;
  readonly instrumentId: number;
  /** Subscribed symbol, e.g. `ES.c.0`. */
  readonly subscribedSymbol: string;
  /** Venue symbol, e.g. `ESH4`. */
  readonly rawSymbol: string;
}

const NS_PER_MS = 1_000_000n;

/**
 * The bytes a live gateway would send after `start_session` for these 1-minute series: live-style
 * metadata, a subscription ack, one symbol mapping per instrument, then every bar as an OHLCV-1m
 * record (`ts_event` = bar start = close − 1 minute) merged by time, instruments in the given order
 * within a minute.
 */
export function minuteBarsToLiveDbn(dataset: string, instruments: readonly DbnStreamInstrument[]): Uint8Array {
  let first = Number.POSITIVE_INFINITY;
  for (const i of instruments) if (i.series.length > 0) first = Math.min(first, i.series.ts[0]);
  const startNs = BigInt(first - 60_000) * NS_PER_MS;
  const parts: Uint8Array[] = [
    encodeDbnMetadata({ dataset, startNs, stypeOut: 0 }),
    encodeSystemRecord(startNs, 'Subscription request 1 for ohlcv-1m data succeeded', 1),
  ];
  for (const i of instruments) {
    parts.push(encodeSymbolMappingRecord({ instrumentId: i.instrumentId, tsEventNs: startNs, stypeIn: 3, stypeInSymbol: i.subscribedSymbol, stypeOut: 1, stypeOutSymbol: i.rawSymbol }));
  }
  const cursors = instruments.map(() => 0);
  for (;;) {
    let t = Number.POSITIVE_INFINITY;
    instruments.forEach((inst, k) => {
      if (cursors[k] < inst.series.length && inst.series.ts[cursors[k]] < t) t = inst.series.ts[cursors[k]];
    });
    if (t === Number.POSITIVE_INFINITY) break;
    instruments.forEach((inst, k) => {
      const j = cursors[k];
      if (j >= inst.series.length || inst.series.ts[j] !== t) return;
      const s = inst.series;
      parts.push(encodeOhlcvRecord({ instrumentId: inst.instrumentId, tsEventNs: BigInt(t - 60_000) * NS_PER_MS, open: s.open[j], high: s.high[j], low: s.low[j], close: s.close[j], volume: s.volume[j] }));
      cursors[k]++;
    });
  }
  return concatBytes(parts);
}
