import { describe, expect, it } from 'vitest';
import { computeLinesOverValues } from './indicator.ts';
import { BollingerBands } from './bollinger-bands.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { referenceStdDevAt } from './testing/reference.ts';

describe('BollingerBands', () => {
  it('uses the population deviation, with %b and bandwidth (hand-computed)', () => {
    // [2,4,4,4,5,5,7,9]: mean 5, population sd 2 → top 9, bot 1 at 2 sd.
    const bands = computeLinesOverValues(new BollingerBands(8, 2), [2, 4, 4, 4, 5, 5, 7, 9]);
    expect(bands.mid[6]).toBeNaN();
    expect(bands.mid[7]).toBeCloseTo(5, 12);
    expect(bands.top[7]).toBeCloseTo(9, 12);
    expect(bands.bot[7]).toBeCloseTo(1, 12);
    expect(bands.pctb[7]).toBeCloseTo((9 - 1) / (9 - 1), 12); // the close 9 is on the top band
    expect(bands.bandwidth[7]).toBeCloseTo(8 / 5, 12);
  });

  it('gives %b 0.5 when the bands collapse', () => {
    const bands = computeLinesOverValues(new BollingerBands(3, 2), [7, 7, 7, 7]);
    expect(bands.pctb[3]).toBe(0.5);
    expect(bands.bandwidth[3]).toBe(0);
  });

  it('matches SMA ± k·(two-pass population sd) on real data', () => {
    const close = loadBacktraderBars().close;
    const bands = computeLinesOverValues(new BollingerBands(20, 2.5), close);
    for (let i = 19; i < close.length; i++) {
      let sum = 0;
      for (let j = i - 19; j <= i; j++) sum += close[j];
      const mid = sum / 20;
      const sd = referenceStdDevAt(close, i, 20);
      expect(bands.mid[i]).toBeCloseTo(mid, 8);
      expect(bands.top[i]).toBeCloseTo(mid + 2.5 * sd, 8);
      expect(bands.bot[i]).toBeCloseTo(mid - 2.5 * sd, 8);
      expect(bands.pctb[i]).toBeCloseTo((close[i] - (mid - 2.5 * sd)) / (5 * sd), 8);
      expect(bands.bandwidth[i]).toBeCloseTo((5 * sd) / mid, 10);
    }
  });

  it("reproduces Backtrader's test_ind_bbands chkvals (mid, top, bot)", () => {
    const bands = computeLinesOverValues(new BollingerBands(20, 2), loadBacktraderBars().close);
    expectBacktraderCheckValues(bands.mid, 20, ['4065.884000', '3621.185000', '3582.895500']);
    expectBacktraderCheckValues(bands.top, 20, ['4190.782310', '3712.008864', '3709.453081']);
    expectBacktraderCheckValues(bands.bot, 20, ['3940.985690', '3530.361136', '3456.337919']);
  });
});

describeIndicatorContract(findIndicator('bbands'), { expectedWarmUp: 20 });
