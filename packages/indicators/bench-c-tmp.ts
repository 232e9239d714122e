import { PercentRank } from './src/percent-rank.ts';
import { ConnorsRSI } from './src/connors-rsi.ts';
import { RSI } from './src/rsi.ts';
import { loadBacktraderBars } from './src/testing/backtrader-data.ts';
const base = loadBacktraderBars('2006-day-001.txt');
const n = 100_000;
const close = new Float64Array(n);
for (let i = 0; i < n; i++) close[i] = base.close[i % base.length] * (1 + Math.floor(i / base.length) * 1e-4);
const ret = new Float64Array(n); for (let i = 1; i < n; i++) ret[i] = close[i] / close[i - 1] - 1;
const mode = process.argv[2];
function pr() { const x = new PercentRank(101); let s = 0; for (let i = 0; i < n; i++) s += x.update(ret[i]); return s; }
function crsi() { const x = new ConnorsRSI(); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]); return s; }
function rsi() { const x = new RSI(3); let s = 0; for (let i = 0; i < n; i++) s += x.update(close[i]); return s; }
const f = mode === 'pr' ? pr : mode === 'crsi' ? crsi : rsi;
const times: number[] = []; let sink = 0;
for (let r = 0; r < 40; r++) { const t0 = process.hrtime.bigint(); sink += f(); times.push(Number(process.hrtime.bigint() - t0) / n); }
times.sort((a, b) => a - b); console.log(mode, times[0].toFixed(2), times[20].toFixed(2), sink > 0 ? '' : '-');
