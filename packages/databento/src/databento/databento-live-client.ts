import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { RooneyError } from '@rooney/core';
import type { DbnMetadata } from '@rooney/data';
import { Decompress } from 'fzstd';
import { ERROR_CODE, OHLCV_RTYPE_BAR_MS, SCHEMA_ID, STYPE_ID, SYSTEM_CODE, UNDEF_TIMESTAMP } from '../dbn/dbn-records.ts';
import type { DbnRecord, OhlcvRecord, SystemRecord } from '../dbn/dbn-records.ts';
import { DbnStreamDecoder, systemCodeFromText } from '../dbn/dbn-stream-decoder.ts';
import type { DbnDecodeError } from '../dbn/dbn-stream-decoder.ts';
import type { LiveClock, TimerHandle } from '../live-clock.ts';
import type { Logger } from '../logger.ts';
import { SILENT_LOGGER } from '../logger.ts';
import type { Secret } from '../secret.ts';
import { BarValidator } from './bar-validator.ts';
import type { BarProblem, BarValidationOptions } from './bar-validator.ts';
import { checkApiKey, cramResponse } from './cram.ts';
import { LineBuffer, formatGatewayLine, parseGatewayLine } from './gateway-lines.ts';
import { QuarantinePolicy } from './quarantine-policy.ts';
import { ReplayCursor } from './replay-cursor.ts';
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
  /**
   * On reconnect, ask for intraday replay from the earliest bar any subscribed symbol may be missing
   * (see {@link DatabentoLiveClient}). Default true.
   */
  readonly replayOnReconnect?: boolean;
  /**
   * How far before the newest bar received a reconnect's replay may start, to catch up a symbol
   * whose last bar is older (an illiquid one). Default 3,600,000 ms (one hour); the gateway's own
   * limit (24 h) applies too.
   */
  readonly maxReplayLookbackMs?: number;
  /** Checks every bar passes before it is delivered (tick sizes, price band). Default: the checks that need no instrument, band 10 %. */
  readonly barValidation?: BarValidationOptions;
  /**
   * How many times the same bad record may arrive: each time but the last it is quarantined (the
   * connection reset, the data replayed); the last time the client gives up on it (see
   * {@link DatabentoLiveClient}). Default 3.
   */
  readonly quarantineLimit?: number;
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
  | { readonly type: 'decode_error'; readonly code: string; readonly message: string; readonly offset: number; readonly fatal: boolean }
  | {
      readonly type: 'quarantine';
      /** A {@link DbnDecodeError} code (`bad_length`, `unknown_rtype`, `truncated`, `bad_metadata`) or a {@link BarProblem} code. */
      readonly code: string;
      readonly message: string;
      /** Stream offset of the record: bytes since the first byte of this connection's DBN stream (its metadata), decompressed bytes with zstd. */
      readonly offset: number;
      readonly connection: number;
      /** How many times this record has been quarantined (1 = the first time). */
      readonly attempt: number;
      readonly symbol: string | undefined;
      readonly instrumentId: number | undefined;
      readonly tsEventNs: bigint | undefined;
    }
  | {
      readonly type: 'bar_rejected';
      readonly code: string;
      readonly message: string;
      /** The bar as it came (never delivered as a `bar` event). */
      readonly bar: LiveBar;
      /** Quarantines before it was given up on (0 when its symbol fails this way systematically). */
      readonly attempts: number;
    }
  | {
      readonly type: 'caught_up';
      readonly connection: number;
      /** `no_replay`: nothing was asked to be replayed; `replay_completed`: the gateway said so; `heartbeat`: it fell silent after the replay. */
      readonly via: 'no_replay' | 'replay_completed' | 'heartbeat';
      /** Gateway time of the record that proved it (undefined for `no_replay`). */
      readonly tsNs: bigint | undefined;
    }
  | { readonly type: 'stream_time'; readonly tsNs: bigint }
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

