import { describe, expect, it } from 'vitest';
import type { VetoTally } from './bundle-scorer.ts';
import { vetoProblems } from './veto-health.ts';

const tally = (t: Partial<VetoTally>): VetoTally => ({
  signals: 0,
  kept: 0,
  belowThreshold: 0,
  undefinedFeatures: 0,
  noModel: 0,
  imputed: 0,
  undefinedByFeature: {},
  ...t,
});
const limits = { maxVetoedShare: 0.98, maxUndefinedShare: 0.5 };

describe('veto problems', () => {
  it('a model that cannot score most of its signals is named with the missing features', () => {
    const rows = [
      { strategy: 'ibs', symbol: 'ES', tally: tally({ signals: 5525, undefinedFeatures: 5525, undefinedByFeature: { minute_rsi_14: 5525, tlt_roc_20: 5525, pair_ibs: 12 } }) },
      { strategy: 'ibs', symbol: 'NQ', tally: tally({ signals: 100, kept: 60, belowThreshold: 30, undefinedFeatures: 10, undefinedByFeature: { rsi_2: 10 } }) },
    ];
    const problems = vetoProblems(rows, limits);
    expect(problems[0]).toBe(
      'the ibs model of ES cannot score 5,525 of its 5,525 signals (100.0%, above ml.max_undefined_share 0.5): 5,525 lack features: minute_rsi_14 (5,525), tlt_roc_20 (5,525), pair_ibs (12)',
    );
    expect(problems).toHaveLength(2); // and the whole veto blocks 98.9% of the signals
    expect(problems[1]).toMatch(/^the ML veto blocks 5,565 of 5,625 signals \(98\.9%, at or above ml\.max_vetoed_share 0\.98\): 30 scored below the threshold, 5,535 lacked features, 0 had no model$/);
  });

  it('a strict but working veto passes; the limits are the config keys', () => {
    const rows = [{ strategy: 'ibs', symbol: 'ES', tally: tally({ signals: 1000, kept: 30, belowThreshold: 960, undefinedFeatures: 10 }) }];
    expect(vetoProblems(rows, limits)).toEqual([]);
    expect(vetoProblems(rows, { ...limits, maxVetoedShare: 0.9 })[0]).toMatch(/blocks 970 of 1,000 signals/);
  });

  it('signals outside every walk-forward window count as unscorable; a handful of signals proves nothing', () => {
    const rows = [{ strategy: 'ibs', symbol: 'ES', tally: tally({ signals: 200, kept: 50, noModel: 150 }) }];
    expect(vetoProblems(rows, limits)[0]).toMatch(/cannot score 150 of its 200 signals .*150 fall outside every walk-forward window/);
    expect(vetoProblems([{ strategy: 'ibs', symbol: 'ES', tally: tally({ signals: 19, undefinedFeatures: 19 }) }], limits)).toEqual([]);
  });
});
