import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  concatBytes,
  encodeDbnMetadata,
  encodeErrorRecord,
  encodeOhlcvRecord,
  encodeSymbolMappingRecord,
  encodeSystemRecord,
  toFixedPrice,
} from './dbn-encoder.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const VECTORS = `${SHARED}specs/vectors/`;

type Json = Record<string, unknown> & { records: Record<string, unknown>[]; metadata: Record<string, unknown> };

/** Re-encodes a vector from its .expected.json description. */
function encodeFromExpected(expected: Json): Uint8Array {
  const m = expected.metadata as Record<string, unknown>;
  const parts: Uint8Array[] = [
    encodeDbnMetadata({
      dataset: m.dataset as string,
      ...(m.schema_raw !== 65535 ? { schema: m.schema_raw as number } : {}),
      startNs: BigInt(m.start as string),
      ...(m.end !== null ? { endNs: BigInt(m.end as string) } : {}),
      limit: BigInt(m.limit as string),
      ...(m.stype_in_raw !== 255 ? { stypeIn: m.stype_in_raw as number } : {}),
      stypeOut: m.stype_out_raw as number,
      symbols: m.symbols as string[],
      mappings: (m.mappings as { raw_symbol: string; intervals: { start_date: string; end_date: string; symbol: string }[] }[]).map((x) => ({
        rawSymbol: x.raw_symbol,
        intervals: x.intervals.map((i) => ({ startDate: Number(i.start_date.replaceAll('-', '')), endDate: Number(i.end_date.replaceAll('-', '')), symbol: i.symbol })),
      })),
    }),
  ];
  for (const r of expected.records) {
    const ts = BigInt(r.ts_event as string);
    if (r.rtype === 0x21) {
      parts.push(encodeOhlcvRecord({ instrumentId: r.instrument_id as number, tsEventNs: ts, open: r.open_f as number, high: r.high_f as number, low: r.low_f as number, close: r.close_f as number, volume: Number(r.volume) }));
    } else if (r.rtype === 0x16) {
      parts.push(encodeSymbolMappingRecord({ instrumentId: r.instrument_id as number, tsEventNs: ts, stypeIn: r.stype_in as number, stypeInSymbol: r.stype_in_symbol as string, stypeOut: r.stype_out as number, stypeOutSymbol: r.stype_out_symbol as string, startTsNs: BigInt(r.start_ts as string), endTsNs: BigInt(r.end_ts_raw as string) }));
    } else if (r.rtype === 0x17) {
      parts.push(encodeSystemRecord(ts, r.msg as string, r.code as number));
    } else if (r.rtype === 0x15) {
      parts.push(encodeErrorRecord(ts, r.err as string, r.code as number, r.is_last as number));
    } else {
      throw new Error(`rtype ${String(r.rtype)}`);
    }
  }
  return concatBytes(parts);
}

describe('DBN v3 encoder reproduces the spec vectors byte for byte', () => {
  for (const name of ['live_stream_sample', 'ohlcv1m_sample']) {
    it(`${name}.dbn (sha256 from the expected.json)`, () => {
      const expected = JSON.parse(readFileSync(`${VECTORS}${name}.expected.json`, 'utf8')) as Json;
      const bytes = encodeFromExpected(expected);
      const file = readFileSync(`${VECTORS}${name}.dbn`);
      expect(bytes.length).toBe(expected.size_bytes);
      expect(Buffer.from(bytes).equals(file)).toBe(true);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(expected.sha256);
    });
  }
});

describe('toFixedPrice', () => {
  it('is exact at 1e-9 where multiplying by 1e9 in floating point is not', () => {
    expect(toFixedPrice(5900.25)).toBe(5900250000000n);
    expect(toFixedPrice(0.000000001)).toBe(1n);
    expect(toFixedPrice(-12.5)).toBe(-12500000000n);
    expect(toFixedPrice(4096.123456789)).toBe(4096123456789n);
  });
});
