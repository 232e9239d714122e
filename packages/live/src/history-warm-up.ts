import { DAY_MS, MINUTE_MS, RooneyError } from '@rooney/core';
import type { BarSeries } from '@rooney/data';
import type { DatabentoHistoricalClient } from '@rooney/databento';
import { REPLAY_WINDOW_MS } from '@rooney/databento';
import type { Logger } from '@rooney/databento';
import type { BarSink } from './session/feed-bridge.ts';

/** History downloaded to warm a live run up. */
export interface WarmUpHistory {
  /** First bar open asked for (epoch ms). */
  readonly startTs: number;
  /**
   * The seam (a minute boundary): every history bar closes at or before it, and the live feed's
   * replay starts with the bar opening at it, so no bar is missing or seen twice.
   */
  readonly seamTs: number;
  /** 1-minute bars by Databento symbol (`ES.c.0`), stamped at their close. */
  readonly bars: ReadonlyMap<string, BarSeries>;
}

/**
 * Downloads `days` days of 1-minute bars for a live run's warm-up.
 *
 * The seam is the end of what the historical API holds for `ohlcv-1m` (`metadata.get_dataset_range`),
 * or now if that is later, floored to the minute; the download is `[seam − days, seam)` (bar
 * opens), clamped to the dataset's start. The live feed must then replay from the seam, which it
 * can only do within its intraday-replay window: a seam older than that is refused (`history_gap`)
 * rather than leaving a hole between history and live bars.
 */
export async function loadWarmUpHistory(options: {
  readonly client: DatabentoHistoricalClient;
  readonly dataset: string;
  /** Databento symbols in `stypeIn` symbology. */
  readonly symbols: readonly string[];
  readonly stypeIn: string;
  readonly days: number;
  readonly nowTs: number;
  readonly logger: Logger;
}): Promise<WarmUpHistory> {
  const { client, dataset, days, nowTs } = options;
  if (!(Number.isInteger(days) && days > 0)) throw new RooneyError('invalid_parameter', `"historyDays" must be an integer > 0, was ${days}`);
  const range = await client.getDatasetRange(dataset);
  const minutes = range.schemas['ohlcv-1m'] ?? { startTs: range.startTs, endTs: range.endTs };
  const seamTs = Math.floor(Math.min(minutes.endTs, nowTs) / MINUTE_MS) * MINUTE_MS;
  if (nowTs - seamTs > REPLAY_WINDOW_MS) {
    throw new RooneyError(
      'history_gap',
      `historical ${dataset} ohlcv-1m data ends at ${new Date(seamTs).toISOString()}, ${((nowTs - seamTs) / 3_600_000).toFixed(1)} h ago: the live feed's intraday replay (${REPLAY_WINDOW_MS / 3_600_000} h) cannot join it without a gap`,
    );
  }
  const startTs = Math.max(seamTs - days * DAY_MS, Math.ceil(minutes.startTs / MINUTE_MS) * MINUTE_MS);
  if (!(seamTs > startTs)) throw new RooneyError('history_gap', `historical ${dataset} ohlcv-1m data holds nothing before ${new Date(seamTs).toISOString()}`);
  const history = await client.getRange({ dataset, symbols: options.symbols, schema: 'ohlcv-1m', start: startTs, end: seamTs, stypeIn: options.stypeIn, compression: 'zstd' });
  const counts: Record<string, number> = {};
  for (const [symbol, series] of history.bars) counts[symbol] = series.length;
  options.logger.log('info', 'live_history_loaded', { dataset, days, from: new Date(startTs).toISOString(), seam: new Date(seamTs).toISOString(), bars: counts });
  for (const symbol of options.symbols) {
    if ((history.bars.get(symbol)?.length ?? 0) === 0) options.logger.log('warn', 'live_history_empty', { symbol, note: 'no history: its indicators start cold' });
  }
  return { startTs, seamTs, bars: history.bars };
}

/**
 * Feeds history bars to a session in time order (symbols of one minute together, in the given
 * order), then releases the last minute; returns the number of bars fed.
 */
export function feedWarmUpHistory(sink: BarSink, bars: ReadonlyMap<string, BarSeries>): number {
  const series = [...bars];
  const cursors = series.map(() => 0);
  let fed = 0;
  for (;;) {
    let t = Number.POSITIVE_INFINITY;
    for (let k = 0; k < series.length; k++) {
      const s = series[k][1];
      if (cursors[k] < s.length && s.ts[cursors[k]] < t) t = s.ts[cursors[k]];
    }
    if (t === Number.POSITIVE_INFINITY) break;
    for (let k = 0; k < series.length; k++) {
      const [symbol, s] = series[k];
      const i = cursors[k];
      if (i >= s.length || s.ts[i] !== t) continue;
      sink.pushBar(symbol, { ts: t, open: s.open[i], high: s.high[i], low: s.low[i], close: s.close[i], volume: s.volume[i] });
      cursors[k]++;
      fed++;
    }
  }
  sink.endOfInterval();
  return fed;
}
