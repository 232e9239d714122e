import { decodeDbnMetadata, decodeDbnPrice, decodeDbnText } from '@rooney/data';
import type { DbnMetadata } from '@rooney/data';
import { ERROR_CODE, OHLCV_RTYPE_BAR_MS, RTYPE, SYSTEM_CODE } from './dbn-records.ts';
import type { DbnRecord, OhlcvRecord } from './dbn-records.ts';

/** A problem in the byte stream. `fatal` errors leave the stream unusable (the decoder stops). */
export interface DbnDecodeError {
  readonly message: string;
  /** Offset in the stream (bytes since the start or the last `reset`). */
  readonly offset: number;
  readonly fatal: boolean;
}

/** Receives what {@link DbnStreamDecoder} finds, in stream order. */
export interface DbnStreamHandler {
  metadata(metadata: DbnMetadata): void;
  record(record: DbnRecord): void;
  error(error: DbnDecodeError): void;
}

const TWO_TO_32 = 4_294_967_296;
const HEADER_BYTES = 16;
const PRELUDE_BYTES = 8;
const OHLCV_BYTES = 56;

/**
 * Incremental DBN decoder for a byte stream that arrives in pieces of any size (a TCP socket, a
 * streaming decompressor): `push` bytes, receive the metadata and then each complete record.
 *
 * Rules (spec §1.6): the metadata is parsed once `8 + length` bytes are buffered; a record is
 * decoded once its `length × 4` bytes are buffered; a record length below the 16-byte header is a
 * fatal error (reported once, after which bytes are ignored: never a spin); a known record type
 * shorter than its layout is reported (non-fatal) and skipped; unknown types are delivered as
 * `other` and skipped by their length. Records of DBN v1, v2 and v3 are understood, with the
 * `ts_out` suffix when the metadata announces it.
 *
 * Memory: one buffer that grows to the largest unread run and is compacted, never a list of chunks.
 */
export class DbnStreamDecoder {
  private readonly handler: DbnStreamHandler;
  private readonly source: string;
  private buffer = new Uint8Array(4096);
  private view = new DataView(this.buffer.buffer);
  private start = 0;
  private end = 0;
  /** Stream offset of `buffer[start]`. */
  private consumed = 0;
  private meta: DbnMetadata | undefined;
  private failed = false;

  constructor(handler: DbnStreamHandler, source = 'dbn stream') {
    this.handler = handler;
    this.source = source;
  }

  /** The metadata once decoded. */
  get metadata(): DbnMetadata | undefined {
    return this.meta;
  }

  /** True after a fatal error. */
  get hasFailed(): boolean {
    return this.failed;
  }

  /** Bytes buffered but not yet decoded (a partial record or header). */
  get bufferedBytes(): number {
    return this.end - this.start;
  }

  /** Forgets everything: the next bytes must start with a new metadata header (after a reconnect). */
  reset(): void {
    this.start = 0;
    this.end = 0;
    this.consumed = 0;
    this.meta = undefined;
    this.failed = false;
  }

  push(chunk: Uint8Array): void {
    if (this.failed || chunk.length === 0) return;
    this.append(chunk);
    this.drain();
  }

  private append(chunk: Uint8Array): void {
    const used = this.end - this.start;
    if (this.end + chunk.length > this.buffer.length) {
      if (used + chunk.length <= this.buffer.length) {
        this.buffer.copyWithin(0, this.start, this.end);
      } else {
        let size = this.buffer.length * 2;
        while (size < used + chunk.length) size *= 2;
        const next = new Uint8Array(size);
        next.set(this.buffer.subarray(this.start, this.end));
        this.buffer = next;
        this.view = new DataView(next.buffer);
      }
      this.start = 0;
      this.end = used;
    }
    this.buffer.set(chunk, this.end);
    this.end += chunk.length;
  }

