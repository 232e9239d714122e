import { Highest, Lowest } from './src/highest.ts';
import { Ichimoku } from './src/ichimoku.ts';
import { Stochastic } from './src/stochastic.ts';
import { loadBacktraderBars } from './src/testing/backtrader-data.ts';
const base = loadBacktraderBars('2006-day-001.txt');
const n = 100_000;
const high = new Float64Array(n), low = new Float64Array(n), close = new Float64Array(n);
for (let i = 0; i < n; i++) { const d = (1 + Math.floor(i / base.length) * 1e-4); high[i] = base.high[i % base.length] * d; low[i] = base.low[i % base.length] * d; close[i] = base.close[i % base.length] * d; }
const mode = process.argv[2];
function six() {
  const h = [new Highest(9), new Highest(26), new Highest(52)], l = [new Lowest(9), new Lowest(26), new Lowest(52)];
  let s = 0;
  for (let i = 0; i < n; i++) { s += h[0].update(high[i]) + l[0].update(low[i]) + h[1].update(high[i]) + l[1].update(low[i]) + h[2].update(high[i]) + l[2].update(low[i]); }
  return s;
}
function ichi() { const x = new Ichimoku(); let s = 0; for (let i = 0; i < n; i++) s += x.updateBar(0, high[i], low[i], close[i], 0, i); return s; }
function sto() { const x = new Stochastic(); let s = 0; for (let i = 0; i < n; i++) s += x.updateBar(0, high[i], low[i], close[i], 0, i); return s; }
const f = mode === 'six' ? six : mode === 'ichi' ? ichi : sto;
const times: number[] = []; let sink = 0;
for (let r = 0; r < 40; r++) { const t0 = process.hrtime.bigint(); sink += f(); times.push(Number(process.hrtime.bigint() - t0) / n); }
times.sort((a, b) => a - b); console.log(mode, times[0].toFixed(2), times[20].toFixed(2), sink > 0 ? '' : '-');
