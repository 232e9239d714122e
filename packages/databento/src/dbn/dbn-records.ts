/**
 * DBN record shapes decoded by the live adapter (layouts: `shared/specs/databento.md` §1.5).
 * Nanosecond times are `bigint`; prices are converted from 1e-9 fixed point to numbers (NaN for
 * `UNDEF_PRICE`).
 */

/** `UNDEF_TIMESTAMP` (u64::MAX). */
export const UNDEF_TIMESTAMP = 0xffff_ffff_ffff_ffffn;

/** Record types (header byte 1). */
export const RTYPE = Object.freeze({
  ERROR: 0x15,
  SYMBOL_MAPPING: 0x16,
  SYSTEM: 0x17,
  OHLCV_1S: 0x20,
  OHLCV_1M: 0x21,
  OHLCV_1H: 0x22,
  OHLCV_1D: 0x23,
  OHLCV_EOD: 0x24,
  OHLCV_DEPRECATED: 0x11,
});

/**
 * Size in bytes (without the `ts_out` suffix) of every record type DBN defines, per DBN version
 * 1, 2 and 3 (spec §1.3 and §1.8; Databento's layout tests): a record whose length byte says
 * otherwise is malformed, whatever its bytes look like.
 */
const RECORD_BYTES: Readonly<Record<number, readonly [number, number, number]>> = Object.freeze({
  0x00: [48, 48, 48], // trade (MBP-0)
  0x01: [80, 80, 80], // MBP-1 / TBBO
  0x0a: [368, 368, 368], // MBP-10
  0x11: [56, 56, 56], // OHLCV (deprecated, no cadence)
  0x12: [40, 40, 40], // status
  0x13: [360, 400, 520], // instrument definition
  0x14: [112, 112, 112], // imbalance
  0x15: [80, 320, 320], // error
  0x16: [80, 176, 176], // symbol mapping
  0x17: [80, 320, 320], // system / heartbeat
  0x18: [64, 64, 80], // statistics
  0x20: [56, 56, 56], // OHLCV-1s
  0x21: [56, 56, 56], // OHLCV-1m
  0x22: [56, 56, 56], // OHLCV-1h
  0x23: [56, 56, 56], // OHLCV-1d
  0x24: [56, 56, 56], // OHLCV end of session
  0xa0: [56, 56, 56], // MBO
  0xb1: [80, 80, 80], // CMBP-1
  0xc0: [80, 80, 80], // CBBO-1s
  0xc1: [80, 80, 80], // CBBO-1m
  0xc2: [80, 80, 80], // TCBBO
  0xc3: [80, 80, 80], // BBO-1s
  0xc4: [80, 80, 80], // BBO-1m
});

/**
 * The exact size in bytes of a record of `rtype` in a DBN `version` (1, 2 or 3) stream, without the
 * 8-byte `ts_out` suffix; undefined for a record type DBN does not define.
 */
export function dbnRecordBytes(rtype: number, version: number): number | undefined {
  const sizes = RECORD_BYTES[rtype];
  return sizes === undefined ? undefined : sizes[Math.min(3, Math.max(1, version)) - 1];
}

/** Bar length in ms of the OHLCV rtypes that have a fixed cadence. */
export const OHLCV_RTYPE_BAR_MS: Readonly<Record<number, number>> = Object.freeze({
  0x20: 1000,
  0x21: 60_000,
  0x22: 3_600_000,
  0x23: 86_400_000,
});

/** SystemMsg codes (v2+). */
export const SYSTEM_CODE = Object.freeze({
  HEARTBEAT: 0,
  SUBSCRIPTION_ACK: 1,
  SLOW_READER_WARNING: 2,
  REPLAY_COMPLETED: 3,
  END_OF_INTERVAL: 4,
  UNSET: 255,
});

/** ErrorMsg codes (v2+). */
export const ERROR_CODE = Object.freeze({
  AUTH_FAILED: 1,
  API_KEY_DEACTIVATED: 2,
  CONNECTION_LIMIT_EXCEEDED: 3,
  SYMBOL_RESOLUTION_FAILED: 4,
  INVALID_SUBSCRIPTION: 5,
  INTERNAL_ERROR: 6,
  SKIPPED_RECORDS_AFTER_SLOW_READING: 7,
  UNSET: 255,
});

/** Schema text → id (metadata u16). */
export const SCHEMA_ID: Readonly<Record<string, number>> = Object.freeze({
  mbo: 0, 'mbp-1': 1, 'mbp-10': 2, tbbo: 3, trades: 4, 'ohlcv-1s': 5, 'ohlcv-1m': 6, 'ohlcv-1h': 7,
  'ohlcv-1d': 8, definition: 9, statistics: 10, status: 11, imbalance: 12, 'ohlcv-eod': 13,
  'cmbp-1': 14, 'cbbo-1s': 15, 'cbbo-1m': 16, tcbbo: 17, 'bbo-1s': 18, 'bbo-1m': 19,
});

/** SType text → id (u8). */
export const STYPE_ID: Readonly<Record<string, number>> = Object.freeze({
  instrument_id: 0, raw_symbol: 1, smart: 2, continuous: 3, parent: 4, nasdaq_symbol: 5, cms_symbol: 6,
  isin: 7, us_code: 8, bbg_comp_id: 9, bbg_comp_ticker: 10, figi: 11, figi_ticker: 12,
});

interface RecordHeader {
  readonly rtype: number;
  readonly publisherId: number;
  readonly instrumentId: number;
  /** `ts_event` in ns (for OHLCV: the bar's START). */
  readonly tsEventNs: bigint;
  /** Gateway send time when the stream has `ts_out`. */
  readonly tsOutNs?: bigint;
}

/** An OHLCV bar record (any cadence). */
export interface OhlcvRecord extends RecordHeader {
  readonly kind: 'ohlcv';
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A SymbolMappingMsg: `instrumentId` now means `stypeOutSymbol`, subscribed as `stypeInSymbol`. */
export interface SymbolMappingRecord extends RecordHeader {
  readonly kind: 'symbol_mapping';
  /** undefined for v1 records and 0xFF. */
  readonly stypeIn: number | undefined;
  readonly stypeInSymbol: string;
  readonly stypeOut: number | undefined;
  readonly stypeOutSymbol: string;
  readonly startTsNs: bigint;
  readonly endTsNs: bigint;
}

/** A SystemMsg (heartbeat, subscription ack, replay completed, …). */
export interface SystemRecord extends RecordHeader {
  readonly kind: 'system';
  readonly message: string;
  /** `SYSTEM_CODE`; derived from the text for v1 records. */
  readonly code: number;
  readonly isHeartbeat: boolean;
}

/** A gateway ErrorMsg. */
export interface ErrorRecord extends RecordHeader {
  readonly kind: 'error';
  readonly message: string;
  /** `ERROR_CODE`; derived from the text for v1 records. */
  readonly code: number;
  /** 1 on the last error of a burst, 0 otherwise, 255 unknown (v1). */
  readonly isLast: number;
}

/** A record of a type this decoder does not interpret (trades, definitions, …), stepped over. */
export interface OtherRecord extends RecordHeader {
  readonly kind: 'other';
  readonly size: number;
}

export type DbnRecord = OhlcvRecord | SymbolMappingRecord | SystemRecord | ErrorRecord | OtherRecord;
