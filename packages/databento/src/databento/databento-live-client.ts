import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { RooneyError } from '@rooney/core';
import type { DbnMetadata } from '@rooney/data';
import { Decompress } from 'fzstd';
import { ERROR_CODE, OHLCV_RTYPE_BAR_MS, SCHEMA_ID, STYPE_ID, SYSTEM_CODE } from '../dbn/dbn-records.ts';
import type { DbnRecord, OhlcvRecord } from '../dbn/dbn-records.ts';
import { DbnStreamDecoder } from '../dbn/dbn-stream-decoder.ts';
import type { LiveClock, TimerHandle } from '../live-clock.ts';
import type { Logger } from '../logger.ts';
import { SILENT_LOGGER } from '../logger.ts';
import type { Secret } from '../secret.ts';
import { checkApiKey, cramResponse } from './cram.ts';
import { LineBuffer, formatGatewayLine, parseGatewayLine } from './gateway-lines.ts';
import { LiveSymbolMap } from './symbol-map.ts';
import type { InstrumentSymbols } from './symbol-map.ts';

/** One subscription request (spec §2.7). */
export interface LiveSubscription {
  /** Schema text, e.g. `ohlcv-1m`. */
  readonly schema: string;
  /** `continuous`, `parent`, `raw_symbol` or `instrument_id`. */
  readonly stypeIn: string;
  readonly symbols: readonly string[];
}

export interface ReconnectPolicy {
  /** First delay; doubled each failed attempt. Default 1,000 ms. */
  readonly initialDelayMs?: number;
  /** Cap of the delay. Default 30,000 ms. */
  readonly maxDelayMs?: number;
  /** Consecutive failed attempts before giving up (a `fatal` event). Default unlimited. */
  readonly maxAttempts?: number;
  /** A number in [0, 1) per attempt; the delay is stretched by up to `jitterFraction` of itself. Default none. */
  readonly jitter?: () => number;
  /** Default 0.2. */
  readonly jitterFraction?: number;
}

export interface DatabentoLiveOptions {
  readonly apiKey: Secret;
  /** Dataset id, e.g. `GLBX.MDP3`. */
  readonly dataset: string;
  readonly subscriptions: readonly LiveSubscription[];
  readonly clock: LiveClock;
  readonly onEvent: (event: LiveFeedEvent) => void;
  /** Gateway host; default from the dataset (`glbx-mdp3.lsg.databento.com`). */
  readonly host?: string;
  /** Default 13000. */
  readonly port?: number;
  /** Asked of the gateway at authentication, 5 to 1800. Default 30. */
  readonly heartbeatIntervalS?: number;
  /** Silence tolerated beyond the heartbeat interval before the session is declared dead. Default 5,000 ms. */
  readonly heartbeatMarginMs?: number;
  readonly compression?: 'none' | 'zstd';
  readonly tsOut?: boolean;
  /** On reconnect, ask for intraday replay from the last bar seen + 1 ns (within 24 h). Default true. */
  readonly replayOnReconnect?: boolean;
  /** Replay start (ns) for the first connection, e.g. to warm strategies up. Default: real time only. */
  readonly initialStartNs?: bigint;
  readonly reconnect?: ReconnectPolicy;
  /** Default 10,000 ms. */
  readonly connectTimeoutMs?: number;
  /** Whole handshake (greeting to auth answer). Default 30,000 ms. */
  readonly authTimeoutMs?: number;
  /** `client=` text. Default `Rooney/0.1.0 Node/<version>`. */
  readonly clientName?: string;
  readonly logger?: Logger;
}

