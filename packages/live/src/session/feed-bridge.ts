import { MINUTE_MS } from '@rooney/core';
import { SYSTEM_CODE } from '@rooney/databento';
import type { LiveFeedEvent } from '@rooney/databento';
import type { Logger } from '@rooney/databento';
import { SILENT_LOGGER } from '@rooney/databento';

/** Where the bridge delivers bars (a `LiveSession`). */
export interface BarSink {
  pushBar(symbol: string, bar: { ts: number; open: number; high: number; low: number; close: number; volume: number }): void;
  endOfInterval(): void;
  /** Connected and caught up (true), or disconnected / replaying (false). */
  setFeedLive?(live: boolean): void;
  /** The gateway's stream time (ms) while live. */
  streamTime?(ts: number): void;
}

/** Feed state for heartbeats. */
export interface FeedStatus {
  readonly connected: boolean;
  readonly sessionId: string;
  readonly connections: number;
  readonly reconnects: number;
  readonly gaps: number;
  readonly rolls: number;
  readonly barsReceived: number;
  readonly gatewayErrors: number;
  /** Bad records the feed quarantined (each cost a reconnect and a replay). */
  readonly quarantined: number;
  /** Bars the feed gave up on after repeated failures (never delivered; each also an error log line). */
  readonly barsRejected: number;
  readonly fatal: string | undefined;
  /** Connected and caught up with real time (no replay in progress). */
  readonly live: boolean;
  /** Replays completed (the gateway's `replay_completed`). */
  readonly replaysCompleted: number;
}

/**
 * Connects a Databento live feed to a live session: 1-minute bars of a subscribed symbol
 * (`ES.c.0`) go to the session under the Rooney symbol (`ES`); the gateway's end-of-interval
 * message releases the minute at once; symbol mappings and rolls keep each symbol's current venue
 * contract (`ESH5` → `ESM5`) for TradersPost tickers; gaps, reconnects and errors are logged and
 * counted.
 */
export class FeedBridge {
  private readonly rooneySymbol: ReadonlyMap<string, string>;
  private readonly fixedTickers: Readonly<Record<string, string>>;
  private readonly logger: Logger;
  private readonly contract = new Map<string, string>();
  private sink: BarSink | undefined;
  private state = {
    connected: false,
    sessionId: '',
    connections: 0,
    reconnects: 0,
    gaps: 0,
    rolls: 0,
    barsReceived: 0,
    gatewayErrors: 0,
    quarantined: 0,
    barsRejected: 0,
    fatal: undefined as string | undefined,
    live: false,
    replaysCompleted: 0,
  };
  private readonly onFatal: ((message: string) => void) | undefined;

  constructor(options: {
    /** Databento symbol → Rooney symbol, e.g. `{ 'ES.c.0': 'ES' }`. */
    readonly symbols: Readonly<Record<string, string>>;
    /** Fixed TradersPost tickers by Rooney symbol (otherwise the current venue contract). */
    readonly tickers?: Readonly<Record<string, string>>;
    readonly logger?: Logger;
    readonly onFatal?: (message: string) => void;
  }) {
    this.rooneySymbol = new Map(Object.entries(options.symbols));
    this.fixedTickers = options.tickers ?? {};
    this.logger = options.logger ?? SILENT_LOGGER;
    this.onFatal = options.onFatal;
  }

  private setLive(live: boolean): void {
    if (this.state.live === live) return;
    this.state.live = live;
    this.sink?.setFeedLive?.(live);
  }

  connect(sink: BarSink): void {
    this.sink = sink;
    sink.setFeedLive?.(this.state.live);
  }

  /** The TradersPost ticker of a Rooney symbol now. */
  tickerOf(symbol: string): string {
    return this.fixedTickers[symbol] ?? this.contract.get(symbol) ?? symbol;
  }

  status(): FeedStatus {
    return { ...this.state };
  }

  /** The client's `onEvent`. */
  readonly handle = (event: LiveFeedEvent): void => {
    switch (event.type) {
      case 'bar': {
        if (event.bar.barMs !== MINUTE_MS) return;
        const symbol = this.rooneySymbol.get(event.bar.symbol);
        if (symbol === undefined) return;
        this.state.barsReceived++;
        if (!this.contract.has(symbol)) this.contract.set(symbol, event.bar.rawSymbol);
        const { ts, open, high, low, close, volume } = event.bar;
        this.sink?.pushBar(symbol, { ts, open, high, low, close, volume });
        return;
      }
      case 'symbol_mapping': {
        const symbol = this.rooneySymbol.get(event.instrument.subscribedSymbol);
        if (symbol !== undefined && !this.contract.has(symbol)) this.contract.set(symbol, event.instrument.rawSymbol);
        return;
      }
      case 'roll': {
        const symbol = this.rooneySymbol.get(event.symbol);
        if (symbol === undefined) return;
        this.state.rolls++;
        this.contract.set(symbol, event.to.rawSymbol);
        this.logger.log('warn', 'live_contract_roll', { symbol, from: event.from.rawSymbol, to: event.to.rawSymbol, note: 'bars now come from the new contract; open positions keep their contract' });
        return;
      }
      case 'system':
        if (event.code === SYSTEM_CODE.END_OF_INTERVAL) {
          this.sink?.endOfInterval();
        } else if (event.code === SYSTEM_CODE.REPLAY_COMPLETED) {
          this.state.replaysCompleted++;
        } else {
          this.logger.log('info', 'databento_system', { code: event.code, message: event.message });
        }
        return;
      case 'stream_time':
        // Heartbeats and system messages: the gateway's clock, evidence while caught up.
        if (this.state.live) this.sink?.streamTime?.(Number(event.tsNs / 1_000_000n));
        return;
      case 'caught_up':
        this.setLive(true);
        return;
      case 'connected':
        this.state.connected = true;
        this.state.sessionId = event.sessionId;
        this.state.connections++;
        // Not live until the client says the replay (if any) caught up (`caught_up` follows at once without one).
        this.setLive(false);
        return;
      case 'disconnected':
        this.state.connected = false;
        this.setLive(false);
        return;
      case 'reconnecting':
        this.state.reconnects++;
        return;
      case 'gap':
        this.state.gaps++;
        this.logger.log('warn', 'databento_gap', { fromNs: event.fromNs, toNs: event.toNs, replayFromNs: event.replayFromNs ?? null });
        return;
      case 'gateway_error':
        this.state.gatewayErrors++;
        return;
      case 'quarantine':
        this.state.quarantined++;
        return;
      case 'bar_rejected':
        this.state.barsRejected++;
        return;
      case 'fatal':
        this.state.connected = false;
        this.setLive(false);
        this.state.fatal = event.error.message;
        this.onFatal?.(event.error.message);
        return;
      default:
        return;
    }
  };
}
