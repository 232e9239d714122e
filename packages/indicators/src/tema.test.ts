import { describe, expect, it } from 'vitest';
import { computeOverValues } from './indicator.ts';
import { TEMA } from './tema.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';
import { maxDifference, referenceEma } from './testing/reference.ts';

describe('TEMA', () => {
  it('reproduces a straight line exactly from its first value (hand-derived)', () => {
    // An SMA-seeded EMA of a line x_t = a + b t lags it by exactly L b with L = (period - 1) / 2 from
    // its first value on; so ema2 lags 2 L b, ema3 3 L b, and 3 ema1 - 3 ema2 + ema3 = x_t.
    const line = Array.from({ length: 40 }, (_, i) => 100 + 2 * i);
    const out = computeOverValues(new TEMA(5), line);
    expect(out[11]).toBeNaN();
    for (let i = 12; i < line.length; i++) expect(out[i]).toBeCloseTo(line[i], 9);
  });

  it('matches the composition of naive EMAs on real data', () => {
    const close = loadBacktraderBars().close;
    const ema1 = referenceEma(close, 8);
    const ema2 = referenceEma(ema1, 8);
    const ema3 = referenceEma(ema2, 8);
    const expected = ema1.map((e, i) => 3 * e - 3 * ema2[i] + ema3[i]);
    expect(maxDifference(computeOverValues(new TEMA(8), close), expected)).toBeLessThan(1e-12);
  });

  it("reproduces Backtrader's test_ind_tema chkvals", () => {
    const out = computeOverValues(new TEMA(30), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 88, ['4113.721705', '3862.386854', '3832.691054']);
  });
});

describeIndicatorContract(findIndicator('tema'), { expectedWarmUp: 88 });