/** An OHLCV bar from the feed, stamped at its close like every Rooney bar. */
export interface LiveBar {
  /** The subscribed symbol the instrument resolved from (`ES.c.0`), or the id as text when unmapped. */
  readonly symbol: string;
  /** The venue symbol (`ESH5`). */
  readonly rawSymbol: string;
  readonly instrumentId: number;
  readonly rtype: number;
  readonly barMs: number;
  /** Bar start in ns (DBN `ts_event`). */
  readonly tsEventNs: bigint;
  /** Bar close, epoch ms. */
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Everything the client reports, in the order it happens. */
export type LiveFeedEvent =
  | { readonly type: 'connected'; readonly sessionId: string; readonly connection: number }
  | { readonly type: 'metadata'; readonly metadata: DbnMetadata }
  | { readonly type: 'system'; readonly code: number; readonly message: string; readonly tsEventNs: bigint }
  | { readonly type: 'heartbeat'; readonly tsEventNs: bigint }
  | { readonly type: 'symbol_mapping'; readonly instrument: InstrumentSymbols; readonly tsEventNs: bigint }
  | { readonly type: 'roll'; readonly symbol: string; readonly from: InstrumentSymbols; readonly to: InstrumentSymbols; readonly tsEventNs: bigint }
  | { readonly type: 'bar'; readonly bar: LiveBar }
  | { readonly type: 'gateway_error'; readonly code: number; readonly message: string; readonly isLast: number }
  | { readonly type: 'decode_error'; readonly message: string; readonly offset: number; readonly fatal: boolean }
  | { readonly type: 'disconnected'; readonly reason: string; readonly gatewayErrors: readonly string[] }
  | { readonly type: 'reconnecting'; readonly attempt: number; readonly delayMs: number }
  | {
      readonly type: 'gap';
      /** Last bar `ts_event` seen before the disconnect (or the previous metadata start). */
      readonly fromNs: bigint;
      /** Start of the new session (its metadata `start`). */
      readonly toNs: bigint;
      /** Replay start asked for, when replay was requested. */
      readonly replayFromNs: bigint | undefined;
    }
  | { readonly type: 'fatal'; readonly error: RooneyError }
  | { readonly type: 'closed' };

type Phase = 'connecting' | 'greeting' | 'challenge' | 'auth' | 'data' | 'done';

/** One TCP connection attempt. */
interface Connection {
  readonly number: number;
  readonly socket: Socket;
  readonly lines: LineBuffer;
  phase: Phase;
  /** Why the connection is being closed by us (undefined: the peer closed it). */
  closeReason: string | undefined;
  /** Authentication refused or a key error: never reconnect after this. */
  fatal: RooneyError | undefined;
  readonly gatewayErrors: string[];
  sessionId: string;
  replayFromNs: bigint | undefined;
  decompressor: Decompress | undefined;
  lastReceiveTs: number;
  timer: TimerHandle | undefined;
  watchdog: TimerHandle | undefined;
}

const NS_PER_MS = 1_000_000n;
/** How far back the live gateway's intraday replay reaches, with a margin (the gateway keeps 24 h). */
export const REPLAY_WINDOW_MS = 23.5 * 3_600_000;
const MAX_SYMBOLS_PER_LINE = 500;

/** `GLBX.MDP3` → `glbx-mdp3.lsg.databento.com` (spec §2.1). */
export function gatewayHost(dataset: string): string {
  return `${dataset.toLowerCase().replaceAll('.', '-')}.lsg.databento.com`;
}

/**
 * Databento Live Raw API client over TCP (spec §2): CRAM authentication, subscriptions, session
 * start, then a streaming DBN decode into bars (stamped at their close), symbol mappings, rolls and
 * control events.
 *
 * Liveness: any byte received resets a watchdog of `heartbeatIntervalS` + `heartbeatMarginMs`;
 * when it runs out the session is declared dead. On an unexpected end (EOF, socket error, watchdog,
 * fatal decode error) the client reconnects with exponential backoff, authenticates again,
 * resubscribes (with intraday replay from the last bar seen + 1 ns when enabled), resets its
 * decoder for the new metadata, reports the gap, and drops bars already delivered (per rtype and
 * instrument, a `ts_event` at or before the last one delivered). Authentication failures and the
 * gateway's key errors (codes 1, 2) are fatal: no reconnect.
 *
 * `start()` resolves with the session id once the first session is started, and rejects if that
 * first connection fails (the caller decides whether to retry a cold start). The API key never
 * appears in a log line or an error message.
 */
export class DatabentoLiveClient {
  private readonly options: DatabentoLiveOptions;
  private readonly clock: LiveClock;
  private readonly logger: Logger;
  private readonly symbols = new LiveSymbolMap();
  /** Last delivered `ts_event` per `rtype:instrument`. */
  private readonly delivered = new Map<string, bigint>();
  /** Last bar `ts_event` per rtype (for replay starts). */
  private readonly lastBarNs = new Map<number, bigint>();
  private readonly decoder: DbnStreamDecoder;
  private connection: Connection | undefined;
  private connections = 0;
  private failedAttempts = 0;
  private started = false;
  private closing = false;
  private stopped = false;
  private reconnectTimer: TimerHandle | undefined;
  private previousMetadataStart: bigint | undefined;
  private pendingGap = false;
  private duplicateBars = 0;
  private startWaiter: { resolve: (sessionId: string) => void; reject: (error: Error) => void } | undefined;
  private closeWaiters: (() => void)[] = [];

