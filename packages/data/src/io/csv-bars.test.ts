import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RooneyError } from '@rooney/core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBarsFile } from './load-bars.ts';
import type { LoadOptions } from './load-options.ts';

const dir = mkdtempSync(join(tmpdir(), 'rooney-csv-bars-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
/** Writes `lines` (joined with \n) to a fresh temp file named `name` and returns its path. */
function file(lines: string[] | string, name = 'ES.csv'): string {
  const path = join(dir, `${fileCount++}-${name}`);
  writeFileSync(path, Array.isArray(lines) ? lines.join('\n') : lines);
  return path;
}

function failure(path: string, options: LoadOptions = {}): RooneyError {
  try {
    loadBarsFile(path, options);
  } catch (error) {
    if (error instanceof RooneyError) return error;
    throw error;
  }
  throw new Error('expected loadBarsFile to throw');
}

const HEADER = 'Date,Open,High,Low,Close,Volume';
const GOOD = ['2024-01-02,10,12,9,11,100', '2024-01-03,11,13,10,12,200'];

describe('loadBarsFile on CSV: bad input throws with file, line and field', () => {
  const cases: [string, string, string, number, string][] = [
    // [label, bad row, code, line, field]
    ['too few fields', '2024-01-04,11,13,10', 'bad_row', 4, 'Close'],
    ['unparsable number', '2024-01-04,11,1x3,10,12,5', 'bad_number', 4, 'High'],
    ['empty price', '2024-01-04,11,13,,12,5', 'bad_number', 4, 'Low'],
    ['NaN price', '2024-01-04,NaN,13,10,12,5', 'bad_price', 4, 'Open'],
    ['zero price', '2024-01-04,11,13,10,0,5', 'bad_price', 4, 'Close'],
    ['negative price', '2024-01-04,11,13,-10,12,5', 'bad_price', 4, 'Low'],
    ['high below low', '2024-01-04,11,9,10,9.5,5', 'bad_ohlc', 4, 'High'],
    ['open above high', '2024-01-04,14,13,10,12,5', 'bad_ohlc', 4, 'Open'],
    ['close below low', '2024-01-04,11,13,10,9,5', 'bad_ohlc', 4, 'Close'],
    ['negative volume', '2024-01-04,11,13,10,12,-5', 'bad_volume', 4, 'Volume'],
    ['unparsable volume', '2024-01-04,11,13,10,12,lots', 'bad_number', 4, 'Volume'],
    ['duplicate timestamp', '2024-01-03,11,13,10,12,5', 'bad_timestamp', 4, 'Date'],
    ['backwards timestamp', '2024-01-01,11,13,10,12,5', 'bad_timestamp', 4, 'Date'],
    ['unparsable date', '2024-02-30,11,13,10,12,5', 'bad_timestamp', 4, 'Date'],
    ['time where dates only', '2024-01-04 10:00,11,13,10,12,5', 'bad_timestamp', 4, 'Date'],
  ];
  for (const [label, row, code, line, field] of cases) {
    it(label, () => {
      const error = failure(file([HEADER, ...GOOD, row, '2024-01-05,11,13,10,12,5']));
      expect(error.code).toBe(code);
      expect(error.place.line).toBe(line);
      expect(error.place.field).toBe(field);
      expect(error.message).toContain(`line ${line}`);
      expect(error.message).toContain(`field "${field}"`);
    });
  }

  it('names the time column when a separate time does not parse', () => {
    const path = file(['Date,Time,Open,High,Low,Close', '2006-01-02,09:05:00,1,2,1,2', '2006-01-02,9h10,1,2,1,2']);
    const error = failure(path);
    expect([error.code, error.place.line, error.place.field]).toEqual(['bad_timestamp', 3, 'Time']);
  });

  it('counts lines from 1 including the header and blank lines', () => {
    const error = failure(file([HEADER, '', GOOD[0], '', '', '2024-01-03,11,13,10,12,-1']));
    expect(error.place.line).toBe(6);
  });

  it('reports a missing column in the header as bad_header', () => {
    const error = failure(file(['Date,Open,High,Close', '2024-01-02,1,2,1.5']));
    expect([error.code, error.place.line, error.place.field]).toEqual(['bad_header', 1, 'low']);
    expect(failure(file('')).code).toBe('bad_header');
  });
});

describe('loadBarsFile on CSV: skip mode', () => {
  it('drops bad rows, keeps good ones with their extras, and lists the first five', () => {
    const path = file([
      'Date,Open,High,Low,Close,Adj Close,Volume',
      '2024-01-01,10,12,9,11,10.5,100', // line 2, good
      '2024-01-02,10,8,9,11,0,100', // 3 bad_ohlc
      '2024-01-03,x,12,9,11,0,100', // 4 bad_number
      '2024-01-04,10,12,9,11,11.5,100', // 5 good
      '2024-01-04,10,12,9,11,0,100', // 6 duplicate
      '2024-01-05,10,12,9,11,0,-1', // 7 bad_volume
      '2024-01-06,0,12,9,11,0,100', // 8 bad_price
      'garbage', // 9 bad_row
      '2024-01-09,10,12,9,11,12.5,', // 10 good, volume blank → NaN
    ]);
    const result = loadBarsFile(path, { onBadRow: 'skip' });
    expect(result.series.length).toBe(3);
    expect(Array.from(result.series.close)).toEqual([11, 11, 11]);
    expect(Array.from(result.extras['Adj Close'])).toEqual([10.5, 11.5, 12.5]);
    expect(result.series.volume[2]).toBeNaN();
    expect(result.skipped.count).toBe(6);
    expect(result.skipped.first.map((s) => [s.line, s.field, s.code])).toEqual([
      [3, 'High', 'bad_ohlc'],
      [4, 'Open', 'bad_number'],
      [6, 'Date', 'bad_timestamp'],
      [7, 'Volume', 'bad_volume'],
      [8, 'Open', 'bad_price'],
    ]);
    expect(result.skipped.first[2].message).toContain('duplicate');
  });
});

describe('loadBarsFile on CSV: layouts and options', () => {
  it('stamps date-only rows at the session close (default 17:00 Chicago, or a given session)', () => {
    const path = file([HEADER, '2024-01-02,10,12,9,11,100', '2024-07-02,10,12,9,11,100']);
    // 17:00 Chicago by default (the CME day): CST (UTC-6) in January, CDT (UTC-5) in July.
    const chicago = loadBarsFile(path).series;
    expect(Array.from(chicago.ts)).toEqual([Date.parse('2024-01-02T23:00:00Z'), Date.parse('2024-07-02T22:00:00Z')]);
    const utc = loadBarsFile(path, { session: { startMinutes: 23 * 60, timeZone: 'UTC' } }).series;
    expect(Array.from(utc.ts)).toEqual([Date.parse('2024-01-02T23:00:00Z'), Date.parse('2024-07-02T23:00:00Z')]);
  });

  it('reads naive times in a zone, moves open stamps to the close, and honours explicit zones', () => {
    const rows = ['datetime,open,high,low,close,volume', '2026-03-06 09:30:00,1,2,1,2,5', '2026-03-06 09:35:00,1,2,1,2,5', '2026-03-09 09:30:00,1,2,1,2,5'];
    const series = loadBarsFile(file(rows), { timeZone: 'America/New_York', stampedAt: 'open' }).series;
    expect(series.barMs).toBe(300_000);
    // 09:30 EST = 14:30Z, close 14:35Z; after the 2026-03-08 switch 09:30 EDT = 13:30Z, close 13:35Z.
    expect(Array.from(series.ts)).toEqual([
      Date.parse('2026-03-06T14:35:00Z'),
      Date.parse('2026-03-06T14:40:00Z'),
      Date.parse('2026-03-09T13:35:00Z'),
    ]);
    const zoned = ['timestamp,open,high,low,close', '2024-01-02T10:00:00-05:00,1,2,1,2', '2024-01-02T15:01:00Z,1,2,1,2'];
    const explicit = loadBarsFile(file(zoned), { timeZone: 'Asia/Tokyo' }).series;
    expect(Array.from(explicit.ts)).toEqual([Date.parse('2024-01-02T15:00:00Z'), Date.parse('2024-01-02T15:01:00Z')]);
    expect(explicit.volume[0]).toBeNaN();
  });

  it('treats a Databento ts_event column (ns) as the bar open by default', () => {
    const rows = [
      'ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol',
      '1719877200000000000,33,1,118,5527.25,5527.5,5527,5527.5,180,ESU4',
      '1719877260000000000,33,1,118,5527.5,5528,5527.25,5527.75,95,ESU4',
    ];
    const result = loadBarsFile(file(rows, 'ESU4.csv'));
    expect(Array.from(result.series.ts)).toEqual([Date.parse('2024-07-01T23:41:00Z'), Date.parse('2024-07-01T23:42:00Z')]);
    expect(Object.keys(result.extras)).toEqual(['rtype', 'publisher_id', 'instrument_id']);
    const asClose = loadBarsFile(file(rows, 'ESU4.csv'), { stampedAt: 'close' }).series;
    expect(asClose.ts[0]).toBe(Date.parse('2024-07-01T23:40:00Z'));
  });

  it('handles CRLF, a BOM, quoted fields, semicolons, blank lines and trailing spaces', () => {
    const text = '\ufeff"Date";"Open";"High";"Low";"Close";"Vol"\r\n"2024-01-02";"10";"12";"9";"11";"100"\r\n\r\n 2024-01-03 ; 11 ; 13 ; 10 ; 12 ; 200 \r\n';
    const result = loadBarsFile(file(text));
    expect(result.series.toBars()).toEqual([
      { ts: Date.parse('2024-01-02T23:00:00Z'), open: 10, high: 12, low: 9, close: 11, volume: 100 },
      { ts: Date.parse('2024-01-03T23:00:00Z'), open: 11, high: 13, low: 10, close: 12, volume: 200 },
    ]);
  });

  it('reads gzipped CSV, applies symbol, barMs and priceDivisor options', () => {
    const path = join(dir, 'prices.csv.gz');
    writeFileSync(path, gzipSync([HEADER, '2024-01-02,18125,18200,18000,18100,7'].join('\n')));
    const result = loadBarsFile(path, { symbol: 'ES', barMs: 86_400_000, priceDivisor: 50 });
    expect(result.format).toBe('csv.gz');
    expect(result.series.symbol).toBe('ES');
    expect(result.series.toBars()[0]).toEqual({ ts: Date.parse('2024-01-02T23:00:00Z'), open: 362.5, high: 364, low: 360, close: 362, volume: 7 });
  });

  it('needs barMs to stamp a single timed row, and gives days for a single date', () => {
    const one = file(['datetime,open,high,low,close', '2024-01-02 10:00,1,2,1,2']);
    expect(failure(one).code).toBe('bar_size_unknown');
    expect(loadBarsFile(one, { barMs: 60_000 }).series.length).toBe(1);
    expect(loadBarsFile(file([HEADER, GOOD[0]])).series.barMs).toBe(86_400_000);
    expect(loadBarsFile(file([HEADER]), { barMs: 60_000 }).series.length).toBe(0);
  });

  it('rejects invalid options as invalid_parameter', () => {
    const path = file([HEADER, ...GOOD]);
    expect(failure(path, { barMs: 0 }).code).toBe('invalid_parameter');
    expect(failure(path, { priceDivisor: -1 }).code).toBe('invalid_parameter');
    expect(failure(path, { timeZone: 'Nowhere/Land' }).code).toBe('invalid_parameter');
    expect(failure(path, { onBadRow: 'ignore' as 'skip' }).code).toBe('invalid_parameter');
    expect(failure(join(dir, 'missing.csv')).code).toBe('file_unreadable');
  });
});
