/**
 * Cost of a history warm-up, next to plain baselines on the same 60 days of ES minute bars:
 * - download: `DatabentoHistoricalClient.getRange` from the loopback fake answering pre-encoded
 *   bytes (HTTP, zstd frames, streaming DBN decode, per-symbol series) vs a bare DataView loop over the same DBN bytes held
 *   in memory;
 * - feed: the bars fed to a `LiveSession` warming IBS up (orders refused) vs `runBacktest` with
 *   `tradeStartTs` after the last bar on the same bars.
 * Run: node --conditions=source --import tsx packages/live/bench/historical-warm-up.ts
 */
import { HOUR_MS, runBacktest } from '@rooney/core';
import { consolidateBars, generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { IbsStrategy } from '@rooney/strategies';
import { DatabentoHistoricalClient } from '@rooney/databento';
import { feedWarmUpHistory } from '../src/history-warm-up.ts';
import { FakeClock, WallClock } from '@rooney/databento';
import { Secret } from '@rooney/databento';
import { LiveSession } from '../src/session/live-session.ts';
import { minuteBarsToLiveDbn } from '@rooney/databento';
import { FakeDatabentoHistorical } from '@rooney/databento';
import { zstdRawFrames } from '@rooney/databento';
import { DryRunRouter } from '../src/traderspost/dry-run-router.ts';

const KEY = 'db-FAKEKEY00000000000000000ABCDE';
const ES = generateSyntheticDataset({ symbols: ['ES'], start: '2024-01-02', days: 60, seed: 3 }).get('ES') as BarSeries;
const n = ES.length;
const start = ES.ts[0] - 60_000;
const end = ES.ts[n - 1];
const bytes = minuteBarsToLiveDbn('GLBX.MDP3', [{ series: ES, instrumentId: 1, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESH4' }]);

async function time(label: string, repeat: number, work: () => number | Promise<number>): Promise<[string, string, string]> {
  await work();
  const t0 = performance.now();
  let check = 0;
  for (let r = 0; r < repeat; r++) check += await work();
  const ms = (performance.now() - t0) / repeat;
  return [label, `${(n / ms / 1000).toFixed(2)} M bars/s`, `${((ms * 1e6) / n).toFixed(0)} ns/bar (check ${check})`];
}

// The answer is encoded once (the fake's per-request encoding would dominate the timing).
const answer = zstdRawFrames(bytes, 64 * 1024);
const server = new FakeDatabentoHistorical({ apiKeys: [KEY], reply: () => ({ status: 200, body: answer }) });
const url = await server.listen();
const client = new DatabentoHistoricalClient({ apiKey: new Secret('DATABENTO_API_KEY', KEY), clock: new WallClock(), baseUrl: url });
const rows: [string, string, string][] = [];
rows.push(
  await time('getRange over loopback (zstd, decode, series)', 5, async () => {
    const result = await client.getRange({ dataset: 'GLBX.MDP3', symbols: ['ES.c.0'], schema: 'ohlcv-1m', start, end, stypeIn: 'continuous' });
    return result.bars.get('ES.c.0')?.length ?? 0;
  }),
  await time('baseline: DataView loop, bytes in memory', 5, () => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 8 + view.getUint32(4, true);
    let count = 0;
    while (offset < bytes.length) {
      if (bytes[offset + 1] === 0x21 && Number(view.getBigInt64(offset + 40, true)) > 0) count++;
      offset += bytes[offset] * 4;
    }
    return count;
  }),
);
await server.close();

const session = { startMinutes: 23 * 60, timeZone: 'UTC' };
const strategy = () => new IbsStrategy('ibs', ['ES'], { params: { timeframe: 'hour' }, features: false });
rows.push(
  await time('LiveSession warm-up feed (IBS, orders refused)', 3, async () => {
    const live = new LiveSession({ strategies: [strategy()], clock: new FakeClock(end), router: new DryRunRouter(), startingCash: 100_000, runId: 'bench', session, tradeFromTs: end + 1 });
    live.start();
    const fed = feedWarmUpHistory(live, new Map([['ES', ES]]));
    await live.idle();
    await live.stop();
    return fed;
  }),
  await time('baseline: runBacktest, all bars warm-up', 3, () => {
    const result = runBacktest({ series: [ES, consolidateBars(ES, HOUR_MS, { session })], strategies: [strategy()], startingCash: 100_000, session, tradeStartTs: end + 1 });
    return result.fills.length + n;
  }),
);

const width = Math.max(...rows.map((r) => r[0].length));
console.log(`${n} minute bars (60 days of ES)`);
for (const [label, rate, detail] of rows) console.log(`${label.padEnd(width)}  ${rate.padStart(14)}  ${detail}`);
