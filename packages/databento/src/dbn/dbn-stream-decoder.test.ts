import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DbnMetadata } from '@rooney/data';
import { decompress } from 'fzstd';
import { describe, expect, it } from 'vitest';
import type { DbnRecord } from './dbn-records.ts';
import { DbnStreamDecoder, errorCodeFromText, systemCodeFromText } from './dbn-stream-decoder.ts';
import type { DbnDecodeError } from './dbn-stream-decoder.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const VECTORS = `${SHARED}specs/vectors/`;

interface Decoded {
  metadata: DbnMetadata[];
  records: DbnRecord[];
  errors: DbnDecodeError[];
}

function decode(bytes: Uint8Array, chunk = bytes.length): Decoded {
  const out: Decoded = { metadata: [], records: [], errors: [] };
  const decoder = new DbnStreamDecoder({
    metadata: (m) => out.metadata.push(m),
    record: (r) => out.records.push(r),
    error: (e) => out.errors.push(e),
  });
  for (let i = 0; i < bytes.length; i += chunk) decoder.push(bytes.subarray(i, Math.min(bytes.length, i + chunk)));
  return out;
}

const raw = (text: string): number => Number(BigInt(text)) / 1e9;

describe('DbnStreamDecoder on live_stream_sample.dbn (expected values from its .expected.json)', () => {
  const bytes = readFileSync(`${VECTORS}live_stream_sample.dbn`);
  const expected = JSON.parse(readFileSync(`${VECTORS}live_stream_sample.expected.json`, 'utf8')) as {
    metadata: { start: string; dataset: string; version: number };
    records: Record<string, string | number | null | boolean>[];
  };

  function check(decoded: Decoded): void {
    expect(decoded.errors).toEqual([]);
    expect(decoded.metadata).toHaveLength(1);
    expect(decoded.metadata[0]).toMatchObject({ version: 3, dataset: 'GLBX.MDP3', schema: undefined, stypeIn: undefined, stypeOut: 0, end: undefined, recordsOffset: 128 });
    expect(decoded.metadata[0].start).toBe(BigInt(expected.metadata.start));
    expect(decoded.records).toHaveLength(expected.records.length);
    decoded.records.forEach((record, i) => {
      const e = expected.records[i];
      expect(record.rtype).toBe(e.rtype);
      expect(record.instrumentId).toBe(e.instrument_id);
      expect(record.publisherId).toBe(e.publisher_id);
      expect(record.tsEventNs).toBe(BigInt(e.ts_event as string));
      if (record.kind === 'ohlcv') {
        expect([record.open, record.high, record.low, record.close]).toEqual([raw(e.open as string), raw(e.high as string), raw(e.low as string), raw(e.close as string)]);
        expect(record.volume).toBe(Number(e.volume));
      } else if (record.kind === 'symbol_mapping') {
        expect(record).toMatchObject({ stypeIn: e.stype_in, stypeInSymbol: e.stype_in_symbol, stypeOut: e.stype_out, stypeOutSymbol: e.stype_out_symbol });
        expect(record.startTsNs).toBe(BigInt(e.start_ts as string));
        expect(record.endTsNs).toBe(BigInt(e.end_ts_raw as string));
      } else if (record.kind === 'system') {
        expect(record).toMatchObject({ message: e.msg, code: e.code, isHeartbeat: e.is_heartbeat });
      } else if (record.kind === 'error') {
        expect(record).toMatchObject({ message: e.err, code: e.code, isLast: e.is_last });
      } else {
        throw new Error(`unexpected record kind ${record.kind}`);
      }
    });
  }

  it('whole buffer', () => check(decode(bytes)));
  for (const chunk of [1, 3, 7, 55, 57, 500]) {
    it(`in ${chunk}-byte pieces`, () => check(decode(bytes, chunk)));
  }
  it('the .dbn.zst variant decompresses to the same records', () => {
    const unzipped = decompress(readFileSync(`${VECTORS}live_stream_sample.dbn.zst`));
    expect(Buffer.from(unzipped).equals(bytes)).toBe(true);
    check(decode(unzipped, 13));
  });
});

