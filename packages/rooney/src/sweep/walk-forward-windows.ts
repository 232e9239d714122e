import { RooneyError, sessionCloseTs, tradingDateOf } from '@rooney/core';
import type { BarArrays, SessionSpec } from '@rooney/core';

/** How time is split for a walk-forward test. */
export interface WalkForwardOptions {
  /** Number of out-of-sample windows (K >= 1). */
  readonly windows: number;
  /** Share of each window (in-sample + out-of-sample) that is in-sample, in (0, 1). */
  readonly inSampleFraction: number;
  /** `true`: every in-sample period starts at the first session (expanding); `false`: rolling. */
  readonly anchored: boolean;
}

/** A range of sessions `[first, last]` (indices into the session list, inclusive). */
export interface SessionRange {
  readonly first: number;
  readonly last: number;
}

export interface WalkForwardSplit {
  readonly inSample: SessionRange;
  readonly outOfSample: SessionRange;
}

/**
 * Close times of the sessions with data in `[startTs, endTs]`, ascending, from the union of the
 * series' bar times. Each series is scanned once; the session calendar is consulted only when a bar
 * falls after the current session's close.
 */
export function sessionClosesOf(series: readonly BarArrays[], session: SessionSpec, startTs = -Infinity, endTs = Infinity): number[] {
  const closes = new Set<number>();
  for (const bars of series) {
    let close = Number.NEGATIVE_INFINITY;
    const ts = bars.ts;
    for (let i = 0; i < bars.length; i++) {
      const t = ts[i];
      if (t < startTs || t > endTs || t <= close) continue;
      close = sessionCloseTs(tradingDateOf(t, session), session);
      closes.add(close);
    }
  }
  return [...closes].sort((a, b) => a - b);
}

/**
 * Splits `sessions` sessions into K in-sample / out-of-sample pairs whose out-of-sample parts are
 * consecutive and cover the end of the data without gaps (Pardo's walk-forward).
 *
 * With in-sample fraction f, a window of W sessions has `round(f·W)` in-sample sessions followed by
 * out-of-sample ones, and W is chosen so that the in-sample length plus K out-of-sample lengths fill
 * the data: `W = sessions / (f + K·(1 - f))`. Window k's out-of-sample part starts right after its
 * in-sample part and the next window starts one out-of-sample length later (rolling), or every
 * in-sample part starts at session 0 (anchored). The last out-of-sample part takes the sessions left
 * over by rounding.
 */
export function splitWalkForward(sessions: number, options: WalkForwardOptions): WalkForwardSplit[] {
  const { windows, inSampleFraction: f, anchored } = options;
  if (!(Number.isInteger(windows) && windows >= 1)) throw new RooneyError('bad_option', `--windows must be an integer >= 1, was ${windows}`);
  if (!(f > 0 && f < 1)) throw new RooneyError('bad_option', `--in-sample-fraction must be between 0 and 1, was ${f}`);
  const width = sessions / (f + windows * (1 - f));
  const inSampleLength = Math.max(1, Math.round(f * width));
  const outOfSampleLength = Math.floor((sessions - inSampleLength) / windows);
  if (outOfSampleLength < 1) {
    throw new RooneyError(
      'bad_option',
      `${sessions} sessions are too few for ${windows} walk-forward windows with in-sample fraction ${f} (each out-of-sample window would be empty)`,
    );
  }
  const out: WalkForwardSplit[] = [];
  for (let k = 0; k < windows; k++) {
    const outFirst = inSampleLength + k * outOfSampleLength;
    const outLast = k === windows - 1 ? sessions - 1 : outFirst + outOfSampleLength - 1;
    out.push({
      inSample: { first: anchored ? 0 : k * outOfSampleLength, last: outFirst - 1 },
      outOfSample: { first: outFirst, last: outLast },
    });
  }
  return out;
}

/**
 * The inclusive time window of sessions `range`: after the previous session's close, up to the
 * last one's close; the first session starts at `dataStartTs` (undefined: the data's start).
 */
export function sessionWindow(closes: readonly number[], range: SessionRange, dataStartTs?: number): { startTs: number | undefined; endTs: number } {
  return {
    startTs: range.first === 0 ? dataStartTs : closes[range.first - 1] + 1,
    endTs: closes[range.last],
  };
}
