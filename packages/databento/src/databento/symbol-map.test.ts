import { describe, expect, it } from 'vitest';
import type { SymbolMappingRecord } from '../dbn/dbn-records.ts';
import { LiveSymbolMap } from './symbol-map.ts';

function mapping(instrumentId: number, stypeInSymbol: string, stypeOutSymbol: string, stypeIn: number | undefined = 3): SymbolMappingRecord {
  return { kind: 'symbol_mapping', rtype: 0x16, publisherId: 0, instrumentId, tsEventNs: 0n, stypeIn, stypeInSymbol, stypeOut: 1, stypeOutSymbol, startTsNs: 0n, endTsNs: 0n };
}

describe('LiveSymbolMap', () => {
  it('a continuous symbol mapped to a new id is a roll; the old id still resolves', () => {
    const map = new LiveSymbolMap();
    expect(map.apply(mapping(100001, 'ES.c.0', 'ESH5'))).toBeUndefined();
    expect(map.apply(mapping(100001, 'ES.c.0', 'ESH5'))).toBeUndefined();
    const roll = map.apply(mapping(100003, 'ES.c.0', 'ESM5'));
    expect(roll).toEqual({
      symbol: 'ES.c.0',
      from: { instrumentId: 100001, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESH5' },
      to: { instrumentId: 100003, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESM5' },
    });
    expect(map.current('ES.c.0')?.rawSymbol).toBe('ESM5');
    expect(map.lookup(100001)?.rawSymbol).toBe('ESH5');
  });

  it('parent symbols map many instruments without rolling; unknown stype falls back to the symbol shape', () => {
    const map = new LiveSymbolMap();
    expect(map.apply(mapping(1, 'ES.FUT', 'ESH5', 4))).toBeUndefined();
    expect(map.apply(mapping(2, 'ES.FUT', 'ESM5', 4))).toBeUndefined();
    expect(map.apply(mapping(3, 'NQ.c.0', 'NQH5', undefined))).toBeUndefined();
    expect(map.apply(mapping(4, 'NQ.c.0', 'NQM5', undefined))?.to.rawSymbol).toBe('NQM5');
  });
});
