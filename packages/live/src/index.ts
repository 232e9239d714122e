export { Secret, redactSecrets } from './secret.ts';
export { JsonLineLogger, MemoryLogger, SILENT_LOGGER } from './logger.ts';
export type { Logger, LogLevel, LogRecord } from './logger.ts';
export { WallClock, FakeClock } from './live-clock.ts';
export type { LiveClock, TimerHandle } from './live-clock.ts';

export { DbnStreamDecoder, systemCodeFromText, errorCodeFromText } from './dbn/dbn-stream-decoder.ts';
export type { DbnStreamHandler, DbnDecodeError } from './dbn/dbn-stream-decoder.ts';
export { RTYPE, SYSTEM_CODE, ERROR_CODE, SCHEMA_ID, STYPE_ID, OHLCV_RTYPE_BAR_MS, UNDEF_TIMESTAMP } from './dbn/dbn-records.ts';
export type { DbnRecord, OhlcvRecord, SymbolMappingRecord, SystemRecord, ErrorRecord, OtherRecord } from './dbn/dbn-records.ts';
export {
  encodeDbnMetadata,
  encodeOhlcvRecord,
  encodeSymbolMappingRecord,
  encodeSystemRecord,
  encodeErrorRecord,
  toFixedPrice,
  concatBytes,
} from './dbn/dbn-encoder.ts';
export type { DbnMetadataInput } from './dbn/dbn-encoder.ts';

export { DatabentoLiveClient, gatewayHost } from './databento/databento-live-client.ts';
export type { DatabentoLiveOptions, LiveSubscription, ReconnectPolicy, LiveBar, LiveFeedEvent } from './databento/databento-live-client.ts';
export { DatabentoHistoricalClient } from './databento/databento-historical-client.ts';
export type {
  DatabentoHistoricalOptions,
  GetRangeRequest,
  HistoricalBars,
  HistoricalBarSchema,
  ResolveSymbologyRequest,
  SymbologyInterval,
  SymbologyResolution,
  DatasetRange,
} from './databento/databento-historical-client.ts';
export { DatabentoHistoricalError } from './databento/historical-error.ts';
export type { HistoricalErrorInfo } from './databento/historical-error.ts';
export { parseDatabentoTime } from './databento/databento-time.ts';
export { cramResponse, checkApiKey } from './databento/cram.ts';
export { LiveSymbolMap } from './databento/symbol-map.ts';
export type { InstrumentSymbols, SymbolRoll } from './databento/symbol-map.ts';

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
} from './traderspost/traderspost-signal.ts';

export { LiveSession } from './session/live-session.ts';
export type { LiveSessionOptions, LiveSessionStatus, TradeJournal } from './session/live-session.ts';
export { RingBarView } from './session/ring-bar-view.ts';
export { MinuteBatcher } from './session/minute-batcher.ts';
export type { MinuteBatch, BarDropReason } from './session/minute-batcher.ts';
export { signalForOrder, cancelSignal } from './session/signal-mapping.ts';
export type { SignalContext } from './session/signal-mapping.ts';
export { FeedBridge } from './session/feed-bridge.ts';
export type { BarSink, FeedStatus } from './session/feed-bridge.ts';

export { TradeStore, TRADE_STORE_SCHEMA_VERSION } from './store/trade-store.ts';
export type { StoredOrder, StoredFill, StoredPosition, RunInfo } from './store/trade-store.ts';

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

/** Loopback fakes and helpers for tests of live deployments (127.0.0.1 only). */
export { FakeDatabentoGateway } from './testing/fake-databento-gateway.ts';
export type { FakeGatewaySessionPlan, FakeGatewayConnection } from './testing/fake-databento-gateway.ts';
export { FakeDatabentoHistorical } from './testing/fake-databento-historical.ts';
export type { FakeDatabentoHistoricalOptions, FakeHistoricalInstrument, FakeHistoricalRequest, FakeHistoricalReply } from './testing/fake-databento-historical.ts';
export { zstdRawFrames } from './testing/zstd-frames.ts';
export { FakeTradersPostServer } from './testing/fake-traderspost-server.ts';
export type { FakeWebhookRequest, FakeWebhookReply } from './testing/fake-traderspost-server.ts';
export { minuteBarsToLiveDbn } from './testing/bars-to-dbn.ts';
export type { DbnStreamInstrument } from './testing/bars-to-dbn.ts';
export { RecordingStrategy } from './testing/recording-strategy.ts';
export type { RecordedSubmission } from './testing/recording-strategy.ts';