  constructor(options: DatabentoLiveOptions) {
    checkApiKey(options.apiKey);
    const interval = options.heartbeatIntervalS ?? 30;
    if (!(Number.isInteger(interval) && interval >= 5 && interval <= 1800)) {
      throw new RooneyError('invalid_parameter', `"heartbeatIntervalS" must be an integer in [5, 1800], was ${interval}`);
    }
    if (options.subscriptions.length === 0) throw new RooneyError('invalid_parameter', '"subscriptions" must not be empty');
    for (const subscription of options.subscriptions) {
      if (SCHEMA_ID[subscription.schema] === undefined) throw new RooneyError('invalid_parameter', `unknown schema "${subscription.schema}"`);
      if (STYPE_ID[subscription.stypeIn] === undefined) throw new RooneyError('invalid_parameter', `unknown stype_in "${subscription.stypeIn}"`);
      if (subscription.symbols.length === 0) throw new RooneyError('invalid_parameter', `subscription to ${subscription.schema} has no symbols`);
    }
    this.options = options;
    this.clock = options.clock;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.decoder = new DbnStreamDecoder(
      {
        metadata: (metadata) => this.onMetadata(metadata),
        record: (record) => this.onRecord(record),
        error: (error) => this.onDecodeError(error.message, error.offset, error.fatal),
      },
      'databento live stream',
    );
  }

  /** Bars dropped as already delivered (replayed after a reconnect). */
  get duplicatesDropped(): number {
    return this.duplicateBars;
  }

  /** Whether a session is streaming now. */
  get isStreaming(): boolean {
    return this.connection?.phase === 'data';
  }

  /** Current symbols of an instrument id. */
  instrument(instrumentId: number): InstrumentSymbols | undefined {
    return this.symbols.lookup(instrumentId);
  }

  /** Connects, authenticates, subscribes and starts the session; resolves with the session id. */
  start(): Promise<string> {
    if (this.started) return Promise.reject(new RooneyError('already_started', 'the live client was already started'));
    this.started = true;
    return new Promise((resolve, reject) => {
      this.startWaiter = { resolve, reject };
      this.open();
    });
  }

  /** Closes the connection (FIN) and stops reconnecting; resolves when the socket is closed. */
  close(): Promise<void> {
    if (this.stopped && this.connection === undefined) return Promise.resolve();
    this.closing = true;
    this.stopped = true;
    if (this.reconnectTimer !== undefined) this.clock.clearTimer(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const connection = this.connection;
    if (connection === undefined) {
      this.emit({ type: 'closed' });
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.closeWaiters.push(resolve);
      this.shutdown(connection, 'closed by client', false);
    });
  }

  // ---- connection lifecycle ---------------------------------------------------------------

