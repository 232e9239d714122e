import { describe, expect, it } from 'vitest';
import { computeOverBars } from './indicator.ts';
import { OnBalanceVolume } from './on-balance-volume.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

describe('OnBalanceVolume', () => {
  it('hand-computed: adds on up closes, subtracts on down closes, ignores unchanged', () => {
    const obv = new OnBalanceVolume();
    expect(obv.updateBar(0, 0, 0, 10, 500, 0)).toBe(0);
    expect(obv.updateBar(0, 0, 0, 11, 100, 1)).toBe(100);
    expect(obv.updateBar(0, 0, 0, 9, 40, 2)).toBe(60);
    expect(obv.updateBar(0, 0, 0, 9, 70, 3)).toBe(60);
    expect(obv.updateBar(0, 0, 0, 12, 5, 4)).toBe(65);
  });

  it('equals a cumulative signed-volume sum on real data', () => {
    const bars = loadBacktraderBars();
    const out = computeOverBars(new OnBalanceVolume(), bars).obv;
    let total = 0;
    expect(out[0]).toBe(0);
    for (let i = 1; i < bars.length; i++) {
      total += Math.sign(bars.close[i] - bars.close[i - 1]) * bars.volume[i];
      expect(out[i]).toBe(total);
    }
  });
});

describeIndicatorContract(findIndicator('obv'), { expectedWarmUp: 1 });