/** A snapshot of the feed (see {@link DatabentoLiveClient.status}). */
export interface LiveFeedStatus {
  /** A session is streaming now. */
  readonly connected: boolean;
  /** Connected, and no replay in progress: bars arrive as the gateway publishes them. */
  readonly caughtUp: boolean;
  /** Number of the current (or last) connection, from 1. */
  readonly connection: number;
  readonly sessionId: string;
  /** The gateway's latest time seen in a heartbeat or system message (ns). */
  readonly streamTimeNs: bigint | undefined;
  /** The replay start the current connection asked for, if any. */
  readonly replayFromNs: bigint | undefined;
  /** Bad records quarantined (each one cost a reconnect). */
  readonly quarantined: number;
  /** Bars given up on after repeated failures (never delivered). */
  readonly barsRejected: number;
  /** Bars dropped as already delivered (replays). */
  readonly duplicatesDropped: number;
  /** Records of an unknown type stepped over once the gateway proved it keeps sending them. */
  readonly unknownRecordsSkipped: number;
}

/** A bad record, as the `quarantine` event reports it (without the connection). */
interface Quarantine {
  readonly code: string;
  readonly message: string;
  readonly offset: number;
  readonly attempt: number;
  readonly symbol: string | undefined;
  readonly instrumentId: number | undefined;
  readonly tsEventNs: bigint | undefined;
}

/** A decoder error, or a fault the client finds in the bytes itself (a zstd stream that does not decompress). */
type StreamFault = Omit<DbnDecodeError, 'code'> & { readonly code: DbnDecodeError['code'] | 'bad_compression' };

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
  /** Schemas whose replay the gateway has not finished yet. */
  readonly replaying: Set<string>;
  decompressor: Decompress | undefined;
  lastReceiveTs: number;
  timer: TimerHandle | undefined;
  watchdog: TimerHandle | undefined;
}

