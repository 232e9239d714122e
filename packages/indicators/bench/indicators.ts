/**
 * Streaming cost of every registered indicator (`INDICATORS`), in CPU ns per update over synthetic
 * 1-minute bars (a seeded random walk), printed as a markdown table for the README: the plain-loop
 * baselines on the same columns first (an inline running-sum SMA(30), and a loop that only reads
 * every column once), then the indicators sorted by name, each with its budget from the
 * performance issue (SMA, EMA, RSI <= 10 ns; every other one <= 100 ns except the Hurst exponent)
 * and a flag when over it. On a shared machine compare the `x loop` column (cost over the inline
 * SMA loop's, timed again next to each indicator so that both see the same load) rather than the
 * raw ns, and run it twice.
 *
 * Each indicator is timed in a process of its own (this file run with `--child=<name>`), built
 * with its default parameters and driven by a freshly compiled loop, so that its call sites are
 * monomorphic as in a strategy holding a typed field, and no indicator inherits the JIT state left
 * by the ones before it (in one process, a second `Stochastic` with the same parameters measured
 * 40 % slower than the first). Every loop is warmed up first (see `timeWarm`), then timed best of
 * `runs`.
 *
 * Value indicators are timed through `update(close)`, bar indicators through `updateBar(...)`
 * (which reads six columns, the "read all six columns" baseline). Calling a value indicator through
 * `updateBar` costs the same plus those reads: the shared `ValueIndicator.updateBar` forwarding
 * was measured against a per-class override and made no difference (V8 knows the receiver's class
 * where it inlines the forwarding).
 *
 *   cd /work/main && node --conditions=source --import tsx \
 *     packages/indicators/bench/indicators.ts [bars=1000000] [runs=5] [name,name,...]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { MINUTE_MS, Rng } from '@rooney/core';
import type { BarArrays } from '@rooney/core';
import { INDICATORS, findIndicator } from '../src/index.ts';
import type { Indicator } from '../src/index.ts';

const CHILD_FLAG = '--child=';
const child = process.argv.find((argument) => argument.startsWith(CHILD_FLAG))?.slice(CHILD_FLAG.length);
const positional = process.argv.slice(2).filter((argument) => !argument.startsWith('--'));
const barCount = Number(positional[0] ?? 1_000_000);
const runs = Number(positional[1] ?? 5);
/** Optional comma-separated names to time only some indicators. */
const only = positional[2]?.split(',');

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

/** A fresh function (its own type feedback, see `makeDriver`) running `body` over its `bars` argument. */
let baselines = 0;
function makeBaseline(body: string): (bars: BarArrays) => number {
  return new Function('bars', `// baseline ${++baselines}\n${body}`) as (bars: BarArrays) => number;
}

/** Reads every column once per bar: what `updateBar`'s arguments cost. */
const readColumns = makeBaseline(`
  const { ts, open, high, low, close, volume } = bars;
  const n = bars.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += open[i] + high[i] + low[i] + close[i] + volume[i] + ts[i] * 1e-12;
  return sum;`);

/** A running-sum SMA(30) of the close written inline: the floor for a simple indicator. */
const inlineSmaLoop = makeBaseline(`
  const close = bars.close;
  const n = bars.length;
  const period = 30;
  const window = new Float64Array(period);
  let head = 0;
  let sum = 0;
  let checksum = 0;
  for (let i = 0; i < n; i++) {
    const value = close[i];
    sum += value - window[head];
    window[head] = value;
    head = head + 1 === period ? 0 : head + 1;
    if (i >= period - 1) checksum += sum / period;
  }
  return checksum;`);

/** Budget in ns per update from the performance issue; `undefined`: none (Hurst). */
const SIMPLE = new Set(['sma', 'ema', 'rsi']);
function budgetOf(name: string): number | undefined {
  if (name === 'hurst') return undefined;
  return SIMPLE.has(name) ? 10 : 100;
}

/** What a child process reports: the indicator's cost and the inline SMA loop's, both in ns. */
interface Timing {
  readonly ns: number;
  readonly loopNs: number;
}

