import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SESSION, tradingDateOf } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { loadMarketData, sessionOf } from '../src/backtest/market-data.ts';
import { runBacktestJob } from '../src/backtest/run-backtest-job.ts';
import { validateConfig } from '../src/config/load-config.ts';

const NG_FILE = fileURLToPath(new URL('../../../../shared/datasets/real/quantiacs-futures-daily/F_NG.txt', import.meta.url));

/**
 * The Quantiacs NG file read here on its own: dollars per contract (price × 10,000), the front
 * contract of each day unadjusted, `R` the new contract on a roll day, `RINFO` on the next day the
 * new contract's price minus the old one's at the roll-day close.
 */
function readQuantiacs(path: string) {
  const rows = readFileSync(path, 'utf8').trim().split('\n').slice(1).map((line) => line.split(',').map(Number));
  const rowOfDate = new Map<number, number>();
  rows.forEach((cells, i) => rowOfDate.set(cells[0], i));
  const column = (k: number): number[] => rows.map((cells) => cells[k]);
  return { rowOfDate, open: column(1), high: column(2), low: column(3), close: column(4), roll: column(8), rinfo: column(9) };
}

describe('back-adjusted signals, dollar PnL on the contract held (real NG daily, 1990-2021)', () => {
  const file = readQuantiacs(NG_FILE);
  // Ratio back-adjustment over 31 years rescales early prices many times over; IBS reads that series.
  const config = validateConfig({
    data: { roll_adjust: 'ratio' },
    slippage_ticks: 1,
    strategies: [{ name: 'ibs', symbols: ['NG'], params: { timeframe: 'day', allow_short: true } }],
  });
  const data = loadMarketData({ config, baseDir: '.', dataFlags: [`NG=${NG_FILE}`], cacheDir: '/nonexistent', session: sessionOf(config) });
  const { result } = runBacktestJob({ config, data });
  const trades = result.trades;
  const slip = 0.001 * 10_000; // one tick, in dollars per contract
  const rowOf = (ts: number): number => file.rowOfDate.get(tradingDateOf(ts, DEFAULT_SESSION)) as number;

  it('prices every trade on the held contract: each equals its segment recomputed from the file in dollars', () => {
    expect(trades.length).toBeGreaterThan(1000);
    const rolls = trades.filter((t) => t.exitReason === 'roll');
    expect(rolls.length).toBeGreaterThan(100);
    for (const t of trades) {
      const entryRow = rowOf(t.entryTs);
      const exitRow = rowOf(t.exitTs);
      const sign = t.direction === 'long' ? 1 : -1;
      // Entered at the day's open, or (rolled in) at the new contract's roll-day price.
      const entry = t.entryTag === 'roll' ? file.close[entryRow] + file.rinfo[entryRow + 1] : file.open[entryRow];
      // Left at the next open, or (rolled out, end of data) at the day's close.
      const exit = t.exitReason === 'roll' || t.exitReason === 'end_of_data' ? file.close[exitRow] : file.open[exitRow];
      // One tick of slippage on each leg (the end-of-data close is a mark at the last close: none).
      const legs = t.exitReason === 'end_of_data' ? 1 : 2;
      const expected = sign * t.quantity * (exit - entry) - legs * slip * t.quantity;
      expect(t.grossPnl, `${t.direction} ${t.entryTag} ${new Date(t.entryTs).toISOString()} -> ${t.exitReason}`).toBeCloseTo(expected, 4);
      if (t.exitReason === 'roll') expect(file.roll[exitRow]).not.toBe(0); // rolled on the file's roll day
    }
  });

  it('books every cent: final equity is the start plus the trades, and each PnL is within what the contract moved', () => {
    const net = trades.reduce((sum, t) => sum + t.netPnl, 0);
    expect(result.finalEquity - 250_000).toBeCloseTo(net, 2);
    for (const t of trades) {
      let high = -Infinity;
      let low = Infinity;
      for (let i = rowOf(t.entryTs); i <= rowOf(t.exitTs); i++) {
        high = Math.max(high, file.high[i]);
        low = Math.min(low, file.low[i]);
      }
      // A rolled-in entry is at the new contract's price, which may lie outside the old one's range.
      const entryRow = rowOf(t.entryTs);
      const span = t.entryTag === 'roll' ? Math.max(high, file.close[entryRow] + file.rinfo[entryRow + 1]) - Math.min(low, file.close[entryRow] + file.rinfo[entryRow + 1]) : high - low;
      expect(Math.abs(t.grossPnl)).toBeLessThanOrEqual(t.quantity * (span + 2 * slip) + 1e-6);
    }
    // Plausible for one contract of NG over 31 years: hundreds of thousands, not tens of millions.
    expect(Math.abs(net)).toBeLessThan(2_000_000);
  });

  it('keeps a position through rolls: its segments share the entry signal and ML values', () => {
    for (let k = 0; k < trades.length; k++) {
      if (trades[k].exitReason !== 'roll') continue;
      const next = trades.find((t) => t.entryTag === 'roll' && t.entryTs === trades[k].exitTs);
      expect(next?.meta).toEqual(trades[k].meta);
      expect(next?.direction).toBe(trades[k].direction);
    }
  });
});
