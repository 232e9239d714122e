import type { OhlcvRecordFields } from '../dbn/dbn-encoder.ts';
import { ERROR_CODE, OHLCV_RTYPE_BAR_MS, SYSTEM_CODE } from '../dbn/dbn-records.ts';
import { encodeDbnMetadata, encodeErrorRecord, encodeOhlcvRecord, encodeSymbolMappingRecord, encodeSystemRecord } from '../dbn/dbn-encoder.ts';
import type { FakeGatewaySessionPlan } from './fake-databento-gateway.ts';

/** An instrument the scripted gateway announces (one SymbolMappingMsg at the session start). */
export interface ScriptedInstrument {
  readonly instrumentId: number;
  /** What the client subscribed to, e.g. `ES.c.0`. */
  readonly subscribedSymbol: string;
  /** The venue symbol, e.g. `ESH5`. */
  readonly rawSymbol: string;
  /** stype_in of the mapping. Default 3 (continuous). */
  readonly stypeIn?: number;
}

/** One bar of the gateway's history; published when it closes (`tsEventNs` + its bar length). */
export interface ScriptedBar extends OhlcvRecordFields {
  /** Default 0x21 (OHLCV-1m). */
  readonly rtype?: number;
}

/** Names one bar of the history. */
export interface BarRef {
  readonly instrumentId: number;
  readonly tsEventNs: bigint;
}

/** Something wrong with one session's bytes. Each applies where its bar is sent (replay or live). */
export type ScriptedFault =
  /** FIN right before the bar: the connection drops there. */
  | { readonly kind: 'disconnect'; readonly before: BarRef }
  /** The bar's length byte replaced (too large or too small); its 56 bytes and everything after are sent as they are. */
  | { readonly kind: 'length_byte'; readonly at: BarRef; readonly lengthWords: number }
  /** Only the bar's first `keepBytes` bytes are sent, then FIN (`then: 'fin'`) or the next records (`'continue'`). */
  | { readonly kind: 'truncate'; readonly at: BarRef; readonly keepBytes: number; readonly then: 'fin' | 'continue' }
  /** A record of a type DBN does not define (default 0xEE, 32 bytes, the bar's instrument and time) right before the bar. */
  | { readonly kind: 'unknown_rtype'; readonly before: BarRef; readonly rtype?: number; readonly bytes?: number }
  /** The bar sent with other values (an absurd print, broken OHLC, a damaged `ts_event`, …). */
  | {
      readonly kind: 'prices';
      readonly at: BarRef;
      readonly tsEventNs?: bigint;
      readonly open?: number;
      readonly high?: number;
      readonly low?: number;
      readonly close?: number;
      readonly volume?: number;
    };

/** One connection of a scripted gateway. */
export interface ScriptedSessionOptions {
  readonly dataset?: string;
  readonly instruments: readonly ScriptedInstrument[];
  /** The gateway's bars in publication order: by close time, and within a minute as listed. */
  readonly bars: readonly ScriptedBar[];
  /**
   * Gateway time when the session starts (ns). Bars closed by then are history: sent only when the
   * client asked for replay, those with `ts_event >= start`, followed by a `replay_completed`
   * SystemMsg. Bars closing later are sent as live data.
   */
  readonly nowNs: bigint;
  /** The session ends (FIN) before the first bar closing after this time (ns). Default: all bars, then silence. */
  readonly endNs?: bigint;
  readonly faults?: readonly ScriptedFault[];
  /** Subscribed symbols the gateway cannot resolve: one ErrorMsg (code 4) each after the mappings. */
  readonly notFound?: readonly string[];
  /** A heartbeat (ts = `endNs`, or the last close sent) after the last bar. Default false. */
  readonly heartbeatAtEnd?: boolean;
  /** Write the bytes in pieces of at most this many bytes. */
  readonly chunkSize?: number;
}

/** The bytes of one scripted session and where things are in them. */
export interface ScriptedSessionBytes {
  readonly data: Uint8Array;
  /** Whether the gateway closes the connection after `data`. */
  readonly endAfterData: boolean;
  /** Stream offset (from the metadata's first byte) of each fault that was applied. */
  readonly faultOffsets: ReadonlyMap<ScriptedFault, number>;
  /** The bars sent whole and unharmed, in order. */
  readonly barsSent: readonly ScriptedBar[];
}

const NS_PER_MS = 1_000_000n;

function same(ref: BarRef, bar: ScriptedBar): boolean {
  return ref.instrumentId === bar.instrumentId && ref.tsEventNs === bar.tsEventNs;
}

function closeNs(bar: ScriptedBar): bigint {
  return bar.tsEventNs + BigInt(OHLCV_RTYPE_BAR_MS[bar.rtype ?? 0x21] ?? 60_000) * NS_PER_MS;
}

/**
 * The bytes a live gateway sends after `start_session` for a subscription with intraday replay from
 * `startNs` (undefined: none), as the spec describes it (§2.9, §2.12): metadata, a subscription
 * ack, the symbol mappings (and an ErrorMsg per unresolved symbol), the replayed history (`ts_event >= start`, closed by `nowNs`) and its
 * `replay_completed`, then the live bars up to `endNs`, with the scripted faults applied.
 */
