import { isoUtc } from '@rooney/core';
import type { Strategy, Trade } from '@rooney/core';
import type { SignalRecord } from '@rooney/strategies';
import type { OutputColumn } from '../table-io.ts';

interface SignalSource {
  signals(): readonly SignalRecord[];
  featureNames(): readonly string[];
}

function isSignalSource(strategy: Strategy): strategy is Strategy & SignalSource {
  const s = strategy as Partial<SignalSource>;
  return typeof s.signals === 'function' && typeof s.featureNames === 'function';
}

export interface SignalTableOptions {
  /** Keep only signals that opened a trade, with its outcome (`rooney extract`). */
  readonly tradedOnly?: boolean;
}

/**
 * One row per recorded signal: strategy, symbol, time (ISO-8601 UTC), `ts` (epoch ms), direction,
 * every feature of the snapshot, what happened to it (blocked_by, ml_score, vetoed), and — for
 * signals that opened a trade — the trade's exit time, net PnL and `win` (net PnL > 0); a position
 * rolled from contract to contract counts as one outcome (the sum of its trades, the last exit).
 * Strategies must share one feature list (they do when they use the default set).
 */
export function signalColumns(strategies: readonly Strategy[], trades: readonly Trade[], options: SignalTableOptions = {}): OutputColumn[] {
  const sources = strategies.filter(isSignalSource);
  const featureNames = sources.length > 0 ? sources[0].featureNames() : [];
  // A position held across contract rolls is several trades with the same signal: its outcome is
  // their sum, and it ends with the last of them.
  const tradeBySignal = new Map<string, { exitTs: number; netPnl: number }>();
  for (const trade of trades) {
    const id = trade.meta?.signal_id;
    if (id === undefined) continue;
    const key = `${trade.strategy}\u0000${id}`;
    const seen = tradeBySignal.get(key);
    if (seen === undefined) tradeBySignal.set(key, { exitTs: trade.exitTs, netPnl: trade.netPnl });
    else tradeBySignal.set(key, { exitTs: Math.max(seen.exitTs, trade.exitTs), netPnl: seen.netPnl + trade.netPnl });
  }
  const strategy: string[] = [];
  const symbol: string[] = [];
  const time: string[] = [];
  const ts: number[] = [];
  const direction: string[] = [];
  const blockedBy: string[] = [];
  const vetoed: number[] = [];
  const score: number[] = [];
  const exitTs: number[] = [];
  const netPnl: number[] = [];
  const win: number[] = [];
  const features: number[][] = featureNames.map(() => []);
  for (const source of sources) {
    if (source.featureNames().join() !== featureNames.join()) continue;
    for (const s of source.signals()) {
      const trade = tradeBySignal.get(`${s.strategy}\u0000${s.id}`);
      if (options.tradedOnly === true && trade === undefined) continue;
      strategy.push(s.strategy);
      symbol.push(s.symbol);
      time.push(isoUtc(s.ts));
      ts.push(s.ts);
      direction.push(s.direction);
      blockedBy.push(s.blockedBy ?? '');
      vetoed.push(s.vetoed ? 1 : 0);
      score.push(s.score ?? Number.NaN);
      exitTs.push(trade?.exitTs ?? Number.NaN);
      netPnl.push(trade?.netPnl ?? Number.NaN);
      win.push(trade === undefined ? Number.NaN : trade.netPnl > 0 ? 1 : 0);
      for (let k = 0; k < featureNames.length; k++) features[k].push(s.features[k]);
    }
  }
  return [
    { name: 'strategy', values: strategy },
    { name: 'symbol', values: symbol },
    { name: 'time', values: time },
    { name: 'ts', values: ts },
    { name: 'direction', values: direction },
    ...featureNames.map((name, k) => ({ name, values: features[k] })),
    { name: 'blocked_by', values: blockedBy },
    { name: 'vetoed', values: vetoed },
    { name: 'ml_score', values: score },
    { name: 'exit_ts', values: exitTs },
    { name: 'net_pnl', values: netPnl },
    { name: 'win', values: win },
  ];
}
