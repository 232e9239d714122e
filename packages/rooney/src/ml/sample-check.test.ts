import { dataSpan } from '@rooney/ml';
import { describe, expect, it } from 'vitest';
import { sampleFindings, sampleStatus } from './sample-check.ts';
import type { ModelUse } from './sample-check.ts';

const day = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
const span = (from: string, to: string) => dataSpan([day(from)], [day(to)], [0]) ?? undefined;
const use = (symbol: string, seen: ReturnType<typeof span>, extra: Partial<ModelUse> = {}): ModelUse => ({
  strategy: 'ibs',
  symbol,
  file: `${symbol}_model.json`,
  seen,
  deployability: 'deployable',
  ...extra,
});

describe('in-sample, out-of-sample, trained after', () => {
  it('classifies a seen span against the time a model judges', () => {
    const from = day('2023-01-01');
    const to = day('2023-12-31');
    expect(sampleStatus(span('2020-01-01', '2022-12-31'), from, to)).toBe('out_of_sample');
    expect(sampleStatus(span('2020-01-01', '2023-01-01'), from, to)).toBe('in_sample'); // touching counts
    expect(sampleStatus(span('2023-03-01', '2023-06-01'), from, to)).toBe('in_sample');
    expect(sampleStatus(span('2024-01-01', '2025-01-01'), from, to)).toBe('trained_after');
    expect(sampleStatus(undefined, from, to)).toBe('unknown');
  });

  it('writes one banner per kind, naming the symbols and the spans, most serious first', () => {
    const f = sampleFindings(
      [
        use('ES', span('2023-04-01', '2023-10-31')),
        use('NQ', span('2024-02-01', '2024-09-30')),
        use('CL', undefined),
        use('GC', span('2021-01-01', '2022-06-30'), { deployability: 'not_deployable' }),
      ],
      day('2023-01-02'),
      day('2023-12-29'),
    );
    expect(f.verdict).toBe('in-sample');
    expect(f.inSampleSymbols).toEqual(['ES']);
    expect(f.trainedAfterSymbols).toEqual(['NQ']);
    expect(f.unknownSymbols).toEqual(['CL']);
    expect(f.undeployableSymbols).toEqual(['GC']);
    expect(f.banners).toHaveLength(4);
    expect(f.banners[0]).toBe(
      "IN-SAMPLE RESULTS: the ML models of ES were trained or had their threshold chosen on data (2023-04-01 → 2023-10-31) inside this backtest's window (2023-01-02 → 2023-12-29); these numbers are not an out-of-sample estimate",
    );
    expect(f.banners[1]).toMatch(/^MODELS TRAINED AFTER THIS WINDOW: the ML models of NQ learned from later data \(2024-02-01 → 2024-09-30\)/);
    expect(f.banners[2]).toMatch(/^UNKNOWN TRAINING SPAN: the ML models of CL/);
    expect(f.banners[3]).toMatch(/^NOT DEPLOYABLE MODELS: the ML models of GC/);
    expect(f.models.find((m) => m.symbol === 'GC')?.status).toBe('out_of_sample');
  });

  it('an out-of-sample run with deployable models has no banner', () => {
    const f = sampleFindings([use('ES', span('2020-01-01', '2022-12-30'))], day('2023-01-02'), day('2023-12-29'));
    expect(f.verdict).toBe('out-of-sample');
    expect(f.banners).toEqual([]);
  });

  it('a walk-forward model is judged only over its own window, and ignored outside the run', () => {
    const models = [
      use('ES', span('2022-01-01', '2022-12-31'), { fromTs: day('2023-01-01'), toTs: day('2023-02-01') }),
      use('ES', span('2022-02-01', '2023-01-31'), { fromTs: day('2023-02-01'), toTs: day('2023-03-01') }),
      // A model for a window after the run: not used, not judged.
      use('ES', span('2023-06-01', '2024-05-31'), { fromTs: day('2024-06-01'), toTs: day('2024-07-01') }),
    ];
    const f = sampleFindings(models, day('2023-01-01'), day('2023-02-28'));
    expect(f.models).toHaveLength(2);
    expect(f.verdict).toBe('out-of-sample');
    // A model whose seen span reaches into its own window is in sample.
    const leaky = sampleFindings([use('ES', span('2022-02-01', '2023-02-15'), { fromTs: day('2023-02-01'), toTs: day('2023-03-01') })], day('2023-01-01'), day('2023-02-28'));
    expect(leaky.inSampleSymbols).toEqual(['ES']);
  });
});
