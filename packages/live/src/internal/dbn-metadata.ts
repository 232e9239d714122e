/**
 * DBN metadata header parser (spec §1.2), the same shape and rules as `decodeDbnMetadata` of
 * `@rooney/data/src/io/dbn-bars.ts`. That function is not exported by `@rooney/data`'s index; once
 * it is, this file should be replaced by an import of it.
 */
import { RooneyError } from '@rooney/core';

export interface DbnMappingInterval {
  readonly startDate: number;
  readonly endDate: number;
  readonly symbol: string;
}

export interface DbnSymbolMapping {
  readonly rawSymbol: string;
  readonly intervals: readonly DbnMappingInterval[];
}

/** The DBN metadata header. Nanosecond times are `bigint`; `end` is undefined when open. */
export interface DbnMetadata {
  readonly version: number;
  readonly dataset: string;
  readonly schema: number | undefined;
  readonly start: bigint;
  readonly end: bigint | undefined;
  readonly stypeIn: number | undefined;
  readonly stypeOut: number;
  readonly tsOut: boolean;
  readonly symbols: readonly string[];
  readonly partial: readonly string[];
  readonly notFound: readonly string[];
  readonly mappings: readonly DbnSymbolMapping[];
  /** Byte offset of the first record (8 + the metadata length field). */
  readonly recordsOffset: number;
}

const UNDEF_TIMESTAMP = 0xffff_ffff_ffff_ffffn;

/** Bytes `[offset, offset + width)` as text up to the first NUL. */
export function cString(bytes: Uint8Array, offset: number, width: number): string {
  let text = '';
  const end = Math.min(offset + width, bytes.length);
  for (let i = offset; i < end && bytes[i] !== 0; i++) text += String.fromCharCode(bytes[i]);
  return text;
}

function bad(source: string, message: string): RooneyError {
  return new RooneyError('bad_dbn', message, { file: source });
}

/** Parses the metadata at the start of `bytes` (which must hold at least `8 + length` bytes). */
export function decodeDbnMetadata(bytes: Uint8Array, source: string): DbnMetadata {
  if (bytes.length < 8 || bytes[0] !== 0x44 || bytes[1] !== 0x42 || bytes[2] !== 0x4e) {
    throw bad(source, 'invalid DBN header: the stream does not start with "DBN"');
  }
  const version = bytes[3];
  if (version < 1 || version > 3) throw bad(source, `unsupported DBN version ${version} (supported: 1, 2, 3)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(4, true);
  const recordsOffset = 8 + length;
  if (length < 100) throw bad(source, `metadata length ${length} is below the minimum of 100`);
  if (recordsOffset > bytes.length) throw bad(source, `metadata length ${length} runs past the end of the data`);
  if (view.getUint32(108, true) !== 0) throw bad(source, 'schema definitions are not supported (schema_definition_length != 0)');
  const schemaRaw = view.getUint16(24, true);
  const endRaw = view.getBigUint64(34, true);
  const stypeOffset = version === 1 ? 58 : 50;
  const stypeInRaw = bytes[stypeOffset];
  const width = version === 1 ? 22 : view.getUint16(53, true);
  let offset = 112;
  const need = (count: number): void => {
    if (offset + count > recordsOffset) throw bad(source, 'metadata symbol tables run past the metadata length');
  };
  const u32 = (): number => {
    need(4);
    const value = view.getUint32(offset, true);
    offset += 4;
    return value;
  };
  const symbol = (): string => {
    need(width);
    const text = cString(bytes, offset, width);
    offset += width;
    return text;
  };
  const list = (): string[] => {
    const count = u32();
    const out: string[] = [];
    for (let i = 0; i < count; i++) out.push(symbol());
    return out;
  };
  const symbols = list();
  const partial = list();
  const notFound = list();
  const mappings: DbnSymbolMapping[] = [];
  const mappingCount = u32();
  for (let m = 0; m < mappingCount; m++) {
    const rawSymbol = symbol();
    const count = u32();
    const intervals: DbnMappingInterval[] = [];
    for (let k = 0; k < count; k++) {
      const startDate = u32();
      const endDate = u32();
      intervals.push({ startDate, endDate, symbol: symbol() });
    }
    mappings.push({ rawSymbol, intervals });
  }
  return {
    version,
    dataset: cString(bytes, 8, 16),
    schema: schemaRaw === 0xffff ? undefined : schemaRaw,
    start: view.getBigUint64(26, true),
    end: endRaw === UNDEF_TIMESTAMP ? undefined : endRaw,
    stypeIn: stypeInRaw === 0xff ? undefined : stypeInRaw,
    stypeOut: bytes[stypeOffset + 1],
    tsOut: bytes[stypeOffset + 2] !== 0,
    symbols,
    partial,
    notFound,
    mappings,
    recordsOffset,
  };
}
