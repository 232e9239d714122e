import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../live-clock.ts';
import { MemoryLogger } from '../logger.ts';
import { Secret } from '../secret.ts';
import { FakeDatabentoGateway } from '../testing/fake-databento-gateway.ts';
import type { FakeGatewaySessionPlan } from '../testing/fake-databento-gateway.ts';
import { waitFor } from '../testing/wait-for.ts';
import { DatabentoLiveClient, gatewayHost } from './databento-live-client.ts';
import type { DatabentoLiveOptions, LiveFeedEvent } from './databento-live-client.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const VECTORS = `${SHARED}specs/vectors/`;
const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const LIVE = readFileSync(`${VECTORS}live_stream_sample.dbn`);
const LIVE_ZST = readFileSync(`${VECTORS}live_stream_sample.dbn.zst`);
const MALFORMED = readFileSync(`${VECTORS}malformed_zero_length.dbn`);

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

async function harness(plan: (index: number) => FakeGatewaySessionPlan, options: Partial<DatabentoLiveOptions> = {}): Promise<Harness> {
  gateway = new FakeDatabentoGateway({ apiKeys: [KEY], plan });
  const port = await gateway.listen();
  const events: LiveFeedEvent[] = [];
  const clock = new FakeClock(Date.UTC(2025, 0, 2, 14, 29, 55));
  const logger = new MemoryLogger();
  client = new DatabentoLiveClient({
    apiKey: new Secret('DATABENTO_API_KEY', KEY),
    dataset: 'GLBX.MDP3',
    subscriptions: [{ schema: 'ohlcv-1m', stypeIn: 'continuous', symbols: ['ES.c.0', 'NQ.c.0'] }],
    host: '127.0.0.1',
    port,
    clock,
    logger,
    onEvent: (event) => events.push(event),
    ...options,
  });
  return { gateway, client, events, clock, logger };
}

/** A compact description of the events for comparing runs. */
function summary(events: readonly LiveFeedEvent[]): string[] {
  return events.map((e) => {
    switch (e.type) {
      case 'bar':
        return `bar ${e.bar.symbol} ${e.bar.rawSymbol} ${e.bar.instrumentId} ${new Date(e.bar.ts).toISOString()} ${e.bar.open} ${e.bar.high} ${e.bar.low} ${e.bar.close} ${e.bar.volume}`;
      case 'symbol_mapping':
        return `mapping ${e.instrument.instrumentId} ${e.instrument.subscribedSymbol} ${e.instrument.rawSymbol}`;
      case 'roll':
        return `roll ${e.symbol} ${e.from.instrumentId}/${e.from.rawSymbol} -> ${e.to.instrumentId}/${e.to.rawSymbol}`;
      case 'system':
        return `system ${e.code} ${e.message}`;
      case 'gateway_error':
        return `error ${e.code} ${e.message}`;
      case 'metadata':
        return `metadata v${e.metadata.version} ${e.metadata.dataset}`;
      case 'connected':
        return `connected ${e.sessionId}`;
      case 'gap':
        return `gap ${e.fromNs} ${e.toNs} replay ${String(e.replayFromNs)}`;
      case 'caught_up':
        return `caught_up ${e.via}`;
      case 'stream_time':
        return `stream_time ${e.tsNs}`;
      case 'quarantine':
        return `quarantine ${e.code} @${e.offset} #${e.attempt}`;
      default:
        return e.type;
    }
  });
}

/** Scenario 4's expected events (values from live_stream_sample.expected.json). */
const SCENARIO_4 = [
  'connected 1',
  'caught_up no_replay',
  'metadata v3 GLBX.MDP3',
  'stream_time 1735828196000000000',
  'system 1 Subscription request 1 for ohlcv-1m data succeeded',
  'mapping 100001 ES.c.0 ESH5',
  'mapping 100002 NQ.c.0 NQH5',
  'bar ES.c.0 ESH5 100001 2025-01-02T14:31:00.000Z 5900.25 5901.5 5899.75 5901 1523',
  'bar NQ.c.0 NQH5 100002 2025-01-02T14:31:00.000Z 21100.5 21112.75 21099 21108.25 874',
  'stream_time 1735828230000000000',
  'heartbeat',
  'mapping 100003 ES.c.0 ESM5',
  'roll ES.c.0 100001/ESH5 -> 100003/ESM5',
  'bar ES.c.0 ESM5 100003 2025-01-02T14:33:00.000Z 5950 5951.25 5949.5 5951 2011',
  'bar NQ.c.0 NQH5 100002 2025-01-02T14:33:00.000Z 21110 21115 21107.5 21112.5 903',
  'error 4 Failed to resolve symbol: ZZ.c.0',
];

