import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DbnMetadata } from '@rooney/data';
import { decompress } from 'fzstd';
import { describe, expect, it } from 'vitest';
import type { DbnRecord } from './dbn-records.ts';
import { DbnStreamDecoder, errorCodeFromText, systemCodeFromText } from './dbn-stream-decoder.ts';
import type { DbnDecodeError } from './dbn-stream-decoder.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const VECTORS = `${SHARED}specs/vectors/`;
const NAUTILUS = `${SHARED}datasets/real/databento-dbn-samples/nautilus/`;

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

describe('malformed streams: nothing that fails a check is emitted, and the offset is reported', () => {
  const stream = readFileSync(`${VECTORS}live_stream_sample.dbn`);
  const metadata = stream.subarray(0, 128);
  /** ES 14:30 (100001) and NQ 14:30 (100002) bars of the sample, 56 bytes each. */
  const esBar = stream.subarray(800, 856);
  const nqBar = stream.subarray(856, 912);
  const withLength = (bar: Uint8Array, words: number): Uint8Array => {
    const copy = Uint8Array.from(bar);
    copy[0] = words;
    return copy;
  };

  it('zero-length record header: the valid bar, then one fatal error at byte 640, then nothing', () => {
    const bytes = readFileSync(`${VECTORS}malformed_zero_length.dbn`);
    const decoded = decode(bytes, 5);
    expect(decoded.records.map((r) => r.kind)).toEqual(['ohlcv']);
    expect(decoded.records[0]).toMatchObject({ instrumentId: 100001, open: 5900.25, close: 5901 });
    expect(decoded.errors).toHaveLength(1);
    expect(decoded.errors[0]).toMatchObject({ code: 'bad_length', message: 'impossible record length 0 (< 16-byte header)', offset: 640, fatal: true });
  });

  it('a fatal error stops decoding: later bytes are ignored until reset', () => {
    const bytes = readFileSync(`${VECTORS}malformed_zero_length.dbn`);
    const out: Decoded = { metadata: [], records: [], errors: [] };
    const decoder = new DbnStreamDecoder({ metadata: (m) => out.metadata.push(m), record: (r) => out.records.push(r), error: (e) => out.errors.push(e) });
    decoder.push(bytes);
    decoder.push(stream);
    expect(decoder.hasFailed).toBe(true);
    expect(out.records).toHaveLength(1);
    expect(out.errors).toHaveLength(1);
    decoder.reset();
    decoder.push(stream);
    expect(out.records).toHaveLength(11);
  });

  for (const words of [20, 15, 255]) {
    it(`an OHLCV length byte too large (${words} words, ${words * 4} bytes): fatal at the record, reported from its header alone, the next record not swallowed`, () => {
      for (const chunk of [1, 7, 16, 1000]) {
        const decoded = decode(Buffer.concat([metadata, esBar, withLength(esBar, words), nqBar, esBar]), chunk);
        expect(decoded.records.map((r) => `${r.kind} ${r.instrumentId}`)).toEqual(['ohlcv 100001']);
        expect(decoded.errors).toEqual([
          {
            code: 'bad_length',
            message: `record type 0x21 of ${words * 4} bytes (length byte ${words}), expected 56 (length byte 14) in DBN v3`,
            offset: 128 + 56,
            fatal: true,
            header: { lengthWords: words, rtype: 0x21, instrumentId: 100001, tsEventNs: 1735828200000000000n },
          },
        ]);
      }
      // Known as soon as the 16-byte header is in: no waiting for bytes that belong to the next record.
      const errors: DbnDecodeError[] = [];
      const decoder = new DbnStreamDecoder({ metadata: () => undefined, record: () => undefined, error: (e) => errors.push(e) });
      decoder.push(Buffer.concat([metadata, withLength(esBar, words).subarray(0, 16)]));
      expect(errors.map((e) => [e.code, e.offset])).toEqual([['bad_length', 128]]);
    });
  }

  for (const words of [13, 6, 4]) {
    it(`an OHLCV length byte too small (${words} words): fatal at the record; the rest of it never read as a record`, () => {
      const decoded = decode(Buffer.concat([metadata, nqBar, withLength(esBar, words), nqBar]), 3);
      expect(decoded.records.map((r) => r.instrumentId)).toEqual([100002]);
      expect(decoded.errors).toHaveLength(1);
      expect(decoded.errors[0]).toMatchObject({ code: 'bad_length', offset: 184, fatal: true, header: { lengthWords: words, rtype: 0x21 } });
    });
  }

  it('sizes follow the DBN version and ts_out: a v2/v3-sized SystemMsg in a v1 stream, a v1-sized one in a v3 stream, an OHLCV without its ts_out', () => {
    const heartbeat = stream.subarray(912, 1232); // 320-byte v3 SystemMsg
    const v1Metadata = Buffer.from(decompress(readFileSync(`${VECTORS}official/test_data.ohlcv-1m.v1.dbn.zst`))).subarray(0, 206);
    expect(decode(Buffer.concat([v1Metadata, heartbeat])).errors[0]).toMatchObject({ code: 'bad_length', offset: 206, message: 'record type 0x17 of 320 bytes (length byte 80), expected 80 (length byte 20) in DBN v1' });
    const shortSystem = Uint8Array.from(heartbeat.subarray(0, 80));
    shortSystem[0] = 20;
    expect(decode(Buffer.concat([metadata, shortSystem])).errors[0]).toMatchObject({ code: 'bad_length', offset: 128, message: 'record type 0x17 of 80 bytes (length byte 20), expected 320 (length byte 80) in DBN v3' });
    const tsOutMetadata = Buffer.from(metadata);
    tsOutMetadata[52] = 1;
    expect(decode(Buffer.concat([tsOutMetadata, esBar])).errors[0]).toMatchObject({ code: 'bad_length', offset: 128, message: 'record type 0x21 of 56 bytes (length byte 14), expected 64 (length byte 16) in DBN v3 with ts_out' });
  });

  it('a stream that ends inside a record: nothing emitted for it, end() reports `truncated` at its offset with its header', () => {
    for (const keep of [3, 16, 40, 55]) {
      const out: Decoded = { metadata: [], records: [], errors: [] };
      const decoder = new DbnStreamDecoder({ metadata: (m) => out.metadata.push(m), record: (r) => out.records.push(r), error: (e) => out.errors.push(e) });
      decoder.push(Buffer.concat([metadata, esBar, nqBar.subarray(0, keep)]));
      expect(out.records.map((r) => r.instrumentId)).toEqual([100001]);
      expect(out.errors).toEqual([]);
      expect(decoder.end()).toBe(false);
      expect(out.errors).toHaveLength(1);
      expect(out.errors[0]).toMatchObject({ code: 'truncated', offset: 184, fatal: true });
      expect(out.errors[0].header).toEqual(keep >= 16 ? { lengthWords: 14, rtype: 0x21, instrumentId: 100002, tsEventNs: 1735828200000000000n } : undefined);
      decoder.push(nqBar.subarray(keep));
      expect(out.records).toHaveLength(1);
    }
    const clean = new DbnStreamDecoder({ metadata: () => undefined, record: () => undefined, error: () => expect.unreachable() });
    clean.push(Buffer.concat([metadata, esBar]));
    expect(clean.end()).toBe(true);
  });

  it('unknown rtype 0xEE: reported (non-fatal) with its offset and header, never emitted, stepped over by its length', () => {
    const unknown = new Uint8Array(32);
    unknown.set([0x08, 0xee, 0x01, 0x00, 0xa2, 0x86, 0x01, 0x00]);
    const decoded = decode(Buffer.concat([metadata, esBar, unknown, nqBar]), 9);
    expect(decoded.records.map((r) => `${r.kind} ${r.instrumentId}`)).toEqual(['ohlcv 100001', 'ohlcv 100002']);
    expect(decoded.errors).toEqual([
      { code: 'unknown_rtype', message: 'unknown record type 0xee (32 bytes) stepped over', offset: 184, fatal: false, header: { lengthWords: 8, rtype: 0xee, instrumentId: 100002, tsEventNs: 0n } },
    ]);
    // Reported from its header alone: a consumer that drops the connection need not wait for its body.
    const errors: DbnDecodeError[] = [];
    const decoder = new DbnStreamDecoder({ metadata: () => undefined, record: () => undefined, error: (e) => errors.push(e) });
    decoder.push(Buffer.concat([metadata, unknown.subarray(0, 16)]));
    expect(errors.map((e) => [e.code, e.offset])).toEqual([['unknown_rtype', 128]]);
  });

  it('the record handler gets each record\'s stream offset', () => {
    const offsets: number[] = [];
    const decoder = new DbnStreamDecoder({ metadata: () => undefined, record: (_r, offset) => offsets.push(offset), error: () => undefined });
    for (let i = 0; i < stream.length; i += 13) decoder.push(stream.subarray(i, i + 13));
    expect(offsets).toEqual([128, 448, 624, 800, 856, 912, 1232, 1408, 1464, 1520]);
  });

  it('stop(): nothing more is emitted, even from bytes already pushed, until reset', () => {
    const out: DbnRecord[] = [];
    let decoder: DbnStreamDecoder | undefined;
    decoder = new DbnStreamDecoder({
      metadata: () => undefined,
      record: (r) => {
        out.push(r);
        if (r.kind === 'ohlcv' && out.length === 4) decoder?.stop();
      },
      error: () => expect.unreachable(),
    });
    decoder.push(stream);
    expect(out.map((r) => r.kind)).toEqual(['system', 'symbol_mapping', 'symbol_mapping', 'ohlcv']);
    decoder.push(stream);
    expect(out).toHaveLength(4);
    decoder.reset();
    decoder.push(stream);
    expect(out).toHaveLength(14);
  });

  it('bad magic is a fatal error', () => {
    const decoded = decode(new TextEncoder().encode('lsg_version=1\n'));
    expect(decoded.errors[0]).toMatchObject({ code: 'bad_metadata', fatal: true, offset: 0 });
    expect(decoded.errors[0].message).toContain('invalid DBN header');
  });

  it('a partial trailing record waits for more bytes', () => {
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

describe('exact record sizes accept every real DBN file (no false alarm)', () => {
  const files = [
    ...['test_data.ohlcv-1m.v1.dbn.zst', 'test_data.ohlcv-1m.v2.dbn.zst', 'test_data.ohlcv-1m.v3.dbn.zst', 'test_data.ohlcv-1s.v3.dbn.zst', 'test_data.ohlcv-1h.v3.dbn.zst', 'test_data.definition.v3.dbn.zst', 'test_data.trades.v3.dbn.zst', 'test_data.mbp-1.v3.dbn.zst', 'python_live.test_data.live.dbn.zst'].map((f) => `${VECTORS}official/${f}`),
    ...['test_data.ohlcv-1m.dbn', 'test_data.definition.dbn', 'test_data.trades.dbn', 'test_data.mbp-1.dbn'].map((f) => `${VECTORS}official/${f}`),
    ...readdirSync(NAUTILUS).map((f) => `${NAUTILUS}${f}`),
  ];
  for (const file of files) {
    it(file.slice(file.lastIndexOf('/') + 1), () => {
      const raw = readFileSync(file);
      const bytes = file.endsWith('.zst') ? decompress(raw) : raw;
      const decoded = decode(bytes, 29);
      expect(decoded.errors).toEqual([]);
      expect(decoded.records.length).toBeGreaterThan(0);
    });
  }
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
