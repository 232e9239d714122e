import { RooneyError } from '@rooney/core';
import type { ContractSpec, OrderGate, SessionSpec, Strategy } from '@rooney/core';
import type { BarSeries } from '@rooney/data';
import { DatabentoHistoricalClient } from '@rooney/databento';
import { DatabentoLiveClient } from '@rooney/databento';
import type { BarInstrumentRules, BarValidationOptions, LiveFeedEvent, LiveSubscription, ReconnectPolicy } from '@rooney/databento';
import { feedWarmUpHistory, loadWarmUpHistory } from './history-warm-up.ts';
import { REPLAY_WINDOW_MS } from '@rooney/databento';
import type { WarmUpHistory } from './history-warm-up.ts';
import type { LiveClock } from '@rooney/databento';
import type { Logger } from '@rooney/databento';
import type { ShutdownStep } from './ops/graceful-shutdown.ts';
import { StatusHeartbeat } from './ops/status-heartbeat.ts';
import type { Secret } from '@rooney/databento';
import { FeedBridge } from './session/feed-bridge.ts';
import { LiveSession } from './session/live-session.ts';
import { TradeStore } from './store/trade-store.ts';
import type { JournalSnapshot } from './store/trade-store.ts';
import type { UnknownOutcomePolicy } from './session/live-session.ts';
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
    /**
     * Download this many days of 1-minute bars from the historical API before going live (default
     * 0 = off; not together with `warmupMinutes`): strategies see them with orders refused
     * (`warm_up`), and the live feed replays from where the history ends.
     */
    readonly historyDays?: number;
    /** Historical API base URL. Default `https://hist.databento.com`. */
    readonly historicalUrl?: string;
    /** Price band of the feed's bar checks: largest move of a bar from the last close, percent. Default 10. */
    readonly maxMovePct?: number;
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
  readonly heartbeat: { readonly intervalMs: number; readonly staleAfterMs: number; readonly expectData?: (ts: number) => boolean; readonly file?: string };
  readonly clock: LiveClock;
  readonly logger: Logger;
  readonly historyBars?: number;
  readonly barGraceMs?: number;
  /** What to do with an entry whose webhook outcome is unknown. Default `assume_open`. */
  readonly unknownOutcome?: UnknownOutcomePolicy;
  /**
   * After a restart, bars since the journal's checkpoint are traded (orders sent late, as the
   * uninterrupted run would have sent them) only when the checkpoint is at most this old; an older
   * one restores positions but trades from now, with an alert. Default 60 minutes.
   */
  readonly maxCatchUpMinutes?: number;
}

/**
 * A running live deployment: Databento feed → feed bridge → live session (strategies, gate,
 * router) → trade store, with a heartbeat. `start` connects and resolves once the feed session is
 * up; `shutdownSteps` are what SIGINT/SIGTERM should run; `finished` resolves with a reason when
 * the run cannot go on (fatal feed error, session failure).
 *
 * Warm-up with `historyDays`: before connecting, `start` downloads that many days of 1-minute bars
 * from the historical API up to a seam (`loadWarmUpHistory`) and feeds them to the session, which
 * runs the strategies on them with orders refused (`warm_up`), as a backtest's warm-up does; the
 * live subscription then replays from the seam, so the first live bar follows the last history bar
 * with nothing missing and nothing twice (live bars at or before the seam are dropped and counted in
 * `seamDuplicates`). Until the first live bar arrives, the wall clock closes no consolidated bin.
 * Bars closing before the run's start (history and replay) are warm-up; trading starts at the start.
 */
export class LiveRun {
  readonly session: LiveSession;
  readonly client: DatabentoLiveClient;
  readonly bridge: FeedBridge;
  readonly heartbeat: StatusHeartbeat;
  readonly store: TradeStore | undefined;
  readonly finished: Promise<string>;
  /** The history the run was warmed up with (`historyDays`), with the seam where the live feed took over. */
  readonly history: { readonly startTs: number; readonly seamTs: number; readonly bars: Readonly<Record<string, number>> } | undefined;
  /** The journal this run restored from (positions, working orders, checkpoint), when the store held one. */
  readonly restored: JournalSnapshot | undefined;
  private readonly options: LiveRunOptions;
  private finish: (reason: string) => void = () => undefined;
  private seamDuplicateBars = 0;
  private readonly reconciled = new Set<number>();