  private advance(bytes: number): void {
    this.start += bytes;
    this.consumed += bytes;
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
    }
  }

  private fail(message: string): void {
    this.failed = true;
    this.handler.error({ message, offset: this.consumed, fatal: true });
  }

  private drain(): void {
    if (this.meta === undefined) {
      const available = this.end - this.start;
      if (available < PRELUDE_BYTES) return;
      const b = this.buffer;
      const s = this.start;
      if (b[s] !== 0x44 || b[s + 1] !== 0x42 || b[s + 2] !== 0x4e || b[s + 3] < 1 || b[s + 3] > 3) {
        this.fail('invalid DBN header: expected "DBN" and version 1, 2 or 3');
        return;
      }
      const length = this.view.getUint32(s + 4, true);
      if (length < 100) {
        this.fail(`invalid DBN header: metadata length ${length} is below the minimum of 100`);
        return;
      }
      if (available < PRELUDE_BYTES + length) return;
      try {
        this.meta = decodeDbnMetadata(this.buffer.subarray(s, s + PRELUDE_BYTES + length), this.source);
      } catch (error) {
        this.fail((error as Error).message);
        return;
      }
      this.advance(PRELUDE_BYTES + length);
      this.handler.metadata(this.meta);
    }
    while (!this.failed && this.end - this.start >= HEADER_BYTES) {
      const s = this.start;
      const size = this.buffer[s] * 4;
      if (size < HEADER_BYTES) {
        this.fail(`impossible record length ${size} (< 16-byte header)`);
        return;
      }
      if (this.end - s < size) return;
      const record = this.decodeRecord(s, size);
      this.advance(size);
      if (record !== undefined) this.handler.record(record);
    }
  }

  private decodeRecord(s: number, size: number): DbnRecord | undefined {
    const view = this.view;
    const meta = this.meta as DbnMetadata;
    const rtype = this.buffer[s + 1];
    const suffix = meta.tsOut ? 8 : 0;
    const header: { rtype: number; publisherId: number; instrumentId: number; tsEventNs: bigint; tsOutNs?: bigint } = {
      rtype,
      publisherId: view.getUint16(s + 2, true),
      instrumentId: view.getUint32(s + 4, true),
      tsEventNs: view.getBigUint64(s + 8, true),
    };
    if (suffix > 0 && size >= HEADER_BYTES + suffix) header.tsOutNs = view.getBigUint64(s + size - 8, true);
    const tooShort = (need: number, name: string): boolean => {
      if (size - suffix >= need) return false;
      this.handler.error({ message: `${name} record of ${size} bytes, expected at least ${need + suffix}`, offset: this.consumed, fatal: false });
      return true;
    };
    const v1 = meta.version === 1;
    if (OHLCV_RTYPE_BAR_MS[rtype] !== undefined || rtype === RTYPE.OHLCV_EOD || rtype === RTYPE.OHLCV_DEPRECATED) {
      if (tooShort(OHLCV_BYTES, 'OHLCV')) return undefined;
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
      if (v1 || size - suffix < 176) {
        if (tooShort(80, 'symbol mapping')) return undefined;
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
      if (tooShort(176, 'symbol mapping')) return undefined;
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
      if (v1 || size - suffix < 320) {
        if (tooShort(80, 'system')) return undefined;
        const message = decodeDbnText(this.buffer, s + 16, 64);
        const code = systemCodeFromText(message);
        return { kind: 'system', ...header, message, code, isHeartbeat: code === SYSTEM_CODE.HEARTBEAT };
      }
      const message = decodeDbnText(this.buffer, s + 16, 303);
      const code = this.buffer[s + 319];
      return { kind: 'system', ...header, message, code, isHeartbeat: code === SYSTEM_CODE.HEARTBEAT };
    }
    if (rtype === RTYPE.ERROR) {
      if (v1 || size - suffix < 320) {
        if (tooShort(80, 'error')) return undefined;
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
    return { kind: 'other', ...header, size };
  }
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
