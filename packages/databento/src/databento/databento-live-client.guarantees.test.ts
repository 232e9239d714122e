import { Rng } from '@rooney/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../live-clock.ts';
import { MemoryLogger } from '../logger.ts';
import { Secret } from '../secret.ts';
import { FakeDatabentoGateway } from '../testing/fake-databento-gateway.ts';
import { scriptedSession, scriptedSessionBytes } from '../testing/scripted-feed.ts';
import type { BarRef, ScriptedBar, ScriptedFault, ScriptedInstrument, ScriptedSessionOptions } from '../testing/scripted-feed.ts';
import { load6eMinutes } from '../testing/shared-data.ts';
import { waitFor } from '../testing/wait-for.ts';
import { DatabentoLiveClient } from './databento-live-client.ts';
import type { DatabentoLiveOptions, LiveFeedEvent } from './databento-live-client.ts';

/**
 * The market-data guarantees of the live client, against a scripted gateway that honours the
 * client's replay `start` as the real one does: every (symbol, minute) exactly once across
 * disconnects, nothing broken delivered, bad records quarantined with their offset and replayed,
 * persistent ones bounded and alerted.
 */

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const MINUTE_NS = 60_000_000_000n;
const NS_PER_MS = 1_000_000n;
/** 2025-01-02T14:00Z */
const H14 = 1735826400000000000n;
const at = (hour: number, minute: number): bigint => H14 + BigInt((hour - 14) * 60 + minute) * MINUTE_NS;
const iso = (ns: bigint): string => new Date(Number(ns / NS_PER_MS)).toISOString().slice(11, 16);

