// Databento for Rooney: the DBN stream format, the Live (Raw TCP) and Historical (HTTP) API clients,
// the secret/logger/clock ports they share with the live adapter, and loopback fakes for tests.
export { Secret, redactSecrets } from './secret.ts';
export { JsonLineLogger, MemoryLogger, SILENT_LOGGER } from './logger.ts';
export type { Logger, LogLevel, LogRecord } from './logger.ts';
export { WallClock, FakeClock } from './live-clock.ts';
export type { LiveClock, TimerHandle } from './live-clock.ts';

export { DbnStreamDecoder, systemCodeFromText, errorCodeFromText } from './dbn/dbn-stream-decoder.ts';
export type { DbnStreamHandler, DbnDecodeError, DbnDecodeErrorCode, DbnRecordHeaderInfo } from './dbn/dbn-stream-decoder.ts';
export { RTYPE, SYSTEM_CODE, ERROR_CODE, SCHEMA_ID, STYPE_ID, OHLCV_RTYPE_BAR_MS, UNDEF_TIMESTAMP, dbnRecordBytes } from './dbn/dbn-records.ts';
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
export type { DbnMetadataInput, OhlcvRecordFields } from './dbn/dbn-encoder.ts';

export { DatabentoLiveClient, gatewayHost } from './databento/databento-live-client.ts';
export type { DatabentoLiveOptions, LiveSubscription, ReconnectPolicy, LiveBar, LiveFeedEvent, LiveFeedStatus } from './databento/databento-live-client.ts';
export { BarValidator, DEFAULT_MAX_MOVE_PCT, onTickGrid } from './databento/bar-validator.ts';
export type { BarValidationOptions, BarInstrumentRules, BarProblem, BarProblemCode, BarUnderCheck } from './databento/bar-validator.ts';
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
  HistoricalQuery,
} from './databento/databento-historical-client.ts';
export { DatabentoHistoricalError } from './databento/historical-error.ts';
export type { HistoricalErrorInfo } from './databento/historical-error.ts';
export { parseDatabentoTime } from './databento/databento-time.ts';
export { cramResponse, checkApiKey } from './databento/cram.ts';
export { LiveSymbolMap } from './databento/symbol-map.ts';
export type { InstrumentSymbols, SymbolRoll } from './databento/symbol-map.ts';

export * from './catalog/index.ts';

export { FakeDatabentoGateway } from './testing/fake-databento-gateway.ts';
export type { FakeGatewaySessionPlan, FakeGatewayConnection } from './testing/fake-databento-gateway.ts';
export { FakeDatabentoHistorical } from './testing/fake-databento-historical.ts';
export type {
  FakeDatabentoHistoricalOptions,
  FakeHistoricalInstrument,
  FakeHistoricalContract,
  FakeContinuousSymbol,
  FakeHistoricalRequest,
  FakeHistoricalReply,
} from './testing/fake-databento-historical.ts';
export { fakeFuturesMarket, fakeEsMarket } from './testing/fake-futures-market.ts';
export type { FakeContractSpec, FakeFuturesMarket } from './testing/fake-futures-market.ts';
export { zstdRawFrames } from './testing/zstd-frames.ts';
export { minuteBarsToLiveDbn } from './testing/bars-to-dbn.ts';
export { scriptedSession, scriptedSessionBytes } from './testing/scripted-feed.ts';
export type { ScriptedSessionOptions, ScriptedSessionBytes, ScriptedInstrument, ScriptedBar, ScriptedFault, BarRef } from './testing/scripted-feed.ts';
export type { DbnStreamInstrument } from './testing/bars-to-dbn.ts';
export { LineBuffer, formatGatewayLine, parseGatewayLine } from './databento/gateway-lines.ts';
export { REPLAY_WINDOW_MS } from './databento/databento-live-client.ts';
export { waitFor } from './testing/wait-for.ts';
