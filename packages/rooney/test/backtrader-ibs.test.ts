import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractSpec, isoUtc, runBacktest } from '@rooney/core';
import { loadBarsFile } from '@rooney/data';
import { IbsStrategy } from '@rooney/strategies';
import { describe, expect, it } from 'vitest';

const BACKTRADER = fileURLToPath(new URL('../../../../shared/datasets/backtrader/', import.meta.url));

interface Row {
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/** Date and raw OHLC of a Yahoo file (Date,Open,High,Low,Close,Adj Close,Volume), read here on purpose. */
function readYahoo(file: string): Row[] {
  return readFileSync(join(BACKTRADER, file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const cells = line.split(',');
      return { date: cells[0], open: Number(cells[1]), high: Number(cells[2]), low: Number(cells[3]), close: Number(cells[4]) };
    });
}

/**
 * A second implementation of the rules, following Backtrader's event order bar by bar (not Rooney's
 * engine): the broker first works the pending order on the new bar (market at the open; a buy limit
 * at the open when the open is at or below it, else at the limit when the low reaches it) and
 * notifies; then the strategy's next() runs. A limit entry lives for one bar: when that bar did not
 * fill it, the strategy is flat again at that bar's close and checks the entry there.
 */
function backtraderRules(rows: readonly Row[], limitEntry: boolean): string[] {
  const trades: string[] = [];
  let pending: { kind: 'buy_market' | 'buy_limit' | 'sell_market'; price: number; bar: number } | undefined;
  let position: { price: number; date: string; bar: number } | undefined;
  for (let i = 0; i < rows.length; i++) {
    const bar = rows[i];
    if (pending !== undefined && pending.bar < i) {
      if (pending.kind === 'sell_market' && position !== undefined) {
        const pnl = bar.open - position.price;
        trades.push(`${position.date} ${position.price.toFixed(6)} ${bar.date} ${pnl.toFixed(6)}`);
        position = undefined;
        pending = undefined;
      } else if (pending.kind === 'buy_market') {
        position = { price: bar.open, date: bar.date, bar: i };
        pending = undefined;
      } else if (pending.kind === 'buy_limit') {
        const price = bar.open <= pending.price ? bar.open : bar.low <= pending.price ? pending.price : Number.NaN;
        if (!Number.isNaN(price)) position = { price, date: bar.date, bar: i };
        pending = undefined; // filled, or its one bar is over
      }
    }
    if (pending !== undefined) continue;
    const range = bar.high - bar.low;
    const ibs = range > 0 ? (bar.close - bar.low) / range : 0.5;
    if (position !== undefined) {
      if (ibs > 0.8 || i - position.bar + 1 >= 5) pending = { kind: 'sell_market', price: Number.NaN, bar: i };
    } else if (ibs < 0.2) {
      pending = limitEntry ? { kind: 'buy_limit', price: bar.close, bar: i } : { kind: 'buy_market', price: Number.NaN, bar: i };
    }
  }
  return trades;
}

/** Rooney's IBS strategy (defaults, daily) on the file, as `entry-date entry-price exit-date pnl` lines. */
function rooneyTrades(file: string, limitEntry: boolean): string[] {
  const { series } = loadBarsFile(join(BACKTRADER, file), { symbol: 'X' });
  const strategy = new IbsStrategy('ibs', ['X'], { params: { timeframe: 'day', entryOrder: limitEntry ? 'limit' : 'market' } });
  const result = runBacktest({
    series: [series],
    strategies: [strategy],
    startingCash: 1e9,
    contracts: { X: contractSpec('X', { multiplier: 1, tickSize: 0.000001, commission: 0, margin: 0 }) },
    closeAtEnd: false, // Backtrader reports closed trades only
  });
  return result.trades.map(
    (t) => `${isoUtc(t.entryTs).slice(0, 10)} ${t.entryPrice.toFixed(6)} ${isoUtc(t.exitTs).slice(0, 10)} ${t.grossPnl.toFixed(6)}`,
  );
}

/**
 * What Backtrader 1.9.78.123 itself reports for these runs (`test/support/backtrader_ibs.py`, which
 * documents the script and the rules): closed trades, their PnL summed, and the SHA-256 of the
 * printed trade list (lines `entry-date entry-price exit-date pnl` joined by newlines).
 */
const BACKTRADER_RUNS = [
  { file: 'yhoo-1996-2014.txt', limit: true, trades: 565, pnl: 86.494691, sha256: '3e1d9e410ade91c8fd1cd2a515767e2ebe1fb0a5ffa8ac6477cd56a2aef22ff1' },
  { file: 'yhoo-1996-2014.txt', limit: false, trades: 631, pnl: 65.552679, sha256: '34dd96ff50182aa23ccf813c341fd689c0d308e9490e71cd494db390d5174a53' },
  { file: 'orcl-1995-2014.txt', limit: true, trades: 594, pnl: 70.283441, sha256: 'd54998b5f15d01e4e02a13353319cbcdc39744faaa6dc4799cbceb0f8ed17c4b' },
  { file: 'orcl-1995-2014.txt', limit: false, trades: 695, pnl: 79.989903, sha256: '6dbd30bf765dfac70b86f15cb117905d6b4018bd2bb63e3186ba147109ef527b' },
  { file: 'nvda-1999-2014.txt', limit: true, trades: 487, pnl: 40.034128, sha256: '8297040c6724420f117d35a2a93105370c431c3656403cda72c838650b8ef73f' },
  { file: 'nvda-1999-2014.txt', limit: false, trades: 547, pnl: 46.208963, sha256: '12c1366b845e5e702e7cea2eaf4c37b4c5032e6a322cae18e0329f70e0b6f9bb' },
] as const;

describe('IBS matches Backtrader trade for trade on its sample stocks', () => {
  for (const run of BACKTRADER_RUNS) {
    const label = `${run.file}, ${run.limit ? 'one-bar limit' : 'market'} entries`;
    it(label, () => {
      const rooney = rooneyTrades(run.file, run.limit);
      expect(rooney).toEqual(backtraderRules(readYahoo(run.file), run.limit));
      expect(rooney).toHaveLength(run.trades);
      const pnl = rooney.reduce((sum, line) => sum + Number(line.split(' ')[3]), 0);
      expect(pnl).toBeCloseTo(run.pnl, 5);
      expect(createHash('sha256').update(rooney.join('\n')).digest('hex')).toBe(run.sha256);
    });
  }
});