const NS_PER_MS = 1_000_000n;
/** OHLCV schema → rtype. */
const SCHEMA_RTYPE: Readonly<Record<string, number>> = Object.freeze({ 'ohlcv-1s': 0x20, 'ohlcv-1m': 0x21, 'ohlcv-1h': 0x22, 'ohlcv-1d': 0x23 });
const FRAMING_ERRORS: ReadonlySet<string> = new Set(['bad_length', 'bad_metadata', 'truncated']);
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
 * fatal decode error, a quarantined record) the client reconnects with exponential backoff,
 * authenticates again, resubscribes, resets its decoder for the new metadata and reports the gap.
 * Authentication failures and the gateway's key errors (codes 1, 2) are fatal: no reconnect.
 *
 * **No bar twice, none missing.** A bar is delivered only when its `ts_event` is later than the last
 * bar delivered for the same subscribed symbol (`ES.c.0`; per instrument for `parent` symbols), so a
 * replayed bar is dropped (and counted), and after a roll the new contract's replayed bars from
 * before the roll cannot send the symbol back in time. With `replayOnReconnect`, the resubscription
 * asks for replay from the earliest bar a subscribed symbol may lack: each symbol's last delivered
 * bar + 1 ns (a symbol without a bar yet counts from the first session's start or
 * `initialStartNs`; one the gateway could not resolve is left out), so a symbol whose bar of the
 * last minute had not arrived gets it, and when every symbol is level it is the last bar + 1 ns
 * (spec scenario 6). It never starts more than `maxReplayLookbackMs` before the newest bar (bars of
 * older minutes came before it on the same connection: the gateway publishes a schema in time
 * order) nor earlier than the gateway keeps (24 h).
 *
 * **Nothing broken reaches a listener.** The decoder emits only records whose length matches their
 * type and DBN version, and every bar then passes a {@link BarValidator} (bar grid, defined
 * positive prices, OHLC order, volume, tick grid, price band; `barValidation`). A record that fails
 * is quarantined: a `quarantine` event and a `databento_quarantine` warning with its stream offset,
 * nothing after it on that connection is decoded, the bar is not marked delivered, the connection
 * is reset, and the replay brings the genuine record back. The same bad record is tried
 * `quarantineLimit` times (default 3); then
 * - a bad bar is rejected for good: a `bar_rejected` event, a `databento_bar_rejected` error log
 *   line, counted in `status().barsRejected`, never delivered, and the stream goes on (a strategy
 *   is better off missing a minute than trading on a price the checks refuse); once a symbol has
 *   had `quarantineLimit` bars in a row rejected for one reason (a wrong tick size in the config,
 *   say), its next bars failing that way are rejected at once, without reconnecting;
 * - a record type DBN does not define is stepped over from then on (`unknownRecordsSkipped`);
 * - a framing error (a length byte that does not fit its type, a record cut short) is fatal
 *   (`feed_corrupt`): the gateway sends the same broken bytes every time, and stepping over them
 *   would be a guess at where the next record starts.
 *
 * **Caught up and stream time.** A `caught_up` event follows `connected` at once when no replay
 * was asked for, and otherwise when the gateway reports the replay finished (SystemMsg
 * `replay_completed`, code 3 or text `Finished <schema> replay`) for every replayed schema, or
 * falls silent (a heartbeat) after it. A `stream_time` event carries the gateway's time whenever a
 * heartbeat or system message moves it forward. `status()` gives both, with the counters.
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
  private readonly validator: BarValidator;
  /** Each symbol's last bar: the dedupe and the replay start. */
  private readonly cursor: ReplayCursor;
  /** How often a bad record may come back, and what then. */
  private readonly policy: QuarantinePolicy;
  private readonly decoder: DbnStreamDecoder;
  private connection: Connection | undefined;
  private connections = 0;
  private failedAttempts = 0;
  private started = false;
  private closing = false;
  private stopped = false;
  private reconnectTimer: TimerHandle | undefined;
  private previousMetadataStart: bigint | undefined;
  /** Clock time (ms) the first session started. */
  private firstSessionStartMs: number | undefined;
  private pendingGap = false;
  private caughtUp = false;
  private streamTimeNs: bigint | undefined;
  private counts = { duplicates: 0, quarantined: 0, rejected: 0, unknownSkipped: 0 };
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
    const limit = options.quarantineLimit ?? 3;
    const lookback = options.maxReplayLookbackMs ?? 3_600_000;
    if (!(lookback >= 0)) throw new RooneyError('invalid_parameter', `"maxReplayLookbackMs" must be >= 0, was ${lookback}`);
    this.cursor = new ReplayCursor(options.subscriptions, lookback);
    try {
      this.policy = new QuarantinePolicy(limit);
    } catch (error) {
      throw new RooneyError('invalid_parameter', (error as Error).message);
    }
    try {
      this.validator = new BarValidator(options.barValidation);
    } catch (error) {
      throw new RooneyError('invalid_parameter', `barValidation: ${(error as Error).message}`);
    }
    this.options = options;
    this.clock = options.clock;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.decoder = new DbnStreamDecoder(
      {
        metadata: (metadata) => this.onMetadata(metadata),
        record: (record, offset) => this.onRecord(record, offset),
        error: (error) => this.onDecodeError(error),
      },
      'databento live stream',
    );
  }

  /** The feed now: connection, caught up, stream time and the data-quality counters. */
  status(): LiveFeedStatus {
    const connection = this.connection;
    return {
      connected: connection?.phase === 'data',
      caughtUp: this.caughtUp,
      connection: this.connections,
      sessionId: connection?.sessionId ?? '',
      streamTimeNs: this.streamTimeNs,
      replayFromNs: connection?.replayFromNs,
      quarantined: this.counts.quarantined,
      barsRejected: this.counts.rejected,
      duplicatesDropped: this.counts.duplicates,
      unknownRecordsSkipped: this.counts.unknownSkipped,
    };
  }

  /** Whether the feed is connected and no replay is in progress. */
  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  /** Bars dropped as already delivered (replayed after a reconnect). */
  get duplicatesDropped(): number {
    return this.counts.duplicates;
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
      replaying: new Set(),
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
    connection.replaying.clear();
    this.caughtUp = false;
    if (this.firstSessionStartMs === undefined) this.firstSessionStartMs = this.clock.now();
    for (const subscription of this.options.subscriptions) {
      const start = reconnecting ? this.replayStart(subscription) : this.options.initialStartNs;
      if (start !== undefined && (replayFrom === undefined || start < replayFrom)) replayFrom = start;
      if (start !== undefined) connection.replaying.add(subscription.schema);
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
    if (connection.replaying.size === 0) this.markCaughtUp(connection, 'no_replay', undefined);
    const waiter = this.startWaiter;
    this.startWaiter = undefined;
    waiter?.resolve(connection.sessionId);
  }

  /**
   * Where a reconnect's replay of `subscription` starts (undefined: real time only): for an OHLCV
   * schema the {@link ReplayCursor}'s start, counting from the first session's start minus one bar
   * (or `initialStartNs`); other schemas replay from `initialStartNs` only. A start beyond the
   * gateway's replay window is moved into it (and logged): what is older cannot be had any more.
   */
  private replayStart(subscription: LiveSubscription): bigint | undefined {
    if (this.options.replayOnReconnect === false) return undefined;
    const rtype = SCHEMA_RTYPE[subscription.schema];
    const barMs = rtype === undefined ? undefined : OHLCV_RTYPE_BAR_MS[rtype];
    let floor = this.options.initialStartNs;
    if (floor === undefined && barMs !== undefined && this.firstSessionStartMs !== undefined) floor = BigInt(this.firstSessionStartMs - barMs) * NS_PER_MS;
    let start = rtype === undefined ? floor : this.cursor.replayStart(rtype, subscription, floor);
    if (start === undefined) return undefined;
    const windowStart = BigInt(Math.ceil(this.clock.now() - REPLAY_WINDOW_MS)) * NS_PER_MS;
    if (start < windowStart) {
      this.logger.log('warn', 'databento_replay_clamped', { schema: subscription.schema, wantedNs: start, startNs: windowStart, note: 'the gateway replays the last 24 h only: older bars cannot be recovered' });
      start = windowStart;
    }
    return start;
  }

  private feed(connection: Connection, chunk: Uint8Array): void {
    try {
      if (connection.decompressor !== undefined) connection.decompressor.push(chunk);
      else this.decoder.push(chunk);
    } catch (error) {
      this.onDecodeError({ code: 'bad_compression', message: `zstd: ${(error as Error).message}`, offset: this.decoder.offset, fatal: true });
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
    // A stream that stops inside a record: reported (and counted like any bad record) with its offset.
    if (wasStreaming && connection.closeReason === undefined && this.decoder.bufferedBytes > 0) this.decoder.end();
    this.connection = undefined;
    this.caughtUp = false;
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
      const newest = this.cursor.newest();
      if (newest !== undefined && newest > fromNs) fromNs = newest;
      this.emit({ type: 'gap', fromNs, toNs: metadata.start, replayFromNs: connection.replayFromNs });
    }
    this.previousMetadataStart = metadata.start;
    this.emit({ type: 'metadata', metadata });
  }

  private onRecord(record: DbnRecord, offset: number): void {
    switch (record.kind) {
      case 'ohlcv':
        this.onBar(record, offset);
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
        this.onSystem(record);
        return;
      case 'error': {
        const connection = this.connection;
        connection?.gatewayErrors.push(record.message);
        this.logger.log('warn', 'databento_gateway_error', { code: record.code, message: record.message });
        this.emit({ type: 'gateway_error', code: record.code, message: record.message, isLast: record.isLast });
        if (record.code === ERROR_CODE.SYMBOL_RESOLUTION_FAILED) {
          const symbol = /^Failed to resolve symbol:?\s*(\S+)/.exec(record.message)?.[1];
          if (symbol !== undefined) this.cursor.markUnresolved(symbol);
        }
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

  private onSystem(record: SystemRecord): void {
    if (record.tsEventNs !== UNDEF_TIMESTAMP && (this.streamTimeNs === undefined || record.tsEventNs > this.streamTimeNs)) {
      this.streamTimeNs = record.tsEventNs;
      this.emit({ type: 'stream_time', tsNs: record.tsEventNs });
    }
    if (record.isHeartbeat) this.emit({ type: 'heartbeat', tsEventNs: record.tsEventNs });
    else this.emit({ type: 'system', code: record.code, message: record.message, tsEventNs: record.tsEventNs });
    if (record.code === SYSTEM_CODE.SLOW_READER_WARNING) this.logger.log('warn', 'databento_slow_reader', { message: record.message });
    const connection = this.connection;
    if (connection === undefined || this.caughtUp) return;
    if (record.code === SYSTEM_CODE.REPLAY_COMPLETED || systemCodeFromText(record.message) === SYSTEM_CODE.REPLAY_COMPLETED) {
      const schema = /^Finished (\S+) replay$/.exec(record.message)?.[1];
      if (schema !== undefined && connection.replaying.has(schema)) connection.replaying.delete(schema);
      else connection.replaying.delete(connection.replaying.values().next().value as string);
      if (connection.replaying.size === 0) this.markCaughtUp(connection, 'replay_completed', record.tsEventNs);
    } else if (record.isHeartbeat && connection.replaying.size > 0) {
      // The gateway sends a heartbeat only after a silence: nothing is left to replay.
      connection.replaying.clear();
      this.markCaughtUp(connection, 'heartbeat', record.tsEventNs);
    }
  }

  private markCaughtUp(connection: Connection, via: 'no_replay' | 'replay_completed' | 'heartbeat', tsNs: bigint | undefined): void {
    this.caughtUp = true;
    this.logger.log('info', 'databento_caught_up', { connection: connection.number, via, ...(tsNs !== undefined ? { tsNs } : {}) });
    this.emit({ type: 'caught_up', connection: connection.number, via, tsNs });
  }

  private onBar(record: OhlcvRecord, offset: number): void {
    const barMs = OHLCV_RTYPE_BAR_MS[record.rtype];
    if (barMs === undefined) return;
    const instrument = this.symbols.lookup(record.instrumentId);
    const series = this.cursor.seriesOf(instrument, record.instrumentId);
    if (this.cursor.isBehind(record.rtype, series, record.tsEventNs)) {
      this.counts.duplicates++;
      return;
    }
    const bar: LiveBar = {
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
    };
    const problem = this.validator.check(bar);
    if (problem !== undefined) {
      this.onBadBar(bar, series, problem, offset);
      return;
    }
    this.policy.goodBar(record.rtype, series, record.instrumentId, record.tsEventNs);
    this.cursor.mark(record.rtype, series, record.tsEventNs);
    this.validator.accept(bar);
    if (instrument === undefined) this.logger.log('warn', 'databento_unmapped_instrument', { instrumentId: record.instrumentId });
    this.emit({ type: 'bar', bar });
  }

  /** A bar failed a check: quarantine it (reset and replay), or reject it for good (see {@link QuarantinePolicy}). */
  private onBadBar(bar: LiveBar, series: string, problem: BarProblem, offset: number): void {
    const verdict = this.policy.badBar(bar.rtype, series, bar.instrumentId, bar.tsEventNs, problem.code);
    const message = `${bar.symbol} (${bar.rawSymbol}) bar ${new Date(Number(bar.tsEventNs / NS_PER_MS)).toISOString()}: ${problem.message}`;
    if (verdict.action === 'quarantine') {
      this.quarantine(
        { code: problem.code, message, offset, attempt: verdict.attempt, symbol: bar.symbol, instrumentId: bar.instrumentId, tsEventNs: bar.tsEventNs },
        `quarantined ${problem.code} at stream byte ${offset}: ${message}`,
      );
      return;
    }
    const attempts = verdict.action === 'reject' ? verdict.attempts : 0;
    // Later replays start after it, unless its time itself is what is wrong.
    if (problem.code !== 'bad_timestamp') this.cursor.mark(bar.rtype, series, bar.tsEventNs);
    this.validator.reject(bar, problem);
    this.counts.rejected++;
    this.logger.log('error', 'databento_bar_rejected', {
      code: problem.code,
      message,
      offset,
      attempts,
      symbol: bar.symbol,
      instrumentId: bar.instrumentId,
      tsEventNs: bar.tsEventNs,
      note: attempts === 0 ? `${bar.symbol} fails this way systematically: bars are rejected without reconnecting` : 'the gateway sent the same bad bar every time: skipped, never delivered',
    });
    this.emit({ type: 'bar_rejected', code: problem.code, message, bar, attempts });
  }

  /**
   * Drops the connection because of the bad record at `offset`: nothing after it is decoded, the
   * replay sends it again. `fatal` ends the feed instead (the record came broken too often).
   */
  private quarantine(q: Quarantine, reason: string, fatal?: RooneyError): void {
    this.counts.quarantined++;
    const connection = this.connection;
    const number = connection?.number ?? this.connections;
    this.decoder.stop();
    this.logger.log('warn', 'databento_quarantine', {
      code: q.code,
      message: q.message,
      offset: q.offset,
      connection: number,
      attempt: q.attempt,
      ...(q.symbol !== undefined ? { symbol: q.symbol } : {}),
      ...(q.instrumentId !== undefined ? { instrumentId: q.instrumentId } : {}),
      ...(q.tsEventNs !== undefined ? { tsEventNs: q.tsEventNs } : {}),
    });
    this.emit({ type: 'quarantine', ...q, connection: number });
    if (connection !== undefined) this.endConnection(connection, reason, fatal);
  }

  /** Closes `connection` now, or (inside its own close handling) records why it ended. */
  private endConnection(connection: Connection, reason: string, fatal: RooneyError | undefined): void {
    if (connection.phase === 'done') {
      connection.closeReason ??= reason;
      if (fatal !== undefined) connection.fatal ??= fatal;
      return;
    }
    if (fatal !== undefined) connection.fatal ??= fatal;
    this.shutdown(connection, reason, true);
  }

  private onDecodeError(error: StreamFault): void {
    const header = error.header;
    if (error.code === 'unknown_rtype' && header !== undefined && this.policy.skips(header.rtype)) {
      this.counts.unknownSkipped++;
      return;
    }
    this.logger.log(error.fatal ? 'error' : 'warn', 'databento_decode_error', { code: error.code, message: error.message, offset: error.offset, fatal: error.fatal });
    this.emit({ type: 'decode_error', code: error.code, message: error.message, offset: error.offset, fatal: error.fatal });
    const quarantine: Omit<Quarantine, 'attempt'> = {
      code: error.code,
      message: error.message,
      offset: error.offset,
      symbol: header === undefined ? undefined : this.symbols.lookup(header.instrumentId)?.subscribedSymbol,
      instrumentId: header?.instrumentId,
      tsEventNs: header?.tsEventNs,
    };
    if (error.code === 'unknown_rtype' && header !== undefined) {
      const verdict = this.policy.unknownRecord(header.rtype, header.instrumentId, header.tsEventNs);
      if (verdict.action === 'quarantine') {
        this.quarantine({ ...quarantine, attempt: verdict.attempt }, `quarantined ${error.code} at stream byte ${error.offset}: ${error.message}`);
        return;
      }
      this.counts.unknownSkipped++;
      const attempts = verdict.action === 'skip' ? verdict.attempts : 0;
      this.logger.log('error', 'databento_unknown_rtype_skipped', { rtype: header.rtype, offset: error.offset, attempts, note: 'the gateway keeps sending this record type: it is stepped over from now on' });
      return;
    }
    const connection = this.connection;
    if (!error.fatal || connection === undefined) return;
    if (!FRAMING_ERRORS.has(error.code)) {
      this.endConnection(connection, `decode error: ${error.message}`, undefined);
      return;
    }
    const fingerprint = header === undefined ? undefined : `${error.code}:${header.lengthWords}:${header.rtype}:${header.instrumentId}:${header.tsEventNs}`;
    const verdict = this.policy.framingError(fingerprint);
    const attempt = verdict.action === 'quarantine' || verdict.action === 'fatal' ? verdict.attempt : 1;
    const fatal =
      verdict.action === 'fatal'
        ? new RooneyError('feed_corrupt', `Databento live stream: the same broken record came ${attempt} times (${error.message}, at stream byte ${error.offset}): the feed cannot be read past it`)
        : undefined;
    this.quarantine({ ...quarantine, attempt }, `decode error: ${error.message}`, fatal);
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
