import type { BarSeries } from '@rooney/data';
import { SYSTEM_CODE, concatBytes, encodeDbnMetadata, encodeOhlcvRecord, encodeSymbolMappingRecord, encodeSystemRecord } from '@rooney/databento';
import type { FakeDatabentoGateway, OhlcvRecordFields } from '@rooney/databento';

/** An instrument the paced feed publishes. */
export interface PacedInstrument {
  readonly instrumentId: number;
  readonly subscribedSymbol: string;
  readonly rawSymbol: string;
  /** Its 1-minute bars, stamped at their close. */
  readonly series: BarSeries;
}

/**
 * A fault applied the first time a minute is published live (a replay always sends the genuine
 * bars): `disconnect_between_symbols` publishes the minute's first instrument, then drops the
 * connection; `disconnect_before` drops it before the minute; `bad_length` sends the instrument's
 * bar with a length byte too large; `absurd_price` sends it with every price × `factor`.
 */
export type PacedFault =
  | { readonly kind: 'disconnect_between_symbols'; readonly closeTs: number }
  | { readonly kind: 'disconnect_before'; readonly closeTs: number }
  | { readonly kind: 'bad_length'; readonly closeTs: number; readonly instrumentId: number }
  | { readonly kind: 'absurd_price'; readonly closeTs: number; readonly instrumentId: number; readonly factor: number };

interface Minute {
  readonly closeTs: number;
  readonly records: { readonly instrumentId: number; readonly tsEventNs: bigint; readonly bytes: Uint8Array; readonly bar: BarFields }[];
}

type BarFields = OhlcvRecordFields;

const NS_PER_MS = 1_000_000n;

/**
 * A live gateway's data side at a compressed pace, for process-level tests: once the first client
 * session started, it publishes one minute of bars (every instrument that has one) every
 * `minuteMs` of real time to the started sessions of a {@link FakeDatabentoGateway}. A session that
 * asks for intraday replay (`start=`) first gets every published bar opening at or after `start`,
 * then `replay_completed` — what a real gateway does after a reconnect or a restart (use
 * {@link replay} as the gateway plan's `replay`). Faults ({@link PacedFault}) hit the live
 * publication only.
 */
export class PacedFeed {
  readonly done: Promise<void>;
  private readonly minutes: Minute[];
  private readonly instruments: readonly PacedInstrument[];
  private readonly faults: PacedFault[];
  private readonly dataset: string;
  private published = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private finish: () => void = () => undefined;
  private gateway: FakeDatabentoGateway | undefined;

  constructor(options: { readonly instruments: readonly PacedInstrument[]; readonly faults?: readonly PacedFault[]; readonly dataset?: string }) {
    this.instruments = options.instruments;
    this.faults = [...(options.faults ?? [])];
    this.dataset = options.dataset ?? 'GLBX.MDP3';
    const byClose = new Map<number, Minute>();
    for (const instrument of options.instruments) {
      const s = instrument.series;
      for (let i = 0; i < s.length; i++) {
        const bar = { instrumentId: instrument.instrumentId, tsEventNs: BigInt(s.ts[i] - 60_000) * NS_PER_MS, open: s.open[i], high: s.high[i], low: s.low[i], close: s.close[i], volume: s.volume[i] };
        let minute = byClose.get(s.ts[i]);
        if (minute === undefined) byClose.set(s.ts[i], (minute = { closeTs: s.ts[i], records: [] }));
        minute.records.push({ instrumentId: bar.instrumentId, tsEventNs: bar.tsEventNs, bytes: encodeOhlcvRecord(bar), bar });
      }
    }
    this.minutes = [...byClose.values()].sort((a, b) => a.closeTs - b.closeTs);
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  /** Close time of the last minute published so far (NaN before the first). */
  get publishedThroughTs(): number {
    return this.published === 0 ? Number.NaN : this.minutes[this.published - 1].closeTs;
  }

  /** Close time of the last minute of the data. */
  get lastTs(): number {
    return this.minutes.at(-1)?.closeTs ?? Number.NaN;
  }

  /** The bytes after `start_session` for a subscription replaying from `startNs` (a gateway plan's `replay`). */
  replay(startNs: bigint | undefined): Uint8Array {
    const first = this.minutes[0]?.closeTs ?? 0;
    const metadataStart = startNs ?? BigInt(first) * NS_PER_MS;
    const parts: Uint8Array[] = [
      encodeDbnMetadata({ dataset: this.dataset, startNs: metadataStart, stypeOut: 0 }),
      encodeSystemRecord(metadataStart, 'Subscription request 1 for ohlcv-1m data succeeded', SYSTEM_CODE.SUBSCRIPTION_ACK),
    ];
    for (const i of this.instruments) {
      parts.push(encodeSymbolMappingRecord({ instrumentId: i.instrumentId, tsEventNs: metadataStart, stypeIn: 3, stypeInSymbol: i.subscribedSymbol, stypeOut: 1, stypeOutSymbol: i.rawSymbol }));
    }
    if (startNs !== undefined) {
      for (let m = 0; m < this.published; m++) for (const record of this.minutes[m].records) if (record.tsEventNs >= startNs) parts.push(record.bytes);
      const last = this.publishedThroughTs;
      parts.push(encodeSystemRecord(Number.isNaN(last) ? metadataStart : BigInt(last) * NS_PER_MS, 'Finished ohlcv-1m replay', SYSTEM_CODE.REPLAY_COMPLETED));
    }
    return concatBytes(parts);
  }

  /** Starts publishing on `gateway` once a client session has started; one minute every `minuteMs`. */
  start(gateway: FakeDatabentoGateway, minuteMs: number): void {
    this.gateway = gateway;
    // Publication pauses while no session is connected (what was published before reaches a new
    // session by replay), so every fault hits a live connection and runs are reproducible.
    this.timer = setInterval(() => {
      if (gateway.activeSessions === 0) return;
      this.publishNext();
    }, minuteMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private publishNext(): void {
    const gateway = this.gateway as FakeDatabentoGateway;
    if (this.published >= this.minutes.length) {
      this.stop();
      this.finish();
      return;
    }
    const minute = this.minutes[this.published];
    const faults = this.faults.filter((f) => f.closeTs === minute.closeTs);
    for (const fault of faults) this.faults.splice(this.faults.indexOf(fault), 1);
    this.published++;
    if (faults.some((f) => f.kind === 'disconnect_before')) {
      gateway.dropConnections();
      return;
    }
    for (let r = 0; r < minute.records.length; r++) {
      const record = minute.records[r];
      let bytes = record.bytes;
      const bad = faults.find((f) => (f.kind === 'bad_length' || f.kind === 'absurd_price') && f.instrumentId === record.instrumentId);
      if (bad?.kind === 'bad_length') {
        bytes = Uint8Array.from(bytes);
        bytes[0] = bytes[0] + 4;
      } else if (bad?.kind === 'absurd_price') {
        const b = record.bar;
        bytes = encodeOhlcvRecord({ ...b, open: b.open * bad.factor, high: b.high * bad.factor, low: b.low * bad.factor, close: b.close * bad.factor });
      }
      gateway.sendToStarted(bytes);
      if (r === 0 && minute.records.length > 1 && faults.some((f) => f.kind === 'disconnect_between_symbols')) {
        gateway.dropConnections();
        return;
      }
    }
  }
}
