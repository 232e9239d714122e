import { decodeDbnMetadata, decodeDbnPrice, decodeDbnText } from '@rooney/data';
import type { DbnMetadata } from '@rooney/data';
import { OHLCV_RTYPE_BAR_MS, RTYPE, SYSTEM_CODE, ERROR_CODE, dbnRecordBytes } from './dbn-records.ts';
import type { DbnRecord, OhlcvRecord } from './dbn-records.ts';

/**
 * What went wrong in the byte stream:
 * - `bad_metadata`: the stream does not start with a DBN metadata header it can read;
 * - `bad_length`: a record's length byte is below the 16-byte header, or differs from the size of
 *   its record type in the stream's DBN version (the framing cannot be trusted from there on);
 * - `unknown_rtype`: a record type DBN does not define (stepped over by its length byte);
 * - `truncated`: the stream ended inside a record (reported by {@link DbnStreamDecoder.end}).
 */
export type DbnDecodeErrorCode = 'bad_metadata' | 'bad_length' | 'unknown_rtype' | 'truncated';

/** The header fields of the record an error is about, as read from its bytes (they may be damaged too). */
export interface DbnRecordHeaderInfo {
  /** The length byte (record size in 4-byte words). */
  readonly lengthWords: number;
  readonly rtype: number;
  readonly instrumentId: number;
  readonly tsEventNs: bigint;
}

/** A problem in the byte stream. `fatal` errors leave the stream unusable (the decoder stops). */
export interface DbnDecodeError {
  readonly code: DbnDecodeErrorCode;
  readonly message: string;
  /** Offset in the stream (bytes since the start or the last `reset`) of the record or header at fault. */
  readonly offset: number;
  readonly fatal: boolean;
  /** The record's header, when 16 bytes of it arrived. */
  readonly header?: DbnRecordHeaderInfo;
}

/** Receives what {@link DbnStreamDecoder} finds, in stream order. */
export interface DbnStreamHandler {
  metadata(metadata: DbnMetadata): void;
  /** A record that passed every structural check; `offset` is where it starts in the stream. */
  record(record: DbnRecord, offset: number): void;
  error(error: DbnDecodeError): void;
}

const TWO_TO_32 = 4_294_967_296;
const HEADER_BYTES = 16;
const PRELUDE_BYTES = 8;
const TS_OUT_BYTES = 8;

/**
 * Incremental DBN decoder for a byte stream that arrives in pieces of any size (a TCP socket, a
 * streaming decompressor): `push` bytes, receive the metadata and then each complete record.
 *
 * It emits only records it could check in full, and stops at the first byte it cannot frame:
 * - the metadata is parsed once `8 + length` bytes are buffered (a bad header is fatal);
 * - as soon as a record's 16-byte header is buffered, its length byte is checked against the size
 *   of its record type in the stream's DBN version (plus 8 bytes with `ts_out`): below 16 bytes or
 *   any other size is a fatal `bad_length`, reported at the record's offset before waiting for its
 *   body, so a length byte that is too large never swallows the next record and one that is too
 *   small never makes the rest of the record look like a new one;
 * - a record type DBN does not define is reported as soon as its header is in (`unknown_rtype`,
 *   non-fatal, with its offset) and stepped over by its length byte, never emitted;
 * - record types DBN defines but this decoder does not interpret (trades, definitions, …) are
 *   emitted as `other` after the size check;
 * - {@link end} reports a stream that stopped inside a record (`truncated`); {@link stop} makes the
 *   decoder ignore everything until {@link reset} (a consumer that rejects a record and drops the
 *   connection).
 * After a fatal error nothing more is decoded until `reset` (never a spin on the bad bytes).
 * Records of DBN v1, v2 and v3 are understood, with the `ts_out` suffix when the metadata
 * announces it. Offsets count bytes since the stream start (for a zstd stream: decompressed bytes).
 *
 * Memory: one buffer that grows to the largest unread run and is compacted, never a list of chunks.
 */