describe('malformed streams', () => {
  it('zero-length record header: the valid bar, then one fatal error at byte 640, then nothing', () => {
    const bytes = readFileSync(`${VECTORS}malformed_zero_length.dbn`);
    const decoded = decode(bytes, 5);
    expect(decoded.records.map((r) => r.kind)).toEqual(['ohlcv']);
    expect(decoded.records[0]).toMatchObject({ instrumentId: 100001, open: 5900.25, close: 5901 });
    expect(decoded.errors).toEqual([{ message: 'impossible record length 0 (< 16-byte header)', offset: 640, fatal: true }]);
  });

  it('a fatal error stops decoding: later bytes are ignored', () => {
    const bytes = readFileSync(`${VECTORS}malformed_zero_length.dbn`);
    const out: Decoded = { metadata: [], records: [], errors: [] };
    const decoder = new DbnStreamDecoder({ metadata: (m) => out.metadata.push(m), record: (r) => out.records.push(r), error: (e) => out.errors.push(e) });
    decoder.push(bytes);
    decoder.push(readFileSync(`${VECTORS}live_stream_sample.dbn`));
    expect(decoder.hasFailed).toBe(true);
    expect(out.records).toHaveLength(1);
    expect(out.errors).toHaveLength(1);
    decoder.reset();
    decoder.push(readFileSync(`${VECTORS}live_stream_sample.dbn`));
    expect(out.records).toHaveLength(11);
  });

  it('unknown rtype 0xEE is delivered as `other` and stepped over by its length', () => {
    const stream = readFileSync(`${VECTORS}live_stream_sample.dbn`);
    const metadata = stream.subarray(0, 128);
    const bar = stream.subarray(800, 856);
    const unknown = new Uint8Array(32);
    unknown.set([0x08, 0xee, 0x01, 0x00, 0xa2, 0x86, 0x01, 0x00]);
    const decoded = decode(Buffer.concat([metadata, bar, unknown, bar]), 9);
    expect(decoded.records.map((r) => r.kind)).toEqual(['ohlcv', 'other', 'ohlcv']);
    expect(decoded.records[1]).toMatchObject({ rtype: 0xee, instrumentId: 100002, size: 32 });
  });

  it('a known rtype shorter than its layout is reported (non-fatal) and skipped', () => {
    const stream = readFileSync(`${VECTORS}live_stream_sample.dbn`);
    const short = new Uint8Array(24);
    short.set([6, 0x21, 1, 0]);
    const decoded = decode(Buffer.concat([stream.subarray(0, 128), short, stream.subarray(800, 856)]));
    expect(decoded.records.map((r) => r.kind)).toEqual(['ohlcv']);
    expect(decoded.errors).toEqual([{ message: 'OHLCV record of 24 bytes, expected at least 56', offset: 128, fatal: false }]);
  });

  it('bad magic is a fatal error', () => {
    const decoded = decode(new TextEncoder().encode('lsg_version=1\n'));
    expect(decoded.errors[0]).toMatchObject({ fatal: true });
    expect(decoded.errors[0].message).toContain('invalid DBN header');
  });

  it('a partial trailing record waits for more bytes', () => {
    const stream = readFileSync(`${VECTORS}live_stream_sample.dbn`);
    const out: DbnRecord[] = [];
    const decoder = new DbnStreamDecoder({ metadata: () => undefined, record: (r) => out.push(r), error: () => undefined });
    decoder.push(stream.subarray(0, 830));
    expect(out).toHaveLength(3);
    expect(decoder.bufferedBytes).toBe(30);
    decoder.push(stream.subarray(830, 856));
    expect(out).toHaveLength(4);
    expect(decoder.bufferedBytes).toBe(0);
  });
});

describe('ts_out suffix', () => {
  it('with ts_out in the metadata every record carries 8 more bytes; the decoder reads ts_out at length×4 − 8', () => {
    const stream = readFileSync(`${VECTORS}live_stream_sample.dbn`);
    const metadata = Buffer.from(stream.subarray(0, 128));
    metadata[52] = 1; // ts_out
    const bar = Buffer.alloc(64);
    stream.copy(bar, 0, 800, 856);
    bar[0] = 16; // 64 bytes
    bar.writeBigUInt64LE(1735828260000123456n, 56);
    const decoded = decode(Buffer.concat([metadata, bar, bar]), 10);
    expect(decoded.metadata[0].tsOut).toBe(true);
    expect(decoded.records).toHaveLength(2);
    expect(decoded.records[0]).toMatchObject({ kind: 'ohlcv', instrumentId: 100001, open: 5900.25, close: 5901, volume: 1523, tsOutNs: 1735828260000123456n });
  });
});

