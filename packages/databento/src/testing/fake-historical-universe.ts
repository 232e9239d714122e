import { DAY_MS } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { formatDatabentoDate } from '../databento/databento-time.ts';

/** One instrument the fake serves under a symbol of its `stypeIn` symbology (the original shape). */
export interface FakeHistoricalInstrument {
  /** The symbol clients ask for (in the fake's `stypeIn` symbology), e.g. `ES.c.0`. */
  readonly symbol: string;
  readonly instrumentId: number;
  /** The venue symbol, e.g. `ESH4` (answered by `symbology.resolve` with `stype_out=raw_symbol`). */
  readonly rawSymbol: string;
  /** Its 1-minute bars, stamped at their close. */
  readonly series: BarArrays;
}

/** A futures contract, asked for by its venue symbol (`stype_in=raw_symbol`). */
export interface FakeHistoricalContract {
  /** e.g. `ESH5`. */
  readonly rawSymbol: string;
  readonly instrumentId: number;
  /** Its 1-minute bars, stamped at their close. */
  readonly series: BarArrays;
}

/**
 * A continuous symbol (`ES.c.0`) and the contract it stands for on each UTC day: `rawSymbol` from
 * `startDate` (inclusive) to `endDate` (exclusive), as `symbol.resolve` answers; `instrumentId`
 * picks among contracts that share a venue symbol (CME reuses `ESH5` every ten years).
 */
export interface FakeContinuousSymbol {
  readonly symbol: string;
  readonly schedule: readonly { readonly startDate: string; readonly endDate: string; readonly rawSymbol: string; readonly instrumentId?: number }[];
}

/** Bars of one instrument served under a requested symbol, restricted to UTC days `[startDay, endDay)` of the bar's open. */
export interface ServedSlice {
  readonly requested: string;
  readonly instrumentId: number;
  readonly rawSymbol: string;
  readonly series: BarArrays;
  readonly startDay: number;
  readonly endDay: number;
}

/** A resolved interval, as `symbology.resolve` and DBN metadata mappings give it. */
export interface ResolvedInterval {
  readonly startDay: number;
  readonly endDay: number;
  readonly instrumentId: number;
  readonly rawSymbol: string;
}

