/**
 * Streaming cost of every registered indicator (`INDICATORS`, both helpers' lists), in ns per
 * update over synthetic 1-minute bars (a seeded random walk), next to plain-loop baselines on the
 * same columns: one that only reads every column once, and an inline running-sum SMA(30).
 * Each indicator is built with its default parameters and driven by its own freshly compiled loop
 * so that its call site is monomorphic, as in a strategy holding a typed field. Best of `runs`.
 * Value indicators are timed twice: `update(close)` directly, and through `updateBar` (whose shared
 * `ValueIndicator.updateBar` forwards to `update`: that inner call site sees every value indicator,
 * so V8 cannot inline it once many kinds have run).
 *
 *   cd /work/main && node --conditions=source --import tsx \
 *     packages/indicators/bench/indicators.ts [bars=1000000] [runs=5] [name,name,...]
 */
import { MINUTE_MS, Rng } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { INDICATORS } from '../src/index.ts';
import type { Indicator } from '../src/index.ts';

const barCount = Number(process.argv[2] ?? 1_000_000);
const runs = Number(process.argv[3] ?? 5);
/** Optional comma-separated names to time only some indicators. */
const only = process.argv[4]?.split(',');

function syntheticBars(n: number): BarArrays {
  const rng = new Rng(2024);
  const columns = {
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let price = 4000;
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < n; i++) {
    const open = price;
    const close = Math.max(1, Math.round((open + rng.normal() * 1.5) * 4) / 4);
    columns.ts[i] = start + (i + 1) * MINUTE_MS;
    columns.open[i] = open;
    columns.close[i] = close;
    columns.high[i] = Math.max(open, close) + 0.25 * rng.int(4);
    columns.low[i] = Math.min(open, close) - 0.25 * rng.int(4);
    columns.volume[i] = 1 + rng.int(500);
    price = close;
  }
  return { symbol: 'SYN', barMs: MINUTE_MS, length: n, ...columns };
}

type Driver = (indicator: Indicator, bars: BarArrays) => number;

/**
 * A fresh copy of the driving loop (its own type feedback), returning a checksum of the values.
 * `updateBar` feeds OHLCV; `update` feeds the close to a value indicator directly.
 */
let drivers = 0;
function makeDriver(call: 'updateBar' | 'update'): Driver {
  const invocation =
    call === 'update'
      ? 'indicator.update(close[i])'
      : 'indicator.updateBar(open[i], high[i], low[i], close[i], volume[i], ts[i])';
  return new Function(
    'indicator',
    'bars',
    // A unique source text: V8 caches compiled sources, and closures of one cached source share
    // their type feedback, which would make the call below megamorphic across indicators.
    `// driver ${++drivers}
     const { ts, open, high, low, close, volume } = bars;
     const n = bars.length;
     let checksum = 0;
     for (let i = 0; i < n; i++) {
       const v = ${invocation};
       if (v === v) checksum += v;
     }
     return checksum;`,
  ) as Driver;
}

/**
 * Best-of-`runs` cost per bar of `work`, in CPU time of this process (user + system, from
 * `process.cpuUsage`, microsecond resolution) rather than wall time: on a shared machine wall time
 * mostly measures how long the process waited for a core.
 */
function timeNs(work: () => number): { ns: number; checksum: number } {
  let best = Number.POSITIVE_INFINITY;
  let checksum = 0;
  for (let r = 0; r < runs; r++) {
    const start = process.cpuUsage();
    checksum = work();
    const used = process.cpuUsage(start);
    const elapsed = (used.user + used.system) * 1000;
    if (elapsed < best) best = elapsed;
  }
  return { ns: best / barCount, checksum };
}

const bars = syntheticBars(barCount);

const readColumns = (): number => {
  const { ts, open, high, low, close, volume } = bars;
  let sum = 0;
  for (let i = 0; i < bars.length; i++) sum += open[i] + high[i] + low[i] + close[i] + volume[i] + ts[i] * 1e-12;
  return sum;
};
const readAll = timeNs(readColumns);

const inlineSma = timeNs(() => {
  const close = bars.close;
  const period = 30;
  const window = new Float64Array(period);
  let head = 0;
  let sum = 0;
  let checksum = 0;
  for (let i = 0; i < bars.length; i++) {
    sum += close[i] - window[head];
    window[head] = close[i];
    head = head + 1 === period ? 0 : head + 1;
    if (i >= period - 1) checksum += sum / period;
  }
  return checksum;
});

const rows: Array<[string, string, string, string]> = [
  ['(baseline) read all columns', '', readAll.ns.toFixed(2), ''],
  ['(baseline) inline SMA(30) loop', inlineSma.ns.toFixed(2), '', ''],
];
const measureWith = (indicator: Indicator, call: 'updateBar' | 'update'): number => {
  const drive = makeDriver(call);
  return timeNs(() => {
    indicator.reset();
    return drive(indicator, bars);
  }).ns;
};
for (const definition of INDICATORS) {
  if (only !== undefined && !only.includes(definition.name)) continue;
  const indicator = definition.create({});
  const direct = definition.input === 'value' ? measureWith(indicator, 'update') : Number.NaN;
  const viaBar = measureWith(indicator, 'updateBar');
  const directText = Number.isNaN(direct) ? '' : direct.toFixed(2);
  rows.push([definition.name, directText, viaBar.toFixed(2), String(indicator.warmUp)]);
}

// Re-time the baseline at the end: if it moved a lot, the machine's load changed during the run.
const readAllAgain = timeNs(readColumns);
rows.push(['(baseline) read all columns, again', '', readAllAgain.ns.toFixed(2), '']);

const width = Math.max(...rows.map((r) => r[0].length));
const barText = barCount.toLocaleString('en-US');
console.log(`${barText} synthetic 1-minute bars, default parameters, best of ${runs} runs (CPU ns per update)`);
console.log(`${'indicator'.padEnd(width)}  ${'update(v)'.padStart(10)}  ${'updateBar'.padStart(10)}  warm-up`);
for (const [name, direct, viaBar, warmUp] of rows) {
  console.log(`${name.padEnd(width)}  ${direct.padStart(10)}  ${viaBar.padStart(10)}  ${warmUp}`);
}
