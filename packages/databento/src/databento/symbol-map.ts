import type { SymbolMappingRecord } from '../dbn/dbn-records.ts';

/** What an instrument id stands for: the subscribed symbol (`ES.c.0`) and the venue symbol (`ESH5`). */
export interface InstrumentSymbols {
  readonly instrumentId: number;
  readonly subscribedSymbol: string;
  readonly rawSymbol: string;
}

/** A continuous (or parent) symbol now resolves to another instrument (spec §2.11). */
export interface SymbolRoll {
  readonly symbol: string;
  readonly from: InstrumentSymbols;
  readonly to: InstrumentSymbols;
}

/**
 * Live symbology from SymbolMappingMsgs (spec §2.11): instrument id → symbols (a later mapping for
 * an id replaces the earlier one), and subscribed symbol → current instrument id. A mapping that
 * points a subscribed symbol at a new id is a roll; the old id stays mapped so late records still
 * resolve. Re-sent identical mappings (after a reconnect) change nothing. Only continuous symbols
 * (`ES.c.0`) roll; a parent symbol (`ES.FUT`) maps to many instruments at once, which is not a roll.
 */
export class LiveSymbolMap {
  private readonly byId = new Map<number, InstrumentSymbols>();
  private readonly currentId = new Map<string, number>();

  /** Applies a mapping; returns the roll it causes, if any. */
  apply(record: SymbolMappingRecord): SymbolRoll | undefined {
    const subscribedSymbol = record.stypeInSymbol !== '' ? record.stypeInSymbol : record.stypeOutSymbol;
    const rawSymbol = record.stypeOutSymbol !== '' ? record.stypeOutSymbol : record.stypeInSymbol;
    const entry: InstrumentSymbols = { instrumentId: record.instrumentId, subscribedSymbol, rawSymbol };
    this.byId.set(record.instrumentId, entry);
    const previousId = this.currentId.get(subscribedSymbol);
    this.currentId.set(subscribedSymbol, record.instrumentId);
    if (previousId === undefined || previousId === record.instrumentId || !isContinuous(record)) return undefined;
    const from = this.byId.get(previousId) ?? { instrumentId: previousId, subscribedSymbol, rawSymbol: String(previousId) };
    return { symbol: subscribedSymbol, from, to: entry };
  }

  /** Symbols of an instrument id, if mapped. */
  lookup(instrumentId: number): InstrumentSymbols | undefined {
    return this.byId.get(instrumentId);
  }

  /** The instrument a subscribed symbol currently resolves to. */
  current(subscribedSymbol: string): InstrumentSymbols | undefined {
    const id = this.currentId.get(subscribedSymbol);
    return id === undefined ? undefined : this.byId.get(id);
  }
}

/** Continuous stype (3), or an unknown stype with a continuous-looking symbol (`ES.c.0`, `CL.n.1`). */
function isContinuous(record: SymbolMappingRecord): boolean {
  if (record.stypeIn !== undefined) return record.stypeIn === 3;
  return /\.[cnv]\.\d+$/.test(record.stypeInSymbol);
}