/**
 * Best-of-`runs` cost per bar of `work(bars)` after warming it up on 300 short runs (2,000 bars).
 * Timed cold, the inline SMA loop was sometimes left in on-stack-replacement code 2.5 times slower
 * for the whole process (1 process in 8), and several indicators (SMA, StdDev, TrueRange, HMA) came
 * out in one of two JIT states 30 to 45 % apart from one process to the next. Warmed this way the
 * baseline is stable and the indicators mostly settle in the slower of their two states, so the
 * table is reproducible and, if anything, pessimistic.
 */
function timeWarm(work: (bars: BarArrays) => number, bars: BarArrays): number {
  const short: BarArrays = { ...bars, length: Math.min(bars.length, 2000) };
  for (let i = 0; i < 300; i++) work(short);
  return timeNs(() => work(bars)).ns;
}

/** Child mode: times the loop baseline and indicator `name` in this fresh process. */
function timeOne(name: string, bars: BarArrays): Timing {
  const definition = findIndicator(name);
  const indicator = definition.create({});
  const drive = makeDriver(definition.input === 'value' ? 'update' : 'updateBar');
  const loopNs = timeWarm(inlineSmaLoop, bars);
  const ns = timeWarm((input) => {
    indicator.reset();
    return drive(indicator, input);
  }, bars);
  return { ns, loopNs };
}

/** Runs `--child=<name>` in a new process with this one's flags (`--conditions`, `--import tsx`). */
function timeInChild(name: string): Timing {
  const file = fileURLToPath(import.meta.url);
  const output = execFileSync(
    process.execPath,
    [...process.execArgv, file, String(barCount), String(runs), `${CHILD_FLAG}${name}`],
    { encoding: 'utf8' },
  );
  return JSON.parse(output) as Timing;
}

if (child !== undefined) {
  console.log(JSON.stringify(timeOne(child, syntheticBars(barCount))));
} else {
  const bars = syntheticBars(barCount);
  const inlineSma = timeWarm(inlineSmaLoop, bars);
  const readAll = timeWarm(readColumns, bars);
  const measured: Array<Timing & { readonly name: string; readonly budget?: number }> = [];
  for (const definition of INDICATORS) {
    if (only !== undefined && !only.includes(definition.name)) continue;
    measured.push({ name: definition.name, budget: budgetOf(definition.name), ...timeInChild(definition.name) });
  }
  measured.sort((a, b) => a.name.localeCompare(b.name));
  const loopTimes = [inlineSma, ...measured.map((row) => row.loopNs)];

  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const format = (ns: number): string => ns.toFixed(1);
  const times = (ns: number, loopNs: number): string => `${(ns / loopNs).toFixed(1)}x`;
  const barText = barCount.toLocaleString('en-US');
  console.log(
    `Streaming cost per update, ${barText} synthetic 1-minute bars, default parameters, CPU time, best of ${runs} runs.`,
  );
  console.log('');
  console.log(line(['indicator', 'ns/update', 'x loop', 'budget (ns)', 'over budget']));
  console.log(line(['---', '---:', '---:', '---:', '---']));
  console.log(line(['(baseline) inline SMA(30) loop', format(inlineSma), '1.0x', '', '']));
  console.log(line(['(baseline) read all six columns', format(readAll), times(readAll, inlineSma), '', '']));
  for (const row of measured) {
    const over = row.budget !== undefined && row.ns > row.budget;
    const budget = row.budget === undefined ? 'none' : String(row.budget);
    console.log(line([row.name, format(row.ns), times(row.ns, row.loopNs), budget, over ? '**over**' : '']));
  }
  console.log('');
  const overCount = measured.filter((row) => row.budget !== undefined && row.ns > row.budget).length;
  console.log(
    `${overCount} over budget. Value indicators timed through update(close), bar indicators through updateBar, ` +
      'each in a process of its own. "x loop": over the inline SMA loop timed in the same process, which took ' +
      `${format(Math.min(...loopTimes))}-${format(Math.max(...loopTimes))} ns over the run (a wide range means the load moved).`,
  );
}
