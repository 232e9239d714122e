import { describe, expect, it } from 'vitest';
import { computeOverBars } from './indicator.ts';
import { KeltnerChannel } from './keltner-channel.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { maxDifference, referenceAtr, referenceEma } from './testing/reference.ts';

describe('KeltnerChannel', () => {
  it('puts bands multiplier × ATR around an EMA (hand-computed)', () => {
    // period 2 (EMA alpha 2/3), ATR 1 (= true range), multiplier 1.5.
    const channel = new KeltnerChannel(2, 1.5, 1);
    channel.updateBar(10, 11, 9, 10, 0, 1);
    expect(channel.updateBar(10, 13, 10, 12, 0, 2)).toBe(11); // EMA seed mean(10, 12); TR = 13 - 10 = 3
    expect(channel.line(1)).toBe(11 + 4.5);
    expect(channel.line(2)).toBe(11 - 4.5);
  });

  it('matches naive EMA and Wilder ATR on real data', () => {
    const bars = loadBacktraderBars();
    const { mid, upper, lower } = computeOverBars(new KeltnerChannel(20, 2, 10), bars);
    const ema = referenceEma(bars.close, 20);
    const atr = referenceAtr(bars.high, bars.low, bars.close, 10);
    expect(maxDifference(mid, ema)).toBeLessThan(1e-12);
    expect(maxDifference(upper, ema.map((m, i) => m + 2 * atr[i]))).toBeLessThan(1e-12);
    expect(maxDifference(lower, ema.map((m, i) => m - 2 * atr[i]))).toBeLessThan(1e-12);
  });

  it('waits for the slower of the EMA and the ATR', () => {
    expect(new KeltnerChannel(20, 2, 10).warmUp).toBe(20);
    expect(new KeltnerChannel(5, 2, 10).warmUp).toBe(11);
  });
});

describeIndicatorContract(findIndicator('keltner'), { expectedWarmUp: 20 });
describeIndicatorContract(findIndicator('keltner'), { parameters: { period: 5, atrPeriod: 14 }, expectedWarmUp: 15, expectedLineWarmUps: { mid: 5 } });