export function scriptedSessionBytes(options: ScriptedSessionOptions, startNs: bigint | undefined): ScriptedSessionBytes {
  const now = options.nowNs;
  const parts: Uint8Array[] = [encodeDbnMetadata({ dataset: options.dataset ?? 'GLBX.MDP3', startNs: startNs ?? now, stypeOut: 0 })];
  parts.push(encodeSystemRecord(now, 'Subscription request 1 for ohlcv-1m data succeeded', SYSTEM_CODE.SUBSCRIPTION_ACK));
  for (const i of options.instruments) {
    parts.push(encodeSymbolMappingRecord({ instrumentId: i.instrumentId, tsEventNs: now, stypeIn: i.stypeIn ?? 3, stypeInSymbol: i.subscribedSymbol, stypeOut: 1, stypeOutSymbol: i.rawSymbol }));
  }
  for (const symbol of options.notFound ?? []) parts.push(encodeErrorRecord(now, `Failed to resolve symbol: ${symbol}`, ERROR_CODE.SYMBOL_RESOLUTION_FAILED));
  let offset = 0;
  for (const part of parts) offset += part.length;
  const faults = options.faults ?? [];
  const faultOffsets = new Map<ScriptedFault, number>();
  const barsSent: ScriptedBar[] = [];
  const push = (bytes: Uint8Array): void => {
    parts.push(bytes);
    offset += bytes.length;
  };
  let cut = false;
  let lastClose = now;
  const history = startNs === undefined ? [] : options.bars.filter((b) => b.tsEventNs >= startNs && closeNs(b) <= now);
  const live = options.bars.filter((b) => closeNs(b) > now && (options.endNs === undefined || closeNs(b) <= options.endNs));
  const sendBars = (bars: readonly ScriptedBar[]): void => {
    for (const bar of bars) {
      if (cut) return;
      for (const fault of faults) {
        if (fault.kind === 'disconnect' && same(fault.before, bar)) {
          faultOffsets.set(fault, offset);
          cut = true;
          return;
        }
        if (fault.kind === 'unknown_rtype' && same(fault.before, bar)) {
          const size = fault.bytes ?? 32;
          const record = new Uint8Array(size);
          const view = new DataView(record.buffer);
          record[0] = size / 4;
          record[1] = fault.rtype ?? 0xee;
          view.setUint16(2, 1, true);
          view.setUint32(4, bar.instrumentId, true);
          view.setBigUint64(8, bar.tsEventNs, true);
          faultOffsets.set(fault, offset);
          push(record);
        }
      }
      const priceFault = faults.find((f) => f.kind === 'prices' && same(f.at, bar));
      const shown = priceFault?.kind === 'prices' ? { ...bar, ...definedOnly(priceFault) } : bar;
      const bytes = encodeOhlcvRecord(shown);
      const lengthFault = faults.find((f) => f.kind === 'length_byte' && same(f.at, bar));
      const truncateFault = faults.find((f) => f.kind === 'truncate' && same(f.at, bar));
      if (lengthFault?.kind === 'length_byte') bytes[0] = lengthFault.lengthWords;
      for (const fault of [priceFault, lengthFault, truncateFault]) if (fault !== undefined) faultOffsets.set(fault, offset);
      if (truncateFault?.kind === 'truncate') {
        push(bytes.subarray(0, truncateFault.keepBytes));
        if (truncateFault.then === 'fin') {
          cut = true;
          return;
        }
        continue;
      }
      push(bytes);
      if (priceFault === undefined && lengthFault === undefined) barsSent.push(bar);
      lastClose = closeNs(bar);
    }
  };
  sendBars(history);
  if (!cut && startNs !== undefined) push(encodeSystemRecord(now, 'Finished ohlcv-1m replay', SYSTEM_CODE.REPLAY_COMPLETED));
  sendBars(live);
  if (!cut && options.heartbeatAtEnd === true) push(encodeSystemRecord(options.endNs ?? lastClose, 'Heartbeat', SYSTEM_CODE.HEARTBEAT));
  const data = new Uint8Array(offset);
  let at = 0;
  for (const part of parts) {
    data.set(part, at);
    at += part.length;
  }
  return { data, endAfterData: cut || options.endNs !== undefined, faultOffsets, barsSent };
}

function definedOnly(fault: {
  readonly tsEventNs?: bigint;
  readonly open?: number;
  readonly high?: number;
  readonly low?: number;
  readonly close?: number;
  readonly volume?: number;
}): Partial<ScriptedBar> {
  const out: { tsEventNs?: bigint; open?: number; high?: number; low?: number; close?: number; volume?: number } = {};
  if (fault.tsEventNs !== undefined) out.tsEventNs = fault.tsEventNs;
  if (fault.open !== undefined) out.open = fault.open;
  if (fault.high !== undefined) out.high = fault.high;
  if (fault.low !== undefined) out.low = fault.low;
  if (fault.close !== undefined) out.close = fault.close;
  if (fault.volume !== undefined) out.volume = fault.volume;
  return out;
}

/**
 * A {@link FakeDatabentoGateway} session plan that behaves like the real gateway for this scripted
 * connection: it honours the `start=` the client sends (see {@link scriptedSessionBytes}) and
 * closes the connection where the script says.
 */
export function scriptedSession(options: ScriptedSessionOptions): FakeGatewaySessionPlan {
  return {
    replay: (startNs) => {
      const built = scriptedSessionBytes(options, startNs);
      return { data: built.data, endAfterData: built.endAfterData };
    },
    ...(options.chunkSize !== undefined ? { chunkSize: options.chunkSize } : {}),
  };
}
