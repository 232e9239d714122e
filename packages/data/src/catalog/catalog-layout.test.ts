import { describe, expect, it } from 'vitest';
import { encodePathSegment, monthOf, monthRange, monthsBetween, partitionPath, schemaForBarMs } from './catalog-layout.ts';

describe('catalog layout', () => {
  it('puts each partition at dataset/schema/symbol/month.arrow, escaping what a path must not hold', () => {
    expect(partitionPath({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESH5', month: '2025-01' })).toBe('GLBX.MDP3/ohlcv-1m/ESH5/2025-01.arrow');
    expect(encodePathSegment('ES.c.0', 'symbol')).toBe('ES.c.0');
    expect(encodePathSegment('ES H5/C 4000', 'symbol')).toBe('ES%20H5%2FC%204000');
    expect(encodePathSegment('a%b', 'symbol')).toBe('a%25b');
    expect(encodePathSegment('é', 'symbol')).toBe('%C3%A9');
    expect(() => encodePathSegment('..', 'symbol')).toThrow('"symbol" must be a name, was ".."');
    expect(() => partitionPath({ dataset: 'X', schema: 'ohlcv-1m', symbol: 'A', month: '2025-13' })).toThrow('"month" must look like 2024-03');
  });

  it('month ranges are UTC calendar months, across year ends and leap Februaries', () => {
    expect(monthRange('2024-12')).toEqual([Date.UTC(2024, 11, 1), Date.UTC(2025, 0, 1)]);
    expect(monthRange('2024-02')[1] - monthRange('2024-02')[0]).toBe(29 * 86_400_000);
    expect(monthOf(Date.UTC(2025, 0, 1) - 1)).toBe('2024-12');
    expect(monthOf(Date.UTC(2025, 0, 1))).toBe('2025-01');
    expect(monthsBetween(Date.UTC(2024, 10, 15), Date.UTC(2025, 1, 1))).toEqual(['2024-11', '2024-12', '2025-01']);
    expect(monthsBetween(Date.UTC(2024, 10, 15), Date.UTC(2025, 1, 1) + 1)).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween(5, 5)).toEqual([]);
  });

  it('names schemas the Databento way', () => {
    expect([60_000, 3_600_000, 86_400_000, 1000, 300_000].map(schemaForBarMs)).toEqual(['ohlcv-1m', 'ohlcv-1h', 'ohlcv-1d', 'ohlcv-1s', 'bars-5m']);
  });
});
