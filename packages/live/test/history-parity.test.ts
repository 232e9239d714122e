/**
 * Warm-up parity: a live run warmed with N days from the historical API behaves, from its first
 * live bar on, exactly as a backtest over those N days plus the live bars with trading starting at
 * the same time (`tradeStartTs`).
 *
 * The strategy needs its history: IBS on hour bars with a trend filter on a 20-hour moving-average
 * slope and a daily-IBS feature. Both fakes are loopback servers: the historical API serves the
 * first part of the bars (up to the seam), the live gateway replays the rest from the seam.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, runBacktest } from '@rooney/core';
import type { Fill, Trade } from '@rooney/core';
import { consolidateBars, generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { PortfolioCoordinator } from '@rooney/portfolio';
import { IbsStrategy, parseIbsFilters } from '@rooney/strategies';
import type { FeatureDefinition, SignalRecord } from '@rooney/strategies';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '@rooney/databento';
import { LiveRun } from '../src/live-run.ts';
import { MemoryLogger } from '@rooney/databento';
import { Secret } from '@rooney/databento';
import { minuteBarsToLiveDbn } from '@rooney/databento';
import { FakeDatabentoGateway } from '@rooney/databento';
import { FakeDatabentoHistorical } from '@rooney/databento';
import { RecordingStrategy } from '../src/testing/recording-strategy.ts';
import type { RecordedSubmission } from '../src/testing/recording-strategy.ts';
import { waitFor } from '@rooney/databento';
import { DryRunRouter } from '../src/traderspost/dry-run-router.ts';

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const SESSION = { startMinutes: 23 * 60, timeZone: 'UTC' };
const CASH = 100_000;
const HISTORY_DAYS = 2;

const data = generateSyntheticDataset({ symbols: ['ES', 'NQ'], start: '2024-03-04', days: 5, seed: 11 });
const ES = data.get('ES') as BarSeries;
const NQ = data.get('NQ') as BarSeries;
/** The run starts on the fourth day; the historical API lags it by 4 min 40 s. */
const NOW = ES.ts[3 * 1380 + 500] + 20_000;
const AVAILABLE_END = NOW - 4 * MINUTE_MS - 40_000;
const SEAM = Math.floor(AVAILABLE_END / MINUTE_MS) * MINUTE_MS;
const FIRST = SEAM - HISTORY_DAYS * DAY_MS;

const FEATURES: FeatureDefinition[] = [
  { name: 'ma_slope_slow', series: 'self', timeframe: 'trade', indicator: 'maslope(period=20,lookback=5,relative=true)' },
  { name: 'daily_ibs', series: 'self', timeframe: 'day', indicator: 'ibs' },
];

function strategy(): { recorder: RecordingStrategy; ibs: IbsStrategy } {
  const ibs = new IbsStrategy('ibs', ['ES', 'NQ'], {
    params: { timeframe: 'hour', allowShort: true, maxBarsInTrade: 3, filters: parseIbsFilters({ trend: { enabled: true } }, 'filters') },
    features: FEATURES,
    recordSignals: true,
  });
  return { recorder: new RecordingStrategy(ibs), ibs };
}