const ALL_DAYS = { startDay: Number.NEGATIVE_INFINITY, endDay: Number.POSITIVE_INFINITY };

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayOfDate(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/** `YYYY-MM-DD` of a day number. */
export function dateOfDay(day: number): string {
  return formatDatabentoDate(day * DAY_MS);
}

/**
 * What the fake holds and how its symbologies resolve: the original `instruments` (one instrument
 * per symbol of the fake's `stypeIn`, every day), `contracts` by venue symbol (or instrument id), and `continuous`
 * symbols whose contract changes by date. `get_range`, the sizing calls and `symbology.resolve`
 * all ask it, so their answers agree with one another.
 */
export class FakeHistoricalUniverse {
  private readonly instruments: readonly FakeHistoricalInstrument[];
  private readonly instrumentStype: string;
  private readonly contracts: readonly FakeHistoricalContract[];
  private readonly continuous: ReadonlyMap<string, FakeContinuousSymbol>;

  constructor(options: {
    readonly instruments?: readonly FakeHistoricalInstrument[];
    readonly stypeIn?: string;
    readonly contracts?: readonly FakeHistoricalContract[];
    readonly continuous?: readonly FakeContinuousSymbol[];
  }) {
    this.instruments = options.instruments ?? [];
    this.instrumentStype = options.stypeIn ?? 'continuous';
    this.contracts = options.contracts ?? [];
    this.continuous = new Map((options.continuous ?? []).map((c) => [c.symbol, c]));
    for (const symbol of this.continuous.values()) {
      for (const entry of symbol.schedule) {
        this.scheduled(symbol.symbol, entry);
      }
    }
  }

  /** Every series the fake holds (for the default available range). */
  allSeries(): BarArrays[] {
    return [...this.instruments.map((i) => i.series), ...this.contracts.map((c) => c.series)];
  }

  /** What `symbol` (in `stypeIn`) resolves to over UTC days `[startDay, endDay)`; empty when unknown. */
  resolve(symbol: string, stypeIn: string, startDay: number, endDay: number): ResolvedInterval[] {
    if (stypeIn === this.instrumentStype) {
      const instrument = this.instruments.find((i) => i.symbol === symbol);
      if (instrument !== undefined) return [{ startDay, endDay, instrumentId: instrument.instrumentId, rawSymbol: instrument.rawSymbol }];
    }
    if (stypeIn === 'raw_symbol') {
      // A venue symbol means the contract trading under it on each day (reused symbols: by date).
      const out: ResolvedInterval[] = [];
      for (const contract of this.contracts.filter((c) => c.rawSymbol === symbol)) {
        const [first, last] = tradingDays(contract);
        const from = Math.max(startDay, first);
        const to = Math.min(endDay, last);
        if (from < to) out.push({ startDay: from, endDay: to, instrumentId: contract.instrumentId, rawSymbol: contract.rawSymbol });
      }
      if (out.length > 0) return out.sort((a, b) => a.startDay - b.startDay);
    }
    if (stypeIn === 'instrument_id') {
      const found = this.byId(symbol);
      if (found !== undefined) return [{ startDay, endDay, instrumentId: found.instrumentId, rawSymbol: found.rawSymbol }];
    }
    if (stypeIn === 'continuous') {
      const continuous = this.continuous.get(symbol);
      if (continuous !== undefined) {
        const out: ResolvedInterval[] = [];
        for (const entry of continuous.schedule) {
          const from = Math.max(startDay, dayOfDate(entry.startDate));
          const to = Math.min(endDay, dayOfDate(entry.endDate));
          if (from >= to) continue;
          const contract = this.scheduled(symbol, entry);
          out.push({ startDay: from, endDay: to, instrumentId: contract.instrumentId, rawSymbol: contract.rawSymbol });
        }
        return out;
      }
    }
    return [];
  }

  /** A contract (or instrument) by its instrument id written as text. */
  private byId(text: string): { instrumentId: number; rawSymbol: string; series: BarArrays } | undefined {
    if (!/^\d+$/.test(text)) return undefined;
    const id = Number(text);
    return this.contracts.find((c) => c.instrumentId === id) ?? this.instruments.find((i) => i.instrumentId === id);
  }

  /** The contract a schedule entry names (by instrument id when given, else the only one with that venue symbol). */
  private scheduled(symbol: string, entry: { readonly rawSymbol: string; readonly instrumentId?: number }): FakeHistoricalContract {
    const found = this.contracts.filter((c) => c.rawSymbol === entry.rawSymbol && (entry.instrumentId === undefined || c.instrumentId === entry.instrumentId));
    if (found.length !== 1) throw new Error(`fake: ${symbol} is scheduled on ${entry.rawSymbol}, which matches ${found.length} contracts (give instrumentId)`);
    return found[0];
  }

  /** The bars a get_range of `symbols` serves, one slice per (symbol, instrument, day range). */
  slices(symbols: readonly string[], stypeIn: string): ServedSlice[] {
    const out: ServedSlice[] = [];
    for (const requested of symbols) {
      if (stypeIn === this.instrumentStype) {
        const instrument = this.instruments.find((i) => i.symbol === requested);
        if (instrument !== undefined) {
          out.push({ requested, instrumentId: instrument.instrumentId, rawSymbol: instrument.rawSymbol, series: instrument.series, ...ALL_DAYS });
          continue;
        }
      }
      if (stypeIn === 'raw_symbol') {
        for (const contract of this.contracts.filter((c) => c.rawSymbol === requested)) {
          const [startDay, endDay] = tradingDays(contract);
          out.push({ requested, instrumentId: contract.instrumentId, rawSymbol: contract.rawSymbol, series: contract.series, startDay, endDay });
        }
        continue;
      }
      if (stypeIn === 'instrument_id') {
        const found = this.byId(requested);
        if (found !== undefined) out.push({ requested, instrumentId: found.instrumentId, rawSymbol: found.rawSymbol, series: found.series, ...ALL_DAYS });
        continue;
      }
      if (stypeIn === 'continuous') {
        const continuous = this.continuous.get(requested);
        if (continuous === undefined) continue;
        for (const entry of continuous.schedule) {
          const contract = this.scheduled(requested, entry);
          out.push({
            requested,
            instrumentId: contract.instrumentId,
            rawSymbol: contract.rawSymbol,
            series: contract.series,
            startDay: dayOfDate(entry.startDate),
            endDay: dayOfDate(entry.endDate),
          });
        }
      }
    }
    return out;
  }
}

/** UTC days `[first, last + 1)` of a contract's bars (opens): the days its venue symbol means it. */
function tradingDays(contract: FakeHistoricalContract): [number, number] {
  const n = contract.series.length;
  if (n === 0) return [0, 0];
  return [Math.floor((contract.series.ts[0] - 60_000) / DAY_MS), Math.floor((contract.series.ts[n - 1] - 60_000) / DAY_MS) + 1];
}

/** An OHLCV bar keyed by its open time. */
export interface OpenBar {
  openTs: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Minute bars aggregated into bins of `barMs` on UTC boundaries (a bin opens at a multiple of `barMs`). */
export function aggregateBars(series: BarArrays, barMs: number): OpenBar[] {
  const out: OpenBar[] = [];
  for (let i = 0; i < series.length; i++) {
    const openTs = Math.floor((series.ts[i] - 60_000) / barMs) * barMs;
    const last = out.at(-1);
    if (last !== undefined && last.openTs === openTs) {
      last.high = Math.max(last.high, series.high[i]);
      last.low = Math.min(last.low, series.low[i]);
      last.close = series.close[i];
      last.volume += series.volume[i];
    } else {
      out.push({ openTs, open: series.open[i], high: series.high[i], low: series.low[i], close: series.close[i], volume: series.volume[i] });
    }
  }
  return out;
}