  private open(): void {
    const number = ++this.connections;
    const host = this.options.host ?? gatewayHost(this.options.dataset);
    const port = this.options.port ?? 13000;
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    const connection: Connection = {
      number,
      socket,
      lines: new LineBuffer(),
      phase: 'connecting',
      closeReason: undefined,
      fatal: undefined,
      gatewayErrors: [],
      sessionId: '',
      replayFromNs: undefined,
      decompressor: undefined,
      lastReceiveTs: this.clock.now(),
      timer: undefined,
      watchdog: undefined,
    };
    this.connection = connection;
    this.logger.log('info', 'databento_connecting', { host, port, connection: number });
    connection.timer = this.clock.setTimer(
      () => this.shutdown(connection, `connect timeout after ${this.options.connectTimeoutMs ?? 10_000} ms`, true),
      this.options.connectTimeoutMs ?? 10_000,
    );
    socket.on('connect', () => {
      if (connection.phase !== 'connecting') return;
      connection.phase = 'greeting';
      this.clearTimer(connection);
      connection.timer = this.clock.setTimer(
        () => this.shutdown(connection, `authentication timeout after ${this.options.authTimeoutMs ?? 30_000} ms`, true),
        this.options.authTimeoutMs ?? 30_000,
      );
    });
    socket.on('data', (chunk: Buffer) => this.onData(connection, chunk));
    socket.on('error', (error: Error) => {
      if (connection.closeReason === undefined) connection.closeReason = `socket error: ${error.message}`;
    });
    socket.on('close', () => this.onClose(connection));
  }

  private onData(connection: Connection, chunk: Buffer): void {
    if (connection !== this.connection || connection.phase === 'done') return;
    connection.lastReceiveTs = this.clock.now();
    if (connection.phase === 'data') {
      this.feed(connection, chunk);
      return;
    }
    connection.lines.push(chunk);
    // `onLine` moves the phase on; read it through a function so the check is not narrowed away.
    while (inTextPhase(connection)) {
      const line = connection.lines.nextLine();
      if (line === undefined) return;
      this.onLine(connection, line);
    }
    if (phaseOf(connection) === 'data') {
      const rest = connection.lines.takeRest();
      if (rest.length > 0) this.feed(connection, rest);
    }
  }

  private onLine(connection: Connection, line: string): void {
    switch (connection.phase) {
      case 'greeting':
        this.logger.log('info', 'databento_greeting', { greeting: line.slice(0, 100) });
        connection.phase = 'challenge';
        return;
      case 'challenge': {
        if (!line.startsWith('cram=')) {
          this.shutdown(connection, 'no CRAM challenge from the gateway', true, new RooneyError('protocol_error', 'no CRAM challenge from the gateway'));
          return;
        }
        const challenge = line.slice('cram='.length);
        connection.socket.write(this.authLine(challenge));
        connection.phase = 'auth';
        return;
      }
      case 'auth': {
        const fields = parseGatewayLine(line);
        if (fields.get('success') !== '1') {
          const reason = fields.has('success') ? (fields.get('error') ?? 'authentication failed (no reason given)') : line;
          const error = new RooneyError('auth_failed', `Databento authentication failed: ${reason}`);
          connection.fatal = error;
          this.shutdown(connection, error.message, true, error);
          return;
        }
        connection.sessionId = fields.get('session_id') ?? '';
        this.subscribe(connection);
        return;
      }
      default:
        return;
    }
  }

  private authLine(challenge: string): string {
    const o = this.options;
    return formatGatewayLine([
      ['auth', cramResponse(challenge, o.apiKey)],
      ['dataset', o.dataset],
      ['encoding', 'dbn'],
      ['compression', o.compression ?? 'none'],
      ['ts_out', o.tsOut === true ? 1 : 0],
      ['heartbeat_interval_s', o.heartbeatIntervalS ?? 30],
      ['client', o.clientName ?? `Rooney/0.1.0 Node/${process.versions.node}`],
    ]);
  }