const ES: ScriptedInstrument = { instrumentId: 100001, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESH5' };
const NQ: ScriptedInstrument = { instrumentId: 100002, subscribedSymbol: 'NQ.c.0', rawSymbol: 'NQH5' };
const SYMBOL_OF = new Map([ES, NQ].map((i) => [i.instrumentId, i.subscribedSymbol]));

/** A tick-grid random walk of 1-minute bars from `fromNs`; `missing` is the chance a minute has no bar. */
function walk(instrumentId: number, fromNs: bigint, minutes: number, price: number, tick: number, rng: Rng, missing = 0): ScriptedBar[] {
  const bars: ScriptedBar[] = [];
  let last = Math.round(price / tick);
  for (let m = 0; m < minutes; m++) {
    if (rng.next() < missing) continue;
    const open = last + rng.int(3) - 1;
    const close = open + rng.int(9) - 4;
    const high = Math.max(open, close) + rng.int(3);
    const low = Math.min(open, close) - rng.int(3);
    last = close;
    const px = (ticks: number): number => Number((ticks * tick).toFixed(9));
    bars.push({ instrumentId, tsEventNs: fromNs + BigInt(m) * MINUTE_NS, open: px(open), high: px(high), low: px(low), close: px(close), volume: 1 + rng.int(500) });
  }
  return bars;
}

/** Bars of several instruments merged in publication order: by minute, then in `order(minute)` of instruments. */
function merge(series: readonly ScriptedBar[][], order: (tsEventNs: bigint) => readonly number[] = () => series.map((_, i) => i)): ScriptedBar[] {
  const byMinute = new Map<bigint, ScriptedBar[]>();
  for (const bars of series) {
    for (const bar of bars) {
      const list = byMinute.get(bar.tsEventNs) ?? [];
      list.push(bar);
      byMinute.set(bar.tsEventNs, list);
    }
  }
  const out: ScriptedBar[] = [];
  for (const ts of [...byMinute.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const list = byMinute.get(ts) as ScriptedBar[];
    const ids = series.map((bars) => bars[0]?.instrumentId);
    for (const k of order(ts)) {
      const bar = list.find((b) => b.instrumentId === ids[k]);
      if (bar !== undefined) out.push(bar);
    }
  }
  return out;
}

const ref = (instrument: ScriptedInstrument, tsEventNs: bigint): BarRef => ({ instrumentId: instrument.instrumentId, tsEventNs });

let gateway: FakeDatabentoGateway | undefined;
let client: DatabentoLiveClient | undefined;
afterEach(async () => {
  await client?.close();
  await gateway?.close();
  client = undefined;
  gateway = undefined;
});

interface Harness {
  readonly gateway: FakeDatabentoGateway;
  readonly client: DatabentoLiveClient;
  readonly events: LiveFeedEvent[];
  readonly clock: FakeClock;
  readonly logger: MemoryLogger;
}

async function harness(
  sessions: (index: number) => ScriptedSessionOptions,
  options: Partial<DatabentoLiveOptions> = {},
  symbols = ['ES.c.0', 'NQ.c.0'],
  clockMs = Number(H14 / NS_PER_MS),
): Promise<Harness> {
  gateway = new FakeDatabentoGateway({ apiKeys: [KEY], plan: (index) => scriptedSession(sessions(index)) });
  const port = await gateway.listen();
  const events: LiveFeedEvent[] = [];
  const clock = new FakeClock(clockMs);
  const logger = new MemoryLogger();
  client = new DatabentoLiveClient({
    apiKey: new Secret('DATABENTO_API_KEY', KEY),
    dataset: 'GLBX.MDP3',
    subscriptions: [{ schema: 'ohlcv-1m', stypeIn: 'continuous', symbols }],
    host: '127.0.0.1',
    port,
    clock,
    logger,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { gateway, client, events, clock, logger };
}

/** Runs the client until `done`, letting each reconnect's backoff elapse on the fake clock. */
async function drive(h: Harness, done: () => boolean, what: string): Promise<void> {
  let handled = 0;
  for (;;) {
    const reconnects = (): LiveFeedEvent[] => h.events.filter((e) => e.type === 'reconnecting');
    await waitFor(() => done() || reconnects().length > handled || h.events.some((e) => e.type === 'fatal'), what);
    if (done() || h.events.some((e) => e.type === 'fatal')) return;
    for (const event of reconnects().slice(handled)) {
      if (event.type === 'reconnecting') h.clock.advance(event.delayMs);
      handled++;
    }
  }
}

/** Delivered bars as `SYMBOL HH:MM` (bar start), in delivery order. */
function delivered(events: readonly LiveFeedEvent[]): string[] {
  return events.flatMap((e) => (e.type === 'bar' ? [`${e.bar.symbol} ${iso(e.bar.tsEventNs)}`] : []));
}

function expectedOf(bars: readonly ScriptedBar[], symbolOf: ReadonlyMap<number, string> = SYMBOL_OF): string[] {
  return bars.map((b) => `${symbolOf.get(b.instrumentId)} ${iso(b.tsEventNs)}`);
}

/** `start=` of each connection's subscription (undefined: none). */
function starts(h: Harness): (bigint | undefined)[] {
  return h.gateway.connections.map((c) => {
    const value = c.lines.find((l) => l.startsWith('schema='))?.match(/\|start=(\d+)\|/)?.[1];
    return value === undefined ? undefined : BigInt(value);
  });
}

const rng = new Rng(20250102);
/** ES and NQ, every minute 14:20–14:39, ES first within a minute. */
const TWENTY = merge([walk(ES.instrumentId, at(14, 20), 20, 5900, 0.25, rng.fork(1)), walk(NQ.instrumentId, at(14, 20), 20, 21100, 0.25, rng.fork(2))]);

describe('gap-free reconnect: every (symbol, minute) exactly once', { timeout: 20_000 }, () => {
  it('a disconnect between two symbols\' bars of one minute: the replay starts at the lagging symbol, NQ 14:30 is not lost', async () => {
    const h = await harness((index) =>
      index === 0
        ? { instruments: [ES, NQ], bars: TWENTY, nowNs: at(14, 20), faults: [{ kind: 'disconnect', before: ref(NQ, at(14, 30)) }] }
        : { instruments: [ES, NQ], bars: TWENTY, nowNs: at(14, 35) },
    );
    await h.client.start();
    await drive(h, () => delivered(h.events).length >= TWENTY.length, 'every bar');
    expect(delivered(h.events)).toEqual(expectedOf(TWENTY));
    // ES had 14:30, NQ only 14:29: the replay starts right after NQ's last bar (the old rule, after the newest bar of any symbol, lost NQ 14:30).
    expect(starts(h)).toEqual([undefined, at(14, 29) + 1n]);
    expect(h.client.duplicatesDropped).toBe(1);
    expect(h.events.filter((e) => e.type === 'gap')).toHaveLength(1);
  });

  it('a disconnect across an hour end: the 14:59 NQ bar and the minutes of the outage come back once; caught_up after the replay', async () => {
    const bars = merge([walk(ES.instrumentId, at(14, 50), 20, 5900, 0.25, rng.fork(3)), walk(NQ.instrumentId, at(14, 50), 20, 21100, 0.25, rng.fork(4))]);
    const h = await harness((index) =>
      index === 0
        ? { instruments: [ES, NQ], bars, nowNs: at(14, 50), faults: [{ kind: 'disconnect', before: ref(NQ, at(14, 59)) }] }
        : { instruments: [ES, NQ], bars, nowNs: at(15, 3) },
    );
    await h.client.start();
    await drive(h, () => delivered(h.events).length >= bars.length, 'every bar');
    expect(delivered(h.events)).toEqual(expectedOf(bars));
    expect(starts(h)).toEqual([undefined, at(14, 58) + 1n]);
    // Second connection: the replayed minutes (NQ 14:59 to 15:02, closed by 15:03), then caught_up, then live bars.
    const second = h.events.slice(h.events.findIndex((e) => e.type === 'connected' && e.connection === 2));
    const caughtUp = second.findIndex((e) => e.type === 'caught_up');
    expect(second[caughtUp]).toEqual({ type: 'caught_up', connection: 2, via: 'replay_completed', tsNs: at(15, 3) });
    expect(delivered(second.slice(0, caughtUp))).toEqual(['NQ.c.0 14:59', 'ES.c.0 15:00', 'NQ.c.0 15:00', 'ES.c.0 15:01', 'NQ.c.0 15:01', 'ES.c.0 15:02', 'NQ.c.0 15:02']);
    expect(delivered(second.slice(caughtUp))[0]).toBe('ES.c.0 15:03');
  });

  it('a roll at the reconnect (new instrument id): the new contract\'s replayed bars up to the symbol\'s last bar are dropped, ES.c.0 never steps back', async () => {
    const ESM5: ScriptedInstrument = { instrumentId: 100003, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESM5' };
    const esm5 = walk(ESM5.instrumentId, at(14, 20), 20, 5950, 0.25, rng.fork(5));
    const nq = TWENTY.filter((b) => b.instrumentId === NQ.instrumentId);
    const after = merge([esm5, nq]);
    const h = await harness((index) =>
      index === 0
        ? { instruments: [ES, NQ], bars: TWENTY, nowNs: at(14, 20), faults: [{ kind: 'disconnect', before: ref(NQ, at(14, 30)) }] }
        : { instruments: [ESM5, NQ], bars: after, nowNs: at(14, 35) },
    );
    await h.client.start();
    await drive(h, () => h.events.filter((e) => e.type === 'bar' && e.bar.symbol === 'NQ.c.0').length >= 20, 'every NQ bar');
    await waitFor(() => delivered(h.events).includes('ES.c.0 14:39'), 'the last ES bar');
    const es = h.events.flatMap((e) => (e.type === 'bar' && e.bar.symbol === 'ES.c.0' ? [`${iso(e.bar.tsEventNs)} ${e.bar.rawSymbol}`] : []));
    expect(es).toEqual([...Array.from({ length: 11 }, (_, m) => `14:${20 + m} ESH5`), ...Array.from({ length: 9 }, (_, m) => `14:${31 + m} ESM5`)]);
    expect(h.events.filter((e) => e.type === 'roll')).toHaveLength(1);
    // Replay from 14:29 + 1 ns: ESM5 14:30 is new per instrument but not per symbol (ES.c.0 had 14:30 from ESH5): dropped.
    expect(h.client.duplicatesDropped).toBe(1);
  });

  it('an illiquid symbol: the replay reaches back to its last bar, bounded by maxReplayLookbackMs before the newest bar', async () => {
    const CL: ScriptedInstrument = { instrumentId: 100004, subscribedSymbol: 'CL.c.0', rawSymbol: 'CLG5' };
    const cl = walk(CL.instrumentId, at(14, 0), 1, 71.5, 0.01, rng.fork(6));
    const bars = merge([cl, ...[ES, NQ].map((i, k) => walk(i.instrumentId, at(14, 0), 31, 5000 + k * 1000, 0.25, rng.fork(7 + k)))]);
    const symbols = ['ES.c.0', 'NQ.c.0', 'CL.c.0'];
    const sessions = (index: number): ScriptedSessionOptions =>
      index === 0 ? { instruments: [CL, ES, NQ], bars, nowNs: at(14, 0), endNs: at(14, 31) } : { instruments: [CL, ES, NQ], bars, nowNs: at(14, 32) };
    const all = new Map([...SYMBOL_OF, [CL.instrumentId, 'CL.c.0']]);
    for (const [lookbackMs, start] of [
      [undefined, at(14, 0) + 1n],
      [10 * 60_000, at(14, 30) + 1n - 10n * MINUTE_NS],
    ] as const) {
      const h = await harness(sessions, lookbackMs === undefined ? {} : { maxReplayLookbackMs: lookbackMs }, symbols);
      await h.client.start();
      await drive(h, () => h.gateway.connections[1]?.started === true, 'the second session');
      await waitFor(() => h.events.some((e) => e.type === 'caught_up' && e.connection === 2), 'the replay');
      expect(delivered(h.events)).toEqual(expectedOf(bars, all));
      expect(starts(h)).toEqual([undefined, start]);
      await h.client.close();
      await h.gateway.close();
    }
  });

  it('a symbol the gateway could not resolve does not pull the replay back', async () => {
    const h = await harness(
      (index) =>
        index === 0
          ? { instruments: [ES, NQ], bars: TWENTY, nowNs: at(14, 20), notFound: ['ZZ.c.0'], faults: [{ kind: 'disconnect', before: ref(ES, at(14, 31)) }] }
          : { instruments: [ES, NQ], bars: TWENTY, nowNs: at(14, 35), notFound: ['ZZ.c.0'] },
      {},
      ['ES.c.0', 'NQ.c.0', 'ZZ.c.0'],
    );
    await h.client.start();
    await drive(h, () => delivered(h.events).length >= TWENTY.length, 'every bar');
    expect(delivered(h.events)).toEqual(expectedOf(TWENTY));
    expect(starts(h)).toEqual([undefined, at(14, 30) + 1n]);
  });
});

const ES_1432 = TWENTY.find((b) => b.instrumentId === ES.instrumentId && b.tsEventNs === at(14, 32)) as ScriptedBar;
/** Every class of bad record, injected once at ES 14:32 on the first connection. */
const TRANSIENT: readonly { readonly name: string; readonly fault: ScriptedFault; readonly code: string }[] = [
  { name: 'length byte too large', fault: { kind: 'length_byte', at: ref(ES, at(14, 32)), lengthWords: 20 }, code: 'bad_length' },
  { name: 'length byte too small', fault: { kind: 'length_byte', at: ref(ES, at(14, 32)), lengthWords: 13 }, code: 'bad_length' },
  { name: 'truncated record, then FIN', fault: { kind: 'truncate', at: ref(ES, at(14, 32)), keepBytes: 30, then: 'fin' }, code: 'truncated' },
  { name: 'truncated record, then the next record', fault: { kind: 'truncate', at: ref(ES, at(14, 32)), keepBytes: 40, then: 'continue' }, code: 'bad_ohlc' },
  { name: 'unknown rtype', fault: { kind: 'unknown_rtype', before: ref(ES, at(14, 32)) }, code: 'unknown_rtype' },
  { name: 'absurd price', fault: { kind: 'prices', at: ref(ES, at(14, 32)), open: 1e6, high: 1e6, low: 1e6, close: 1e6 }, code: 'price_band' },
  { name: 'broken OHLC', fault: { kind: 'prices', at: ref(ES, at(14, 32)), low: ES_1432.high + 1 }, code: 'bad_ohlc' },
  { name: 'price off the tick grid', fault: { kind: 'prices', at: ref(ES, at(14, 32)), high: ES_1432.high + 0.1 }, code: 'off_tick' },
];

describe('bad records: quarantined with their offset, never delivered, the genuine record replayed', { timeout: 20_000 }, () => {
  const validation = { barValidation: { instruments: { 'ES.c.0': { tickSize: 0.25 }, 'NQ.c.0': { tickSize: 0.25 } } } };
  for (const { name, fault, code } of TRANSIENT) {
    it(`${name} → quarantine ${code} at its stream offset, reconnect, every bar once`, async () => {
      const first: ScriptedSessionOptions = { instruments: [ES, NQ], bars: TWENTY, nowNs: at(14, 20), faults: [fault] };
      const h = await harness((index) => (index === 0 ? first : { instruments: [ES, NQ], bars: TWENTY, nowNs: at(14, 36) }), validation);
      await h.client.start();
      await drive(h, () => delivered(h.events).length >= TWENTY.length, 'every bar');
      expect(delivered(h.events)).toEqual(expectedOf(TWENTY));
      const offset = scriptedSessionBytes(first, undefined).faultOffsets.get(fault);
      const quarantines = h.events.filter((e) => e.type === 'quarantine');
      expect(quarantines).toEqual([
        expect.objectContaining({ code, offset, connection: 1, attempt: 1, instrumentId: ES.instrumentId, tsEventNs: at(14, 32) }),
      ]);
      expect(h.logger.events('databento_quarantine').map((r) => [r.level, r.fields.code, r.fields.offset])).toEqual([['warn', code, offset]]);
      // Nothing from the first connection after the bad record; the replay starts at or before it.
      expect(starts(h)[1]).toBeLessThanOrEqual(at(14, 32));
      expect(h.gateway.connections).toHaveLength(2);
      expect(h.client.status()).toMatchObject({ quarantined: 1, barsRejected: 0 });
      const prices = h.events.flatMap((e) => (e.type === 'bar' ? [e.bar.open, e.bar.high, e.bar.low, e.bar.close] : []));
      expect(Math.max(...prices)).toBeLessThan(30_000);
    });
  }

  it('an absurd price on real 6E bars (1e6): quarantined, the genuine bar replayed; the strategy side never sees it', async () => {
    const SIX_E: ScriptedInstrument = { instrumentId: 42140, subscribedSymbol: '6E.c.0', rawSymbol: '6EH4' };
    const real = load6eMinutes().slice(2000, 2120);
    const bars: ScriptedBar[] = real.map((m) => ({ instrumentId: SIX_E.instrumentId, tsEventNs: BigInt(m.ts - 60_000) * NS_PER_MS, open: m.open, high: m.high, low: m.low, close: m.close, volume: m.volume }));
    const bad = bars[60];
    const fault: ScriptedFault = { kind: 'prices', at: bad, open: 1e6, high: 1e6, low: 1e6, close: 1e6 };
    const first = bars[0].tsEventNs;
    const h = await harness(
      (index) => (index === 0 ? { instruments: [SIX_E], bars, nowNs: first, faults: [fault] } : { instruments: [SIX_E], bars, nowNs: bad.tsEventNs + 10n * MINUTE_NS }),
      { barValidation: { instruments: { '6E.c.0': { tickSize: 0.00005 } }, maxMovePct: 5 } },
      ['6E.c.0'],
      Number(first / NS_PER_MS),
    );
    await h.client.start();
    await drive(h, () => delivered(h.events).length >= bars.length, 'every bar');
    expect(delivered(h.events)).toEqual(expectedOf(bars, new Map([[SIX_E.instrumentId, '6E.c.0']])));
    const delivered60 = h.events.find((e) => e.type === 'bar' && e.bar.tsEventNs === bad.tsEventNs);
    expect(delivered60?.type === 'bar' && delivered60.bar.close).toBe(bad.close);
    expect(h.events.filter((e) => e.type === 'quarantine')).toEqual([expect.objectContaining({ code: 'price_band', attempt: 1, symbol: '6E.c.0', tsEventNs: bad.tsEventNs })]);
    expect(Math.max(...h.events.flatMap((e) => (e.type === 'bar' ? [e.bar.high] : [])))).toBeLessThan(1.2);
  });
});

describe('persistent bad records: bounded and alerted', { timeout: 20_000 }, () => {
  it('the same absurd bar on every replay: quarantined twice, then rejected (error log, counter, never delivered); the stream goes on', async () => {
    const fault: ScriptedFault = { kind: 'prices', at: ref(ES, at(14, 32)), open: 1e6, high: 1e6, low: 1e6, close: 1e6 };
    const h = await harness((index) => ({ instruments: [ES, NQ], bars: TWENTY, nowNs: index === 0 ? at(14, 20) : at(14, 36), faults: [fault] }));
    await h.client.start();
    await drive(h, () => delivered(h.events).length >= TWENTY.length - 1, 'every other bar');
    expect(delivered(h.events)).toEqual(expectedOf(TWENTY).filter((b) => b !== 'ES.c.0 14:32'));
    expect(h.events.filter((e) => e.type === 'quarantine').map((e) => (e.type === 'quarantine' ? [e.code, e.attempt, e.connection] : []))).toEqual([
      ['price_band', 1, 1],
      ['price_band', 2, 2],
    ]);
    const rejected = h.events.filter((e) => e.type === 'bar_rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ code: 'price_band', attempts: 3, bar: { symbol: 'ES.c.0', tsEventNs: at(14, 32), close: 1e6 } });
    expect(h.logger.events('databento_bar_rejected')).toMatchObject([{ level: 'error', fields: { code: 'price_band', attempts: 3, symbol: 'ES.c.0', tsEventNs: at(14, 32) } }]);
    expect(h.client.status()).toMatchObject({ quarantined: 2, barsRejected: 1 });
    expect(h.gateway.connections).toHaveLength(3);
    h.clock.advance(60_000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(h.gateway.connections).toHaveLength(3);
  });

  it('a bar whose ts_event is damaged the same way every time: rejected, and its (future) time does not make later bars look replayed', async () => {
    const fault: ScriptedFault = { kind: 'prices', at: ref(ES, at(14, 32)), tsEventNs: at(16, 32) + 4096n };
    const h = await harness((index) => ({ instruments: [ES, NQ], bars: TWENTY, nowNs: index === 0 ? at(14, 20) : at(14, 36), faults: [fault] }));
    await h.client.start();
    await drive(h, () => delivered(h.events).length >= TWENTY.length - 1, 'every other bar');
    expect(delivered(h.events)).toEqual(expectedOf(TWENTY).filter((b) => b !== 'ES.c.0 14:32'));
    expect(h.events.filter((e) => e.type === 'bar_rejected').map((e) => (e.type === 'bar_rejected' ? e.code : ''))).toEqual(['bad_timestamp']);
  });

  it('a symbol that fails one check bar after bar (a wrong tick size in the config): after 3 rejections, rejected at once without reconnecting', async () => {
    const h = await harness((index) => ({ instruments: [ES, NQ], bars: TWENTY, nowNs: index === 0 ? at(14, 20) : at(14, 40) }), {
      barValidation: { instruments: { 'NQ.c.0': { tickSize: 1000 } } },
    });
    await h.client.start();
    await drive(h, () => delivered(h.events).length >= 20 && h.events.filter((e) => e.type === 'bar_rejected').length >= 20, 'every bar delivered or rejected');
    expect(delivered(h.events)).toEqual(expectedOf(TWENTY).filter((b) => b.startsWith('ES')));
    const rejected = h.events.flatMap((e) => (e.type === 'bar_rejected' ? [[e.code, iso(e.bar.tsEventNs), e.attempts]] : []));
    expect(rejected.map((r) => r[0])).toEqual(Array(20).fill('off_tick'));
    // Each NQ bar costs reconnects until 3 were rejected in a row; from then on none.
    expect(rejected.slice(0, 4).map((r) => r[2])).toEqual([3, 3, 3, 0]);
    expect(h.gateway.connections).toHaveLength(1 + 3 * 2);
  });

  it('the same broken framing on every replay: fatal feed_corrupt after 3 tries (the run stops; nothing is guessed)', async () => {
    const fault: ScriptedFault = { kind: 'length_byte', at: ref(ES, at(14, 32)), lengthWords: 20 };
    const h = await harness((index) => ({ instruments: [ES, NQ], bars: TWENTY, nowNs: index === 0 ? at(14, 20) : at(14, 36), faults: [fault] }));
    await h.client.start();
    await drive(h, () => false, 'fatal');
    const fatal = h.events.find((e) => e.type === 'fatal');
    expect(fatal?.type === 'fatal' && fatal.error.code).toBe('feed_corrupt');
    expect(fatal?.type === 'fatal' && fatal.error.message).toMatch(/the same broken record came 3 times \(record type 0x21 of 80 bytes \(length byte 20\), expected 56 \(length byte 14\) in DBN v3, at stream byte \d+\): the feed cannot be read past it/);
    expect(h.events.filter((e) => e.type === 'quarantine').map((e) => (e.type === 'quarantine' ? e.attempt : 0))).toEqual([1, 2, 3]);
    expect(h.logger.events('databento_fatal')).toHaveLength(1);
    expect(delivered(h.events)).toEqual(expectedOf(TWENTY).slice(0, 24));
    expect(h.gateway.connections).toHaveLength(3);
  });

  it('an unknown record type the gateway keeps sending: stepped over after 3 tries, and from then on without reconnecting', async () => {
    const faults: ScriptedFault[] = [
      { kind: 'unknown_rtype', before: ref(ES, at(14, 32)) },
      { kind: 'unknown_rtype', before: ref(NQ, at(14, 37)) },
    ];
    const h = await harness((index) => ({ instruments: [ES, NQ], bars: TWENTY, nowNs: index === 0 ? at(14, 20) : at(14, 36), faults }));
    await h.client.start();
    await drive(h, () => delivered(h.events).length >= TWENTY.length, 'every bar');
    expect(delivered(h.events)).toEqual(expectedOf(TWENTY));
    expect(h.client.status()).toMatchObject({ quarantined: 2, unknownRecordsSkipped: 2 });
    expect(h.gateway.connections).toHaveLength(3);
  });
});

describe('caught up and stream time', { timeout: 20_000 }, () => {
  it('a warm-up replay on the first connection: bars first, then caught_up (replay_completed), then live bars; stream_time moves forward only', async () => {
    const bars = merge([walk(ES.instrumentId, at(14, 0), 40, 5900, 0.25, rng.fork(11))]);
    const h = await harness(() => ({ instruments: [ES], bars, nowNs: at(14, 30), heartbeatAtEnd: true }), { initialStartNs: at(14, 0) }, ['ES.c.0']);
    await h.client.start();
    expect(h.client.isCaughtUp).toBe(false);
    await waitFor(() => delivered(h.events).length === 40, 'every bar');
    await waitFor(() => h.events.some((e) => e.type === 'heartbeat'), 'heartbeat');
    const kinds = h.events.map((e) => (e.type === 'bar' ? `bar ${iso(e.bar.tsEventNs)}` : e.type));
    const caughtUp = kinds.indexOf('caught_up');
    expect(kinds[caughtUp - 1]).toBe('system');
    expect(kinds.slice(0, caughtUp).filter((k) => k.startsWith('bar'))).toHaveLength(30); // 14:00 … 14:29, closed by 14:30
    expect(h.events[caughtUp]).toEqual({ type: 'caught_up', connection: 1, via: 'replay_completed', tsNs: at(14, 30) });
    const times = h.events.flatMap((e) => (e.type === 'stream_time' ? [e.tsNs] : []));
    expect(times).toEqual([at(14, 30), at(14, 40)]);
    expect(h.client.status()).toMatchObject({ connected: true, caughtUp: true, streamTimeNs: at(14, 40), replayFromNs: at(14, 0) });
    await h.client.close();
    expect(h.client.status()).toMatchObject({ connected: false, caughtUp: false });
  });
});

describe('property: random disconnects and transient bad records over 300 minutes of 3 symbols', { timeout: 60_000 }, () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: every minute exactly once per symbol, in order per symbol`, async () => {
      const r = new Rng(seed);
      const SIX_E: ScriptedInstrument = { instrumentId: 42140, subscribedSymbol: '6E.c.0', rawSymbol: '6EH4' };
      // Real 6E minutes (with their real gaps: minutes without trades have no bar), moved onto the test's clock.
      const real = load6eMinutes();
      const from = real.findIndex((m) => m.ts >= Date.UTC(2024, 0, 3, 13, 0));
      const shiftNs = at(14, 0) - BigInt(real[from].ts - 60_000) * NS_PER_MS;
      const sixE: ScriptedBar[] = real
        .slice(from)
        .filter((m) => BigInt(m.ts - 60_000) * NS_PER_MS + shiftNs < at(14, 0) + 300n * MINUTE_NS)
        .map((m) => ({ instrumentId: SIX_E.instrumentId, tsEventNs: BigInt(m.ts - 60_000) * NS_PER_MS + shiftNs, ...m }));
      const es = walk(ES.instrumentId, at(14, 0), 300, 5900, 0.25, r.fork(1));
      const nq = walk(NQ.instrumentId, at(14, 0), 300, 21100, 0.25, r.fork(2), 0.3);
      const orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
      const bars = merge([es, nq, sixE], () => orders[r.int(orders.length)]);
      const instruments = [ES, NQ, SIX_E];
      const symbolOf = new Map([...SYMBOL_OF, [SIX_E.instrumentId, '6E.c.0']]);
      // Connections: each runs from its `now` to a random cut; the next starts after a random outage.
      const sessions: ScriptedSessionOptions[] = [];
      let now = at(14, 0);
      const end = at(14, 0) + 300n * MINUTE_NS;
      const faultKinds = ['disconnect', 'length_byte', 'truncate_fin', 'truncate', 'unknown_rtype', 'prices'];
      while (now < end) {
        const live = bars.filter((b) => b.tsEventNs + MINUTE_NS > now);
        if (live.length < 4) break;
        const victim = live[1 + r.int(Math.min(live.length - 2, 40))];
        const v = { instrumentId: victim.instrumentId, tsEventNs: victim.tsEventNs };
        const kind = faultKinds[r.int(faultKinds.length)];
        const fault: ScriptedFault =
          kind === 'disconnect'
            ? { kind: 'disconnect', before: v }
            : kind === 'length_byte'
              ? { kind: 'length_byte', at: v, lengthWords: [4, 13, 15, 20, 255][r.int(5)] }
              : kind === 'truncate_fin'
                ? { kind: 'truncate', at: v, keepBytes: 1 + r.int(55), then: 'fin' }
                : kind === 'truncate'
                  ? { kind: 'truncate', at: v, keepBytes: 16 + 4 * r.int(10), then: 'continue' }
                  : kind === 'unknown_rtype'
                    ? { kind: 'unknown_rtype', before: v }
                    : { kind: 'prices', at: v, open: victim.open * 3, high: victim.high * 3, low: victim.low * 3, close: victim.close * 3 };
        sessions.push({ instruments, bars, nowNs: now, faults: [fault] });
        now = victim.tsEventNs + MINUTE_NS + BigInt(r.int(8)) * MINUTE_NS + BigInt(r.int(60_000)) * NS_PER_MS;
      }
      sessions.push({ instruments, bars, nowNs: now });
      const firstClose = (id: number): number => (bars.find((b) => b.instrumentId === id) as ScriptedBar).close;
      const barValidation = {
        instruments: {
          'ES.c.0': { tickSize: 0.25, referenceClose: firstClose(ES.instrumentId) },
          'NQ.c.0': { tickSize: 0.25, referenceClose: firstClose(NQ.instrumentId) },
          '6E.c.0': { tickSize: 0.00005, referenceClose: firstClose(SIX_E.instrumentId) },
        },
      };
      const h = await harness((index) => sessions[Math.min(index, sessions.length - 1)], { barValidation }, ['ES.c.0', 'NQ.c.0', '6E.c.0']);
      await h.client.start();
      await drive(h, () => delivered(h.events).length >= bars.length || h.gateway.connections.length > sessions.length, 'every bar');
      await waitFor(() => h.gateway.connections.length >= sessions.length, 'the last session');
      await waitFor(() => delivered(h.events).length >= bars.length, 'every bar of the last session');
      const got = delivered(h.events);
      for (const symbol of ['ES.c.0', 'NQ.c.0', '6E.c.0']) {
        expect(got.filter((b) => b.startsWith(`${symbol} `)), symbol).toEqual(expectedOf(bars, symbolOf).filter((b) => b.startsWith(`${symbol} `)));
      }
      expect(got).toHaveLength(bars.length);
      // And each with the genuine values (no corrupted copy got through, no genuine one was lost).
      const genuine = new Map(bars.map((b) => [`${symbolOf.get(b.instrumentId)} ${b.tsEventNs}`, b]));
      for (const e of h.events) {
        if (e.type !== 'bar') continue;
        const g = genuine.get(`${e.bar.symbol} ${e.bar.tsEventNs}`) as ScriptedBar;
        expect([e.bar.open, e.bar.high, e.bar.low, e.bar.close, e.bar.volume]).toEqual([g.open, g.high, g.low, g.close, g.volume]);
      }
      expect(h.gateway.connections).toHaveLength(sessions.length);
      expect(h.client.status().barsRejected).toBe(0);
      expect(sessions.length).toBeGreaterThan(10);
    });
  }
});
