import { DAY_MS, DEFAULT_SESSION, RooneyError, requireParameter } from '@rooney/core';
import type { BarArrays, SessionSpec } from '@rooney/core';
import { BarSeries } from '../bar-series.ts';
import { backAdjust } from './back-adjust.ts';
import type { BackAdjustment, ContinuousResult, ContractRoll } from './back-adjust.ts';
import { BinClock } from './bin-clock.ts';
import { timeNotIncreasing } from './consolidate-bars.ts';

/** One contract month given to {@link stitchContinuous}. */
export interface ContinuousContract {
  /** Contract symbol, e.g. `ESZ3`. */
  readonly symbol: string;
  /** Expiry (last trading time), epoch ms. The contract is never used for a session starting at or after it. */
  readonly expiry: number;
  /** The contract's bars (any bar size; all contracts must share it). */
  readonly series: BarArrays;
  /** Open interest per bar of `series` (needed by the `open_interest` rule). */
  readonly openInterest?: Float64Array;
}

/**
 * When to move to the next contract. Every decision is made at a session close with data known
 * at that close, and takes effect from the next bar on.
 * - `days_before_expiry`: leave a contract at the first session close at or after
 *   `expiry - days × 24 h` (calendar days).
 * - `volume`: leave it when the next contract's session volume (sum over the session) is greater.
 * - `open_interest`: leave it when the next contract's open interest (last value of the session)
 *   is greater.
 * Whatever the rule, an expired contract is left (a session starting at or after its expiry uses a
 * later contract). Rolls only go forward in expiry.
 */
export type ContinuousRollRule =
  | { readonly kind: 'days_before_expiry'; readonly days: number }
  | { readonly kind: 'volume' }
  | { readonly kind: 'open_interest' };

/** Options of {@link stitchContinuous}. */
export interface ContinuousOptions {
  /** Back-adjustment of history at each roll. Default `none` (raw prices, jumps at rolls). */
  readonly adjust?: BackAdjustment;
  /** Session that defines a "day" for decisions and daily totals. Default `DEFAULT_SESSION`. */
  readonly session?: SessionSpec;
  /** Symbol of the output. Default: the common prefix of the contract symbols (`ESZ3`, `ESH4` → `ES`). */
  readonly symbol?: string;
}

/** Per-contract sessions: end and start times, first bar index, volume sum and last open interest. */
interface ContractSessions {
  readonly ends: number[];
  readonly starts: number[];
  /** Bar index range of session s: `[firstBar[s], firstBar[s + 1])`. */
  readonly firstBar: number[];
  readonly volume: number[];
  readonly openInterest: number[];
}

/**
 * Builds a continuous series from individual contracts (LEAN's continuous futures, Norgate or
 * pysystemtrade style), with the roll dates and gaps and optional back-adjustment.
 *
 * The output takes each session's bars from the contract active in it; the roll rule is evaluated
 * at session closes without look-ahead. A roll's `gap` is the new contract's last close at or
 * before the roll time minus the old contract's. With `adjust`, every bar before a roll is shifted
 * by the gap (`difference`) or scaled by `new / old` (`ratio`), so the series has no jump at rolls
 * and the latest prices are the real ones; `prices` keeps each bar's own contract price, for fills
 * and PnL (`heldContractOf`). O(total bars + sessions × contracts).
 *
 * @throws RooneyError `invalid_parameter` for no contracts, equal or non-finite expiries, mixed bar
 *   sizes, a bad `days`, or missing open interest for the `open_interest` rule;
 *   `roll_price_missing` when adjusting a roll where one contract has no price yet.
 */