export class DbnStreamDecoder {
  private readonly handler: DbnStreamHandler;
  private readonly source: string;
  private buffer = new Uint8Array(4096);
  private view = new DataView(this.buffer.buffer);
  private start = 0;
  private limit = 0;
  /** Stream offset of `buffer[start]`. */
  private consumed = 0;
  private meta: DbnMetadata | undefined;
  private failed = false;
  /** Stream offset of the record whose length byte was checked but whose body is still missing. */
  private checkedOffset = -1;

  constructor(handler: DbnStreamHandler, source = 'dbn stream') {
    this.handler = handler;
    this.source = source;
  }

  /** The metadata once decoded. */
  get metadata(): DbnMetadata | undefined {
    return this.meta;
  }

  /** True after a fatal error or {@link stop}. */
  get hasFailed(): boolean {
    return this.failed;
  }

  /** Bytes buffered but not yet decoded (a partial record or header). */
  get bufferedBytes(): number {
    return this.limit - this.start;
  }

  /** Stream offset of the next byte to decode. */
  get offset(): number {
    return this.consumed;
  }

  /** Forgets everything: the next bytes must start with a new metadata header (after a reconnect). */
  reset(): void {
    this.start = 0;
    this.limit = 0;
    this.consumed = 0;
    this.meta = undefined;
    this.failed = false;
    this.checkedOffset = -1;
  }

  /** Ignores every byte (and emits nothing more, even from bytes already pushed) until {@link reset}. */
  stop(): void {
    this.failed = true;
  }

  push(chunk: Uint8Array): void {
    if (this.failed || chunk.length === 0) return;
    this.append(chunk);
    this.drain();
  }

  /**
   * The stream has ended (the socket closed, the download finished): reports a `truncated` error
   * when bytes of an incomplete header or record are left over, and stops. Returns whether the
   * stream ended on a record boundary.
   */
  end(): boolean {
    if (this.failed) return true;
    const left = this.limit - this.start;
    this.failed = true;
    if (left === 0) return true;
    const what = this.meta === undefined ? 'the metadata header' : left < HEADER_BYTES ? 'a record header' : 'a record';
    const header = this.meta !== undefined && left >= HEADER_BYTES ? this.headerAt(this.start) : undefined;
    const expected = this.meta === undefined ? undefined : this.buffer[this.start] * 4;
    this.handler.error({
      code: 'truncated',
      message: `the stream ended inside ${what} (${left} of ${expected ?? 'its'} bytes)`,
      offset: this.consumed,
      fatal: true,
      ...(header !== undefined ? { header } : {}),
    });
    return false;
  }

  private append(chunk: Uint8Array): void {
    const used = this.limit - this.start;
    if (this.limit + chunk.length > this.buffer.length) {
      if (used + chunk.length <= this.buffer.length) {
        this.buffer.copyWithin(0, this.start, this.limit);
      } else {
        let size = this.buffer.length * 2;
        while (size < used + chunk.length) size *= 2;
        const next = new Uint8Array(size);
        next.set(this.buffer.subarray(this.start, this.limit));
        this.buffer = next;
        this.view = new DataView(next.buffer);
      }
      this.start = 0;
      this.limit = used;
    }
    this.buffer.set(chunk, this.limit);
    this.limit += chunk.length;
  }

  private advance(bytes: number): void {
    this.start += bytes;
    this.consumed += bytes;
    if (this.start === this.limit) {
      this.start = 0;
      this.limit = 0;
    }
  }

  private fail(code: DbnDecodeErrorCode, message: string, header?: DbnRecordHeaderInfo): void {
    this.failed = true;
    this.handler.error({ code, message, offset: this.consumed, fatal: true, ...(header !== undefined ? { header } : {}) });
  }

  private headerAt(s: number): DbnRecordHeaderInfo {
    return {
      lengthWords: this.buffer[s],
      rtype: this.buffer[s + 1],
      instrumentId: this.view.getUint32(s + 4, true),
      tsEventNs: this.view.getBigUint64(s + 8, true),
    };
  }

