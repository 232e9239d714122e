import { describe, expect, it } from 'vitest';
import { combinationAt, decimalRange, gridSize, parseGrid, parseGridFlag, sampleGridIndices, selectGridIndices } from './grid.ts';

describe('parseGridFlag', () => {
  it('expands a decimal range exactly, stop included', () => {
    const d = parseGridFlag('ibs.entry_long_below=0.1:0.3:0.05');
    expect(d).toMatchObject({ name: 'ibs.entry_long_below', strategy: 'ibs', path: ['entry_long_below'] });
    // The literals, not 0.1 + k·0.05 (which gives 0.15000000000000002 and 0.30000000000000004).
    expect(d.values).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(0.1 + 4 * 0.05).not.toBe(0.3);
    expect(decimalRange('10', '30', '5', 'f')).toEqual([10, 15, 20, 25, 30]);
    expect(decimalRange('-1', '1', '0.5', 'f')).toEqual([-1, -0.5, 0, 0.5, 1]);
    // A stop the steps do not land on is not passed.
    expect(decimalRange('0', '1', '0.3', 'f')).toEqual([0, 0.3, 0.6, 0.9]);
    expect(decimalRange('0.7', '0.7', '0.1', 'f')).toEqual([0.7]);
  });

  it('reads lists of numbers, booleans and words, and nested paths', () => {
    expect(parseGridFlag('donchian.entry_period=20,55,100').values).toEqual([20, 55, 100]);
    expect(parseGridFlag('ibs.allow_short=true,false').values).toEqual([true, false]);
    expect(parseGridFlag('ibs.timeframe=hour, day').values).toEqual(['hour', 'day']);
    expect(parseGridFlag('mix.alphas.0.weight=0.25').path).toEqual(['alphas', '0', 'weight']);
  });

  it('rejects malformed flags with the flag in the message', () => {
    expect(() => parseGridFlag('ibs=0.1')).toThrow('the left side must be <strategy name>.<param>, was "ibs"');
    expect(() => parseGridFlag('ibs.x')).toThrow('expected name.param=');
    expect(() => parseGridFlag('ibs.x=0.3:0.1:0.1')).toThrow('range stop 0.1 is below its start 0.3');
    expect(() => parseGridFlag('ibs.x=0:1:0')).toThrow('range step must be > 0, was 0');
    expect(() => parseGridFlag('ibs.x=0:1e1:1')).toThrow('range stop must be a plain decimal number like 0.05, was "1e1"');
    expect(() => parseGridFlag('ibs.x=1:2')).toThrow('a range needs three parts');
    expect(() => parseGridFlag('ibs.x=1,1')).toThrow('a value is listed twice');
    expect(() => parseGrid(['ibs.x=1', 'ibs.x=2'])).toThrow('--grid ibs.x is given twice');
    expect(() => parseGrid([])).toThrow('at least one --grid');
  });
});

describe('combinations', () => {
  const grid = parseGrid(['a.x=1,2,3', 'a.y=10,20', 'a.z=true,false']);

  it('enumerates with the first dimension slowest, like nested loops in flag order', () => {
    expect(gridSize(grid)).toBe(12);
    const expected: number[][] = [];
    for (let x = 0; x < 3; x++) for (let y = 0; y < 2; y++) for (let z = 0; z < 2; z++) expected.push([x, y, z]);
    expect(Array.from({ length: 12 }, (_, k) => combinationAt(grid, k))).toEqual(expected);
    expect(selectGridIndices(grid, undefined, 1)).toEqual(Array.from({ length: 12 }, (_, k) => k));
  });

  it('samples distinct indices deterministically, in ascending order', () => {
    const sample = sampleGridIndices(1000, 25, 42);
    expect(sample).toHaveLength(25);
    expect(new Set(sample).size).toBe(25);
    expect([...sample].sort((a, b) => a - b)).toEqual(sample);
    expect(sample.every((k) => Number.isInteger(k) && k >= 0 && k < 1000)).toBe(true);
    expect(sampleGridIndices(1000, 25, 42)).toEqual(sample);
    expect(sampleGridIndices(1000, 25, 43)).not.toEqual(sample);
    expect(sampleGridIndices(5, 9, 1)).toEqual([0, 1, 2, 3, 4]);
    // A huge grid is sampled without listing it.
    expect(sampleGridIndices(1e12, 3, 7).every((k) => k < 1e12)).toBe(true);
  });

  it('samples each index about equally often (Floyd is uniform)', () => {
    // 2,000 samples of 3 out of 10: each index expected 600 times; the 0.999 quantile of
    // chi-square with 9 degrees of freedom is 27.9.
    const counts = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 2000; seed++) for (const k of sampleGridIndices(10, 3, seed)) counts[k]++;
    const chiSquare = counts.reduce((sum, c) => sum + (c - 600) ** 2 / 600, 0);
    expect(chiSquare).toBeLessThan(27.9);
  });
});
