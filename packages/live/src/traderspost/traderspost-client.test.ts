import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryLogger, Secret, WallClock } from '@rooney/databento';
import { FakeTradersPostServer } from '../testing/fake-traderspost-server.ts';
import type { FakeWebhookReply, FakeWebhookRequest } from '../testing/fake-traderspost-server.ts';
import { TradersPostClient } from './traderspost-client.ts';
import type { AttemptOutcome, TradersPostSignal } from './traderspost-signal.ts';

const PASSWORD = 's3cretPassw0rd';
let server: FakeTradersPostServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(reply?: (request: FakeWebhookRequest, index: number) => FakeWebhookReply | undefined, maxAttempts = 3, timeoutMs = 10_000) {
  server = new FakeTradersPostServer({ ...(reply !== undefined ? { reply } : {}), broker: true });
  const url = await server.listen();
  const logger = new MemoryLogger();
  const client = new TradersPostClient({ webhookUrl: new Secret('TRADERSPOST_WEBHOOK_URL', url), clock: new WallClock(), logger, retryDelayMs: 1, maxAttempts, timeoutMs });
  return { server, client, logger, url };
}

const BUY: TradersPostSignal = {
  ticker: 'ESH5',
  action: 'buy',
  sentiment: 'bullish',
  quantity: 1,
  orderType: 'limit',
  limitPrice: 5900.25,
  timeInForce: 'day',
  price: 5900.5,
  time: '2025-01-02T14:31:00.000Z',
  extras: { strategy: 'ibs', order_id: 7 },
};
const EXIT: TradersPostSignal = { ticker: 'ESH5', action: 'exit', sentiment: 'flat', orderType: 'market', extras: { strategy: 'ibs', order_id: 8 } };

/** Records the attempt hooks in order. */
function journal(): { events: string[]; options: { safeToResend: boolean; onAttemptStart: (n: number) => void; onAttemptEnd: (n: number, o: AttemptOutcome) => void } } {
  const events: string[] = [];
  return {
    events,
    options: {
      safeToResend: false,
      onAttemptStart: (n) => events.push(`start ${n}`),
      onAttemptEnd: (n, o) => events.push(`end ${n} ${o.outcome}${o.status !== undefined ? ` ${o.status}` : ''}`),
    },
  };
}

