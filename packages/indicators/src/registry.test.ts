import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { DEFINITIONS } from './registry-definitions.ts';
import { INDICATORS, findIndicator } from './registry.ts';
import { MovingAverageSlope } from './moving-average-slope.ts';
import { RSI } from './rsi.ts';
import { SMA } from './sma.ts';

describe('registry', () => {
  it('has unique lower-case names, sorted, all found by findIndicator', () => {
    const names = DEFINITIONS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    expect(INDICATORS.map((d) => d.name)).toEqual([...names].sort());
    for (const name of names) {
      expect(name).toBe(name.toLowerCase());
      expect(findIndicator(` ${name.toUpperCase()} `).name).toBe(name);
    }
    expect(names).toEqual(
      expect.arrayContaining(['sma', 'ema', 'atr', 'bbands', 'ibs', 'vwap', 'hurst', 'dv2', 'rsi', 'macd', 'ichimoku']),
    );
    expect(() => findIndicator('nope')).toThrow('unknown indicator "nope"');
  });

  it('lists as many lines as the indicator built with its defaults has', () => {
    for (const definition of DEFINITIONS) {
      expect(definition.create({}).lines, definition.name).toEqual(definition.lines);
    }
  });

  it('fills missing parameters with their defaults and rejects wrong types', () => {
    const sma = findIndicator('sma').create({});
    expect(sma).toBeInstanceOf(SMA);
    expect(sma.warmUp).toBe(30);
    expect(findIndicator('sma').create({ period: 5 }).warmUp).toBe(5);
    expect(findIndicator('rsi').create({ period: 3 })).toBeInstanceOf(RSI);
    expect(findIndicator('rsi').create({ period: 3 }).warmUp).toBe(4);
    expect(() => findIndicator('sma').create({ period: '5' })).toThrow(RooneyError);
    expect(() => findIndicator('sma').create({ period: '5' })).toThrow('"period" must be a number, was "5"');
    expect(() => findIndicator('rsi').create({ period: true })).toThrow('"period" must be a number, was true');
    expect(() => findIndicator('maslope').create({ relative: 1 })).toThrow('"relative" must be a boolean');
    expect(() => findIndicator('maslope').create({ average: 2 })).toThrow('"average" must be a string, was 2');
  });

  it('passes string and boolean parameters through', () => {
    const slope = findIndicator('maslope').create({ average: 'ema', relative: true });
    expect(slope).toBeInstanceOf(MovingAverageSlope);
    const reference = new MovingAverageSlope(20, 5, 'ema', true);
    for (let i = 0; i < 40; i++) expect(slope.updateBar(0, 0, 0, 100 + i, 0, i)).toBe(reference.update(100 + i));
  });
});
