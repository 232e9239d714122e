import { DAY_MS, HOUR_MS, MINUTE_MS } from '@rooney/core';
import type { BarEvent, Order, Strategy, StrategyContext, Subscription } from '@rooney/core';
import { consolidateBars, generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '@rooney/databento';
import { LiveRun } from './live-run.ts';
import type { LiveRunOptions } from './live-run.ts';
import { MemoryLogger } from '@rooney/databento';
import { Secret } from '@rooney/databento';
import { minuteBarsToLiveDbn } from '@rooney/databento';
import { FakeDatabentoGateway } from '@rooney/databento';
import { FakeDatabentoHistorical } from '@rooney/databento';
import type { FakeDatabentoHistoricalOptions } from '@rooney/databento';
import { waitFor } from '@rooney/databento';
import { DryRunRouter } from './traderspost/dry-run-router.ts';

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const SESSION = { startMinutes: 23 * 60, timeZone: 'UTC' };
const data = generateSyntheticDataset({ symbols: ['ES', 'NQ'], start: '2024-03-04', days: 3, seed: 21 });
const ES = data.get('ES') as BarSeries;
const NQ = data.get('NQ') as BarSeries;
/** Wall time at the start of the run: 30 s into a minute of the third day. */
const NOW = ES.ts[2 * 1380 + 300] + 30_000;
/** The historical API holds data up to 6 min 43 s before now: the seam is the minute boundary before that. */
const AVAILABLE_END = NOW - 7 * MINUTE_MS + 17_000;
const SEAM = Math.floor(AVAILABLE_END / MINUTE_MS) * MINUTE_MS;
const instruments = [
  { symbol: 'ES.c.0', instrumentId: 7001, rawSymbol: 'ESM4', series: ES },
  { symbol: 'NQ.c.0', instrumentId: 7002, rawSymbol: 'NQM4', series: NQ },
];

/** Logs every bar it sees; submits a market order at its 10th ES minute and at the first ES minute at or after `NOW`. */
class Probe implements Strategy {
  readonly name = 'probe';
  readonly bars = new Map<string, number[]>();
  readonly hours: { ts: number; open: number; high: number; low: number; close: number; volume: number }[] = [];
  readonly closed: string[] = [];
  readonly accepted: number[] = [];
  private minutes = 0;
  private tradedLive = false;

  subscriptions(): readonly Subscription[] {
    return [
      { symbol: 'ES', timeframe: '1m' },
      { symbol: 'NQ', timeframe: '1m' },
      { symbol: 'ES', timeframe: '1h', role: 'reference' },
    ];
  }

  onBar(context: StrategyContext, event: BarEvent): void {
    const key = `${event.symbol} ${event.timeframe}`;
    const list = this.bars.get(key) ?? [];
    list.push(event.ts);
    this.bars.set(key, list);
    const v = event.view;
    if (event.timeframe === '1h') this.hours.push({ ts: event.ts, open: v.open(), high: v.high(), low: v.low(), close: v.close(), volume: v.volume() });
    if (key !== 'ES 1m') return;
    const submit = (): void => {
      const order = context.submit({ symbol: 'ES', side: 'buy', quantity: 1, type: 'market', tag: 'probe' });
      if (order !== undefined) this.accepted.push(event.ts);
    };
    if (++this.minutes === 10) submit();
    if (event.ts >= NOW && !this.tradedLive) {
      this.tradedLive = true;
      submit();
    }
  }

  onOrderClosed(_context: StrategyContext, order: Order, reason: string): void {
    this.closed.push(`${new Date(order.submittedTs).toISOString()} ${order.status} ${reason}`);
  }
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A gateway that replays from the subscription's `start` (or, with `ignoreStart`, always from `replayFromMs`). */
async function gatewayFor(options: { ignoreStart?: number } = {}): Promise<{ gateway: FakeDatabentoGateway; port: number }> {
  const gateway = new FakeDatabentoGateway({
    apiKeys: [KEY],
    plan: () => ({
      replay: (startNs) => {
        const from = options.ignoreStart ?? (startNs === undefined ? NOW : Number(startNs / 1_000_000n));
        // Bars opening at or after `from` close after it.
        return minuteBarsToLiveDbn('GLBX.MDP3', instruments.map((i) => ({ series: i.series.between(from + MINUTE_MS), instrumentId: i.instrumentId, subscribedSymbol: i.symbol, rawSymbol: i.rawSymbol })));
      },
      chunkSize: 8192,
    }),
  });
  const port = await gateway.listen();
  closers.push(() => gateway.close());
  return { gateway, port };
}

async function historicalFor(options: Partial<FakeDatabentoHistoricalOptions> = {}): Promise<{ historical: FakeDatabentoHistorical; url: string }> {
  const historical = new FakeDatabentoHistorical({ apiKeys: [KEY], instruments, availableEndTs: AVAILABLE_END, ...options });
  const url = await historical.listen();
  closers.push(() => historical.close());
  return { historical, url };
}

function runOptions(strategy: Strategy, port: number, url: string, extra: Partial<LiveRunOptions['databento']> = {}): { options: LiveRunOptions; logger: MemoryLogger; router: DryRunRouter } {
  const logger = new MemoryLogger();
  const router = new DryRunRouter(logger);
  const clock = new FakeClock(NOW);
  return {
    logger,
    router,
    options: {
      runId: 'seam',
      dryRun: true,
      strategies: [strategy],
      symbols: { ES: { databento: 'ES.c.0' }, NQ: { databento: 'NQ.c.0' } },
      databento: { apiKey: new Secret('DATABENTO_API_KEY', KEY), dataset: 'GLBX.MDP3', host: '127.0.0.1', port, historyDays: 1, historicalUrl: url, ...extra },
      router,
      startingCash: 100_000,
      session: SESSION,
      heartbeat: { intervalMs: 3_600_000, staleAfterMs: 3_600_000 },
      clock,
      logger,
    },
  };
}

async function runToEnd(options: LiveRunOptions, liveBars: number): Promise<LiveRun> {
  const run = await LiveRun.start(options);
  closers.push(() => run.stop());
  await waitFor(() => run.client.duplicatesDropped + run.bridge.status().barsReceived + run.seamDuplicates >= liveBars, 'every live bar');
  await run.session.idle();
  return run;
}

describe('LiveRun warm-up from the historical API (history_days)', () => {
  it('the seam: every minute bar exactly once, none missing; the hour across the seam is whole; orders refused until now', async () => {
    const { gateway, port } = await gatewayFor();
    const { historical, url } = await historicalFor();
    const probe = new Probe();
    const { options, logger, router } = runOptions(probe, port, url);
    const liveBars = ES.between(SEAM + 1).length + NQ.between(SEAM + 1).length;
    const run = await runToEnd(options, liveBars);

    // The requests: dataset range first, then [seam − 1 day, seam) as integer ns, zstd; the live replay starts at the seam.
    expect(historical.requests.map((r) => r.path)).toEqual(['/v0/metadata.get_dataset_range', '/v0/timeseries.get_range']);
    const form = historical.requests[1].form;
    expect([form.start, form.end, form.schema, form.stype_in, form.compression]).toEqual([`${SEAM - DAY_MS}000000`, `${SEAM}000000`, 'ohlcv-1m', 'continuous', 'zstd']);
    await waitFor(() => gateway.connections[0]?.started === true, 'live session');
    expect(gateway.connections[0].lines[1]).toContain(`|start=${SEAM}000000|`);
    expect(run.history).toEqual({ startTs: SEAM - DAY_MS, seamTs: SEAM, bars: { ES: ES.between(SEAM - DAY_MS + 1, SEAM).length, NQ: NQ.between(SEAM - DAY_MS + 1, SEAM).length } });

    // Every minute from the history start to the end of the stream, once, in order (history then live).
    for (const [symbol, series] of [['ES', ES], ['NQ', NQ]] as const) {
      const expected = Array.from(series.between(SEAM - DAY_MS + 1).ts);
      expect(probe.bars.get(`${symbol} 1m`)).toEqual(expected);
      expect(expected).toContain(SEAM);
      expect(expected).toContain(SEAM + MINUTE_MS);
    }
    expect(run.session.status().lateBars).toBe(0);
    expect(run.seamDuplicates).toBe(0);
    expect(run.client.duplicatesDropped).toBe(0);
    expect(logger.events('live_bar_dropped')).toEqual([]);

    // Hour bars equal the backtest consolidation of the same minutes, including the hour that
    // started in the history and ended in the live stream.
    const hours = consolidateBars(ES.between(SEAM - DAY_MS + 1), HOUR_MS, { session: SESSION });
    const across = Math.ceil(SEAM / HOUR_MS) * HOUR_MS;
    expect(probe.hours.map((h) => h.ts)).toContain(across);
    expect(probe.hours).toEqual(Array.from({ length: hours.length }, (_, i) => ({ ts: hours.ts[i], open: hours.open[i], high: hours.high[i], low: hours.low[i], close: hours.close[i], volume: hours.volume[i] })).filter((h) => h.ts <= probe.hours.at(-1)!.ts));

    // Orders: the warm-up one (in the history) refused with warm_up, the first one at or after now sent.
    expect(probe.closed).toEqual([`${new Date(ES.between(SEAM - DAY_MS + 1).ts[9]).toISOString()} rejected warm_up`]);
    const firstLive = ES.ts.find((t) => t >= NOW) as number;
    expect(probe.accepted).toEqual([firstLive]);
    expect(router.signals.map((s) => s.signal.extras?.bar_time)).toEqual([new Date(firstLive).toISOString()]);

    const text = logger.text();
    expect(text).toContain('"event":"live_history_loaded"');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(Buffer.from(`${KEY}:`).toString('base64'));
  }, 10_000);

  it('a feed that replays too far back: bars up to the seam are dropped at the seam, none reaches the strategy twice', async () => {
    const { port } = await gatewayFor({ ignoreStart: SEAM - 30 * MINUTE_MS });
    const { url } = await historicalFor();
    const probe = new Probe();
    const { options, logger } = runOptions(probe, port, url);
    const liveBars = ES.between(SEAM - 30 * MINUTE_MS + 1).length + NQ.between(SEAM - 30 * MINUTE_MS + 1).length;
    const run = await runToEnd(options, liveBars);
    expect(run.seamDuplicates).toBe(2 * 30);
    expect(probe.bars.get('ES 1m')).toEqual(Array.from(ES.between(SEAM - DAY_MS + 1).ts));
    expect(logger.events('live_seam_duplicate')).toHaveLength(1);
    expect(logger.events('live_bar_dropped')).toEqual([]);
  }, 10_000);

  it('the wall clock closes no bin while the replay after the seam is on its way (an hour ends between the seam and now)', async () => {
    const hour = Date.UTC(2024, 2, 6, 14, 0);
    const now = hour + 3 * MINUTE_MS + 30_000;
    const seam = hour - 4 * MINUTE_MS;
    // The gateway stays silent after start_session until the test sends the replay.
    const gateway = new FakeDatabentoGateway({ apiKeys: [KEY], plan: () => ({ data: new Uint8Array(0) }) });
    const port = await gateway.listen();
    closers.push(() => gateway.close());
    const { url } = await historicalFor({ availableEndTs: now - 7 * MINUTE_MS - 10_000 });
    const probe = new Probe();
    const clock = new FakeClock(now);
    const { options, logger } = runOptions(probe, port, url);
    const run = await LiveRun.start({ ...options, clock });
    closers.push(() => run.stop());
    expect(run.history?.seamTs).toBe(seam);
    await waitFor(() => gateway.connections[0]?.started === true, 'live session');
    clock.advance(6_000); // past the bar grace: a clock scan now would close the 14:00 hour with 4 minutes missing
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(probe.hours.at(-1)?.ts).toBe(hour - HOUR_MS);
    gateway.broadcast(minuteBarsToLiveDbn('GLBX.MDP3', instruments.map((i) => ({ series: i.series.between(seam + MINUTE_MS), instrumentId: i.instrumentId, subscribedSymbol: i.symbol, rawSymbol: i.rawSymbol }))));
    const liveBars = ES.between(seam + 1).length + NQ.between(seam + 1).length;
    await waitFor(() => run.bridge.status().barsReceived === liveBars, 'every live bar');
    await run.session.idle();
    expect(probe.bars.get('ES 1m')).toEqual(Array.from(ES.between(seam - DAY_MS + 1).ts));
    const minutes = ES.between(hour - HOUR_MS + 1, hour);
    expect(probe.hours.find((h) => h.ts === hour)).toEqual({ ts: hour, open: minutes.open[0], high: Math.max(...minutes.high), low: Math.min(...minutes.low), close: minutes.close[minutes.length - 1], volume: minutes.volume.reduce((a, b) => a + b, 0) });
    expect(run.session.status().lateBars).toBe(0);
    expect(logger.events('live_bar_dropped')).toEqual([]);
  }, 10_000);

  it('history ending beyond the live replay window is refused before the live feed is contacted', async () => {
    const { gateway, port } = await gatewayFor();
    const { url } = await historicalFor({ availableEndTs: NOW - 25 * HOUR_MS });
    const { options } = runOptions(new Probe(), port, url);
    await expect(LiveRun.start(options)).rejects.toThrow(/ohlcv-1m data ends at .*, 25\.0 h ago: the live feed's intraday replay \(23\.5 h\) cannot join it without a gap/);
    expect(gateway.connections).toEqual([]);
  });

  it('a refused key at the historical API stops the start with its typed error; history and warmupMinutes together are refused', async () => {
    const { gateway, port } = await gatewayFor();
    const { url } = await historicalFor({ apiKeys: ['db-OTHERKEY000000000000000000XXXX'] });
    const { options } = runOptions(new Probe(), port, url);
    await expect(LiveRun.start(options)).rejects.toMatchObject({ code: 'databento_auth_failed', status: 401 });
    const both = runOptions(new Probe(), port, url, { warmupMinutes: 30 });
    await expect(LiveRun.start(both.options)).rejects.toThrow('"historyDays" (1) and "warmupMinutes" (30) are two warm-ups: use one');
    expect(gateway.connections).toEqual([]);
  });
});
