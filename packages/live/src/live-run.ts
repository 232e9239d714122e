import type { ContractSpec, OrderGate, SessionSpec, Strategy } from '@rooney/core';
import { DatabentoLiveClient } from './databento/databento-live-client.ts';
import type { LiveSubscription, ReconnectPolicy } from './databento/databento-live-client.ts';
import type { LiveClock } from './live-clock.ts';
import type { Logger } from './logger.ts';
import type { ShutdownStep } from './ops/graceful-shutdown.ts';
import { StatusHeartbeat } from './ops/status-heartbeat.ts';
import type { Secret } from './secret.ts';
import { FeedBridge } from './session/feed-bridge.ts';
import { LiveSession } from './session/live-session.ts';
import { TradeStore } from './store/trade-store.ts';
import type { SignalRouter } from './traderspost/traderspost-signal.ts';

/** A symbol traded live: its Databento symbol and, optionally, a fixed TradersPost ticker. */
export interface LiveSymbol {
  /** e.g. `ES.c.0` (continuous, front month by calendar). */
  readonly databento: string;
  /** Fixed ticker, e.g. `MESM2025`; default: the venue contract the feed maps the symbol to. */
  readonly ticker?: string;
}

export interface LiveRunOptions {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly strategies: readonly Strategy[];
  /** Rooney symbol → Databento symbol (and ticker). */
  readonly symbols: Readonly<Record<string, LiveSymbol>>;
  readonly databento: {
    readonly apiKey: Secret;
    readonly dataset: string;
    /** `continuous` (default), `raw_symbol`, `parent`. */
    readonly stypeIn?: string;
    readonly host?: string;
    readonly port?: number;
    readonly heartbeatIntervalS?: number;
    readonly compression?: 'none' | 'zstd';
    readonly replayOnReconnect?: boolean;
    readonly reconnect?: ReconnectPolicy;
    /** Replay this many minutes of history at start to warm strategies up (max 24 h). Default 0. */
    readonly warmupMinutes?: number;
  };
  readonly router: SignalRouter;
  readonly startingCash: number;
  readonly contracts?: Readonly<Record<string, ContractSpec>>;
  /** Slippage in ticks of the simulated fills, as in the backtest. Default 0. */
  readonly slippageTicks?: number;
  /** Refuse entries the account cannot margin (default true), as the backtest does. */
  readonly marginCheck?: boolean;
  readonly session?: SessionSpec;
  readonly gate?: OrderGate;
  /** SQLite file of the trade store (created when missing). */
  readonly storePath?: string;
  readonly configHash?: string;
  readonly heartbeat: { readonly intervalMs: number; readonly staleAfterMs: number; readonly expectData?: (ts: number) => boolean };
  readonly clock: LiveClock;
  readonly logger: Logger;
  readonly historyBars?: number;
  readonly barGraceMs?: number;
}

/**
 * A running live deployment: Databento feed → feed bridge → live session (strategies, gate,
 * router) → trade store, with a heartbeat. `start` connects and resolves once the feed session is
 * up; `shutdownSteps` are what SIGINT/SIGTERM should run; `finished` resolves with a reason when
 * the run cannot go on (fatal feed error, session failure).
 */
export class LiveRun {
  readonly session: LiveSession;
  readonly client: DatabentoLiveClient;
  readonly bridge: FeedBridge;
  readonly heartbeat: StatusHeartbeat;
  readonly store: TradeStore | undefined;
  readonly finished: Promise<string>;
  private readonly options: LiveRunOptions;
  private finish: (reason: string) => void = () => undefined;

