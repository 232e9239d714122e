import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

/**
 * Test-only readers of the project's shared real data (`../shared`, outside the repository; see
 * each folder's README for provenance). Not exported from the package: nothing published needs it.
 */

/** The shared folder, relative to this file (`<repo>/../shared/`). */
export const SHARED_DIR = fileURLToPath(new URL('../../../../../shared/', import.meta.url));

/** A real 1-minute bar, stamped at its close (epoch ms). */
export interface RealMinuteBar {
  readonly ts: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * NautilusTrader's 6E March 2024 contract (6EH4), 1-minute bars of January 2024 (29,996 bars,
 * `timestamp_utc,open,high,low,close,volume`, stamped at close; minutes without trades have no bar).
 */
export function load6eMinutes(): RealMinuteBar[] {
  const text = gunzipSync(readFileSync(`${SHARED_DIR}datasets/real/nautilus-6e-1min/6EH4.XCME_1min_bars_20240101_20240131.csv.gz`)).toString('utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [stamp, open, high, low, close, volume] = line.split(',');
      return { ts: Date.parse(`${stamp.replace(' ', 'T')}Z`), open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) };
    });
}