  private constructor(options: LiveRunOptions, history: WarmUpHistory | undefined) {
    this.options = options;
    this.finished = new Promise((resolve) => {
      this.finish = resolve;
    });
    const { clock, logger } = options;
    const startTs = clock.now();
    this.store = options.storePath === undefined ? undefined : new TradeStore(options.storePath, { clock });
    const snapshot = this.store?.snapshot(options.dryRun ? 'dry_run' : 'live');
    this.restored = snapshot !== undefined && (snapshot.checkpoint !== undefined || snapshot.fills.length > 0 || snapshot.openOrders.length > 0) ? snapshot : undefined;
    this.store?.beginRun({ runId: options.runId, startedTs: startTs, dryRun: options.dryRun, ...(options.configHash !== undefined ? { configHash: options.configHash } : {}) });
    for (const order of this.restored?.openOrders ?? []) if (order.signalStatus === 'unknown') this.reconciled.delete(order.order.id);
    const databentoToRooney: Record<string, string> = {};
    const tickers: Record<string, string> = {};
    for (const [symbol, spec] of Object.entries(options.symbols)) {
      databentoToRooney[spec.databento] = symbol;
      if (spec.ticker !== undefined) tickers[symbol] = spec.ticker;
    }
    const warmupMs = Math.min(24 * 60, options.databento.warmupMinutes ?? 0) * 60_000;
    // Trading starts after the journal's checkpoint (a restart), or now (a warm-up), or at once.
    const checkpointTs = this.restored?.checkpoint?.ts;
    const maxCatchUpMs = (options.maxCatchUpMinutes ?? 60) * 60_000;
    const catchUpSkipped = checkpointTs !== undefined && startTs - checkpointTs > maxCatchUpMs;
    const warming = warmupMs > 0 || history !== undefined;
    const tradeFromTs = checkpointTs !== undefined && !catchUpSkipped ? checkpointTs + 1 : warming || catchUpSkipped ? startTs : Number.NEGATIVE_INFINITY;
    // Without history, the live replay reaches back to the checkpoint (within the gateway's window).
    let initialStartMs = history !== undefined ? history.seamTs : warmupMs > 0 ? startTs - warmupMs : undefined;
    if (history === undefined && checkpointTs !== undefined && !catchUpSkipped && startTs - checkpointTs < REPLAY_WINDOW_MS) {
      initialStartMs = Math.min(initialStartMs ?? checkpointTs, checkpointTs);
    }
    this.bridge = new FeedBridge({
      symbols: databentoToRooney,
      tickers,
      logger,
      onFatal: (message) => this.finish(`feed: ${message}`),
    });
    if (history !== undefined) {
      const bars: Record<string, number> = {};
      for (const [symbol, series] of history.bars) bars[databentoToRooney[symbol] ?? symbol] = series.length;
      this.history = { startTs: history.startTs, seamTs: history.seamTs, bars };
    }
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
      ...(this.restored !== undefined ? { restore: this.restored } : {}),
      ...(options.unknownOutcome !== undefined ? { unknownOutcome: options.unknownOutcome } : {}),
      ...(options.historyBars !== undefined ? { historyBars: options.historyBars } : {}),
      ...(options.barGraceMs !== undefined ? { barGraceMs: options.barGraceMs } : {}),
      feedSymbols: Object.keys(options.symbols),
      ticker: (symbol) => this.bridge.tickerOf(symbol),
      tradeFromTs,
      logger,
      onFailure: (error) => this.finish(`session: ${error.message}`),
    });
    if (catchUpSkipped) {
      this.session.raiseAlert({
        kind: 'catch_up_skipped',
        ts: startTs,
        message: `the journal's last step is ${new Date(checkpointTs).toISOString()}, more than ${options.maxCatchUpMinutes ?? 60} min ago: positions are restored, but orders for the bars in between are not sent (trading resumes now); compare positions with the broker`,
      });
    }
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
      onEvent: history === undefined ? this.bridge.handle : this.afterSeam(history.seamTs),
      ...(d.host !== undefined ? { host: d.host } : {}),
      ...(d.port !== undefined ? { port: d.port } : {}),
      ...(d.heartbeatIntervalS !== undefined ? { heartbeatIntervalS: d.heartbeatIntervalS } : {}),
      ...(d.compression !== undefined ? { compression: d.compression } : {}),
      ...(d.replayOnReconnect !== undefined ? { replayOnReconnect: d.replayOnReconnect } : {}),
      ...(d.reconnect !== undefined ? { reconnect: d.reconnect } : {}),
      barValidation: barValidationFor(options, history),
      ...(initialStartMs !== undefined ? { initialStartNs: BigInt(initialStartMs) * 1_000_000n } : {}),
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
      ...(options.heartbeat.file !== undefined ? { file: options.heartbeat.file } : {}),
      beforeBeat: () => this.applyReconciliations(),
    });
  }

  /**
   * Applies the reconciliations an operator wrote to the store (`rooney live reconcile`) to the
   * running session: each unknown-outcome order once. Runs before every heartbeat.
   */
  applyReconciliations(): void {
    const store = this.store;
    if (store === undefined) return;
    for (const alert of this.session.status().alerts) {
      if (alert.kind !== 'unknown_outcome' || alert.orderId === undefined || this.reconciled.has(alert.orderId)) continue;
      const order = store.orders().find((o) => o.id === alert.orderId);
      if (order?.reconciled === 'filled' || order?.reconciled === 'not_filled') {
        this.reconciled.add(alert.orderId);
        this.session.reconcile(alert.orderId, order.reconciled);
      }
    }
  }

  /** Live bars the feed delivered again at the seam (closing at or before it): dropped, counted. */
  get seamDuplicates(): number {
    return this.seamDuplicateBars;
  }

  /**
   * Builds the run: downloads the warm-up history (`historyDays`), starts the strategies, feeds them
   * the history (orders refused), then connects the live feed (replaying from the seam) and the
   * heartbeat.
   */
  static async start(options: LiveRunOptions): Promise<LiveRun> {
    const d = options.databento;
    const historyDays = d.historyDays ?? 0;
    if (!(Number.isInteger(historyDays) && historyDays >= 0)) throw new RooneyError('invalid_parameter', `"historyDays" must be an integer >= 0, was ${historyDays}`);
    if (historyDays > 0 && (d.warmupMinutes ?? 0) > 0) {
      throw new RooneyError('invalid_parameter', `"historyDays" (${historyDays}) and "warmupMinutes" (${d.warmupMinutes}) are two warm-ups: use one`);
    }
    const history =
      historyDays > 0
        ? await loadWarmUpHistory({
            client: new DatabentoHistoricalClient({ apiKey: d.apiKey, clock: options.clock, logger: options.logger, ...(d.historicalUrl !== undefined ? { baseUrl: d.historicalUrl } : {}) }),
            dataset: d.dataset,
            symbols: Object.values(options.symbols).map((s) => s.databento),
            stypeIn: d.stypeIn ?? 'continuous',
            days: historyDays,
            nowTs: options.clock.now(),
            logger: options.logger,
          })
        : undefined;
    const run = new LiveRun(options, history);
    run.session.start();
    try {
      if (history !== undefined) {
        const rooney = new Map<string, BarSeries>();
        for (const [symbol, spec] of Object.entries(options.symbols)) {
          const series = history.bars.get(spec.databento);
          if (series !== undefined) rooney.set(symbol, series);
        }
        // Until the feed's first bar, the wall clock is ahead of every bar the session has: it must not
        // close the bins the replay is about to complete.
        run.session.holdClockScans();
        const fed = feedWarmUpHistory(run.session, rooney);
        await run.session.idle();
        options.logger.log('info', 'live_history_fed', { bars: fed, seam: new Date(history.seamTs).toISOString() });
      }
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

  /** The feed's listener behind the seam: live bars closing at or before it were history bars already. */
  private afterSeam(seamTs: number): (event: LiveFeedEvent) => void {
    return (event) => {
      if (event.type === 'bar') {
        if (event.bar.ts <= seamTs) {
          if (this.seamDuplicateBars++ === 0) this.options.logger.log('warn', 'live_seam_duplicate', { symbol: event.bar.symbol, barTs: new Date(event.bar.ts).toISOString(), seam: new Date(seamTs).toISOString() });
          return;
        }
        this.session.releaseClockScans();
      }
      this.bridge.handle(event);
    };
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

/**
 * The feed's bar checks: each symbol's tick grid from its contract spec, the price band
 * (`maxMovePct`), and the warm-up history's last close as the band's first reference.
 */
function barValidationFor(options: LiveRunOptions, history: WarmUpHistory | undefined): BarValidationOptions {
  const instruments: Record<string, BarInstrumentRules> = {};
  for (const [symbol, spec] of Object.entries(options.symbols)) {
    const tickSize = options.contracts?.[symbol]?.tickSize;
    const series = history?.bars.get(spec.databento);
    const referenceClose = series !== undefined && series.length > 0 ? series.close[series.length - 1] : undefined;
    instruments[spec.databento] = { ...(tickSize !== undefined ? { tickSize } : {}), ...(referenceClose !== undefined ? { referenceClose } : {}) };
  }
  return { instruments, ...(options.databento.maxMovePct !== undefined ? { maxMovePct: options.databento.maxMovePct } : {}) };
}
