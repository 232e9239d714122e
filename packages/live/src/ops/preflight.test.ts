import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WallClock } from '@rooney/databento';
import { TradeStore } from '../store/trade-store.ts';
import { FakeDatabentoGateway } from '@rooney/databento';
import { FakeDatabentoHistorical } from '@rooney/databento';
import { FakeTradersPostServer } from '../testing/fake-traderspost-server.ts';
import { runPreflight } from './preflight.ts';

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const dir = mkdtempSync(join(tmpdir(), 'rooney-preflight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function fakes(refuseAuth = false) {
  const gateway = new FakeDatabentoGateway({ apiKeys: [KEY], plan: () => ({ refuseAuth }) });
  const port = await gateway.listen();
  const webhook = new FakeTradersPostServer();
  const url = await webhook.listen();
  closers.push(() => gateway.close(), () => webhook.close());
  return { gateway, port, webhook, url };
}

describe('runPreflight against loopback fakes', () => {
  it('all green: env set, gateway authenticates (no session started), webhook reachable by GET, caller checks listed, store opens', async () => {
    const { gateway, port, webhook, url } = await fakes();
    const report = await runPreflight({
      env: { DATABENTO_API_KEY: KEY, TRADERSPOST_WEBHOOK_URL: url },
      clock: new WallClock(),
      requiredEnv: ['DATABENTO_API_KEY', 'TRADERSPOST_WEBHOOK_URL'],
      databento: { host: '127.0.0.1', port, dataset: 'GLBX.MDP3', apiKeyEnv: 'DATABENTO_API_KEY' },
      traderspost: { urlEnv: 'TRADERSPOST_WEBHOOK_URL' },
      checks: [{ name: 'model ibs/ES', level: 'ok', detail: '40 features' }],
      storePath: join(dir, 'ok.sqlite'),
    });
    expect(report.checks.map((c) => [c.name.split(' ')[0], c.level])).toEqual([
      ['env', 'ok'],
      ['env', 'ok'],
      ['databento', 'ok'],
      ['traderspost', 'ok'],
      ['model', 'ok'],
      ['trade', 'ok'],
      ['restore', 'ok'],
    ]);
    expect(report.checks.at(-1)?.detail).toBe('nothing to restore (new journal)');
    expect(report.ok).toBe(true);
    expect(gateway.connections[0].authenticated).toBe(true);
    expect(gateway.connections[0].started).toBe(false);
    expect(webhook.requests.map((r) => r.method)).toEqual(['GET']);
    const text = JSON.stringify(report);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(url);
    expect(text).not.toContain('s3cretPassw0rd');
  });

  it('failures: missing env, refused key, closed webhook port, a failed caller check, a journal the config cannot manage; the restore plan and unknown outcomes listed', async () => {
    const { port, webhook, url } = await fakes(true);
    await webhook.close();
    const storePath = join(dir, 'left.sqlite');
    const store = new TradeStore(storePath, { clock: new WallClock() });
    store.beginRun({ runId: 'old', startedTs: 1, dryRun: false });
    store.recordOrder({ id: 1, symbol: 'ES', side: 'buy', quantity: 1, type: 'market', submittedTs: 1, strategy: 'ibs', status: 'filled', stopTriggered: false, filledQuantity: 1, fillPrice: 10 }, { id: 'old-1', body: { ticker: 'ESH5', action: 'buy' } });
    store.recordFill({ id: 1, symbol: 'ES', side: 'buy', quantity: 1, type: 'market', submittedTs: 1, strategy: 'ibs', status: 'filled', stopTriggered: false, filledQuantity: 1, fillPrice: 10 }, { orderId: 1, symbol: 'ES', side: 'buy', quantity: 1, price: 10, ts: 2, commission: 0, tag: 'entry', strategy: 'ibs' }, []);
    // An entry whose request left but whose answer never came back (the process died): outcome unknown.
    store.recordOrder({ id: 2, symbol: 'NQ', side: 'sell', quantity: 1, type: 'market', submittedTs: 3, strategy: 'ibs', status: 'pending', stopTriggered: false, filledQuantity: 0, fillPrice: Number.NaN }, { id: 'old-2', body: { ticker: 'NQH5', action: 'sell' } });
    store.recordAttemptStart(2, 'old-2', 1);
    store.close();
    const report = await runPreflight({
      env: { DATABENTO_API_KEY: KEY, TRADERSPOST_WEBHOOK_URL: url },
      clock: new WallClock(),
      requiredEnv: ['DATABENTO_API_KEY', 'MISSING_VAR'],
      databento: { host: '127.0.0.1', port, dataset: 'GLBX.MDP3', apiKeyEnv: 'DATABENTO_API_KEY' },
      traderspost: { urlEnv: 'TRADERSPOST_WEBHOOK_URL' },
      checks: [{ name: 'ml models', level: 'fail', detail: 'no model for ES' }],
      storePath,
      expected: { strategies: { ibs: ['ES'] } },
    });
    expect(report.ok).toBe(false);
    expect(report.checks.map((c) => [c.level, c.name, c.detail])).toEqual([
      ['ok', 'env DATABENTO_API_KEY', 'set'],
      ['fail', 'env MISSING_VAR', 'not set'],
      ['fail', `databento 127.0.0.1:${port}`, 'authentication refused: Authentication failed.'],
      ['fail', 'traderspost webhook', 'unreachable: ECONNREFUSED'],
      ['fail', 'ml models', 'no model for ES'],
      ['ok', 'trade store', `${storePath} opens (account live); next order id 3`],
      ['ok', 'restore', 'positions: ibs/ES +1; working orders: #2 ibs/NQ sell 1 market (unknown); UNKNOWN OUTCOME (check the broker, then `rooney live reconcile`): orders 2'],
      [
        'fail',
        'restore mismatch',
        'the journal holds order #2 of ibs/NQ, which this config does not trade: flatten or cancel them at the broker and start with another store, or put the strategy back',
      ],
      ['warn', 'unknown order outcomes', 'orders 2 were sent without a clear answer: check the broker and run `rooney live reconcile`; until then they are assumed working'],
    ]);
  });

  it('a gateway that is not listening fails fast', async () => {
    const { port, gateway } = await (async () => {
      const g = new FakeDatabentoGateway({ apiKeys: [KEY], plan: () => ({}) });
      const p = await g.listen();
      await g.close();
      return { port: p, gateway: g };
    })();
    const report = await runPreflight({ env: { DATABENTO_API_KEY: KEY }, clock: new WallClock(), requiredEnv: [], databento: { host: '127.0.0.1', port, dataset: 'GLBX.MDP3', apiKeyEnv: 'DATABENTO_API_KEY' } });
    expect(report.checks[0]).toEqual({ name: `databento 127.0.0.1:${port}`, level: 'fail', detail: 'cannot connect: ECONNREFUSED' });
    expect(gateway.connections).toHaveLength(0);
  });

  it('does not contact the gateway at all without an API key', async () => {
    const gateway = new FakeDatabentoGateway({ apiKeys: [KEY], plan: () => ({}) });
    const port = await gateway.listen();
    try {
      const report = await runPreflight({ env: {}, clock: new WallClock(), requiredEnv: [], databento: { host: '127.0.0.1', port, dataset: 'GLBX.MDP3', apiKeyEnv: 'DATABENTO_API_KEY' } });
      expect(report.checks[0]).toEqual({ name: `databento 127.0.0.1:${port}`, level: 'fail', detail: 'not contacted: DATABENTO_API_KEY not set' });
      expect(gateway.connections).toHaveLength(0);
    } finally {
      await gateway.close();
    }
  });

  it('historical API (history_days): one metadata call with the key; refused keys and bad URLs fail; nothing is contacted without a key', async () => {
    const historical = new FakeDatabentoHistorical({ apiKeys: [KEY], availableStartTs: Date.UTC(2010, 5, 6), availableEndTs: Date.UTC(2025, 0, 2, 14, 32) });
    const url = await historical.listen();
    closers.push(() => historical.close());
    const host = url.slice('http://'.length);
    const check = async (env: Record<string, string>, baseUrl = url) =>
      (await runPreflight({ env, clock: new WallClock(), requiredEnv: [], databentoHistorical: { baseUrl, dataset: 'GLBX.MDP3', apiKeyEnv: 'DATABENTO_API_KEY' } })).checks[0];
    expect(await check({})).toEqual({ name: `databento historical ${url}`, level: 'fail', detail: 'not contacted: DATABENTO_API_KEY not set' });
    expect(historical.requests).toEqual([]);
    expect(await check({ DATABENTO_API_KEY: KEY })).toEqual({ name: `databento historical ${host}`, level: 'ok', detail: 'authenticated; GLBX.MDP3 ohlcv-1m history until 2025-01-02T14:32:00.000Z' });
    expect(historical.requests.map((r) => `${r.method} ${r.path} ${r.query.dataset}`)).toEqual(['GET /v0/metadata.get_dataset_range GLBX.MDP3']);
    const wrong = 'db-WRONGKEY0000000000000000ZZZZZ';
    const refused = await check({ DATABENTO_API_KEY: wrong });
    expect(refused).toEqual({ name: `databento historical ${host}`, level: 'fail', detail: 'Databento metadata.get_dataset_range: HTTP 401: Authorization failed: bad key. (request-id fake-2)' });
    expect(JSON.stringify(refused)).not.toContain(wrong);
    const plain = await check({ DATABENTO_API_KEY: KEY }, 'http://hist.example.com');
    expect(plain.level).toBe('fail');
    expect(plain.detail).toContain('"baseUrl" must be https');
    expect(historical.requests).toHaveLength(2);
  });
});
