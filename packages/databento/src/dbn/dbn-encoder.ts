import { UNDEF_TIMESTAMP } from './dbn-records.ts';

/**
 * A DBN v3 writer for the record types the live adapter reads: metadata, OHLCV, symbol mapping,
 * system and error records (layouts: `shared/specs/databento.md` §1.2 and §1.5). Fake gateways in
 * tests use it to serve bars; it reproduces the spec's vector files byte for byte.
 */

/** Metadata fields of a v3 header; symbol tables default to empty (as a live gateway sends). */
export interface DbnMetadataInput {
  readonly dataset: string;
  /** Schema id, undefined for mixed (0xFFFF). */
  readonly schema?: number;
  readonly startNs: bigint;
  /** undefined = open (UNDEF_TIMESTAMP). */
  readonly endNs?: bigint;
  readonly limit?: bigint;
  /** undefined = mixed (0xFF). */
  readonly stypeIn?: number;
  readonly stypeOut?: number;
  readonly tsOut?: boolean;
  readonly symbols?: readonly string[];
  readonly partial?: readonly string[];
  readonly notFound?: readonly string[];
  readonly mappings?: readonly { readonly rawSymbol: string; readonly intervals: readonly { startDate: number; endDate: number; symbol: string }[] }[];
}

const SYMBOL_WIDTH = 71;

function writeCString(bytes: Uint8Array, offset: number, width: number, text: string): void {
  if (text.length > width - 1) throw new RangeError(`"${text}" does not fit a ${width}-byte c-string`);
  for (let i = 0; i < text.length; i++) bytes[offset + i] = text.charCodeAt(i) & 0xff;
}

/** The v3 metadata block (prelude included), padded to a multiple of 8 bytes. */
export function encodeDbnMetadata(input: DbnMetadataInput): Uint8Array {
  const lists = [input.symbols ?? [], input.partial ?? [], input.notFound ?? []];
  let variable = 0;
  for (const list of lists) variable += 4 + list.length * SYMBOL_WIDTH;
  variable += 4;
  for (const mapping of input.mappings ?? []) variable += SYMBOL_WIDTH + 4 + mapping.intervals.length * (8 + SYMBOL_WIDTH);
  const unpadded = 104 + variable; // fixed part incl. schema_definition_length, then the tables
  const length = Math.ceil(unpadded / 8) * 8;
  const bytes = new Uint8Array(8 + length);
  const view = new DataView(bytes.buffer);
  bytes.set([0x44, 0x42, 0x4e, 3]);
  view.setUint32(4, length, true);
  writeCString(bytes, 8, 16, input.dataset);
  view.setUint16(24, input.schema ?? 0xffff, true);
  view.setBigUint64(26, input.startNs, true);
  view.setBigUint64(34, input.endNs ?? UNDEF_TIMESTAMP, true);
  view.setBigUint64(42, input.limit ?? 0n, true);
  bytes[50] = input.stypeIn ?? 0xff;
  bytes[51] = input.stypeOut ?? 0;
  bytes[52] = input.tsOut === true ? 1 : 0;
  view.setUint16(53, SYMBOL_WIDTH, true);
  let offset = 112;
  for (const list of lists) {
    view.setUint32(offset, list.length, true);
    offset += 4;
    for (const symbol of list) {
      writeCString(bytes, offset, SYMBOL_WIDTH, symbol);
      offset += SYMBOL_WIDTH;
    }
  }
  const mappings = input.mappings ?? [];
  view.setUint32(offset, mappings.length, true);
  offset += 4;
  for (const mapping of mappings) {
    writeCString(bytes, offset, SYMBOL_WIDTH, mapping.rawSymbol);
    offset += SYMBOL_WIDTH;
    view.setUint32(offset, mapping.intervals.length, true);
    offset += 4;
    for (const interval of mapping.intervals) {
      view.setUint32(offset, interval.startDate, true);
      view.setUint32(offset + 4, interval.endDate, true);
      writeCString(bytes, offset + 8, SYMBOL_WIDTH, interval.symbol);
      offset += 8 + SYMBOL_WIDTH;
    }
  }
  return bytes;
}

