import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tradingDateOf } from '@rooney/core';
import type { BacktestResult, SessionSpec, Trade } from '@rooney/core';
import { drawdownSeries } from '@rooney/portfolio';
import { csvField, formatNumber, formatTime } from './csv-format.ts';

/** The columns of `trades.csv`, in order; `strategy`, `entry_tag` and entry meta follow. */
export const TRADE_COLUMNS = [
  'symbol',
  'direction',
  'quantity',
  'entry_time',
  'entry_price',
  'exit_time',
  'exit_price',
  'bars_held',
  'gross_pnl',
  'commission',
  'net_pnl',
  'exit_reason',
] as const;

/** `trades.csv`: one row per round trip, times ISO-8601 UTC. */
export function tradesCsv(trades: readonly Trade[]): string {
  const metaKeys = [...new Set(trades.flatMap((t) => Object.keys(t.meta ?? {})))].sort();
  const header = [...TRADE_COLUMNS, 'strategy', 'entry_tag', ...metaKeys].join(',');
  const lines = [header];
  for (const t of trades) {
    const meta = metaKeys.map((key) => {
      const value = t.meta?.[key];
      return value === undefined ? '' : typeof value === 'number' ? formatNumber(value) : csvField(value);
    });
    lines.push(
      [
        csvField(t.symbol),
        t.direction,
        String(t.quantity),
        formatTime(t.entryTs),
        formatNumber(t.entryPrice),
        formatTime(t.exitTs),
        formatNumber(t.exitPrice),
        String(t.barsHeld),
        formatNumber(t.grossPnl),
        formatNumber(t.commission),
        formatNumber(t.netPnl),
        csvField(t.exitReason),
        csvField(t.strategy),
        csvField(t.entryTag),
        ...meta,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `equity.csv`: equity and drawdown at every session close, plus each strategy's net PnL
 * (`pnl_<strategy>`); with `resolution: 'bar'`, equity and drawdown after every event.
 */
export function equityCsv(result: BacktestResult, resolution: 'session' | 'bar'): string {
  const series = resolution === 'bar' ? result.equity : result.daily;
  const drawdown = drawdownSeries(series, result.startingCash);
  const strategies = resolution === 'bar' ? [] : Object.keys(result.dailyPnlByStrategy);
  const lines = [['time', 'equity', 'drawdown', ...strategies.map((name) => csvField(`pnl_${name}`))].join(',')];
  for (let i = 0; i < series.ts.length; i++) {
    const perStrategy = strategies.map((name) => `,${formatNumber(result.dailyPnlByStrategy[name][i])}`).join('');
    lines.push(`${formatTime(series.ts[i])},${formatNumber(series.value[i])},${formatNumber(drawdown.drawdown[i])}${perStrategy}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes named text files into `dir` (created if needed); returns their paths. */
export function writeOutputs(dir: string, files: Readonly<Record<string, string>>): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(files).map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  });
}

/**
 * Realised net PnL per session date (`date` = the trading date of each trade's exit), one column
 * per symbol (`by: 'symbol'`, file `daily_pnl.csv`) or per strategy (`daily_pnl_by_strategy.csv`):
 * the input `rooney optimize --returns` expects. Sessions without an exit have no row.
 */
export function dailyPnlCsv(trades: readonly Trade[], session: SessionSpec, by: 'symbol' | 'strategy'): string {
  const keyOf = (t: Trade): string => (by === 'symbol' ? t.symbol : t.strategy);
  const columns = [...new Set(trades.map(keyOf))].sort();
  const byDate = new Map<number, Float64Array>();
  for (const t of trades) {
    const date = tradingDateOf(t.exitTs, session);
    let row = byDate.get(date);
    if (row === undefined) byDate.set(date, (row = new Float64Array(columns.length)));
    row[columns.indexOf(keyOf(t))] += t.netPnl;
  }
  const lines = [['date', ...columns.map(csvField)].join(',')];
  for (const date of [...byDate.keys()].sort((a, b) => a - b)) {
    const text = String(date);
    const row = byDate.get(date) as Float64Array;
    lines.push(`${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)},${Array.from(row, formatNumber).join(',')}`);
  }
  return `${lines.join('\n')}\n`;
}