  private constructor(options: LiveRunOptions) {
    this.options = options;
    this.finished = new Promise((resolve) => {
      this.finish = resolve;
    });
    const { clock, logger } = options;
    const startTs = clock.now();
    this.store = options.storePath === undefined ? undefined : new TradeStore(options.storePath, { clock });
    this.store?.beginRun({ runId: options.runId, startedTs: startTs, dryRun: options.dryRun, ...(options.configHash !== undefined ? { configHash: options.configHash } : {}) });
    const databentoToRooney: Record<string, string> = {};
    const tickers: Record<string, string> = {};
    for (const [symbol, spec] of Object.entries(options.symbols)) {
      databentoToRooney[spec.databento] = symbol;
      if (spec.ticker !== undefined) tickers[symbol] = spec.ticker;
    }
    this.bridge = new FeedBridge({ symbols: databentoToRooney, tickers, logger, onFatal: (message) => this.finish(`feed: ${message}`) });
    const warmupMs = Math.min(24 * 60, options.databento.warmupMinutes ?? 0) * 60_000;
    this.session = new LiveSession({
      strategies: options.strategies,
      clock,
      router: options.router,
      startingCash: options.startingCash,
      runId: options.runId,
      ...(options.contracts !== undefined ? { contracts: options.contracts } : {}),
      ...(options.slippageTicks !== undefined ? { slippageTicks: options.slippageTicks } : {}),
      ...(options.marginCheck !== undefined ? { marginCheck: options.marginCheck } : {}),
      ...(options.session !== undefined ? { session: options.session } : {}),
      ...(options.gate !== undefined ? { gate: options.gate } : {}),
      ...(this.store !== undefined ? { journal: this.store, firstOrderId: this.store.nextOrderId() } : {}),
      ...(options.historyBars !== undefined ? { historyBars: options.historyBars } : {}),
      ...(options.barGraceMs !== undefined ? { barGraceMs: options.barGraceMs } : {}),
      feedSymbols: Object.keys(options.symbols),
      ticker: (symbol) => this.bridge.tickerOf(symbol),
      tradeFromTs: warmupMs > 0 ? startTs : Number.NEGATIVE_INFINITY,
      logger,
      onFailure: (error) => this.finish(`session: ${error.message}`),
    });
    this.bridge.connect(this.session);
    const subscription: LiveSubscription = {
      schema: 'ohlcv-1m',
      stypeIn: options.databento.stypeIn ?? 'continuous',
      symbols: Object.values(options.symbols).map((s) => s.databento),
    };
    const d = options.databento;
    this.client = new DatabentoLiveClient({
      apiKey: d.apiKey,
      dataset: d.dataset,
      subscriptions: [subscription],
      clock,
      logger,
      onEvent: this.bridge.handle,
      ...(d.host !== undefined ? { host: d.host } : {}),
      ...(d.port !== undefined ? { port: d.port } : {}),
      ...(d.heartbeatIntervalS !== undefined ? { heartbeatIntervalS: d.heartbeatIntervalS } : {}),
      ...(d.compression !== undefined ? { compression: d.compression } : {}),
      ...(d.replayOnReconnect !== undefined ? { replayOnReconnect: d.replayOnReconnect } : {}),
      ...(d.reconnect !== undefined ? { reconnect: d.reconnect } : {}),
      ...(warmupMs > 0 ? { initialStartNs: BigInt(startTs - warmupMs) * 1_000_000n } : {}),
    });
    this.heartbeat = new StatusHeartbeat({
      clock,
      intervalMs: options.heartbeat.intervalMs,
      staleAfterMs: options.heartbeat.staleAfterMs,
      session: this.session,
      feed: this.bridge,
      logger,
      ...(this.store !== undefined ? { store: this.store } : {}),
      ...(options.heartbeat.expectData !== undefined ? { expectData: options.heartbeat.expectData } : {}),
    });
  }

  /** Builds the run, starts the strategies, connects the feed and the heartbeat. */
  static async start(options: LiveRunOptions): Promise<LiveRun> {
    const run = new LiveRun(options);
    run.session.start();
    try {
      const sessionId = await run.client.start();
      options.logger.log('info', 'live_started', { runId: options.runId, dryRun: options.dryRun, feedSession: sessionId, symbols: Object.keys(options.symbols) });
    } catch (error) {
      await run.session.stop();
      run.store?.endRun(options.clock.now());
      run.store?.close();
      throw error;
    }
    run.heartbeat.start();
    return run;
  }

  /**
   * The graceful shutdown, in order: stop accepting signals (and wait for the ones in flight), write
   * the final heartbeat, flush and close the store, close the feed socket.
   */
  shutdownSteps(): ShutdownStep[] {
    return [
      { name: 'stop accepting signals', run: () => this.session.stop() },
      { name: 'final heartbeat', run: () => void this.heartbeat.stop() },
      {
        name: 'close the trade store',
        run: () => {
          this.store?.endRun(this.options.clock.now());
          this.store?.close();
        },
      },
      { name: 'close the feed', run: () => this.client.close() },
    ];
  }

  /** Runs every shutdown step (for callers without signal handling). */
  async stop(): Promise<void> {
    for (const step of this.shutdownSteps()) await step.run();
  }
}
