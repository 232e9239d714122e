/**
 * The product promise: the same strategy object runs in a deterministic backtest and live.
 *
 * IBS runs twice on the same synthetic minute bars: once through `runBacktest` (1-minute fill series
 * + `consolidateBars` hour bars), once through a `LiveSession` fed by a `DatabentoLiveClient`
 * reading those bars as DBN OHLCV-1m records from a loopback fake gateway, with signals posted to a
 * loopback fake TradersPost webhook. The orders (symbol, side, quantity, type, time), the posted
 * signals, the simulated fills and the closed trades must match one for one.
 */
import { HOUR_MS, MINUTE_MS, runBacktest } from '@rooney/core';
import type { BacktestResult, Fill, OrderRequest, Trade } from '@rooney/core';
import { consolidateBars, generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { PortfolioCoordinator } from '@rooney/portfolio';
import { IbsStrategy } from '@rooney/strategies';
import type { IbsParams } from '@rooney/strategies';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabentoLiveClient } from '@rooney/databento';
import { FakeClock } from '@rooney/databento';
import { MemoryLogger } from '@rooney/databento';
import { Secret } from '@rooney/databento';
import { FeedBridge } from '../src/session/feed-bridge.ts';
import { LiveSession } from '../src/session/live-session.ts';
import { minuteBarsToLiveDbn } from '@rooney/databento';
import { FakeDatabentoGateway } from '@rooney/databento';
import { FakeTradersPostServer } from '../src/testing/fake-traderspost-server.ts';
import { RecordingStrategy } from '../src/testing/recording-strategy.ts';
import { waitFor } from '@rooney/databento';
import { TradersPostClient } from '../src/traderspost/traderspost-client.ts';

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const SESSION = { startMinutes: 23 * 60, timeZone: 'UTC' };
const CASH = 100_000;

const data = generateSyntheticDataset({ symbols: ['ES', 'NQ'], start: '2024-03-04', days: 5, seed: 11 });
const ES = data.get('ES') as BarSeries;
const NQ = data.get('NQ') as BarSeries;

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers = [];
});

function strategy(params: Partial<IbsParams>): RecordingStrategy {
  return new RecordingStrategy(new IbsStrategy('ibs', ['ES', 'NQ'], { params: { timeframe: 'hour', allowShort: true, maxBarsInTrade: 3, ...params }, features: false }));
}

function backtest(params: Partial<IbsParams>): { result: BacktestResult; recorder: RecordingStrategy } {
  const recorder = strategy(params);
  const result = runBacktest({
    series: [ES, consolidateBars(ES, HOUR_MS, { session: SESSION }), NQ, consolidateBars(NQ, HOUR_MS, { session: SESSION })],
    strategies: [recorder],
    startingCash: CASH,
    session: SESSION,
    gate: new PortfolioCoordinator({ maxPositions: 1, dailyStopLoss: 1e9 }),
    closeAtEnd: false,
  });
  return { result, recorder };
}

