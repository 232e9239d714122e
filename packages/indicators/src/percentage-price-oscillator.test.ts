import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeLinesOverValues } from './indicator.ts';
import { MACD } from './macd.ts';
import { PercentagePriceOscillator } from './percentage-price-oscillator.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('PercentagePriceOscillator', () => {
  it('hand-computed: fast 1, slow 2, signal 1', () => {
    // EMA1 = x; EMA2 seeded (x0 + x1) / 2 then alpha 2/3. x = 100, 110, 99:
    // bar 1: slow 105, ppo = 100 * (110 - 105) / 105; bar 2: slow = 105 + 2/3 (99 - 105) = 101
    const out = computeLinesOverValues(new PercentagePriceOscillator(1, 2, 1), [100, 110, 99]);
    expect(out.ppo[0]).toBeNaN();
    expect(out.ppo[1]).toBeCloseTo((100 * 5) / 105, 12);
    expect(out.ppo[2]).toBeCloseTo((100 * -2) / 101, 12);
    expect(out.signal[2]).toBe(out.ppo[2]);
    expect(out.histo[2]).toBe(0);
  });

  it('is the MACD divided by the slow EMA (real data)', () => {
    const close = loadBacktraderBars().close;
    const ppo = computeLinesOverValues(new PercentagePriceOscillator(), close).ppo;
    const macd = computeLinesOverValues(new MACD(), close).macd;
    // slow EMA recovered independently: a 26-period SMA-seeded EMA
    let slow = 0;
    for (let i = 0; i < close.length; i++) {
      slow = i < 26 ? slow + close[i] / 26 : slow + (2 / 27) * (close[i] - slow);
      if (i >= 25) expect(ppo[i]).toBeCloseTo((100 * macd[i]) / slow, 9);
    }
  });

  it("reproduces Backtrader's test_ind_ppo chkvals", () => {
    const out = computeLinesOverValues(new PercentagePriceOscillator(), loadBacktraderBars().close);
    expectBacktraderCheckValues(out.ppo, 34, ['0.633439', '0.883552', '0.049430'], 26);
    // Backtrader's `ppo` line at its own check bars (minimum period 26), from a Backtrader 1.9.78.123 run.
    expectBacktraderCheckValues(out.ppo, 26, ['0.633439', '0.637984', '-0.277383']);
    expectBacktraderCheckValues(out.signal, 34, ['0.540516', '0.724136', '-0.079820']);
    expectBacktraderCheckValues(out.histo, 34, ['0.092923', '0.159416', '0.129250']);
  });

  it('rejects bad periods', () => {
    expect(() => new PercentagePriceOscillator(0)).toThrow(RooneyError);
    expect(() => new PercentagePriceOscillator(12, 1.5)).toThrow('"slowPeriod" must be an integer >= 1, was 1.5');
  });
});

describeIndicatorContract(findIndicator('ppo'), { expectedWarmUp: 34, expectedLineWarmUps: { ppo: 26 } });