export function stitchContinuous(
  contracts: readonly ContinuousContract[],
  rule: ContinuousRollRule,
  options: ContinuousOptions = {},
): ContinuousResult {
  const sorted = validateContracts(contracts, rule);
  const adjust = options.adjust ?? 'none';
  requireParameter(['none', 'difference', 'ratio'].includes(adjust), 'adjust', '"none", "difference" or "ratio"', adjust);
  const clock = new BinClock(DAY_MS, options.session ?? DEFAULT_SESSION);
  const sessions = sorted.map((contract) => sessionize(contract, clock));
  const timeline = mergeTimeline(sessions);
  const m = sorted.length;
  const barMs = sorted[0].series.barMs;

  let capacity = 0;
  for (const contract of sorted) capacity += contract.series.length;
  const columns = {
    ts: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
  };
  let count = 0;
  const rolls: ContractRoll[] = [];
  const boundaries: number[] = [];
  const oldPrices: number[] = [];
  const pointer = new Int32Array(m);
  /** Index of contract c's session ending at `end`, or -1. Ends are visited in increasing order. */
  const sessionAt = (c: number, end: number): number => {
    const ends = sessions[c].ends;
    let p = pointer[c];
    while (p < ends.length && ends[p] < end) p++;
    pointer[c] = p;
    return p < ends.length && ends[p] === end ? p : -1;
  };
  const total = (c: number, end: number): number => {
    const s = sessionAt(c, end);
    if (s < 0) return 0;
    return rule.kind === 'open_interest' ? sessions[c].openInterest[s] : sessions[c].volume[s];
  };
  const roll = (ts: number, from: number, to: number): void => {
    if (count === 0) return; // nothing emitted yet: just start with the later contract
    const oldPrice = lastClose(sorted[from].series, ts);
    const gap = lastClose(sorted[to].series, ts) - oldPrice;
    rolls.push({ ts, from: sorted[from].symbol, to: sorted[to].symbol, gap });
    boundaries.push(count);
    oldPrices.push(oldPrice);
  };

  const leadMs = rule.kind === 'days_before_expiry' ? rule.days * DAY_MS : 0;
  let active = 0;
  for (let t = 0; t < timeline.ends.length; t++) {
    const start = timeline.starts[t];
    const end = timeline.ends[t];
    // Time-based moves, decided at the previous session close (= this session's start).
    let next = active;
    while (next + 1 < m && start >= sorted[next].expiry - leadMs) next++;
    if (next !== active) {
      roll(start, active, next);
      active = next;
    }
    const s = sessionAt(active, end);
    if (s >= 0) {
      const from = sessions[active].firstBar[s];
      const to = sessions[active].firstBar[s + 1];
      const series = sorted[active].series;
      columns.ts.set(series.ts.subarray(from, to), count);
      columns.open.set(series.open.subarray(from, to), count);
      columns.high.set(series.high.subarray(from, to), count);
      columns.low.set(series.low.subarray(from, to), count);
      columns.close.set(series.close.subarray(from, to), count);
      columns.volume.set(series.volume.subarray(from, to), count);
      count += to - from;
    }
    if (rule.kind !== 'days_before_expiry') {
      next = active;
      while (next + 1 < m && total(next + 1, end) > total(next, end)) next++;
      if (next !== active) {
        roll(end, active, next);
        active = next;
      }
    }
  }

  const symbol = options.symbol ?? commonSymbol(sorted.map((contract) => contract.symbol));
  const raw = new BarSeries(symbol, barMs, {
    ts: columns.ts.subarray(0, count),
    open: columns.open.subarray(0, count),
    high: columns.high.subarray(0, count),
    low: columns.low.subarray(0, count),
    close: columns.close.subarray(0, count),
    volume: columns.volume.subarray(0, count),
  });
  return { series: backAdjust(raw, rolls, boundaries, oldPrices, adjust), rolls, prices: raw, adjustment: adjust };
}