  private drain(): void {
    if (this.meta === undefined) {
      const available = this.limit - this.start;
      if (available < PRELUDE_BYTES) return;
      const b = this.buffer;
      const s = this.start;
      if (b[s] !== 0x44 || b[s + 1] !== 0x42 || b[s + 2] !== 0x4e || b[s + 3] < 1 || b[s + 3] > 3) {
        this.fail('bad_metadata', 'invalid DBN header: expected "DBN" and version 1, 2 or 3');
        return;
      }
      const length = this.view.getUint32(s + 4, true);
      if (length < 100) {
        this.fail('bad_metadata', `invalid DBN header: metadata length ${length} is below the minimum of 100`);
        return;
      }
      if (available < PRELUDE_BYTES + length) return;
      try {
        this.meta = decodeDbnMetadata(this.buffer.subarray(s, s + PRELUDE_BYTES + length), this.source);
      } catch (error) {
        this.fail('bad_metadata', (error as Error).message);
        return;
      }
      this.advance(PRELUDE_BYTES + length);
      this.handler.metadata(this.meta);
    }
    const meta = this.meta;
    const suffix = meta.tsOut ? TS_OUT_BYTES : 0;
    while (!this.failed && this.limit - this.start >= HEADER_BYTES) {
      const s = this.start;
      const size = this.buffer[s] * 4;
      const rtype = this.buffer[s + 1];
      if (this.checkedOffset !== this.consumed) {
        const layout = dbnRecordBytes(rtype, meta.version);
        if (size < HEADER_BYTES + suffix || (layout !== undefined && size !== layout + suffix)) {
          this.fail('bad_length', lengthMessage(size, rtype, layout, suffix, meta.version), this.headerAt(s));
          return;
        }
        this.checkedOffset = this.consumed;
        if (layout === undefined) {
          // Reported from the header: a consumer that drops the connection need not wait for a body
          // whose length it cannot trust.
          this.handler.error({ code: 'unknown_rtype', message: `unknown record type 0x${hex(rtype)} (${size} bytes) stepped over`, offset: this.consumed, fatal: false, header: this.headerAt(s) });
          continue;
        }
      }
      if (this.limit - s < size) return;
      const offset = this.consumed;
      const record = this.decodeRecord(s, size, suffix);
      this.advance(size);
      if (record !== undefined) this.handler.record(record, offset);
    }
  }

