import { describe, expect, it } from 'vitest';
import {
  axisFormatter,
  formatCurrency,
  formatDateTimeUtc,
  formatDateUtc,
  formatNumber,
  formatPercent,
  formatValue,
  monthName,
} from './format.ts';

describe('number formatting', () => {
  it('groups thousands and fixes decimals', () => {
    expect(formatNumber(1234567.891, 2)).toBe('1,234,567.89');
    expect(formatNumber(999, 0)).toBe('999');
    expect(formatNumber(1000, 0)).toBe('1,000');
    expect(formatNumber(-1234.5, 1)).toBe('-1,234.5');
    expect(formatNumber(0.5, 0)).toBe('1');
  });

  it('drops the sign of values that round to zero', () => {
    expect(formatNumber(-0.001, 2)).toBe('0.00');
    expect(formatNumber(-0, 0)).toBe('0');
  });

  it('writes non-finite values as words/symbols', () => {
    expect(formatNumber(Number.NaN)).toBe('n/a');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
    expect(formatCurrency(Number.NEGATIVE_INFINITY)).toBe('-∞');
  });

  it('formats currency with the sign before the symbol', () => {
    expect(formatCurrency(1234.5)).toBe('$1,234.50');
    expect(formatCurrency(-98765.432, 0)).toBe('-$98,765');
  });

  it('formats fractions as percentages', () => {
    expect(formatPercent(0.1234)).toBe('12.34%');
    expect(formatPercent(-0.05, 1)).toBe('-5.0%');
  });

  it('picks sensible default decimals per format', () => {
    expect(formatValue(42, 'number')).toBe('42');
    expect(formatValue(3.14159, 'number')).toBe('3.14');
    expect(formatValue(0.012345, 'number')).toBe('0.0123');
    expect(formatValue(12.6, 'integer')).toBe('13');
    expect(formatValue(0.5, 'percent')).toBe('50.00%');
  });

  it('names months', () => {
    expect(monthName(1)).toBe('Jan');
    expect(monthName(12)).toBe('Dec');
  });
});

describe('dates', () => {
  it('formats epoch ms as UTC', () => {
    const ts = Date.UTC(2024, 2, 5, 14, 30, 59);
    expect(formatDateUtc(ts)).toBe('2024-03-05');
    expect(formatDateTimeUtc(ts)).toBe('2024-03-05 14:30 UTC');
  });
});

describe('axisFormatter', () => {
  it('uses k / M suffixes for large currency ticks', () => {
    expect(axisFormatter('currency', 50_000, 1_200_000)(1_150_000)).toBe('$1.15M');
    expect(axisFormatter('currency', 5_000, 120_000)(-115_000)).toBe('-$115k');
    expect(axisFormatter('currency', 500, 5_000)(4_500)).toBe('$4,500');
  });

  it('gives percent ticks enough decimals to differ', () => {
    const format = axisFormatter('percent', 0.005, 0.02);
    expect(format(0.015)).toBe('1.5%');
    expect(format(0.02)).toBe('2.0%');
    expect(axisFormatter('percent', 0.05, 0.2)(-0.15)).toBe('-15%');
  });
});