function validateContracts(contracts: readonly ContinuousContract[], rule: ContinuousRollRule): ContinuousContract[] {
  requireParameter(contracts.length > 0, 'contracts', 'non-empty', contracts.length);
  const kinds = ['days_before_expiry', 'volume', 'open_interest'];
  requireParameter(kinds.includes(rule.kind), 'rule.kind', kinds.map((k) => `"${k}"`).join(', '), rule.kind);
  if (rule.kind === 'days_before_expiry') {
    requireParameter(Number.isFinite(rule.days) && rule.days >= 0, 'rule.days', 'a finite number >= 0', rule.days);
  }
  const sorted = [...contracts].sort((a, b) => a.expiry - b.expiry);
  const barMs = sorted[0].series.barMs;
  for (let c = 0; c < sorted.length; c++) {
    const contract = sorted[c];
    requireParameter(Number.isFinite(contract.expiry), `expiry of ${contract.symbol}`, 'a finite epoch-ms time', contract.expiry);
    if (c > 0) {
      requireParameter(
        contract.expiry > sorted[c - 1].expiry,
        `expiry of ${contract.symbol}`,
        `different from ${sorted[c - 1].symbol}'s`,
        contract.expiry,
      );
    }
    requireParameter(contract.series.barMs === barMs, `bar size of ${contract.symbol}`, `${barMs} like the others`, contract.series.barMs);
    if (contract.openInterest !== undefined) {
      requireParameter(
        contract.openInterest.length === contract.series.length,
        `openInterest length of ${contract.symbol}`,
        `${contract.series.length} (one per bar)`,
        contract.openInterest.length,
      );
    } else if (rule.kind === 'open_interest') {
      throw new RooneyError('invalid_parameter', `"openInterest" of ${contract.symbol} is required by the open_interest rule`);
    }
  }
  return sorted;
}

function sessionize(contract: ContinuousContract, clock: BinClock): ContractSessions {
  const { ts, volume } = contract.series;
  const openInterest = contract.openInterest;
  const result: ContractSessions = { ends: [], starts: [], firstBar: [], volume: [], openInterest: [] };
  let end = Number.NEGATIVE_INFINITY;
  let previousTs = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < contract.series.length; i++) {
    const t = ts[i];
    if (!(t > previousTs)) throw timeNotIncreasing(i, t, previousTs);
    previousTs = t;
    if (t > end) {
      end = clock.locate(t);
      result.ends.push(end);
      result.starts.push(clock.sessionStart);
      result.firstBar.push(i);
      result.volume.push(0);
      result.openInterest.push(Number.NaN);
    }
    const s = result.ends.length - 1;
    result.volume[s] += volume[i];
    if (openInterest !== undefined) result.openInterest[s] = openInterest[i];
  }
  result.firstBar.push(contract.series.length);
  return result;
}

/** Sorted, de-duplicated session ends (with starts) of all contracts. */
function mergeTimeline(sessions: readonly ContractSessions[]): { ends: number[]; starts: number[] } {
  const pairs: [number, number][] = [];
  for (const s of sessions) for (let i = 0; i < s.ends.length; i++) pairs.push([s.ends[i], s.starts[i]]);
  pairs.sort((a, b) => a[0] - b[0]);
  const ends: number[] = [];
  const starts: number[] = [];
  for (const [end, start] of pairs) {
    if (ends.length > 0 && ends[ends.length - 1] === end) continue;
    ends.push(end);
    starts.push(start);
  }
  return { ends, starts };
}

/** Close of the last bar with `ts <= time`, or NaN. */
function lastClose(series: BarArrays, time: number): number {
  let lo = 0;
  let hi = series.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (series.ts[mid] <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? Number.NaN : series.close[lo - 1];
}

/** Root shared by the contract symbols (`ESZ3`, `ESH4` → `ES`), else their common prefix, else `continuous`. */
function commonSymbol(symbols: readonly string[]): string {
  const roots = symbols.map((symbol) => /^(.+?)[FGHJKMNQUVXZ]\d{1,4}$/.exec(symbol)?.[1]);
  if (roots.every((root) => root !== undefined && root === roots[0])) return roots[0] as string;
  let prefix = symbols[0];
  for (const symbol of symbols) {
    let i = 0;
    while (i < prefix.length && i < symbol.length && prefix[i] === symbol[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.length > 0 ? prefix : 'continuous';
}
