import { describe, expect, it } from 'vitest';
import { Rng } from '@rooney/core';
import { computeOverValues } from './indicator.ts';
import { PercentRank } from './percent-rank.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { expectBacktraderCheckValues } from './testing/backtrader-check.ts';
import { describeIndicatorContract } from './testing/contract.ts';

function naivePercentRank(values: ArrayLike<number>, period: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (i < period - 1) {
      out.push(Number.NaN);
      continue;
    }
    let below = 0;
    for (let j = i - period + 1; j <= i; j++) if (values[j] < values[i]) below++;
    out.push(below / period);
  }
  return out;
}

describe('PercentRank', () => {
  it('counts window values strictly below the current one (hand-computed)', () => {
    // window [5, 1, 3, 3] at bar 3: below 3 → {1} → 1/4; bar 4 window [1,3,3,9] → 3/4; bar 5 [3,3,9,0] → 0.
    const out = computeOverValues(new PercentRank(4), [5, 1, 3, 3, 9, 0]);
    expect(out[2]).toBeNaN();
    expect(Array.from(out.slice(3))).toEqual([0.25, 0.75, 0]);
  });

  it('matches the naive count on random data with ties', () => {
    const rng = new Rng(11);
    const values = Array.from({ length: 3000 }, () => rng.int(50) + rng.normal());
    const tied = Array.from({ length: 3000 }, () => rng.int(8));
    for (const period of [1, 2, 7, 50, 252]) {
      expect(Array.from(computeOverValues(new PercentRank(period), values))).toEqual(
        naivePercentRank(values, period),
      );
      expect(Array.from(computeOverValues(new PercentRank(period), tied))).toEqual(naivePercentRank(tied, period));
    }
  });

  it("reproduces Backtrader's test_ind_pctrank chkvals (period 50)", () => {
    const out = computeOverValues(new PercentRank(50), loadBacktraderBars().close);
    expectBacktraderCheckValues(out, 50, ['0.900000', '0.880000', '0.980000']);
  });
});

describeIndicatorContract(findIndicator('percentrank'), { expectedWarmUp: 50 });