function header(size: number, rtype: number, publisherId: number, instrumentId: number, tsEventNs: bigint): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes[0] = size / 4;
  bytes[1] = rtype;
  view.setUint16(2, publisherId, true);
  view.setUint32(4, instrumentId, true);
  view.setBigUint64(8, tsEventNs, true);
  return { bytes, view };
}

/** A price as 1e-9 fixed point, exact for prices with at most 9 decimals. */
export function toFixedPrice(price: number): bigint {
  const [whole, fraction = ''] = price.toFixed(9).split('.');
  const negative = whole.startsWith('-');
  const magnitude = BigInt(negative ? whole.slice(1) : whole) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0'));
  return negative ? -magnitude : magnitude;
}

/** The fields of one OHLCV bar record: `tsEventNs` is the bar's START (DBN `ts_event`, ns); prices are plain numbers. */
export interface OhlcvRecordFields {
  readonly instrumentId: number;
  readonly tsEventNs: bigint;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** An OhlcvMsg (56 bytes); `rtype` defaults to 0x21 (OHLCV-1m), `publisherId` to 1. */
export function encodeOhlcvRecord(bar: OhlcvRecordFields & { readonly rtype?: number; readonly publisherId?: number }): Uint8Array {
  const { bytes, view } = header(56, bar.rtype ?? 0x21, bar.publisherId ?? 1, bar.instrumentId, bar.tsEventNs);
  view.setBigInt64(16, toFixedPrice(bar.open), true);
  view.setBigInt64(24, toFixedPrice(bar.high), true);
  view.setBigInt64(32, toFixedPrice(bar.low), true);
  view.setBigInt64(40, toFixedPrice(bar.close), true);
  view.setBigUint64(48, BigInt(bar.volume), true);
  return bytes;
}

/** A v2/v3 SymbolMappingMsg (176 bytes). */
export function encodeSymbolMappingRecord(mapping: {
  readonly instrumentId: number;
  readonly tsEventNs: bigint;
  readonly stypeIn?: number;
  readonly stypeInSymbol: string;
  readonly stypeOut?: number;
  readonly stypeOutSymbol: string;
  readonly startTsNs?: bigint;
  readonly endTsNs?: bigint;
}): Uint8Array {
  const { bytes, view } = header(176, 0x16, 0, mapping.instrumentId, mapping.tsEventNs);
  bytes[16] = mapping.stypeIn ?? 0xff;
  writeCString(bytes, 17, SYMBOL_WIDTH, mapping.stypeInSymbol);
  bytes[88] = mapping.stypeOut ?? 1;
  writeCString(bytes, 89, SYMBOL_WIDTH, mapping.stypeOutSymbol);
  view.setBigUint64(160, mapping.startTsNs ?? mapping.tsEventNs, true);
  view.setBigUint64(168, mapping.endTsNs ?? UNDEF_TIMESTAMP, true);
  return bytes;
}

/** A v2/v3 SystemMsg (320 bytes); code 0 is a heartbeat. */
export function encodeSystemRecord(tsEventNs: bigint, message: string, code: number): Uint8Array {
  const { bytes } = header(320, 0x17, 0, 0, tsEventNs);
  writeCString(bytes, 16, 303, message);
  bytes[319] = code;
  return bytes;
}

/** A v2/v3 ErrorMsg (320 bytes). */
export function encodeErrorRecord(tsEventNs: bigint, message: string, code: number, isLast = 1): Uint8Array {
  const { bytes } = header(320, 0x15, 0, 0, tsEventNs);
  writeCString(bytes, 16, 302, message);
  bytes[318] = code;
  bytes[319] = isLast;
  return bytes;
}

/** Concatenates byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
