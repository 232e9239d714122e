import { DAY_MS, RooneyError } from '@rooney/core';
import { monthOf, monthRange, mergeIntervals, subtractIntervals } from '@rooney/data';
import type { TimeInterval } from '@rooney/data';

/** How a requested symbol is asked for. */
export type SymbolKind = 'continuous' | 'raw_symbol';

/** A Databento continuous symbol: `ROOT.<c|n|v>.<rank>` (calendar, open interest, volume). */
const CONTINUOUS = /^.+\.[cnv]\.\d+$/;
/** Parent symbols select every contract and spread of a product at once. */
const PARENT = /^.+\.(FUT|OPT|SPOT|MLEG)$/;

/**
 * The symbology type of a requested symbol: `continuous` for `ES.c.0`, `NQ.v.1`, …, `raw_symbol`
 * for venue symbols (`ESH5`). Parent symbols (`ES.FUT`) are refused: they bring every contract
 * month and spread, paid for, when a continuous symbol brings the contracts a roll uses.
 */
export function symbolKind(symbol: string): SymbolKind {
  if (CONTINUOUS.test(symbol)) return 'continuous';
  if (PARENT.test(symbol)) {
    throw new RooneyError('bad_symbol', `${symbol} is a parent symbol (every contract and spread of the product); ask for a continuous symbol such as ${symbol.replace(PARENT, '')}.c.0, or for contracts such as ESH5`);
  }
  return 'raw_symbol';
}

/** A resolved interval of a continuous symbol: the stored contract held over `[startDate, endDate)`. */
export interface ContractInterval {
  readonly startDate: string;
  readonly endDate: string;
  readonly symbol: string;
}

/** What one stored symbol (a venue contract) must cover, before subtracting what the catalog holds. */
export interface ContractWindow {
  readonly symbol: string;
  /** Bar-open intervals, merged. */
  readonly intervals: readonly TimeInterval[];
  /** The requested symbols that need it (`ES.c.0`, or itself for a raw symbol). */
  readonly neededBy: readonly string[];
}

/** One download: a stored symbol over `[start, end)`, inside one month. */
export interface FetchChunk {
  readonly symbol: string;
  readonly month: string;
  readonly start: number;
  readonly end: number;
}

/** One sizing call: a stored symbol over a contiguous missing interval (possibly several months). */
export interface SizingSpan {
  readonly symbol: string;
  readonly start: number;
  readonly end: number;
}

/** The plan of a fetch. */
export interface FetchPlan {
  readonly windows: readonly ContractWindow[];
  /** What is missing, month by month, in time order (then symbol). */
  readonly chunks: readonly FetchChunk[];
  /** The same missing intervals, one per contiguous stretch of a symbol, for the sizing calls. */
  readonly sizing: readonly SizingSpan[];
  /** Month pieces already held by the catalog (not downloaded again). */
  readonly heldChunks: number;
}

const dayStart = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/**
 * The contracts a request needs and over which bar-open intervals. A requested venue symbol needs
 * the days it resolved over, within `[start, end)`. A continuous symbol needs each contract it
 * resolves to over the days it is the mapped contract, and also `leadDays` before that, so that
 * any roll rule up to that many days before the mapped roll (or a volume crossover within them) can
 * be rebuilt from the stored contracts; everything is clipped to `[start, end)`.
 */
export function contractWindows(
  request: { readonly start: number; readonly end: number; readonly leadDays: number },
  raw: ReadonlyMap<string, readonly TimeInterval[]>,
  continuous: ReadonlyMap<string, readonly ContractInterval[]>,
): ContractWindow[] {
  const intervals = new Map<string, TimeInterval[]>();
  const neededBy = new Map<string, Set<string>>();
  const add = (symbol: string, interval: TimeInterval, by: string): void => {
    const start = Math.max(request.start, interval[0]);
    const end = Math.min(request.end, interval[1]);
    if (!(end > start)) return;
    intervals.set(symbol, [...(intervals.get(symbol) ?? []), [start, end]]);
    neededBy.set(symbol, (neededBy.get(symbol) ?? new Set()).add(by));
  };
  for (const [symbol, list] of raw) for (const interval of list) add(symbol, interval, symbol);
  for (const [symbol, resolved] of continuous) {
    // One window per contract: from its first mapped day (less the lead) to its last.
    const spans = new Map<string, [number, number]>();
    for (const interval of resolved) {
      const from = dayStart(interval.startDate);
      const to = dayStart(interval.endDate);
      const known = spans.get(interval.symbol);
      spans.set(interval.symbol, known === undefined ? [from, to] : [Math.min(known[0], from), Math.max(known[1], to)]);
    }
    for (const [contract, [from, to]] of spans) add(contract, [from - request.leadDays * DAY_MS, to], symbol);
  }
  return [...intervals]
    .map(([symbol, list]) => ({ symbol, intervals: mergeIntervals(list), neededBy: [...(neededBy.get(symbol) ?? [])].sort() }))
    .sort((a, b) => a.intervals[0][0] - b.intervals[0][0] || (a.symbol < b.symbol ? -1 : 1));
}

/**
 * What to download: each window less what the catalog holds (`held(symbol)` gives its bar-open
 * coverage), cut at month boundaries. A month partly held is completed, never downloaded again.
 */
export function planFetch(windows: readonly ContractWindow[], held: (symbol: string) => readonly TimeInterval[]): FetchPlan {
  const chunks: FetchChunk[] = [];
  const sizing: SizingSpan[] = [];
  let heldChunks = 0;
  for (const window of windows) {
    const have = held(window.symbol);
    for (const interval of window.intervals) {
      for (const piece of monthPieces(interval)) {
        const missing = subtractIntervals(piece, have);
        if (missing.length === 0) heldChunks++;
        for (const [start, end] of missing) chunks.push({ symbol: window.symbol, month: monthOf(start), start, end });
      }
      for (const [start, end] of subtractIntervals(interval, have)) sizing.push({ symbol: window.symbol, start, end });
    }
  }
  chunks.sort((a, b) => a.start - b.start || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return { windows, chunks, sizing, heldChunks };
}

/** An interval cut at UTC month boundaries. */
function monthPieces([start, end]: TimeInterval): TimeInterval[] {
  const out: TimeInterval[] = [];
  let from = start;
  while (from < end) {
    const monthEnd = monthRange(monthOf(from))[1];
    const to = Math.min(end, monthEnd);
    out.push([from, to]);
    from = to;
  }
  return out;
}
