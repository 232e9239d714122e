import { DEFAULT_CONTRACTS } from '@rooney/core';
import type { BarEvent, Strategy, StrategyContext, Subscription } from '@rooney/core';
import { generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { FakeClock, MemoryLogger, Secret, FakeDatabentoGateway, scriptedSession, waitFor } from '@rooney/databento';
import type { ScriptedBar, ScriptedFault, ScriptedInstrument } from '@rooney/databento';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveRun } from './live-run.ts';
import type { LiveRunOptions } from './live-run.ts';
import { DryRunRouter } from './traderspost/dry-run-router.ts';

/**
 * The feed's bar checks as a live run wires them: tick sizes from the contract specs, the band from
 * `maxMovePct`; a bad bar never reaches a strategy, the genuine one does, once; the feed status
 * counts quarantines and rejections.
 */

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const NS_PER_MS = 1_000_000n;
const data = generateSyntheticDataset({ symbols: ['6E', 'ES'], start: '2024-03-04', days: 1, seed: 8 });
const MINUTES = 90;
const SIX_E: ScriptedInstrument = { instrumentId: 42140, subscribedSymbol: '6E.c.0', rawSymbol: '6EH4' };
const ES: ScriptedInstrument = { instrumentId: 7001, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESH4' };

function scripted(series: BarSeries, instrumentId: number): ScriptedBar[] {
  return Array.from({ length: MINUTES }, (_, i) => ({
    instrumentId,
    tsEventNs: BigInt(series.ts[i] - 60_000) * NS_PER_MS,
    open: series.open[i],
    high: series.high[i],
    low: series.low[i],
    close: series.close[i],
    volume: series.volume[i],
  }));
}
const sixE = scripted(data.get('6E') as BarSeries, SIX_E.instrumentId);
const es = scripted(data.get('ES') as BarSeries, ES.instrumentId);
const BARS = sixE.flatMap((bar, i) => [bar, es[i]]);
const BAD = sixE[60];
const FIRST = BARS[0].tsEventNs;

/** Records every minute bar a strategy sees. */
class Probe implements Strategy {
  readonly name = 'probe';
  readonly seen: string[] = [];
  readonly highs: number[] = [];
  subscriptions(): readonly Subscription[] {
    return [
      { symbol: '6E', timeframe: '1m' },
      { symbol: 'ES', timeframe: '1m' },
    ];
  }
  onBar(_context: StrategyContext, event: BarEvent): void {
    this.seen.push(`${event.symbol} ${event.ts} ${event.view.close()}`);
    if (event.symbol === '6E') this.highs.push(event.view.high());
  }
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function run(faults: (connection: number) => ScriptedFault[], maxMovePct?: number): Promise<{ run: LiveRun; probe: Probe; logger: MemoryLogger; gateway: FakeDatabentoGateway }> {
  const gateway = new FakeDatabentoGateway({
    apiKeys: [KEY],
    plan: (index) => scriptedSession({ instruments: [SIX_E, ES], bars: BARS, nowNs: index === 0 ? FIRST : BAD.tsEventNs + 600_000_000_000n, faults: faults(index) }),
  });
  const port = await gateway.listen();
  closers.push(() => gateway.close());
  const probe = new Probe();
  const logger = new MemoryLogger();
  const clock = new FakeClock(Number(FIRST / NS_PER_MS));
  const options: LiveRunOptions = {
    runId: 'feed-checks',
    dryRun: true,
    strategies: [probe],
    symbols: { '6E': { databento: '6E.c.0' }, ES: { databento: 'ES.c.0' } },
    databento: { apiKey: new Secret('DATABENTO_API_KEY', KEY), dataset: 'GLBX.MDP3', host: '127.0.0.1', port, ...(maxMovePct !== undefined ? { maxMovePct } : {}) },
    router: new DryRunRouter(logger),
    startingCash: 100_000,
    contracts: { '6E': DEFAULT_CONTRACTS['6E'], ES: DEFAULT_CONTRACTS.ES },
    session: { startMinutes: 23 * 60, timeZone: 'UTC' },
    heartbeat: { intervalMs: 3_600_000, staleAfterMs: 3_600_000 },
    clock,
    logger,
  };
  const live = await LiveRun.start(options);
  closers.push(() => live.stop());
  // Let each reconnect's backoff elapse on the fake clock until the feed has dealt with every bar.
  let handled = 0;
  const settled = (): boolean => {
    const s = live.bridge.status();
    return s.barsReceived + s.barsRejected >= BARS.length;
  };
  for (;;) {
    await waitFor(() => settled() || logger.events('databento_reconnecting').length > handled, 'the feed');
    if (settled()) break;
    for (const record of logger.events('databento_reconnecting').slice(handled)) clock.advance(record.fields.delayMs as number);
    handled = logger.events('databento_reconnecting').length;
  }
  await live.session.idle();
  return { run: live, probe, logger, gateway };
}

const everyMinute = (except?: ScriptedBar): string[] =>
  BARS.filter((b) => b !== except).map((b) => `${b.instrumentId === SIX_E.instrumentId ? '6E' : 'ES'} ${Number(b.tsEventNs / NS_PER_MS) + 60_000} ${b.close}`);

describe('LiveRun: the feed checks every bar before a strategy sees it', { timeout: 20_000 }, () => {
  it('an absurd 6E print (1e6) on one connection: quarantined, replayed, the strategy sees the genuine minute once', async () => {
    const absurd: ScriptedFault = { kind: 'prices', at: BAD, open: 1e6, high: 1e6, low: 1e6, close: 1e6 };
    const { run: live, probe, logger } = await run((connection) => (connection === 0 ? [absurd] : []));
    expect(probe.seen).toEqual(everyMinute());
    expect(Math.max(...probe.highs)).toBeLessThan(2);
    expect(live.bridge.status()).toMatchObject({ quarantined: 1, barsRejected: 0, reconnects: 1 });
    expect(logger.events('databento_quarantine').map((r) => r.fields.code)).toEqual(['price_band']);
  });

  it('the same absurd print on every replay: rejected after 3 tries, the strategy never sees that minute, an error line and the counter say so', async () => {
    const absurd: ScriptedFault = { kind: 'prices', at: BAD, open: 1e6, high: 1e6, low: 1e6, close: 1e6 };
    const { run: live, probe, logger } = await run(() => [absurd]);
    expect(probe.seen).toEqual(everyMinute(BAD));
    expect(live.bridge.status()).toMatchObject({ quarantined: 2, barsRejected: 1 });
    expect(logger.events('databento_bar_rejected')).toMatchObject([{ level: 'error', fields: { code: 'price_band', symbol: '6E.c.0' } }]);
  });

  it('the tick grid comes from the contract spec (6E: 0.00005) and the band from maxMovePct', async () => {
    const offTick: ScriptedFault = { kind: 'prices', at: BAD, high: BAD.high + 0.00001 };
    const first = await run((connection) => (connection === 0 ? [offTick] : []));
    expect(first.probe.seen).toEqual(everyMinute());
    expect(first.logger.events('databento_quarantine').map((r) => r.fields.code)).toEqual(['off_tick']);
    // A 6 % jump on the tick grid: refused with maxMovePct 5 (the default 10 would let it through).
    const jump = 0.07;
    const moved: ScriptedFault = { kind: 'prices', at: BAD, open: BAD.open + jump, high: BAD.high + jump, low: BAD.low + jump, close: BAD.close + jump };
    const second = await run((connection) => (connection === 0 ? [moved] : []), 5);
    expect(second.probe.seen).toEqual(everyMinute());
    expect(second.logger.events('databento_quarantine').map((r) => r.fields.code)).toEqual(['price_band']);
  });
});
