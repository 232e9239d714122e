import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SESSION, sessionCloseTs } from '@rooney/core';
import type { BarArrays } from '@rooney/core';

/**
 * Test support: reads Backtrader's sample data from `shared/datasets/backtrader/` (a sibling of the
 * repository root) into `BarArrays`. Not library code: the data loaders of `@rooney/data` are the
 * real readers; this tiny parser only keeps the indicator tests independent of them.
 */

const DATASETS = fileURLToPath(new URL('../../../../../shared/datasets/backtrader/', import.meta.url));

export interface BacktraderBarsOptions {
  /**
   * Backtrader's files carry zero volume. When true (the default) volume is replaced by a
   * deterministic synthetic value, `1000 + round(10 * (high - low))`, so that volume-weighted
   * indicators have something to weigh.
   */
  readonly syntheticVolume?: boolean;
}

/**
 * Bars of `file` (e.g. `2006-day-001.txt`, `2006-min-005.txt`). Daily and weekly rows are stamped
 * at the close of their trading date's session (`DEFAULT_SESSION`: 17:00 Chicago); intraday rows at
 * their `Date Time` read as UTC (Backtrader stamps bars at their end).
 */
export function loadBacktraderBars(file = '2006-day-001.txt', options: BacktraderBarsOptions = {}): BarArrays {
  const text = readFileSync(DATASETS + file, 'utf8');
  const rows = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = rows[0].split(',');
  const hasTime = header[1] === 'Time';
  const n = rows.length - 1;
  const bars = {
    symbol: file,
    barMs: 0,
    length: n,
    ts: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  const synthetic = options.syntheticVolume ?? true;
  for (let i = 0; i < n; i++) {
    const cells = rows[i + 1].split(',');
    const [year, month, day] = cells[0].split('-').map(Number);
    const base = hasTime ? 2 : 1;
    if (hasTime) {
      const [hours, minutes, seconds] = cells[1].split(':').map(Number);
      bars.ts[i] = Date.UTC(year, month - 1, day, hours, minutes, seconds);
    } else {
      bars.ts[i] = sessionCloseTs(year * 10000 + month * 100 + day, DEFAULT_SESSION);
    }
    bars.open[i] = Number(cells[base]);
    bars.high[i] = Number(cells[base + 1]);
    bars.low[i] = Number(cells[base + 2]);
    bars.close[i] = Number(cells[base + 3]);
    const volume = Number(cells[base + 4]);
    bars.volume[i] = synthetic ? 1000 + Math.round(10 * (bars.high[i] - bars.low[i])) : volume;
  }
  return { ...bars, barMs: n > 1 ? bars.ts[1] - bars.ts[0] : 0 };
}

/**
 * Index of the bars at which Backtrader's `tests/test_ind_*.py` check their `chkvals`, for a run of
 * `length` bars and an indicator of minimum period `minPeriod` (see `tests/testcommon.py`: the check
 * points are `[0, -l + mp, (-l + mp) // 2]` bars ago from the last bar, with Python's floor division).
 * Returns 0-based bar indices: `[last, first defined, middle]`.
 */
export function backtraderCheckIndices(length: number, minPeriod: number): [number, number, number] {
  const last = length - 1;
  const first = -length + minPeriod;
  const middle = Math.floor(first / 2);
  return [last, last + first, last + middle];
}

/** Backtrader prints check values with `'%f'`: six decimals. */
export function formatBacktrader(value: number): string {
  return value.toFixed(6);
}