describe('DatabentoLiveClient against a loopback fake gateway (spec §4)', { timeout: 15_000 }, () => {
  it('gateway host from the dataset (§2.1)', () => {
    expect(gatewayHost('GLBX.MDP3')).toBe('glbx-mdp3.lsg.databento.com');
  });

  it('1 + 3: authenticates with one exact auth line, subscribes, starts the session', async () => {
    const h = await harness(() => ({}), { heartbeatIntervalS: 5 });
    await expect(h.client.start()).resolves.toBe('1');
    await waitFor(() => h.gateway.connections[0]?.started === true, 'start_session');
    const lines = h.gateway.connections[0].lines;
    const auth = lines.filter((l) => l.includes('auth='));
    expect(auth).toHaveLength(1);
    const fields = new Map(auth[0].split('|').map((p) => p.split('=') as [string, string]));
    expect(fields.get('auth')).toBe('e05e860ceb96900930cb51818531fbff60212e3b9f77120bd48f09dd1f8b0a29-ABCDE');
    expect(fields.get('dataset')).toBe('GLBX.MDP3');
    expect(fields.get('encoding')).toBe('dbn');
    expect(fields.get('ts_out')).toBe('0');
    expect(fields.get('compression')).toBe('none');
    expect(fields.get('heartbeat_interval_s')).toBe('5');
    expect(lines.slice(1)).toEqual(['schema=ohlcv-1m|stype_in=continuous|symbols=ES.c.0,NQ.c.0|snapshot=0|id=1|is_last=1', 'start_session']);
  });

  it('3: more than 500 symbols are split into lines of at most 500, is_last=1 only on the last', async () => {
    const symbols = Array.from({ length: 1001 }, (_, i) => `S${i}`);
    const h = await harness(() => ({}), { subscriptions: [{ schema: 'ohlcv-1m', stypeIn: 'raw_symbol', symbols }] });
    await h.client.start();
    await waitFor(() => h.gateway.connections[0]?.started === true, 'start_session');
    const lines = h.gateway.connections[0].lines.slice(1, -1);
    expect(lines.map((l) => [l.split('|').find((p) => p.startsWith('symbols='))?.split(',').length, l.split('|').filter((p) => /^(id|is_last)=/.test(p)).join('|')])).toEqual([
      [500, 'id=1|is_last=0'],
      [500, 'id=2|is_last=0'],
      [1, 'id=3|is_last=1'],
    ]);
    expect(lines.flatMap((l) => (l.split('|').find((p) => p.startsWith('symbols=')) ?? '').slice(8).split(','))).toEqual(symbols);
  });

  it('1b: greeting and challenge in one write', async () => {
    const h = await harness(() => ({ coalesceGreeting: true }));
    await expect(h.client.start()).resolves.toBe('1');
  });

  it('2: authentication failure rejects start with the gateway text and never reconnects', async () => {
    const h = await harness(() => ({ refuseAuth: true }));
    await expect(h.client.start()).rejects.toThrow('Authentication failed.');
    await waitFor(() => h.events.some((e) => e.type === 'fatal' || e.type === 'disconnected'), 'close');
    h.clock.advance(120_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(h.gateway.connections).toHaveLength(1);
    expect(h.events.some((e) => e.type === 'reconnecting')).toBe(false);
  });

  it('2b: a missing CRAM challenge is an error and the connection is closed', async () => {
    const h = await harness(() => ({ replaceChallengeLine: 'hello' }));
    await expect(h.client.start()).rejects.toThrow('no CRAM challenge');
    await waitFor(() => h.gateway.connections[0].lines.length === 0 && h.events.some((e) => e.type === 'disconnected'), 'disconnect');
    expect(h.gateway.connections[0].lines).toEqual([]);
  });

  it('4: mappings, bars stamped at close, heartbeat, roll and a gateway error while staying connected', async () => {
    const h = await harness(() => ({ data: LIVE }));
    await h.client.start();
    await waitFor(() => h.events.some((e) => e.type === 'gateway_error'), 'error record');
    expect(summary(h.events)).toEqual(SCENARIO_4);
    expect(h.client.isStreaming).toBe(true);
  });

  it('4 with compression=zstd: the same events from the .dbn.zst bytes', async () => {
    const h = await harness(() => ({ data: LIVE_ZST, chunkSize: 17 }), { compression: 'zstd' });
    await h.client.start();
    await waitFor(() => h.events.some((e) => e.type === 'gateway_error'), 'error record');
    expect(h.gateway.connections[0].lines[0]).toContain('compression=zstd');
    expect(summary(h.events)).toEqual(SCENARIO_4);
  });

  it('7c: the same events when the bytes arrive in 1–7 byte pieces', async () => {
    const h = await harness(() => ({ data: LIVE, chunkSize: 7, varyChunks: true }));
    await h.client.start();
    await waitFor(() => h.events.some((e) => e.type === 'gateway_error'), 'error record');
    expect(summary(h.events)).toEqual(SCENARIO_4);
  });

  it('5: silence beyond heartbeat interval + margin declares the session dead and reconnects', async () => {
    const h = await harness(() => ({ data: LIVE.subarray(0, 128) }), { heartbeatIntervalS: 5, heartbeatMarginMs: 500 });
    await h.client.start();
    await waitFor(() => h.events.some((e) => e.type === 'metadata'), 'metadata');
    h.clock.advance(5_499);
    expect(h.events.some((e) => e.type === 'disconnected')).toBe(false);
    h.clock.advance(1);
    await waitFor(() => h.events.some((e) => e.type === 'reconnecting'), 'reconnect');
    const disconnected = h.events.find((e) => e.type === 'disconnected');
    expect(disconnected).toMatchObject({ reason: 'heartbeat timeout: nothing received for 5500 ms' });
    expect(h.events.find((e) => e.type === 'reconnecting')).toEqual({ type: 'reconnecting', attempt: 1, delayMs: 1000 });
    h.clock.advance(1000);
    await waitFor(() => h.gateway.connections.length === 2 && h.gateway.connections[1].started, 'second session');
  });

  it('a heartbeat record resets the watchdog (liveness is any byte)', async () => {
    const h = await harness(() => ({ data: LIVE.subarray(0, 128) }), { heartbeatIntervalS: 5, heartbeatMarginMs: 500 });
    await h.client.start();
    await waitFor(() => h.events.some((e) => e.type === 'metadata'), 'metadata');
    h.clock.advance(4_000);
    h.gateway.broadcast(LIVE.subarray(912, 1232)); // the heartbeat SystemMsg of the sample stream
    await waitFor(() => h.events.some((e) => e.type === 'heartbeat'), 'heartbeat');
    h.clock.advance(5_000);
    expect(h.events.some((e) => e.type === 'disconnected')).toBe(false);
    h.clock.advance(500);
    await waitFor(() => h.events.some((e) => e.type === 'disconnected'), 'timeout after the heartbeat');
  });

  it('6: EOF mid-session → backoff, new CRAM answer, resubscribe with replay start, no duplicate bars, one gap', async () => {
    const h = await harness((index) =>
      index === 0
        ? { data: LIVE.subarray(0, 912), endAfterData: true }
        : { challenge: '0123456789abcdef0123456789abcdef', data: LIVE },
    );
    await h.client.start();
    await waitFor(() => h.events.some((e) => e.type === 'reconnecting'), 'reconnecting');
    h.clock.advance(1000);
    await waitFor(() => h.events.some((e) => e.type === 'gateway_error'), 'rest of the stream');
    const second = h.gateway.connections[1].lines;
    expect(second[0]).toContain('auth=54f18e8cdab3a6f1298c76b6c4d306cbe73d883a9947068877fba3be1512106d-ABCDE');
    expect(second[1]).toBe('schema=ohlcv-1m|stype_in=continuous|symbols=ES.c.0,NQ.c.0|snapshot=0|start=1735828200000000001|id=1|is_last=1');
    expect(second[2]).toBe('start_session');
    const s = summary(h.events);
    expect(s.filter((line) => line.startsWith('bar '))).toEqual(SCENARIO_4.filter((line) => line.startsWith('bar ')));
    expect(s.filter((line) => line.startsWith('roll '))).toHaveLength(1);
    expect(s.filter((line) => line.startsWith('gap '))).toEqual(['gap 1735828200000000000 1735828195000000000 replay 1735828200000000001']);
    expect(s.filter((line) => line === 'reconnecting')).toHaveLength(1);
    expect(h.client.duplicatesDropped).toBe(2);
    expect(s.slice(0, 11)).toEqual([...SCENARIO_4.slice(0, 9), 'disconnected', 'reconnecting']);
    // The second session asked for a replay: not caught up at `connected`; this stream has no
    // replay_completed, and its heartbeat (the gateway fell silent) is the evidence.
    expect(s.slice(11, 14)).toEqual(['connected 2', 'gap 1735828200000000000 1735828195000000000 replay 1735828200000000001', 'metadata v3 GLBX.MDP3']);
    expect(s.filter((x) => x.startsWith('caught_up'))).toEqual(['caught_up no_replay', 'caught_up heartbeat']);
    expect(s.indexOf('caught_up heartbeat')).toBe(s.lastIndexOf('heartbeat') + 1);
    expect(h.client.status()).toMatchObject({ connected: true, caughtUp: true, connection: 2, replayFromNs: 1735828200000000001n, streamTimeNs: 1735828230000000000n, duplicatesDropped: 2 });
  });

  it('6 without replay: the resubscription has no start', async () => {
    const h = await harness((index) => (index === 0 ? { data: LIVE.subarray(0, 912), endAfterData: true } : { data: LIVE }), { replayOnReconnect: false });
    await h.client.start();
    await waitFor(() => h.events.some((e) => e.type === 'reconnecting'), 'reconnecting');
    h.clock.advance(1000);
    await waitFor(() => h.gateway.connections[1]?.started === true, 'second session');
    expect(h.gateway.connections[1].lines[1]).not.toContain('start=');
  });

  it('6 before any bar: the resubscription asks again for the first connection\'s replay start', async () => {
    const h = await harness((index) => (index === 0 ? { data: LIVE.subarray(0, 400), endAfterData: true } : { data: LIVE }), { initialStartNs: 1735828140000000000n });
    await h.client.start();
    await waitFor(() => h.gateway.connections[0].started, 'first session');
    expect(h.gateway.connections[0].lines[1]).toContain('|start=1735828140000000000|');
    await waitFor(() => h.events.some((e) => e.type === 'reconnecting'), 'reconnecting');
    expect(h.events.some((e) => e.type === 'bar')).toBe(false);
    h.clock.advance(1000);
    await waitFor(() => h.gateway.connections[1]?.started === true, 'second session');
    expect(h.gateway.connections[1].lines[1]).toBe('schema=ohlcv-1m|stype_in=continuous|symbols=ES.c.0,NQ.c.0|snapshot=0|start=1735828140000000000|id=1|is_last=1');
  });

  it('6b: authentication refused on reconnect stops with a fatal error', async () => {
    const h = await harness((index) => (index === 0 ? { data: LIVE.subarray(0, 912), endAfterData: true } : { refuseAuth: true }));
    await h.client.start();
    await waitFor(() => h.events.some((e) => e.type === 'reconnecting'), 'reconnecting');
    h.clock.advance(1000);
    await waitFor(() => h.events.some((e) => e.type === 'fatal'), 'fatal');
    const fatal = h.events.find((e) => e.type === 'fatal');
    expect(fatal?.type === 'fatal' && fatal.error.message).toContain('Authentication failed.');
    h.clock.advance(600_000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(h.gateway.connections).toHaveLength(2);
  });

  it('backoff doubles while reconnects fail, capped at maxDelayMs', async () => {
    const h = await harness((index) => (index === 0 ? { data: LIVE.subarray(0, 912), endAfterData: true } : { replaceChallengeLine: 'hello' }), {
      reconnect: { initialDelayMs: 100, maxDelayMs: 350 },
    });
    await h.client.start();
    for (let k = 1; k <= 4; k++) {
      await waitFor(() => h.events.filter((e) => e.type === 'reconnecting').length === k, `attempt ${k}`);
      h.clock.advance(1000);
    }
    expect(h.events.filter((e) => e.type === 'reconnecting').map((e) => (e.type === 'reconnecting' ? e.delayMs : 0))).toEqual([100, 200, 350, 350]);
  });

  it('7: malformed record → the valid bar, a fatal decode error, the socket closed, then reconnect', async () => {
    const h = await harness(() => ({ data: MALFORMED }));
    await h.client.start();
    await waitFor(() => h.events.some((e) => e.type === 'reconnecting'), 'reconnect');
    const s = summary(h.events);
    expect(s.filter((x) => x.startsWith('bar '))).toHaveLength(1);
    expect(h.events.find((e) => e.type === 'decode_error')).toEqual({ type: 'decode_error', code: 'bad_length', message: 'impossible record length 0 (< 16-byte header)', offset: 640, fatal: true });
    expect(summary(h.events)).toContain('quarantine bad_length @640 #1');
    expect(h.logger.events('databento_quarantine')).toEqual([
      { level: 'warn', event: 'databento_quarantine', fields: { code: 'bad_length', message: 'impossible record length 0 (< 16-byte header)', offset: 640, connection: 1, attempt: 1, instrumentId: 100002, tsEventNs: 1735828200000000000n } },
    ]);
    expect(h.events.find((e) => e.type === 'disconnected')).toMatchObject({ reason: 'decode error: impossible record length 0 (< 16-byte header)' });
  });

  it('7b: an unknown rtype is quarantined at its offset (nothing after it decoded), the replay brings the next bar once; a type the gateway keeps sending is stepped over', async () => {
    const unknown = new Uint8Array(32);
    unknown.set([0x08, 0xee, 0x01, 0x00, 0xa2, 0x86, 0x01, 0x00]);
    const data = Buffer.concat([LIVE.subarray(0, 128), LIVE.subarray(800, 856), unknown, LIVE.subarray(856, 912)]);
    // The gateway sends the same bytes every time (it does not honour `start`): the third time, the type is stepped over.
    const h = await harness(() => ({ data }));
    await h.client.start();
    for (let k = 1; k <= 2; k++) {
      await waitFor(() => h.events.filter((e) => e.type === 'reconnecting').length === k, `reconnect ${k}`);
      h.clock.advance(1000);
    }
    await waitFor(() => h.events.filter((e) => e.type === 'bar').length === 2, 'two bars');
    expect(h.events.filter((e) => e.type === 'bar').map((e) => (e.type === 'bar' ? e.bar.instrumentId : 0))).toEqual([100001, 100002]);
    expect(summary(h.events).filter((x) => x.startsWith('quarantine'))).toEqual(['quarantine unknown_rtype @184 #1', 'quarantine unknown_rtype @184 #2']);
    expect(h.client.status()).toMatchObject({ quarantined: 2, unknownRecordsSkipped: 1, duplicatesDropped: 2 });
    expect(h.logger.events('databento_unknown_rtype_skipped')).toMatchObject([{ level: 'error', fields: { rtype: 0xee, offset: 184, attempts: 3 } }]);
    expect(h.gateway.connections).toHaveLength(3);
  });

  it('close() sends FIN and emits closed; no reconnect afterwards', async () => {
    const h = await harness(() => ({ data: LIVE }));
    await h.client.start();
    await h.client.close();
    expect(h.events.at(-1)).toEqual({ type: 'closed' });
    await waitFor(() => h.gateway.connections[0].ended, 'FIN at the server');
    h.clock.advance(60_000);
    expect(h.events.some((e) => e.type === 'reconnecting')).toBe(false);
  });

  it('never logs the API key, even across failures and reconnects', async () => {
    const h = await harness((index) => (index === 0 ? { data: LIVE.subarray(0, 912), endAfterData: true } : { refuseAuth: true }));
    await h.client.start();
    await waitFor(() => h.events.some((e) => e.type === 'reconnecting'), 'reconnecting');
    h.clock.advance(1000);
    await waitFor(() => h.events.some((e) => e.type === 'fatal'), 'fatal');
    const text = h.logger.text() + JSON.stringify(h.events, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    expect(h.logger.records.length).toBeGreaterThan(5);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(KEY.slice(3, 20));
  });
});
