import { RooneyError } from '@rooney/core';
import type { TimeInterval } from '@rooney/data';
import type { DatabentoHistoricalClient } from '../databento/databento-historical-client.ts';
import type { ContractInterval } from './fetch-plan.ts';

/** What the requested symbols stand for, ready to plan downloads. */
export interface ResolvedContracts {
  /** Stored symbol (e.g. `ESH2025`) → the instrument id downloads ask for. */
  readonly instruments: ReadonlyMap<string, number>;
  /** Continuous symbol → the stored contract it stood for, by date (`YYYY-MM-DD`, end exclusive). */
  readonly continuous: ReadonlyMap<string, readonly ContractInterval[]>;
  /** Stored symbol of a requested venue symbol → the days it resolved over (epoch-ms day bounds). */
  readonly raw: ReadonlyMap<string, readonly TimeInterval[]>;
  /** Requested symbols that resolve for only part of the range. */
  readonly partial: readonly string[];
}

/** Venue symbols of CME-style futures: root, month code, one year digit (`ESH5`). */
const ONE_DIGIT_YEAR = /^(.+[FGHJKMNQUVXZ])(\d)$/;

/**
 * The name a contract is stored under: its venue symbol with the year written in full when the
 * venue uses one digit (`ESH5` → `ESH2025`), because CME reuses `ESH5` every ten years and a
 * ten-year catalog holds both. The year is the first one ending in that digit from the year before
 * `referenceTs` (the first day the contract is wanted) on. Other symbols are kept as they are.
 */
export function contractKey(rawSymbol: string, referenceTs: number): string {
  const match = ONE_DIGIT_YEAR.exec(rawSymbol);
  if (match === null) return rawSymbol;
  const digit = Number(match[2]);
  let year = new Date(referenceTs).getUTCFullYear() - 1;
  while (year % 10 !== digit) year++;
  return `${match[1]}${year}`;
}

const dayStart = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/**
 * Resolves requested symbols through symbology (free calls): continuous symbols to the instrument
 * ids they stood for by date, venue symbols to their instrument ids, then every id to its venue
 * symbol to name it (`contractKey`). Downloads then ask by instrument id, which no reuse of a venue
 * symbol can confuse. Symbols that do not resolve are an `unknown_symbol` error.
 */
export async function resolveContracts(
  client: DatabentoHistoricalClient,
  request: { readonly dataset: string; readonly continuous: readonly string[]; readonly raw: readonly string[]; readonly startDate: string; readonly endDate: string },
): Promise<ResolvedContracts> {
  const { dataset, startDate, endDate } = request;
  const partial: string[] = [];
  /** Instrument id → the first day it is wanted. */
  const firstWanted = new Map<number, number>();
  const want = (id: number, from: number): void => {
    firstWanted.set(id, Math.min(firstWanted.get(id) ?? Number.POSITIVE_INFINITY, from));
  };
  const resolveToIds = async (symbols: readonly string[], stypeIn: string): Promise<Map<string, { startDate: string; endDate: string; id: number }[]>> => {
    const out = new Map<string, { startDate: string; endDate: string; id: number }[]>();
    if (symbols.length === 0) return out;
    const resolution = await client.resolveSymbology({ dataset, symbols, stypeIn, stypeOut: 'instrument_id', startDate, endDate });
    const missing = symbols.filter((s) => resolution.notFound.includes(s) || (resolution.result.get(s) ?? []).length === 0);
    if (missing.length > 0) throw unknownSymbols(missing, dataset, startDate, endDate);
    partial.push(...resolution.partial);
    for (const symbol of symbols) {
      const intervals = [...(resolution.result.get(symbol) ?? [])]
        .filter((i) => /^\d+$/.test(i.symbol) && i.endDate > i.startDate)
        .map((i) => ({ startDate: i.startDate, endDate: i.endDate, id: Number(i.symbol) }))
        .sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
      if (intervals.length === 0) throw unknownSymbols([symbol], dataset, startDate, endDate);
      for (const i of intervals) want(i.id, dayStart(i.startDate));
      out.set(symbol, intervals);
    }
    return out;
  };
  const continuousIds = await resolveToIds(request.continuous, 'continuous');
  const rawIds = await resolveToIds(request.raw, 'raw_symbol');

  // Name every instrument by its venue symbol (an instrument id that does not resolve keeps its number).
  const ids = [...firstWanted.keys()].sort((a, b) => a - b);
  const names = new Map<number, string>();
  for (let at = 0; at < ids.length; at += 2000) {
    const batch = ids.slice(at, at + 2000).map(String);
    const resolution = await client.resolveSymbology({ dataset, symbols: batch, stypeIn: 'instrument_id', stypeOut: 'raw_symbol', startDate, endDate });
    for (const text of batch) {
      const venue = resolution.result.get(text)?.[0]?.symbol;
      if (venue !== undefined && venue !== '') names.set(Number(text), venue);
    }
  }
  const keyOf = (id: number): string => {
    const venue = names.get(id);
    return venue === undefined ? String(id) : contractKey(venue, firstWanted.get(id) ?? 0);
  };
  const instruments = new Map<string, number>();
  for (const id of ids) {
    const key = keyOf(id);
    const other = instruments.get(key);
    if (other !== undefined && other !== id) {
      throw new RooneyError('symbol_conflict', `instruments ${other} and ${id} both resolve to ${key} in ${dataset}; fetch them in separate ranges`);
    }
    instruments.set(key, id);
  }
  const continuous = new Map<string, ContractInterval[]>();
  for (const [symbol, intervals] of continuousIds) continuous.set(symbol, intervals.map((i) => ({ startDate: i.startDate, endDate: i.endDate, symbol: keyOf(i.id) })));
  const raw = new Map<string, TimeInterval[]>();
  for (const intervals of rawIds.values()) {
    for (const i of intervals) raw.set(keyOf(i.id), [...(raw.get(keyOf(i.id)) ?? []), [dayStart(i.startDate), dayStart(i.endDate)]]);
  }
  return { instruments, continuous, raw, partial: [...new Set(partial)] };
}

function unknownSymbols(symbols: readonly string[], dataset: string, startDate: string, endDate: string): RooneyError {
  return new RooneyError('unknown_symbol', `${symbols.join(', ')} ${symbols.length === 1 ? 'does' : 'do'} not resolve in ${dataset} between ${startDate} and ${endDate}`);
}
