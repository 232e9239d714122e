import { Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { matrix } from './matrix.ts';
import { addUtcMonths, walkForwardPredict, walkForwardWindows } from './walk-forward.ts';

const utc = (text: string): number => Date.parse(`${text}T00:00:00Z`);

describe('addUtcMonths', () => {
  it('adds calendar months and clamps the day', () => {
    expect(addUtcMonths(utc('2020-01-31'), 1)).toBe(utc('2020-02-29'));
    expect(addUtcMonths(utc('2021-01-31'), 1)).toBe(utc('2021-02-28'));
    expect(addUtcMonths(utc('2020-11-15'), 3)).toBe(utc('2021-02-15'));
    expect(addUtcMonths(Date.parse('2020-03-10T14:30:00Z'), -3)).toBe(Date.parse('2019-12-10T14:30:00Z'));
  });
});

describe('walkForwardWindows', () => {
  it('rolling: 12-month training, retrain every 3 months (hand-listed)', () => {
    const windows = walkForwardWindows({
      startTs: utc('2020-01-01'),
      endTs: utc('2021-08-01'),
      trainMonths: 12,
      retrainEveryMonths: 3,
    });
    const iso = (ts: number): string => new Date(ts).toISOString().slice(0, 10);
    expect(windows.map((w) => [iso(w.trainStartTs), iso(w.trainEndTs), iso(w.testStartTs), iso(w.testEndTs)])).toEqual([
      ['2020-01-01', '2021-01-01', '2021-01-01', '2021-04-01'],
      ['2020-04-01', '2021-04-01', '2021-04-01', '2021-07-01'],
      ['2020-07-01', '2021-07-01', '2021-07-01', '2021-08-01'],
    ]);
    expect(windows.map((w) => w.index)).toEqual([0, 1, 2]);
  });

  it('expanding: every window trains from the start', () => {
    const windows = walkForwardWindows({
      startTs: utc('2020-01-01'),
      endTs: utc('2021-07-01'),
      trainMonths: 12,
      retrainEveryMonths: 3,
      mode: 'expanding',
    });
    expect(windows).toHaveLength(2);
    expect(windows.every((w) => w.trainStartTs === utc('2020-01-01'))).toBe(true);
    expect(windows[1].trainEndTs).toBe(utc('2021-04-01'));
  });

  it('rejects bad parameters with the value quoted', () => {
    expect(() => walkForwardWindows({ startTs: 0, endTs: 1e12, trainMonths: 0, retrainEveryMonths: 1 })).toThrow(
      '"trainMonths" must be an integer >= 1, was 0',
    );
  });
});

describe('walkForwardPredict', () => {
  it('scores each row only from the window that holds it, training on purged earlier rows', async () => {
    // One trade a day for 2020 .. mid 2021; each lasts 3 days. Label = [x0 > 0].
    const rng = new Rng(3);
    const start = utc('2020-01-01');
    const days = 540;
    const values = new Float64Array(days * 2);
    const y = new Uint8Array(days);
    const entryTs = new Float64Array(days);
    const exitTs = new Float64Array(days);
    for (let d = 0; d < days; d++) {
      values[d * 2] = rng.normal();
      values[d * 2 + 1] = rng.normal();
      y[d] = values[d * 2] > 0 ? 1 : 0;
      entryTs[d] = start + d * 86_400_000;
      exitTs[d] = entryTs[d] + 3 * 86_400_000;
    }
    const windows = walkForwardWindows({ startTs: start, endTs: start + days * 86_400_000, trainMonths: 12, retrainEveryMonths: 3 });
    const result = await walkForwardPredict(
      { x: matrix(values, days, 2), y, entryTs, exitTs },
      windows,
      { forest: { trees: 10, seed: 1, maxFeatures: 'all' } },
    );
    // Rows before the first test window (2021-01-01) are never scored; every later row is.
    const firstTest = utc('2021-01-01');
    for (let d = 0; d < days; d++) {
      if (entryTs[d] < firstTest) {
        expect(result.window[d]).toBe(-1);
        expect(result.probability[d]).toBeNaN();
      } else {
        const w = windows[result.window[d]];
        expect(entryTs[d]).toBeGreaterThanOrEqual(w.testStartTs);
        expect(entryTs[d]).toBeLessThan(w.testEndTs);
        expect(result.probability[d]).toBeGreaterThanOrEqual(0);
      }
    }
    // Window 0 trains on 2020 (366 days); the last 3 trades (exits reaching 2021-01-01) are purged.
    expect(result.results[0]).toMatchObject({ trainRows: 363, purgedRows: 3, testRows: 90, skipped: null });
    // The label is a threshold on x0: out-of-sample AUC must be high.
    expect(result.results[0].auc).toBeGreaterThan(0.9);
  });
});
