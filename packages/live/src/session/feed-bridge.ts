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
  private state = { connected: false, sessionId: '', connections: 0, reconnects: 0, gaps: 0, rolls: 0, barsReceived: 0, gatewayErrors: 0, fatal: undefined as string | undefined, live: false, replaysCompleted: 0 };
  private readonly onFatal: ((message: string) => void) | undefined;
  private readonly replay: { readonly initial: boolean; readonly onReconnect: boolean };
  private readonly clock: { now(): number } | undefined;

  constructor(options: {
    /** Databento symbol → Rooney symbol, e.g. `{ 'ES.c.0': 'ES' }`. */
    readonly symbols: Readonly<Record<string, string>>;
    /** Fixed TradersPost tickers by Rooney symbol (otherwise the current venue contract). */
    readonly tickers?: Readonly<Record<string, string>>;
    readonly logger?: Logger;
    readonly onFatal?: (message: string) => void;
    /**
     * Whether the first connection asks for a replay (a warm-up or the seam after history), and
     * whether reconnections do: while a replay runs the feed is not live. Default: no replay.
     */
    readonly replay?: { readonly initial: boolean; readonly onReconnect: boolean };
    /** Wall clock: a bar closing within two minutes of now also proves the feed caught up. */
    readonly clock?: { now(): number };
  }) {
    this.rooneySymbol = new Map(Object.entries(options.symbols));
    this.fixedTickers = options.tickers ?? {};
    this.logger = options.logger ?? SILENT_LOGGER;
    this.onFatal = options.onFatal;
    this.replay = options.replay ?? { initial: false, onReconnect: false };
    this.clock = options.clock;
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
        // A bar of the current minutes: the replay (if any) has reached real time.
        if (!this.state.live && this.state.connected && this.clock !== undefined && ts >= this.clock.now() - 2 * MINUTE_MS) this.setLive(true);
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
          this.logger.log('info', 'databento_replay_completed', { message: event.message });
          if (this.state.connected) this.setLive(true);
        } else {
          this.logger.log('info', 'databento_system', { code: event.code, message: event.message });
        }
        return;
      case 'heartbeat':
        if (this.state.live) this.sink?.streamTime?.(Number(event.tsEventNs / 1_000_000n));
        return;
      case 'connected':
        this.state.connected = true;
        this.state.sessionId = event.sessionId;
        this.state.connections++;
        // Live at once unless this connection replays history first.
        this.setLive(!(event.connection === 1 ? this.replay.initial : this.replay.onReconnect));
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
        // A reconnection that could not ask for a replay (too old): live from now, with a hole.
        if (event.replayFromNs === undefined && this.state.connected) this.setLive(true);
        this.logger.log('warn', 'databento_gap', { fromNs: event.fromNs, toNs: event.toNs, replayFromNs: event.replayFromNs ?? null });
        return;
      case 'gateway_error':
        this.state.gatewayErrors++;
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
