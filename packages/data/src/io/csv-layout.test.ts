import { RooneyError } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import {
  COLUMN_EXTRA_CANDIDATE,
  COLUMN_IGNORED,
  COLUMN_TIME,
  COLUMN_TIMESTAMP,
  detectCsvLayout,
  detectDelimiter,
} from './csv-layout.ts';

describe('detectCsvLayout', () => {
  it('reads the Quantiacs header with spaces after the commas', () => {
    const layout = detectCsvLayout('DATE, OPEN, HIGH, LOW, CLOSE, VOL, OI, P, R, RINFO', 'f', 1);
    expect([layout.timestampColumn, layout.openColumn, layout.highColumn, layout.lowColumn, layout.closeColumn, layout.volumeColumn]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(layout.names.slice(6)).toEqual(['OI', 'P', 'R', 'RINFO']);
    expect(layout.roles.slice(6)).toEqual([8, 8, 8, 8].map(() => COLUMN_EXTRA_CANDIDATE));
    expect(layout.timeColumn).toBe(-1);
  });

  it('pairs separate Date and Time columns (backtrader 5-minute)', () => {
    const layout = detectCsvLayout('Date,Time,Open,High,Low,Close,Volume,OpenInterest', 'f', 1);
    expect(layout.roles[0]).toBe(COLUMN_TIMESTAMP);
    expect(layout.roles[1]).toBe(COLUMN_TIME);
    expect(layout.timeColumn).toBe(1);
    expect(layout.requiredFields).toBe(7);
  });

  it('prefers a full date-time column, keeps `Adj Close` as an extra, ignores other time columns', () => {
    const yahoo = detectCsvLayout('Date,Open,High,Low,Close,Adj Close,Volume', 'f', 1);
    expect(yahoo.timestampColumn).toBe(0);
    expect(yahoo.roles[5]).toBe(COLUMN_EXTRA_CANDIDATE);
    const both = detectCsvLayout('date,datetime,open,high,low,close', 'f', 1);
    expect(both.timestampColumn).toBe(1);
    expect(both.roles[0]).toBe(COLUMN_IGNORED);
    const databento = detectCsvLayout('ts_event,rtype,publisher_id,instrument_id,open,high,low,close,volume,symbol', 'f', 1);
    expect(databento.timestampIsEventTime).toBe(true);
    const nautilus = detectCsvLayout('timestamp_utc,open,high,low,close,volume', 'f', 1);
    expect(nautilus.timestampIsEventTime).toBe(false);
    expect(detectCsvLayout('"Time";"Open";"High";"Low";"Close";"Vol"', 'f', 1).volumeColumn).toBe(5);
  });

  it('throws bad_header naming the missing column and the header line', () => {
    const attempt = (header: string): RooneyError => {
      try {
        detectCsvLayout(header, 'bars.csv', 3);
      } catch (error) {
        return error as RooneyError;
      }
      throw new Error('expected a throw');
    };
    const noHigh = attempt('date,open,low,close');
    expect(noHigh.code).toBe('bad_header');
    expect(noHigh.place).toEqual({ file: 'bars.csv', line: 3, field: 'high' });
    expect(attempt('open,high,low,close').place.field).toBe('timestamp');
    const headerless = attempt('2024-01-02,1,2,0.5,1.5');
    expect(headerless.code).toBe('bad_header');
    expect(headerless.message).toContain('without a header');
    expect(attempt('date,open,Open,high,low,close').message).toContain('appears twice');
  });
});

describe('detectDelimiter', () => {
  it('picks the most frequent candidate', () => {
    expect(detectDelimiter('a,b,c')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a;b;c,d')).toBe(';');
    expect(detectDelimiter('abc')).toBe(',');
  });
});