  private subscribe(connection: Connection): void {
    const reconnecting = connection.number > 1;
    let id = 0;
    let replayFrom: bigint | undefined;
    for (const subscription of this.options.subscriptions) {
      const start = reconnecting ? this.replayStart(subscription.schema) : this.options.initialStartNs;
      if (start !== undefined && (replayFrom === undefined || start < replayFrom)) replayFrom = start;
      for (let i = 0; i < subscription.symbols.length; i += MAX_SYMBOLS_PER_LINE) {
        const chunk = subscription.symbols.slice(i, i + MAX_SYMBOLS_PER_LINE);
        const pairs: [string, string | number][] = [
          ['schema', subscription.schema],
          ['stype_in', subscription.stypeIn],
          ['symbols', chunk.join(',')],
          ['snapshot', 0],
        ];
        if (start !== undefined) pairs.push(['start', start.toString()]);
        pairs.push(['id', ++id], ['is_last', i + MAX_SYMBOLS_PER_LINE >= subscription.symbols.length ? 1 : 0]);
        connection.socket.write(formatGatewayLine(pairs));
      }
    }
    connection.replayFromNs = replayFrom;
    connection.socket.write('start_session\n');
    connection.phase = 'data';
    this.clearTimer(connection);
    this.decoder.reset();
    connection.decompressor = this.options.compression === 'zstd' ? new Decompress((data) => this.decoder.push(data)) : undefined;
    connection.lastReceiveTs = this.clock.now();
    this.armWatchdog(connection);
    this.logger.log('info', 'databento_session_started', {
      sessionId: connection.sessionId,
      connection: connection.number,
      ...(replayFrom !== undefined ? { replayFromNs: replayFrom } : {}),
    });
    this.emit({ type: 'connected', sessionId: connection.sessionId, connection: connection.number });
    const waiter = this.startWaiter;
    this.startWaiter = undefined;
    waiter?.resolve(connection.sessionId);
  }

  /**
   * `last bar ts_event + 1` of the schema, when replay is on and the bar is recent enough; before
   * any bar of the schema, the first connection's `initialStartNs` again (a warm-up replay, or the
   * seam after a historical download, that the disconnect cut short).
   */
  private replayStart(schema: string): bigint | undefined {
    if (this.options.replayOnReconnect === false) return undefined;
    const rtype = { 'ohlcv-1s': 0x20, 'ohlcv-1m': 0x21, 'ohlcv-1h': 0x22, 'ohlcv-1d': 0x23 }[schema];
    const last = rtype === undefined ? undefined : this.lastBarNs.get(rtype);
    const start = last === undefined ? this.options.initialStartNs : last + 1n;
    if (start === undefined) return undefined;
    if (this.clock.now() - Number(start / NS_PER_MS) > REPLAY_WINDOW_MS) return undefined;
    return start;
  }

  private feed(connection: Connection, chunk: Uint8Array): void {
    try {
      if (connection.decompressor !== undefined) connection.decompressor.push(chunk);
      else this.decoder.push(chunk);
    } catch (error) {
      this.onDecodeError(`zstd: ${(error as Error).message}`, 0, true);
    }
  }

  private armWatchdog(connection: Connection): void {
    const timeoutMs = (this.options.heartbeatIntervalS ?? 30) * 1000 + (this.options.heartbeatMarginMs ?? 5000);
    const check = (): void => {
      connection.watchdog = undefined;
      if (connection !== this.connection || connection.phase !== 'data') return;
      const silentMs = this.clock.now() - connection.lastReceiveTs;
      if (silentMs >= timeoutMs) {
        this.shutdown(connection, `heartbeat timeout: nothing received for ${silentMs} ms`, true);
      } else {
        connection.watchdog = this.clock.setTimer(check, timeoutMs - silentMs);
      }
    };
    connection.watchdog = this.clock.setTimer(check, timeoutMs);
  }

  private clearTimer(connection: Connection): void {
    if (connection.timer !== undefined) this.clock.clearTimer(connection.timer);
    connection.timer = undefined;
  }

  /** Ends a connection for `reason`; `destroy` drops it at once, otherwise a FIN is sent. */
  private shutdown(connection: Connection, reason: string, destroy: boolean, error?: RooneyError): void {
    if (connection.phase === 'done') return;
    if (connection.closeReason === undefined) connection.closeReason = reason;
    if (error !== undefined && connection.fatal === undefined && error.code !== 'protocol_error') connection.fatal = error;
    if (error !== undefined) this.failStart(error);
    this.clearTimer(connection);
    if (connection.watchdog !== undefined) this.clock.clearTimer(connection.watchdog);
    connection.watchdog = undefined;
    if (destroy) {
      connection.socket.destroy();
    } else {
      connection.socket.end();
      // Do not wait forever for the peer's FIN.
      connection.timer = this.clock.setTimer(() => connection.socket.destroy(), 1000);
    }
  }