async function live(params: Partial<IbsParams>) {
  const recorder = strategy(params);
  const gateway = new FakeDatabentoGateway({
    apiKeys: [KEY],
    plan: () => ({
      data: minuteBarsToLiveDbn('GLBX.MDP3', [
        { series: ES, instrumentId: 4001, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESM4' },
        { series: NQ, instrumentId: 4002, subscribedSymbol: 'NQ.c.0', rawSymbol: 'NQM4' },
      ]),
      chunkSize: 4096,
    }),
  });
  const port = await gateway.listen();
  closers.push(() => gateway.close());
  const webhook = new FakeTradersPostServer();
  const url = await webhook.listen();
  closers.push(() => webhook.close());
  const clock = new FakeClock(ES.ts[0]);
  const logger = new MemoryLogger();
  const bridge = new FeedBridge({ symbols: { 'ES.c.0': 'ES', 'NQ.c.0': 'NQ' }, logger });
  const session = new LiveSession({
    strategies: [recorder],
    clock,
    router: new TradersPostClient({ webhookUrl: new Secret('TRADERSPOST_WEBHOOK_URL', url), clock, logger }),
    startingCash: CASH,
    runId: 'parity',
    session: SESSION,
    gate: new PortfolioCoordinator({ maxPositions: 1, dailyStopLoss: 1e9 }),
    ticker: (symbol) => bridge.tickerOf(symbol),
    logger,
  });
  bridge.connect(session);
  const client = new DatabentoLiveClient({
    apiKey: new Secret('DATABENTO_API_KEY', KEY),
    dataset: 'GLBX.MDP3',
    subscriptions: [{ schema: 'ohlcv-1m', stypeIn: 'continuous', symbols: ['ES.c.0', 'NQ.c.0'] }],
    host: '127.0.0.1',
    port,
    clock,
    logger,
    onEvent: bridge.handle,
  });
  closers.push(() => client.close());
  session.start();
  await client.start();
  const total = ES.length + NQ.length;
  await waitFor(() => bridge.status().barsReceived === total, 'every bar');
  await session.idle();
  await session.stop();
  return { session, recorder, webhook, logger };
}

/** The comparable part of an order request. */
function orderKey(ts: number, r: OrderRequest): string {
  return `${new Date(ts).toISOString()} ${r.symbol} ${r.side} ${r.quantity} ${r.type} ${r.limitPrice ?? ''} ${r.timeInForce ?? ''} ${r.tag ?? ''}`;
}

function fillKey(f: Fill): string {
  return `${new Date(f.ts).toISOString()} ${f.symbol} ${f.side} ${f.quantity} ${f.price} ${f.tag}`;
}

function tradeKey(t: Trade): string {
  return `${t.symbol} ${t.direction} ${new Date(t.entryTs).toISOString()} ${new Date(t.exitTs).toISOString()} ${t.barsHeld} ${t.netPnl.toFixed(2)} ${t.exitReason}`;
}

describe('IBS parity: backtest vs live session on the same bars', () => {
  for (const entryOrder of ['market', 'limit'] as const) {
    it(`entry_order ${entryOrder}: same orders, signals, fills and trades`, async () => {
      const params = { entryOrder };
      const expected = backtest(params);
      const actual = await live(params);

      // The run is not trivial: entries, signal exits and time exits on both symbols.
      const orders = expected.recorder.submissions;
      expect(orders.length).toBeGreaterThan(10);
      expect(expected.result.fills.length).toBeGreaterThan(10);
      // The shared coordinator (max one position) blocks some entries.
      expect(orders.some((o) => !o.accepted)).toBe(true);
      expect(new Set(orders.map((o) => o.request.symbol))).toEqual(new Set(['ES', 'NQ']));
      expect(new Set(orders.map((o) => o.request.tag))).toEqual(new Set(['entry', 'exit_signal', 'time_exit']));

      // 1. The strategy submitted the same orders at the same event times, accepted or blocked alike.
      expect(actual.recorder.submissions.map((o) => `${orderKey(o.ts, o.request)} ${o.accepted}`)).toEqual(
        orders.map((o) => `${orderKey(o.ts, o.request)} ${o.accepted}`),
      );

      // 2. One webhook signal per accepted order, in order, for the venue contract, stamped with the bar time.
      const accepted = orders.filter((o) => o.accepted);
      const signals = actual.webhook.requests.map((r) => r.body as Record<string, unknown>).filter((b) => b.action !== 'cancel');
      expect(signals).toHaveLength(accepted.length);
      signals.forEach((body, k) => {
        const o = accepted[k];
        const extras = body.extras as Record<string, unknown>;
        expect(body.ticker).toBe(o.request.symbol === 'ES' ? 'ESM4' : 'NQM4');
        expect(extras.bar_time).toBe(new Date(o.ts).toISOString());
        expect(extras.tag).toBe(o.request.tag);
        const exit = o.request.tag !== 'entry';
        expect(body.action).toBe(exit ? 'exit' : o.request.side);
        expect(body.orderType).toBe(o.request.type);
      });

      // 3. The simulated fills and the trades are the backtest's.
      expect(actual.session.fills().map(fillKey)).toEqual(expected.result.fills.map(fillKey));
      expect(actual.session.trades().map(tradeKey)).toEqual(expected.result.trades.map(tradeKey));
      expect(actual.session.status().equity).toBeCloseTo(expected.result.finalEquity, 6);

      // 4. Unfilled orders (none expire here: a limit at the signal close lives a whole hour) match too.
      const cancels = actual.webhook.requests.filter((r) => (r.body as Record<string, unknown>).action === 'cancel');
      expect(cancels).toHaveLength(expected.result.unfilled.length);
      expect(actual.logger.events('live_bar_dropped')).toEqual([]);
    }, 20_000);
  }

  it('the hour bars the strategy saw live are the backtest consolidation of the minute bars', () => {
    const hours = consolidateBars(ES, HOUR_MS, { session: SESSION });
    expect(hours.length).toBeGreaterThan(90);
    expect(ES.barMs).toBe(MINUTE_MS);
  });
});
