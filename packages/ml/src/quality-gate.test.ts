import { describe, expect, it } from 'vitest';
import type { BootstrapInterval } from './bootstrap.ts';
import { judgeModel, qualityRule } from './quality-gate.ts';

const interval = (estimate: number, lower: number, upper: number): BootstrapInterval => ({
  estimate,
  lower,
  upper,
  standardError: (upper - lower) / 3.92,
  confidence: 0.95,
  resamples: 2000,
});

describe('judgeModel', () => {
  it('deployable only when the AUC interval clears 0.5', () => {
    expect(judgeModel(interval(0.6, 0.52, 0.68), 300).deployable).toBe(true);
    const weak = judgeModel(interval(0.56, 0.49, 0.63), 300);
    expect(weak.deployable).toBe(false);
    expect(weak.reason).toBe('test AUC 0.560, 95% interval [0.490, 0.630] on 300 test trades: the lower bound is not above 0.5, so the model does not beat chance');
    expect(judgeModel(interval(0.6, 0.5, 0.7), 300).deployable).toBe(false); // touching 0.5 is not above it
  });

  it('a model that beats chance but whose veto demonstrably costs money is not deployable', () => {
    const verdict = judgeModel(interval(0.58, 0.53, 0.63), 300, {}, interval(-80_000, -150_000, -15_000));
    expect(verdict.deployable).toBe(false);
    expect(verdict.reason).toMatch(/beats chance, but the veto costs money on the test part: kept − all net PnL -80000.00, interval \[-150000.00, -15000.00\] entirely below 0$/);
    expect(verdict.upliftUpper).toBe(-15_000);
    // An uncertain uplift (interval across 0) does not block.
    expect(judgeModel(interval(0.58, 0.53, 0.63), 300, {}, interval(-5_000, -20_000, 9_000)).deployable).toBe(true);
  });

  it('no AUC (one class on test) is never deployable; the rule names the level', () => {
    expect(judgeModel(null, 12).deployable).toBe(false);
    expect(judgeModel(null, 12).reason).toMatch(/no test AUC \(12 test rows\)/);
    expect(qualityRule(0.9, 0.5)).toBe("lower bound of the 90% bootstrap interval of the test AUC > 0.5, and the veto's kept − all net PnL interval not entirely below 0");
    expect(judgeModel(interval(0.6, 0.55, 0.65), 100, { minimumAuc: 0.56 }).deployable).toBe(false);
  });
});
