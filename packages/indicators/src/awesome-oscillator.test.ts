import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { AwesomeOscillator } from './awesome-oscillator.ts';
import { computeOverBars } from './indicator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('AwesomeOscillator', () => {
  it('hand-computed: fast 1, slow 2', () => {
    const ao = new AwesomeOscillator(1, 2);
    expect(ao.updateBar(0, 12, 8, 0, 0, 0)).toBeNaN(); // median 10
    expect(ao.updateBar(0, 16, 12, 0, 0, 1)).toBe(2); // 14 - (10 + 14) / 2
    expect(ao.updateBar(0, 12, 10, 0, 0, 2)).toBe(-1.5); // 11 - (14 + 11) / 2
  });

  it('equals explicit window means on real data', () => {
    const bars = loadBacktraderBars();
    const median = Array.from({ length: bars.length }, (_, i) => (bars.high[i] + bars.low[i]) / 2);
    const mean = (i: number, n: number) => median.slice(i - n + 1, i + 1).reduce((a, b) => a + b) / n;
    const out = computeOverBars(new AwesomeOscillator(), bars).ao;
    expect(out[32]).toBeNaN();
    for (let i = 33; i < bars.length; i++) expect(out[i]).toBeCloseTo(mean(i, 5) - mean(i, 34), 9);
  });

  it("reproduces Backtrader's test_ind_awesomeoscillator chkvals", () => {
    const out = computeOverBars(new AwesomeOscillator(), loadBacktraderBars()).ao;
    expectBacktraderCheckValues(out, 34, ['50.804206', '72.983735', '33.655941']);
  });

  it('rejects bad periods', () => {
    expect(() => new AwesomeOscillator(0)).toThrow(RooneyError);
    expect(() => new AwesomeOscillator(5, 0)).toThrow('"slowPeriod" must be an integer >= 1, was 0');
  });
});

describeIndicatorContract(findIndicator('awesomeoscillator'), { expectedWarmUp: 34 });
