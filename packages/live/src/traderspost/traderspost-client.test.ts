import { afterEach, describe, expect, it } from 'vitest';
import { WallClock } from '@rooney/databento';
import { MemoryLogger } from '@rooney/databento';
import { Secret } from '@rooney/databento';
import { FakeTradersPostServer } from '../testing/fake-traderspost-server.ts';
import type { FakeWebhookReply, FakeWebhookRequest } from '../testing/fake-traderspost-server.ts';
import { TradersPostClient } from './traderspost-client.ts';
import type { TradersPostSignal } from './traderspost-signal.ts';

const PASSWORD = 's3cretPassw0rd';
let server: FakeTradersPostServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(reply?: (request: FakeWebhookRequest, index: number) => FakeWebhookReply | undefined, maxAttempts = 3) {
  server = new FakeTradersPostServer(reply !== undefined ? { reply } : {});
  const url = await server.listen();
  const logger = new MemoryLogger();
  const client = new TradersPostClient({ webhookUrl: new Secret('TRADERSPOST_WEBHOOK_URL', url), clock: new WallClock(), logger, retryDelayMs: 1, maxAttempts });
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

describe('TradersPostClient against a loopback fake (spec §5)', () => {
  it('POSTs the exact JSON body to the webhook path with Content-Type application/json', async () => {
    const { server, client } = await setup();
    const result = await client.send(BUY, 'run1-7');
    expect(result).toEqual({ ok: true, status: 200, attempts: 1, id: '00000000-0000-4000-8000-000000000001', logId: '00000000-0000-4000-8000-000000000001' });
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
    expect(result).toEqual({ ok: false, status: 400, attempts: 1, messageCode: 'invalid-action', message: 'Invalid action.' });
    expect(server.requests).toHaveLength(1);
  });

  it('5xx answers are retried, then the signal succeeds; HTML error pages are handled by status', async () => {
    const { server, client } = await setup((_r, index) => (index < 2 ? { status: 502, body: '<html>Bad gateway</html>' } : undefined));
    const result = await client.send(BUY, 'b');
    expect(result).toMatchObject({ ok: true, status: 200, attempts: 3 });
    expect(server.requests).toHaveLength(3);
    expect(new Set(server.requests.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  it('gives up after maxAttempts 5xx answers', async () => {
    const { server, client } = await setup(() => ({ status: 500, body: 'oops' }), 2);
    const result = await client.send(BUY, 'c');
    expect(result).toMatchObject({ ok: false, status: 500, attempts: 2, message: 'HTTP 500 Internal Server Error' });
    expect(server.requests).toHaveLength(2);
  });

  it('429 honours Retry-After (0 s here) and retries', async () => {
    const { server, client } = await setup((_r, index) => (index === 0 ? { status: 429, body: {}, headers: { 'retry-after': '0' } } : undefined));
    expect(await client.send(BUY, 'd')).toMatchObject({ ok: true, attempts: 2 });
    expect(server.requests).toHaveLength(2);
  });

  it('idempotency guard: the same signal id is never posted twice', async () => {
    const { server, client } = await setup();
    const first = client.send(BUY, 'same');
    const second = client.send({ ...BUY, action: 'sell' }, 'same');
    expect(await second).toEqual(await first);
    expect(server.requests).toHaveLength(1);
    await client.send(BUY, 'other');
    expect(server.requests).toHaveLength(2);
  });

  it('network errors are retried and reported without the URL', async () => {
    const { server, client, logger, url } = await setup();
    await server.close();
    const closed = new TradersPostClient({ webhookUrl: new Secret('TRADERSPOST_WEBHOOK_URL', url), clock: new WallClock(), logger, retryDelayMs: 1, maxAttempts: 2 });
    const result = await closed.send(BUY, 'e');
    expect(result).toEqual({ ok: false, status: undefined, attempts: 2, message: 'network error: ECONNREFUSED' });
    expect(client).toBeDefined();
  });

  it('never logs the webhook URL or its password', async () => {
    const { client, logger, url } = await setup((_r, index) => (index === 0 ? { status: 503, body: {} } : { status: 404, body: { success: false, messageCode: 'not-found', message: 'Webhook not found.' } }));
    await client.send(BUY, 'f');
    const rejectedUrl = () => new TradersPostClient({ webhookUrl: new Secret('TRADERSPOST_WEBHOOK_URL', 'ftp://x'), clock: new WallClock() });
    expect(rejectedUrl).toThrow('TRADERSPOST_WEBHOOK_URL: not an http(s) webhook URL');
    const text = logger.text();
    expect(logger.records.length).toBeGreaterThanOrEqual(2);
    expect(text).not.toContain(url);
    expect(text).not.toContain(PASSWORD);
    expect(JSON.stringify({ url: new Secret('TRADERSPOST_WEBHOOK_URL', url) })).toBe('{"url":"[secret TRADERSPOST_WEBHOOK_URL]"}');
  });
});