describe('TradersPostClient against a loopback fake (spec §5)', () => {
  it('POSTs the exact JSON body to the webhook path with Content-Type application/json', async () => {
    const { server, client } = await setup();
    const result = await client.send(BUY, 'run1-7');
    expect(result).toEqual({ ok: true, outcome: 'acknowledged', status: 200, attempts: 1, id: '00000000-0000-4000-8000-000000000001', logId: '00000000-0000-4000-8000-000000000001' });
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0];
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/trading/webhook/0b6d1f43-0000-4000-8000-000000000001/${PASSWORD}`);
    expect(request.contentType).toBe('application/json');
    expect(request.body).toEqual({
      ticker: 'ESH5',
      action: 'buy',
      sentiment: 'bullish',
      quantity: 1,
      orderType: 'limit',
      limitPrice: 5900.25,
      timeInForce: 'day',
      price: 5900.5,
      time: '2025-01-02T14:31:00.000Z',
      extras: { strategy: 'ibs', order_id: 7, signal_id: 'run1-7' },
    });
  });

  it('a 4xx answer is final: no retry, the TradersPost messageCode and message are returned', async () => {
    const { server, client } = await setup(() => ({ status: 400, body: { success: false, messageCode: 'invalid-action', message: 'Invalid action.' } }));
    const result = await client.send(BUY, 'a');
    expect(result).toEqual({ ok: false, outcome: 'rejected', status: 400, attempts: 1, messageCode: 'invalid-action', message: 'Invalid action.' });
    expect(server.requests).toHaveLength(1);
  });

  it('an entry answered 5xx after the receiver executed it is never re-sent: outcome unknown, one order at the broker', async () => {
    const { server, client } = await setup(() => ({ status: 502, body: '<html>Bad gateway</html>' }));
    const { events, options } = journal();
    const result = await client.send(BUY, 'b', options);
    expect(result).toMatchObject({ ok: false, outcome: 'unknown', status: 502, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expect(server.broker?.executed.map((e) => e.action)).toEqual(['buy']);
    expect(events).toEqual(['start 1', 'end 1 unknown 502']);
  });

  it('an entry whose answer never comes (the receiver hangs) times out as unknown and is not re-sent', async () => {
    const { server, client } = await setup(() => ({ fault: 'hang' }), 3, 300);
    const result = await client.send(BUY, 'h');
    expect(result).toMatchObject({ ok: false, outcome: 'unknown', attempts: 1, message: 'timeout after 300 ms' });
    expect(server.requests).toHaveLength(1);
    expect(server.broker?.position('ESH5')).toBe(1);
  });

  it('an entry whose connection is reset after the body arrived is unknown and not re-sent', async () => {
    const { server, client } = await setup(() => ({ fault: 'reset' }));
    const result = await client.send(BUY, 'r');
    expect(result).toMatchObject({ ok: false, outcome: 'unknown', attempts: 1 });
    expect(result.ok ? '' : result.message).toMatch(/^network error: (ECONNRESET|socket hang up|UND_ERR_SOCKET)/);
    expect(server.requests).toHaveLength(1);
  });

  it('an exit with an unknown outcome is re-sent: TradersPost refuses the second exit because the broker is already flat', async () => {
    const { server, client } = await setup((_request, index) => (index === 1 ? { status: 500, body: 'oops' } : undefined));
    expect(await client.send(BUY, 'entry')).toMatchObject({ outcome: 'acknowledged' });
    const { events, options } = journal();
    const result = await client.send(EXIT, 'exit', { ...options, safeToResend: true });
    // The first exit was executed (then answered 500); the re-sent one is refused as flat (400).
    expect(result).toMatchObject({ ok: false, outcome: 'rejected', status: 400, attempts: 2, messageCode: 'no-position' });
    expect(events).toEqual(['start 1', 'end 1 unknown 500', 'start 2', 'end 2 rejected 400']);
    expect(server.broker?.executed.map((e) => `${e.action} ${e.positionAfter}`)).toEqual(['buy 1', 'exit 0']);
  });

  it('429 is not processed: retried after Retry-After (0 s here)', async () => {
    const { server, client } = await setup((_r, index) => (index === 0 ? { status: 429, body: {}, headers: { 'retry-after': '0' } } : undefined));
    const { events, options } = journal();
    expect(await client.send(BUY, 'd', options)).toMatchObject({ ok: true, attempts: 2 });
    expect(events).toEqual(['start 1', 'end 1 rate_limited 429', 'start 2', 'end 2 acknowledged 200']);
    expect(server.requests).toHaveLength(2);
  });

  it('a refused connection means not sent: retried up to maxAttempts, reported without the URL', async () => {
    const { server, url } = await setup();
    await server.close();
    const logger = new MemoryLogger();
    const closed = new TradersPostClient({ webhookUrl: new Secret('TRADERSPOST_WEBHOOK_URL', url), clock: new WallClock(), logger, retryDelayMs: 1, maxAttempts: 2 });
    const { events, options } = journal();
    const result = await closed.send(BUY, 'e', options);
    expect(result).toEqual({ ok: false, outcome: 'not_sent', status: undefined, attempts: 2, message: 'network error: ECONNREFUSED' });
    expect(events).toEqual(['start 1', 'end 1 not_sent', 'start 2', 'end 2 not_sent']);
    expect(logger.text()).not.toContain(PASSWORD);
  });

  it('a server that accepts the connection but closes it before reading: the outcome is what was observed', async () => {
    // A TCP server that closes every connection at once: the body may or may not have been
    // flushed before the reset; the client must never call it acknowledged, and an entry is never
    // sent twice when the body had left.
    const tcp = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', () => resolve()));
    const address = tcp.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const client = new TradersPostClient({ webhookUrl: new Secret('W', `http://127.0.0.1:${port}/hook/x`), clock: new WallClock(), retryDelayMs: 1, maxAttempts: 3 });
    const result = await client.send(BUY, 'x');
    tcp.close();
    expect(result.ok).toBe(false);
    expect(['not_sent', 'unknown']).toContain(result.outcome);
    if (result.outcome === 'unknown') expect(result.attempts).toBe(1);
  });

  it('one process never posts the same signal id twice', async () => {
    const { server, client } = await setup();
    const first = client.send(BUY, 'same');
    const second = client.send({ ...BUY, action: 'sell' }, 'same');
    expect(await second).toEqual(await first);
    expect(server.requests).toHaveLength(1);
    await client.send({ ...BUY, action: 'exit' }, 'other');
    expect(server.requests).toHaveLength(2);
  });

  it('never logs the webhook URL or its password', async () => {
    const { client, logger, url } = await setup((_r, index) => (index === 0 ? { status: 503, body: {} } : { status: 404, body: { success: false, messageCode: 'not-found', message: 'Webhook not found.' } }));
    await client.send(BUY, 'f');
    await client.send(EXIT, 'g', { safeToResend: true });
    const rejectedUrl = () => new TradersPostClient({ webhookUrl: new Secret('TRADERSPOST_WEBHOOK_URL', 'ftp://x'), clock: new WallClock() });
    expect(rejectedUrl).toThrow('TRADERSPOST_WEBHOOK_URL: not an http(s) webhook URL');
    const text = logger.text();
    expect(logger.records.length).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain(url);
    expect(text).not.toContain(PASSWORD);
    expect(JSON.stringify({ url: new Secret('TRADERSPOST_WEBHOOK_URL', url) })).toBe('{"url":"[secret TRADERSPOST_WEBHOOK_URL]"}');
  });
});
