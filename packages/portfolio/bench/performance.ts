/**
 * computePerformance speed on a long equity path (1,000,000 marks, ~4,000 sessions, 20,000 trades),
 * next to a plain loop that only reads every mark once (the floor for any drawdown pass).
 * Run: cd /work/main && node --conditions=source --import tsx packages/portfolio/bench/performance.ts
 */
import { Rng } from '@rooney/core';
import type { Trade } from '@rooney/core';
import { computePerformance } from '../src/performance.ts';

const MARKS = 1_000_000;
const SESSIONS = 4_000;
const TRADES = 20_000;
const DAY = 86_400_000;
const t0 = Date.UTC(2010, 0, 1, 23);
const rng = new Rng(1);
const equity = { ts: new Float64Array(MARKS), value: new Float64Array(MARKS) };
let v = 100_000;
for (let i = 0; i < MARKS; i++) {
  v += 20 * rng.normal() + 0.1;
  equity.ts[i] = t0 + Math.floor((i * SESSIONS * DAY) / MARKS);
  equity.value[i] = v;
}
const daily = { ts: new Float64Array(SESSIONS), value: new Float64Array(SESSIONS) };
for (let d = 0; d < SESSIONS; d++) {
  daily.ts[d] = t0 + (d + 1) * DAY;
  daily.value[d] = equity.value[Math.min(MARKS - 1, Math.floor(((d + 1) * MARKS) / SESSIONS) - 1)];
}
const trades: Trade[] = [];
for (let k = 0; k < TRADES; k++) {
  const entryTs = t0 + Math.floor((k * SESSIONS * DAY) / TRADES);
  const pnl = 500 * rng.normal();
  trades.push({
    symbol: k % 3 === 0 ? 'ES' : k % 3 === 1 ? 'NQ' : 'CL',
    strategy: k % 2 === 0 ? 'ibs' : 'trend',
    direction: 'long',
    quantity: 1,
    entryTs,
    entryPrice: 100,
    exitTs: entryTs + 3 * 3_600_000,
    exitPrice: 101,
    barsHeld: 3,
    grossPnl: pnl + 5,
    commission: 5,
    netPnl: pnl,
    entryTag: 'entry',
    exitReason: 'signal',
  });
}

function time(run: () => unknown): number {
  run();
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = process.hrtime.bigint();
    run();
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return Math.min(...runs);
}

const baseline = time(() => {
  let peak = -Infinity;
  let worst = 0;
  for (let i = 0; i < MARKS; i++) {
    const x = equity.value[i];
    if (x > peak) peak = x;
    else if (peak - x > worst) worst = peak - x;
  }
  return worst;
});
const full = time(() => computePerformance({ startingCash: 100_000, equity, daily, trades }));
console.log(`computePerformance: ${MARKS} equity marks, ${SESSIONS} sessions, ${TRADES} trades (best of 5)`);
console.log('| run | ms | ns / mark |');
console.log('|---|---:|---:|');
console.log(`| plain drawdown loop | ${baseline.toFixed(1)} | ${((baseline * 1e6) / MARKS).toFixed(1)} |`);
console.log(`| computePerformance | ${full.toFixed(1)} | ${((full * 1e6) / MARKS).toFixed(1)} |`);