  /** A record whose size was checked against its type; undefined for a type DBN does not define. */
  private decodeRecord(s: number, size: number, suffix: number): DbnRecord | undefined {
    const view = this.view;
    const meta = this.meta as DbnMetadata;
    const rtype = this.buffer[s + 1];
    const header: { rtype: number; publisherId: number; instrumentId: number; tsEventNs: bigint; tsOutNs?: bigint } = {
      rtype,
      publisherId: view.getUint16(s + 2, true),
      instrumentId: view.getUint32(s + 4, true),
      tsEventNs: view.getBigUint64(s + 8, true),
    };
    if (suffix > 0) header.tsOutNs = view.getBigUint64(s + size - TS_OUT_BYTES, true);
    const v1 = meta.version === 1;
    if (OHLCV_RTYPE_BAR_MS[rtype] !== undefined || rtype === RTYPE.OHLCV_EOD || rtype === RTYPE.OHLCV_DEPRECATED) {
      const record: OhlcvRecord = {
        kind: 'ohlcv',
        rtype,
        publisherId: header.publisherId,
        instrumentId: header.instrumentId,
        tsEventNs: header.tsEventNs,
        open: decodeDbnPrice(view, s + 16),
        high: decodeDbnPrice(view, s + 24),
        low: decodeDbnPrice(view, s + 32),
        close: decodeDbnPrice(view, s + 40),
        volume: view.getUint32(s + 52, true) * TWO_TO_32 + view.getUint32(s + 48, true),
        ...(header.tsOutNs !== undefined ? { tsOutNs: header.tsOutNs } : {}),
      };
      return record;
    }
    if (rtype === RTYPE.SYMBOL_MAPPING) {
      if (v1) {
        return {
          kind: 'symbol_mapping',
          ...header,
          stypeIn: undefined,
          stypeInSymbol: decodeDbnText(this.buffer, s + 16, 22),
          stypeOut: undefined,
          stypeOutSymbol: decodeDbnText(this.buffer, s + 38, 22),
          startTsNs: view.getBigUint64(s + 64, true),
          endTsNs: view.getBigUint64(s + 72, true),
        };
      }
      const stypeIn = this.buffer[s + 16];
      const stypeOut = this.buffer[s + 88];
      return {
        kind: 'symbol_mapping',
        ...header,
        stypeIn: stypeIn === 0xff ? undefined : stypeIn,
        stypeInSymbol: decodeDbnText(this.buffer, s + 17, 71),
        stypeOut: stypeOut === 0xff ? undefined : stypeOut,
        stypeOutSymbol: decodeDbnText(this.buffer, s + 89, 71),
        startTsNs: view.getBigUint64(s + 160, true),
        endTsNs: view.getBigUint64(s + 168, true),
      };
    }
    if (rtype === RTYPE.SYSTEM) {
      if (v1) {
        const message = decodeDbnText(this.buffer, s + 16, 64);
        const code = systemCodeFromText(message);
        return { kind: 'system', ...header, message, code, isHeartbeat: code === SYSTEM_CODE.HEARTBEAT };
      }
      const message = decodeDbnText(this.buffer, s + 16, 303);
      const code = this.buffer[s + 319];
      return { kind: 'system', ...header, message, code, isHeartbeat: code === SYSTEM_CODE.HEARTBEAT };
    }
    if (rtype === RTYPE.ERROR) {
      if (v1) {
        const message = decodeDbnText(this.buffer, s + 16, 64);
        return { kind: 'error', ...header, message, code: errorCodeFromText(message), isLast: 255 };
      }
      return {
        kind: 'error',
        ...header,
        message: decodeDbnText(this.buffer, s + 16, 302),
        code: this.buffer[s + 318],
        isLast: this.buffer[s + 319],
      };
    }
    if (dbnRecordBytes(rtype, meta.version) === undefined) return undefined;
    return { kind: 'other', ...header, size };
  }
}

function lengthMessage(size: number, rtype: number, layout: number | undefined, suffix: number, version: number): string {
  if (size < HEADER_BYTES) return `impossible record length ${size} (< 16-byte header)`;
  const expected = layout === undefined ? `at least ${HEADER_BYTES + suffix}` : `${layout + suffix} (length byte ${(layout + suffix) / 4})`;
  return `record type 0x${hex(rtype)} of ${size} bytes (length byte ${size / 4}), expected ${expected} in DBN v${version}${suffix > 0 ? ' with ts_out' : ''}`;
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** SystemMsg code of a v1 record, from its text (spec §1.5 table). */
export function systemCodeFromText(text: string): number {
  if (text === 'Heartbeat') return SYSTEM_CODE.HEARTBEAT;
  if (text.startsWith('Subscription request ') && text.endsWith(' succeeded')) return SYSTEM_CODE.SUBSCRIPTION_ACK;
  if (text.startsWith('Warning: slow reading')) return SYSTEM_CODE.SLOW_READER_WARNING;
  if (text.startsWith('Finished ') && text.endsWith(' replay')) return SYSTEM_CODE.REPLAY_COMPLETED;
  if (text.startsWith('End of interval for ')) return SYSTEM_CODE.END_OF_INTERVAL;
  return SYSTEM_CODE.UNSET;
}

/** ErrorMsg code of a v1 record, from its text (spec §1.5 table). */
export function errorCodeFromText(text: string): number {
  if (text === 'User or API key deactivated') return ERROR_CODE.API_KEY_DEACTIVATED;
  if (text === 'User has reached their open connection limit') return ERROR_CODE.CONNECTION_LIMIT_EXCEEDED;
  if (text.startsWith('Failed to resolve symbol')) return ERROR_CODE.SYMBOL_RESOLUTION_FAILED;
  if (text === 'Internal error') return ERROR_CODE.INTERNAL_ERROR;
  if (text.startsWith('Slow client detected for ')) return ERROR_CODE.SKIPPED_RECORDS_AFTER_SLOW_READING;
  return ERROR_CODE.UNSET;
}
