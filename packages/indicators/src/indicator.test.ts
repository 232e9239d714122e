import { describe, expect, it } from 'vitest';
import { computeOverBars, computeOverValues } from './indicator.ts';
import { SMA } from './sma.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';

describe('ValueIndicator.updateBar', () => {
  it('takes the six bar arguments on the subclass type and feeds the close', () => {
    const byBar = new SMA(2);
    const byValue = new SMA(2);
    // Six arguments on an `SMA`-typed receiver: this line fails to type-check if `updateBar` is
    // declared with fewer parameters anywhere between `Indicator` and `SMA`.
    expect(byBar.updateBar(1, 9, 0, 4, 100, 0)).toBeNaN();
    expect(byBar.updateBar(4, 9, 0, 6, 100, 60_000)).toBe(5);
    byValue.update(4);
    expect(byValue.update(6)).toBe(byBar.value);
  });

  it('computeOverBars on a value indicator equals computeOverValues on the closes', () => {
    const bars = loadBacktraderBars();
    const overBars = computeOverBars(new SMA(5), bars).sma;
    expect(Array.from(overBars)).toEqual(Array.from(computeOverValues(new SMA(5), bars.close)));
  });
});
