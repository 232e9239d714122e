// Re-exported so existing users of @rooney/live keep their imports.
export * from '@rooney/databento';

export { TradersPostClient } from './traderspost/traderspost-client.ts';
export type { TradersPostClientOptions } from './traderspost/traderspost-client.ts';
export { DryRunRouter } from './traderspost/dry-run-router.ts';
export type { DryRunSignal } from './traderspost/dry-run-router.ts';
export type {
  TradersPostSignal,
  TradersPostAction,
  TradersPostSentiment,
  TradersPostOrderType,
  TradersPostTimeInForce,
  SignalResult,
  SignalRouter,
  SignalOutcome,
  AttemptOutcome,
  SendOptions,
} from './traderspost/traderspost-signal.ts';
export { postWebhookOnce } from './traderspost/webhook-attempt.ts';

export { LiveSession } from './session/live-session.ts';
export type { LiveSessionOptions, LiveSessionStatus, TradeJournal, UnknownOutcomePolicy, RestoreSummary } from './session/live-session.ts';
export { LiveAlerts } from './session/live-alerts.ts';
export type { OpenAlert } from './session/live-alerts.ts';
export { RingBarView } from './session/ring-bar-view.ts';
export { MinuteBatcher } from './session/minute-batcher.ts';
export type { MinuteBatch, BarDropReason } from './session/minute-batcher.ts';
export { signalForOrder, cancelSignal } from './session/signal-mapping.ts';
export type { SignalContext } from './session/signal-mapping.ts';
export { FeedBridge } from './session/feed-bridge.ts';
export type { BarSink, FeedStatus } from './session/feed-bridge.ts';

export { TradeStore, TRADE_STORE_SCHEMA_VERSION } from './store/trade-store.ts';
export type {
  StoredOrder,
  StoredFill,
  StoredPosition,
  StoredAlert,
  RunInfo,
  Checkpoint,
  JournalAccount,
  JournalSnapshot,
  JournalOpenOrder,
  LiveAlert,
  SignalStatus,
  JournalTradeDetail,
} from './store/trade-store.ts';
export { summarizeJournal, journalLines } from './store/journal-summary.ts';
export type { JournalSummary } from './store/journal-summary.ts';

export { StatusHeartbeat } from './ops/status-heartbeat.ts';
export type { HeartbeatStatus, StatusHeartbeatOptions } from './ops/status-heartbeat.ts';
export { runPreflight } from './ops/preflight.ts';
export type { PreflightOptions, PreflightReport, PreflightCheck, PreflightLevel } from './ops/preflight.ts';
export { GracefulShutdown } from './ops/graceful-shutdown.ts';
export type { ShutdownStep, SignalSource } from './ops/graceful-shutdown.ts';
export { cmeGlobexIsOpen } from './ops/market-hours.ts';

export { LiveRun } from './live-run.ts';
export type { LiveRunOptions, LiveSymbol } from './live-run.ts';
export { loadWarmUpHistory, feedWarmUpHistory } from './history-warm-up.ts';
export type { WarmUpHistory } from './history-warm-up.ts';
export { FakeTradersPostServer } from './testing/fake-traderspost-server.ts';
export { FakeBroker } from './testing/fake-broker.ts';
export { PacedFeed } from './testing/paced-feed.ts';
export type { PacedFault, PacedInstrument } from './testing/paced-feed.ts';
export type { ExecutedSignal } from './testing/fake-broker.ts';
export type { FakeWebhookRequest, FakeWebhookReply } from './testing/fake-traderspost-server.ts';
export { RecordingStrategy } from './testing/recording-strategy.ts';
export type { RecordedSubmission } from './testing/recording-strategy.ts';