  private failStart(error: Error): void {
    const waiter = this.startWaiter;
    this.startWaiter = undefined;
    if (waiter !== undefined) {
      this.stopped = true;
      waiter.reject(error);
    }
  }

  private onClose(connection: Connection): void {
    const wasStreaming = connection.phase === 'data';
    this.clearTimer(connection);
    if (connection.watchdog !== undefined) this.clock.clearTimer(connection.watchdog);
    connection.phase = 'done';
    if (connection !== this.connection) return;
    this.connection = undefined;
    if (wasStreaming && this.decoder.bufferedBytes > 0 && connection.closeReason === undefined) {
      connection.closeReason = `stream ended inside a record (${this.decoder.bufferedBytes} bytes unread)`;
    }
    const reason = connection.closeReason ?? (connection.gatewayErrors.length > 0 ? `gateway closed the connection: ${connection.gatewayErrors.join('; ')}` : 'gateway closed the connection');
    if (this.closing) {
      this.logger.log('info', 'databento_closed', { connection: connection.number });
      this.emit({ type: 'closed' });
      for (const resolve of this.closeWaiters.splice(0)) resolve();
      return;
    }
    this.logger.log('warn', 'databento_disconnected', { connection: connection.number, reason });
    this.emit({ type: 'disconnected', reason, gatewayErrors: [...connection.gatewayErrors] });
    if (this.startWaiter !== undefined) {
      this.failStart(new RooneyError('connect_failed', `Databento live gateway: ${reason}`));
      return;
    }
    if (connection.fatal !== undefined) {
      this.stopFatal(connection.fatal);
      return;
    }
    if (this.stopped) return;
    if (!wasStreaming) this.failedAttempts++;
    else this.failedAttempts = 1;
    this.scheduleReconnect();
  }

  private stopFatal(error: RooneyError): void {
    this.stopped = true;
    this.logger.log('error', 'databento_fatal', { error: error.message });
    this.emit({ type: 'fatal', error });
  }

  private scheduleReconnect(): void {
    const policy = this.options.reconnect ?? {};
    const attempt = this.failedAttempts;
    if (policy.maxAttempts !== undefined && attempt > policy.maxAttempts) {
      this.stopFatal(new RooneyError('reconnect_failed', `Databento live gateway: gave up after ${policy.maxAttempts} reconnect attempts`));
      return;
    }
    const base = Math.min(policy.maxDelayMs ?? 30_000, (policy.initialDelayMs ?? 1000) * 2 ** Math.max(0, attempt - 1));
    const delayMs = Math.round(base * (1 + (policy.jitter?.() ?? 0) * (policy.jitterFraction ?? 0.2)));
    this.pendingGap = true;
    this.logger.log('info', 'databento_reconnecting', { attempt, delayMs });
    this.emit({ type: 'reconnecting', attempt, delayMs });
    this.reconnectTimer = this.clock.setTimer(() => {
      this.reconnectTimer = undefined;
      if (!this.stopped) this.open();
    }, delayMs);
  }

  // ---- stream ------------------------------------------------------------------------------

  private onMetadata(metadata: DbnMetadata): void {
    const connection = this.connection;
    if (this.pendingGap && connection !== undefined) {
      this.pendingGap = false;
      this.failedAttempts = 0;
      let fromNs = this.previousMetadataStart ?? metadata.start;
      for (const ts of this.lastBarNs.values()) if (ts > fromNs) fromNs = ts;
      this.emit({ type: 'gap', fromNs, toNs: metadata.start, replayFromNs: connection.replayFromNs });
    }
    this.previousMetadataStart = metadata.start;
    this.emit({ type: 'metadata', metadata });
  }