/** The backtest over the bars closing after `from`, trading from `NOW`. */
function backtest(from: number) {
  const { recorder, ibs } = strategy();
  const es = ES.between(from + 1);
  const nq = NQ.between(from + 1);
  const result = runBacktest({
    series: [es, consolidateBars(es, HOUR_MS, { session: SESSION }), consolidateBars(es, DAY_MS, { session: SESSION }), nq, consolidateBars(nq, HOUR_MS, { session: SESSION }), consolidateBars(nq, DAY_MS, { session: SESSION })],
    strategies: [recorder],
    startingCash: CASH,
    session: SESSION,
    gate: new PortfolioCoordinator({ maxPositions: 1, dailyStopLoss: 1e9 }),
    closeAtEnd: false,
    tradeStartTs: NOW,
  });
  return { result, recorder, ibs };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function live() {
  const instruments = [
    { symbol: 'ES.c.0', instrumentId: 4001, rawSymbol: 'ESM4', series: ES },
    { symbol: 'NQ.c.0', instrumentId: 4002, rawSymbol: 'NQM4', series: NQ },
  ];
  const historical = new FakeDatabentoHistorical({ apiKeys: [KEY], instruments, availableEndTs: AVAILABLE_END });
  const url = await historical.listen();
  closers.push(() => historical.close());
  const gateway = new FakeDatabentoGateway({
    apiKeys: [KEY],
    plan: () => ({
      replay: (startNs) => {
        const from = Number((startNs ?? 0n) / 1_000_000n);
        return minuteBarsToLiveDbn('GLBX.MDP3', instruments.map((i) => ({ series: i.series.between(from + MINUTE_MS), instrumentId: i.instrumentId, subscribedSymbol: i.symbol, rawSymbol: i.rawSymbol })));
      },
      chunkSize: 8192,
    }),
  });
  const port = await gateway.listen();
  closers.push(() => gateway.close());
  const { recorder, ibs } = strategy();
  const logger = new MemoryLogger();
  const router = new DryRunRouter(logger);
  const run = await LiveRun.start({
    runId: 'history-parity',
    dryRun: true,
    strategies: [recorder],
    symbols: { ES: { databento: 'ES.c.0' }, NQ: { databento: 'NQ.c.0' } },
    databento: { apiKey: new Secret('DATABENTO_API_KEY', KEY), dataset: 'GLBX.MDP3', host: '127.0.0.1', port, historyDays: HISTORY_DAYS, historicalUrl: url },
    router,
    startingCash: CASH,
    session: SESSION,
    gate: new PortfolioCoordinator({ maxPositions: 1, dailyStopLoss: 1e9 }),
    heartbeat: { intervalMs: 3_600_000, staleAfterMs: 3_600_000 },
    clock: new FakeClock(NOW),
    logger,
  });
  closers.push(() => run.stop());
  const liveBars = ES.between(SEAM + 1).length + NQ.between(SEAM + 1).length;
  await waitFor(() => run.bridge.status().barsReceived === liveBars, 'every live bar');
  await run.session.idle();
  return { run, recorder, ibs, router, logger };
}

const orderKey = (o: RecordedSubmission): string =>
  `${new Date(o.ts).toISOString()} ${o.request.symbol} ${o.request.side} ${o.request.quantity} ${o.request.type} ${o.request.tag ?? ''} ${o.accepted}`;
const fillKey = (f: Fill): string => `${new Date(f.ts).toISOString()} ${f.symbol} ${f.side} ${f.quantity} ${f.price} ${f.tag}`;
const tradeKey = (t: Trade): string => `${t.symbol} ${t.direction} ${new Date(t.entryTs).toISOString()} ${new Date(t.exitTs).toISOString()} ${t.barsHeld} ${t.netPnl.toFixed(2)} ${t.exitReason}`;
const signalKey = (s: SignalRecord): string => `${new Date(s.ts).toISOString()} ${s.symbol} ${s.direction} ${s.blockedBy ?? 'kept'} ${Array.from(s.features).join(',')}`;

describe('warm-up parity: live run with history_days vs backtest over history + live bars', () => {
  it('same signals (features included), orders, webhook signals, fills and trades; the history matters here', async () => {
    const warm = backtest(FIRST);
    const actual = await live();
    expect(actual.run.history?.seamTs).toBe(SEAM);

    // The strategy saw the same signals with the same feature values, from the first history bar on.
    const expectedSignals = warm.ibs.signals().map(signalKey);
    expect(expectedSignals.length).toBeGreaterThan(20);
    expect(actual.ibs.signals().map(signalKey)).toEqual(expectedSignals);
    // After the seam, the trend filter and the daily feature are warm (no NaN) and the filter blocks some signals.
    const afterSeam = warm.ibs.signals().filter((s) => s.ts > SEAM);
    expect(afterSeam.length).toBeGreaterThan(5);
    expect(afterSeam.every((s) => s.features.every((v) => Number.isFinite(v)))).toBe(true);
    expect(afterSeam.some((s) => s.blockedBy === 'trend')).toBe(true);

    // The same orders, warm-up refusals included; accepted ones only from NOW on.
    const orders = warm.recorder.submissions;
    expect(orders.some((o) => o.ts < NOW && !o.accepted)).toBe(true);
    expect(orders.filter((o) => o.ts >= NOW && o.accepted).length).toBeGreaterThan(5);
    expect(orders.every((o) => o.ts >= NOW || !o.accepted)).toBe(true);
    expect(actual.recorder.submissions.map(orderKey)).toEqual(orders.map(orderKey));

    // One webhook signal per accepted order; the simulated fills and trades are the backtest's.
    const accepted = orders.filter((o) => o.accepted);
    const sent = actual.router.signals.filter((s) => s.signal.action !== 'cancel');
    expect(sent.map((s) => `${String(s.signal.extras?.bar_time)} ${String(s.signal.extras?.tag)}`)).toEqual(accepted.map((o) => `${new Date(o.ts).toISOString()} ${o.request.tag}`));
    expect(actual.run.session.fills().map(fillKey)).toEqual(warm.result.fills.map(fillKey));
    expect(actual.run.session.trades().map(tradeKey)).toEqual(warm.result.trades.map(tradeKey));
    expect(actual.run.session.status().equity).toBeCloseTo(warm.result.finalEquity, 6);
    expect(actual.logger.events('live_bar_dropped')).toEqual([]);

    // Control: started cold at the seam (no history), the same strategy trades differently after NOW.
    const cold = backtest(SEAM);
    expect(cold.recorder.submissions.filter((o) => o.accepted).map(orderKey)).not.toEqual(accepted.map(orderKey));
  }, 20_000);
});
