import type { InstrumentSymbols } from './symbol-map.ts';

/** What the cursor needs of a subscription. */
export interface CursorSubscription {
  /** `continuous`, `raw_symbol`, `parent`, … */
  readonly stypeIn: string;
  readonly symbols: readonly string[];
}

const NS_PER_MS = 1_000_000n;

/**
 * Where each subscribed symbol's bars stand, per bar record type: the live client's dedupe and
 * the start of its replay after a reconnect.
 *
 * A *series* is a subscribed symbol (`ES.c.0`; it keeps its series across a roll to a new
 * instrument id), or for a `parent` symbol (`ES.FUT`, many instruments at once) one instrument of
 * it. A bar is new when its `ts_event` is later than the last one marked for its series.
 *
 * The replay start of a subscription is the earliest `last + 1 ns` over its symbols — a symbol
 * with no bar yet counts from `floorNs`, a symbol the gateway could not resolve is left out —
 * but never more than `maxLookbackMs` before the newest bar of that record type (the gateway
 * publishes a schema in time order, so bars older than that minute came before it on the
 * connection that was lost), and never before `floorNs`. Before any bar it is `floorNs`.
 */
export class ReplayCursor {
  private readonly stypeOf = new Map<string, string>();
  private readonly maxLookbackNs: bigint;
  /** Last marked `ts_event` per `rtype|series`. */
  private readonly last = new Map<string, bigint>();
  private readonly newestNs = new Map<number, bigint>();
  private readonly unresolved = new Set<string>();

  constructor(subscriptions: readonly CursorSubscription[], maxLookbackMs: number) {
    for (const subscription of subscriptions) for (const symbol of subscription.symbols) this.stypeOf.set(symbol, subscription.stypeIn);
    this.maxLookbackNs = BigInt(Math.round(maxLookbackMs)) * NS_PER_MS;
  }

  /** The series of a bar of `instrumentId` (mapped to `instrument`, if known). */
  seriesOf(instrument: InstrumentSymbols | undefined, instrumentId: number): string {
    if (instrument === undefined) return `#${instrumentId}`;
    const subscribed = instrument.subscribedSymbol;
    return this.stypeOf.get(subscribed) === 'parent' ? `${subscribed}/${instrument.rawSymbol}` : subscribed;
  }

  /** Whether a bar at `tsEventNs` of `series` is at or before the last one marked (a replayed bar). */
  isBehind(rtype: number, series: string, tsEventNs: bigint): boolean {
    const last = this.last.get(`${rtype}|${series}`);
    return last !== undefined && tsEventNs <= last;
  }

  /** `series` has its bar at `tsEventNs` (delivered, or given up on). */
  mark(rtype: number, series: string, tsEventNs: bigint): void {
    this.last.set(`${rtype}|${series}`, tsEventNs);
    const newest = this.newestNs.get(rtype);
    if (newest === undefined || tsEventNs > newest) this.newestNs.set(rtype, tsEventNs);
  }

  /** The gateway could not resolve `symbol`: it will send no bar, so it does not hold the replay back. */
  markUnresolved(symbol: string): void {
    this.unresolved.add(symbol);
  }

  /** Newest bar `ts_event` of `rtype`, or of any type. */
  newest(rtype?: number): bigint | undefined {
    if (rtype !== undefined) return this.newestNs.get(rtype);
    let newest: bigint | undefined;
    for (const ts of this.newestNs.values()) if (newest === undefined || ts > newest) newest = ts;
    return newest;
  }

  /** Where a replay of `subscription`'s bars of `rtype` should start (see the class comment). */
  replayStart(rtype: number, subscription: CursorSubscription, floorNs: bigint | undefined): bigint | undefined {
    const newest = this.newestNs.get(rtype);
    if (newest === undefined) return floorNs;
    let earliest = newest + 1n;
    const consider = (last: bigint | undefined): void => {
      const from = last === undefined ? (floorNs ?? 0n) : last + 1n;
      if (from < earliest) earliest = from;
    };
    if (subscription.stypeIn === 'parent') {
      const prefix = `${rtype}|`;
      for (const [key, last] of this.last) {
        if (!key.startsWith(prefix)) continue;
        const series = key.slice(prefix.length);
        if (subscription.symbols.includes(series.slice(0, series.lastIndexOf('/')))) consider(last);
      }
    } else {
      for (const symbol of subscription.symbols) if (!this.unresolved.has(symbol)) consider(this.last.get(`${rtype}|${symbol}`));
    }
    const bound = newest + 1n - this.maxLookbackNs;
    let start = earliest > bound ? earliest : bound;
    if (floorNs !== undefined && start < floorNs) start = floorNs;
    return start;
  }
}
