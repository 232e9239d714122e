import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BarSeries } from '../bar-series.ts';
import { findGaps, inspectBars } from './inspect-bars.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const REAL = `${SHARED}datasets/real/`;
const dir = mkdtempSync(join(tmpdir(), 'rooney-inspect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('inspectBars', () => {
  it('nautilus 6E: 375 steps over a minute, the longest 49.0 h (README)', () => {
    const report = inspectBars(`${REAL}nautilus-6e-1min/6EH4.XCME_1min_bars_20240101_20240131.csv.gz`);
    expect(report).toMatchObject({ format: 'csv.gz', symbol: '6EH4', rows: 29_996, barMs: 60_000, duplicates: 0 });
    expect([report.first, report.last]).toEqual(['2024-01-01T23:01:00.000Z', '2024-01-31T23:59:00.000Z']);
    expect(report.gaps.count).toBe(375);
    expect(report.gaps.largest).toHaveLength(5);
    expect(report.gaps.largest[0].hours.toFixed(1)).toBe('49.0');
    // A Friday 22:00 close to the Sunday 23:01 reopen (README: daily last bar 22:00, next 23:01).
    expect(report.gaps.largest[0]).toMatchObject({ from: '2024-01-05T22:00:00.000Z', to: '2024-01-07T23:01:00.000Z' });
    expect(report.badRows).toEqual({ count: 0, first: [] });
  });

  it('Yahoo ES 5-min: 94 steps over 5 minutes, the longest 66.1 h; NQ 2-min: 53, 66.0 h (README)', () => {
    const es = inspectBars(`${REAL}yahoo-es-nq-intraday/ES_5min.csv`);
    expect([es.rows, es.gaps.count, es.gaps.largest[0].hours.toFixed(1)]).toEqual([13_768, 94, '66.1']);
    const nq = inspectBars(`${REAL}yahoo-es-nq-intraday/NQ_2min.csv`);
    expect([nq.rows, nq.gaps.count, nq.gaps.largest[0].hours.toFixed(1)]).toEqual([18_693, 53, '66.0']);
  });

  it('reports bad rows and duplicates instead of throwing', () => {
    const path = join(dir, 'CL.csv');
    writeFileSync(path, ['date,open,high,low,close', '2024-01-02,1,2,1,2', '2024-01-02,1,2,1,2', '2024-01-03,1,0.5,1,2', '2024-01-04,1,2,1,2', '2024-01-04,1,2,1,2', '2024-01-05,1,2,1,2'].join('\n'));
    const report = inspectBars(path, { onBadRow: 'error' });
    expect(report.rows).toBe(3);
    expect(report.barMs).toBe(86_400_000);
    expect(report.duplicates).toBe(2);
    expect(report.badRows.count).toBe(3);
    expect(report.badRows.first.map((row) => row.line)).toEqual([3, 4, 6]);
    expect(report.gaps.count).toBe(1);
    expect(report.gaps.largest).toEqual([{ from: '2024-01-02T23:00:00.000Z', to: '2024-01-04T23:00:00.000Z', hours: 48 }]);
  });
});

describe('findGaps', () => {
  it('counts steps longer than the bar size and lists the five largest, largest first', () => {
    const minutes = [0, 1, 3, 4, 10, 11, 12, 20, 21, 25, 26, 56, 57, 59];
    const series = BarSeries.fromBars('X', 60_000, minutes.map((m) => ({ ts: m * 60_000, open: 1, high: 1, low: 1, close: 1, volume: 0 })));
    const gaps = findGaps(series);
    // Steps > 1 minute: 2, 6, 8, 4, 30, 2.
    expect(gaps.count).toBe(6);
    expect(gaps.largest.map((gap) => gap.hours * 60)).toEqual([30, 8, 6, 4, 2]);
    expect(gaps.largest[0].from).toBe(new Date(26 * 60_000).toISOString());
  });
});