  private onRecord(record: DbnRecord): void {
    switch (record.kind) {
      case 'ohlcv':
        this.onBar(record);
        return;
      case 'symbol_mapping': {
        const before = this.symbols.lookup(record.instrumentId);
        const roll = this.symbols.apply(record);
        const instrument = this.symbols.lookup(record.instrumentId) as InstrumentSymbols;
        if (before === undefined || before.subscribedSymbol !== instrument.subscribedSymbol || before.rawSymbol !== instrument.rawSymbol) {
          this.emit({ type: 'symbol_mapping', instrument, tsEventNs: record.tsEventNs });
        }
        if (roll !== undefined) {
          this.logger.log('info', 'databento_roll', { symbol: roll.symbol, from: roll.from.rawSymbol, to: roll.to.rawSymbol });
          this.emit({ type: 'roll', symbol: roll.symbol, from: roll.from, to: roll.to, tsEventNs: record.tsEventNs });
        }
        return;
      }
      case 'system':
        if (record.isHeartbeat) this.emit({ type: 'heartbeat', tsEventNs: record.tsEventNs });
        else this.emit({ type: 'system', code: record.code, message: record.message, tsEventNs: record.tsEventNs });
        if (record.code === SYSTEM_CODE.SLOW_READER_WARNING) this.logger.log('warn', 'databento_slow_reader', { message: record.message });
        return;
      case 'error': {
        const connection = this.connection;
        connection?.gatewayErrors.push(record.message);
        this.logger.log('warn', 'databento_gateway_error', { code: record.code, message: record.message });
        this.emit({ type: 'gateway_error', code: record.code, message: record.message, isLast: record.isLast });
        if ((record.code === ERROR_CODE.AUTH_FAILED || record.code === ERROR_CODE.API_KEY_DEACTIVATED) && connection !== undefined) {
          const error = new RooneyError('auth_failed', `Databento: ${record.message}`);
          connection.fatal = error;
          this.shutdown(connection, error.message, true);
        }
        return;
      }
      default:
        return;
    }
  }

  private onBar(record: OhlcvRecord): void {
    const barMs = OHLCV_RTYPE_BAR_MS[record.rtype];
    if (barMs === undefined) return;
    const key = `${record.rtype}:${record.instrumentId}`;
    const last = this.delivered.get(key);
    if (last !== undefined && record.tsEventNs <= last) {
      this.duplicateBars++;
      return;
    }
    this.delivered.set(key, record.tsEventNs);
    const lastOfType = this.lastBarNs.get(record.rtype);
    if (lastOfType === undefined || record.tsEventNs > lastOfType) this.lastBarNs.set(record.rtype, record.tsEventNs);
    const instrument = this.symbols.lookup(record.instrumentId);
    if (instrument === undefined) this.logger.log('warn', 'databento_unmapped_instrument', { instrumentId: record.instrumentId });
    this.emit({
      type: 'bar',
      bar: {
        symbol: instrument?.subscribedSymbol ?? String(record.instrumentId),
        rawSymbol: instrument?.rawSymbol ?? String(record.instrumentId),
        instrumentId: record.instrumentId,
        rtype: record.rtype,
        barMs,
        tsEventNs: record.tsEventNs,
        ts: Number(record.tsEventNs / NS_PER_MS) + barMs,
        open: record.open,
        high: record.high,
        low: record.low,
        close: record.close,
        volume: record.volume,
      },
    });
  }

  private onDecodeError(message: string, offset: number, fatal: boolean): void {
    this.logger.log(fatal ? 'error' : 'warn', 'databento_decode_error', { message, offset, fatal });
    this.emit({ type: 'decode_error', message, offset, fatal });
    const connection = this.connection;
    if (fatal && connection !== undefined) this.shutdown(connection, `decode error: ${message}`, true);
  }

  private emit(event: LiveFeedEvent): void {
    try {
      this.options.onEvent(event);
    } catch (error) {
      this.logger.log('error', 'databento_listener_error', { event: event.type, error: error as Error });
    }
  }
}

function phaseOf(connection: Connection): Phase {
  return connection.phase;
}

function inTextPhase(connection: Connection): boolean {
  const phase = phaseOf(connection);
  return phase !== 'data' && phase !== 'done';
}