describe('official Databento fixtures (values from official/README.md)', () => {
  const official = `${VECTORS}official/`;
  for (const variant of ['v1.dbn.zst', 'v2.dbn.zst', 'v3.dbn.zst']) {
    it(`ohlcv-1m ${variant}: ESH1 → 5482, two bars`, () => {
      const decoded = decode(decompress(readFileSync(`${official}test_data.ohlcv-1m.${variant}`)), 11);
      const version = Number(variant[1]);
      expect(decoded.metadata[0]).toMatchObject({ version, dataset: 'GLBX.MDP3', schema: 6, symbols: ['ESH1'], recordsOffset: [206, 353, 360][version - 1] });
      expect(decoded.records).toEqual([
        { kind: 'ohlcv', rtype: 0x21, publisherId: 1, instrumentId: 5482, tsEventNs: 1609160400000000000n, open: 372025, high: 372150, low: 372025, close: 372100, volume: 353 },
        { kind: 'ohlcv', rtype: 0x21, publisherId: 1, instrumentId: 5482, tsEventNs: 1609160460000000000n, open: 372100, high: 372150, low: 372100, close: 372150, volume: 152 },
      ]);
    });
  }

  it('ohlcv-1d v3 has metadata and zero records (not an error)', () => {
    const decoded = decode(decompress(readFileSync(`${official}test_data.ohlcv-1d.v3.dbn.zst`)));
    expect(decoded.metadata[0].schema).toBe(8);
    expect(decoded.records).toEqual([]);
    expect(decoded.errors).toEqual([]);
  });

  it('python mock live stream: 46 records walked by length, 20 mappings ESZ4, first 1m bar', () => {
    const decoded = decode(decompress(readFileSync(`${official}python_live.test_data.live.dbn.zst`)), 64);
    expect(decoded.errors).toEqual([]);
    expect(decoded.records).toHaveLength(46);
    const mappings = decoded.records.filter((r) => r.kind === 'symbol_mapping');
    expect(mappings).toHaveLength(20);
    expect(mappings[0]).toMatchObject({ instrumentId: 183748, stypeInSymbol: 'ESZ4', stypeOutSymbol: 'ESZ4' });
    const bars = decoded.records.filter((r) => r.kind === 'ohlcv' && r.rtype === 0x21);
    expect(bars).toHaveLength(2);
    expect(bars[0]).toMatchObject({ tsEventNs: 1700510400000000000n, open: 4756, high: 4756, low: 4756, close: 4756, volume: 2 });
    expect(decoded.records.filter((r) => r.kind === 'other').map((r) => r.rtype).sort((a, b) => a - b)).toEqual(
      [0x00, 0x00, 0x01, 0x01, 0x0a, 0x0a, 0x13, 0x13, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0x18, 0xa0, 0xa0, 0xa0, 0xa0, 0xa0],
    );
  });
});

describe('v1 control-record codes from their texts (spec §1.5 table)', () => {
  it('system texts', () => {
    expect(systemCodeFromText('Heartbeat')).toBe(0);
    expect(systemCodeFromText('Subscription request 1 for ohlcv-1m data succeeded')).toBe(1);
    expect(systemCodeFromText('Warning: slow reading detected')).toBe(2);
    expect(systemCodeFromText('Finished ohlcv-1m replay')).toBe(3);
    expect(systemCodeFromText('End of interval for ohlcv-1m')).toBe(4);
    expect(systemCodeFromText('heartbeat')).toBe(255);
  });
  it('error texts', () => {
    expect(errorCodeFromText('User or API key deactivated')).toBe(2);
    expect(errorCodeFromText('User has reached their open connection limit')).toBe(3);
    expect(errorCodeFromText('Failed to resolve symbol: ZZ.c.0')).toBe(4);
    expect(errorCodeFromText('Internal error')).toBe(6);
    expect(errorCodeFromText('Slow client detected for session 5')).toBe(7);
    expect(errorCodeFromText('Something else')).toBe(255);
  });
});
