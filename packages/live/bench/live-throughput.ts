/**
 * Throughput of the live adapter's hot paths, each next to a plain-loop baseline on the same data:
 * - DBN decode: `DbnStreamDecoder` over OHLCV-1m records pushed in 4 KiB pieces (as from a socket)
 *   vs a bare DataView loop reading the same fields from one buffer;
 * - session: `LiveSession` processing minute bars (hour consolidation, IBS, simulated fills,
 *   dry-run signals) vs `runBacktest` on the same bars.
 * Run: node --conditions=source --import tsx packages/live/bench/live-throughput.ts
 */
import { HOUR_MS, runBacktest } from '@rooney/core';
import { consolidateBars, generateSyntheticDataset } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import { IbsStrategy } from '@rooney/strategies';
import { DbnStreamDecoder } from '@rooney/databento';
import { FakeClock } from '@rooney/databento';
import { LiveSession } from '../src/session/live-session.ts';
import { minuteBarsToLiveDbn } from '@rooney/databento';
import { DryRunRouter } from '../src/traderspost/dry-run-router.ts';

const ES = generateSyntheticDataset({ symbols: ['ES'], start: '2024-01-02', days: 60, seed: 3 }).get('ES') as BarSeries;
const bytes = minuteBarsToLiveDbn('GLBX.MDP3', [{ series: ES, instrumentId: 1, subscribedSymbol: 'ES.c.0', rawSymbol: 'ESH4' }]);
const n = ES.length;

async function time(label: string, repeat: number, work: () => number | Promise<number>): Promise<[string, string, string]> {
  await work();
  const start = performance.now();
  let check = 0;
  for (let r = 0; r < repeat; r++) check += await work();
  const ms = (performance.now() - start) / repeat;
  return [label, `${(n / ms / 1000).toFixed(2)} M bars/s`, `${((ms * 1e6) / n).toFixed(0)} ns/bar (check ${check})`];
}

const rows: [string, string, string][] = [];
rows.push(
  await time('DBN stream decoder (4 KiB pushes)', 10, () => {
    let closes = 0;
    const decoder = new DbnStreamDecoder({ metadata: () => undefined, record: (r) => (closes += r.kind === 'ohlcv' ? 1 : 0), error: () => undefined });
    for (let i = 0; i < bytes.length; i += 4096) decoder.push(bytes.subarray(i, i + 4096));
    return closes;
  }),
  await time('baseline: DataView loop, one buffer', 10, () => {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let offset = 8 + view.getUint32(4, true);
    let count = 0;
    let sum = 0;
    while (offset < bytes.length) {
      const size = bytes[offset] * 4;
      if (bytes[offset + 1] === 0x21) {
        sum += Number(view.getBigInt64(offset + 40, true)) / 1e9;
        count++;
      }
      offset += size;
    }
    return count + (sum > 0 ? 0 : 1);
  }),
);

const session = { startMinutes: 23 * 60, timeZone: 'UTC' };
const strategy = () => new IbsStrategy('ibs', ['ES'], { params: { timeframe: 'hour' }, features: false });
const bars = ES.toBars();
rows.push(
  await time('LiveSession: IBS on minute bars (dry run)', 3, async () => {
    const live = new LiveSession({ strategies: [strategy()], clock: new FakeClock(0), router: new DryRunRouter(), startingCash: 1e5, runId: 'bench', session });
    live.start();
    for (const bar of bars) live.pushBar('ES', bar);
    await live.idle();
    return live.status().ordersSubmitted;
  }),
  await time('baseline: runBacktest, same bars', 3, () => {
    const result = runBacktest({ series: [ES, consolidateBars(ES, HOUR_MS, { session })], strategies: [strategy()], startingCash: 1e5, session, closeAtEnd: false });
    return result.ordersSubmitted;
  }),
);

const width = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
process.stdout.write(`${n} minute bars (${(bytes.length / 1024).toFixed(0)} KiB of DBN)\n`);
for (const [a, b, c] of rows) process.stdout.write(`${a.padEnd(width[0])}  ${b.padStart(width[1])}  ${c}\n`);
