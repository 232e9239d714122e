import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { definitionsA } from './registry-a.ts';
import { INDICATORS, findIndicator } from './registry.ts';
import { SMA } from './sma.ts';

describe('registry A', () => {
  it('has unique lower-case names, all found by findIndicator', () => {
    const names = definitionsA.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(findIndicator(name.toUpperCase()).name).toBe(name);
      expect(INDICATORS.filter((d) => d.name === name)).toHaveLength(1);
    }
    expect(names).toEqual(
      expect.arrayContaining(['sma', 'ema', 'smma', 'atr', 'bbands', 'ibs', 'vwap', 'pivotpoint', 'hurst', 'dv2']),
    );
  });

  it('fills missing parameters with their defaults and rejects wrong types', () => {
    const sma = findIndicator('sma').create({});
    expect(sma).toBeInstanceOf(SMA);
    expect(sma.warmUp).toBe(30);
    expect(findIndicator('sma').create({ period: 5 }).warmUp).toBe(5);
    expect(() => findIndicator('sma').create({ period: '5' })).toThrow(RooneyError);
    expect(() => findIndicator('sma').create({ period: '5' })).toThrow('"period" must be a number, was "5"');
    expect(() => findIndicator('maslope').create({ relative: 1 })).toThrow('"relative" must be a boolean');
  });
});
