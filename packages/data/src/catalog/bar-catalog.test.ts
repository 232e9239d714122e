import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SESSION } from '@rooney/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BarSeriesBuilder } from '../bar-series.ts';
import type { BarSeries } from '../bar-series.ts';
import { stitchContinuous } from '../consolidate/continuous.ts';
import { BarCatalog, requireRollCoverage } from './bar-catalog.ts';
import { summarizeCatalog } from './catalog-summary.ts';
import { CatalogWriter } from './catalog-writer.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Hourly-spaced 1-minute bars on weekdays with open in [from, to), around `base`. */
function contract(symbol: string, from: number, to: number, base: number): BarSeries {
  const builder = new BarSeriesBuilder(symbol, MINUTE);
  for (let open = from; open < to; open += 60 * MINUTE) {
    const day = new Date(open).getUTCDay();
    if (day === 0 || day === 6) continue;
    const p = base + ((open / 3_600_000) % 17) / 4;
    builder.push(open + MINUTE, p, p + 0.5, p - 0.5, p + 0.25, 10 + ((open / 3_600_000) % 7));
  }
  return builder.build();
}

const D = (text: string): number => Date.parse(`${text}T00:00:00Z`);
const H5 = contract('ESH5', D('2024-12-01'), D('2025-03-21'), 5900);
const M5 = contract('ESM5', D('2025-03-07'), D('2025-05-01'), 5940);

/** ES.c.0 on ESH5 until 2025-03-21 then ESM5; ESM5 held from 14 days before it became the front. */
function esCatalog(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rooney-catalog-'));
  dirs.push(dir);
  const writer = CatalogWriter.open(dir);
  writer.writeBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESH5', series: H5, coverage: [D('2024-12-01'), D('2025-03-21')], source: { kind: 'databento' } });
  writer.writeBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ESM5', series: M5, coverage: [D('2025-03-07'), D('2025-05-01')], source: { kind: 'databento' } });
  writer.recordSymbology({
    dataset: 'GLBX.MDP3',
    symbol: 'ES.c.0',
    stypeIn: 'continuous',
    intervals: [
      { startDate: '2024-12-01', endDate: '2025-03-21', symbol: 'ESH5' },
      { startDate: '2025-03-21', endDate: '2025-05-01', symbol: 'ESM5' },
    ],
  });
  writer.close();
  return dir;
}

const QUERY = { dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'ES.c.0' };

describe('continuous symbols from stored contracts and their symbology', () => {
  it('gives stitchContinuous the contracts with the expiries the mapping implies, and the same series as the contracts in memory', () => {
    const catalog = BarCatalog.open(esCatalog());
    const continuous = catalog.continuous(QUERY);
    expect(continuous.fronts.map((f) => [f.symbol, new Date(f.frontStart).toISOString().slice(0, 10), new Date(f.expiry).toISOString().slice(0, 10)])).toEqual([
      ['ESH5', '2024-12-01', '2025-03-21'],
      ['ESM5', '2025-03-21', '2025-05-01'],
    ]);
    expect(continuous.contracts.map((c) => [c.symbol, c.expiry, c.series.length])).toEqual([
      ['ESH5', D('2025-03-21'), H5.length],
      ['ESM5', D('2025-05-01'), M5.length],
    ]);
    const rule = { kind: 'days_before_expiry', days: 5 } as const;
    const fromCatalog = stitchContinuous(continuous.contracts, rule, { adjust: 'difference', session: DEFAULT_SESSION, symbol: 'ES' });
    const inMemory = stitchContinuous(
      [
        { symbol: 'ESH5', expiry: D('2025-03-21'), series: H5 },
        { symbol: 'ESM5', expiry: D('2025-05-01'), series: M5 },
      ],
      rule,
      { adjust: 'difference', session: DEFAULT_SESSION, symbol: 'ES' },
    );
    expect(fromCatalog.rolls).toEqual(inMemory.rolls);
    expect(Array.from(fromCatalog.series.close)).toEqual(Array.from(inMemory.series.close));
    // The roll lands at the session start 5 days before the expiry, on the contract actually traded.
    expect(fromCatalog.rolls).toHaveLength(1);
    expect(fromCatalog.rolls[0]).toMatchObject({ from: 'ESH5', to: 'ESM5' });
    expect(fromCatalog.rolls[0].ts).toBeGreaterThanOrEqual(D('2025-03-16') - DAY);
    expect(fromCatalog.rolls[0].ts).toBeLessThanOrEqual(D('2025-03-16') + DAY);
  });

  it('a window reads only the contracts (and months) it reaches', () => {
    const catalog = BarCatalog.open(esCatalog());
    const early = catalog.continuous({ ...QUERY, startTs: D('2025-01-01'), endTs: D('2025-02-28') });
    expect(early.contracts.map((c) => c.symbol)).toEqual(['ESH5']);
    expect(early.contracts[0].series.ts[0]).toBeGreaterThanOrEqual(D('2025-01-01'));
    const late = catalog.continuous({ ...QUERY, startTs: D('2025-04-01') });
    expect(late.contracts.map((c) => c.symbol)).toEqual(['ESM5']);
    const acrossRoll = catalog.continuous({ ...QUERY, startTs: D('2025-03-01'), endTs: D('2025-03-31') });
    expect(acrossRoll.contracts.map((c) => c.symbol)).toEqual(['ESH5', 'ESM5']);
    // With no back-adjustment, the windowed continuous series is the full one cut to the window.
    const rule = { kind: 'days_before_expiry', days: 5 } as const;
    const full = stitchContinuous(catalog.continuous(QUERY).contracts, rule, { symbol: 'ES' }).series;
    const windowed = stitchContinuous(acrossRoll.contracts, rule, { symbol: 'ES' }).series;
    const cut = full.between(D('2025-03-01'), D('2025-03-31'));
    expect(Array.from(windowed.ts)).toEqual(Array.from(cut.ts));
    expect(Array.from(windowed.close)).toEqual(Array.from(cut.close));
  });

  it('says which --lead-days to fetch when a roll rule needs the next contract earlier than stored', () => {
    const catalog = BarCatalog.open(esCatalog());
    const continuous = catalog.continuous(QUERY);
    expect(() => requireRollCoverage(continuous, 5)).not.toThrow();
    expect(() => requireRollCoverage(continuous, 20)).toThrow(
      "ES.c.0: rolling 20 days before ESH5's expiry (2025-03-21) needs ESM5 bars from 2025-02-28, the catalog holds it from 2025-03-07; fetch again with --lead-days 21",
    );
    // Outside the window the roll does not matter.
    expect(() => requireRollCoverage(continuous, 20, D('2025-04-01'))).not.toThrow();
    expect(() => catalog.continuous({ ...QUERY, symbol: 'NQ.c.0' })).toThrow('NQ.c.0 has no stored symbology in GLBX.MDP3');
  });
});

describe('summarizeCatalog', () => {
  it('lists spans, sizes, coverage gaps, the longest bar gap and mapped days without bars', () => {
    const dir = esCatalog();
    const writer = CatalogWriter.open(dir);
    // NQH5 held for two separate weeks: the days between are a coverage gap.
    writer.writeBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'NQH5', series: contract('NQH5', D('2025-01-06'), D('2025-01-10'), 21000).withSymbol('NQH5'), coverage: [D('2025-01-06'), D('2025-01-10')], source: { kind: 'databento' } });
    writer.writeBars({ dataset: 'GLBX.MDP3', schema: 'ohlcv-1m', symbol: 'NQH5', series: contract('NQH5', D('2025-01-20'), D('2025-01-24'), 21000), coverage: [D('2025-01-20'), D('2025-01-24')], source: { kind: 'databento' } });
    writer.recordSymbology({ dataset: 'GLBX.MDP3', symbol: 'NQ.c.0', stypeIn: 'continuous', intervals: [{ startDate: '2025-01-06', endDate: '2025-01-24', symbol: 'NQH5' }] });
    writer.close();
    const summary = summarizeCatalog(BarCatalog.open(dir));
    const nq = summary.symbols.find((s) => s.symbol === 'NQH5');
    expect(nq?.coverageGaps).toEqual([[D('2025-01-10'), D('2025-01-20')]]);
    // Longest stretch without bars: Thursday 23:01 close → Monday 2025-01-20 00:01.
    expect(nq?.longestGap).toEqual([D('2025-01-09') + 23 * 3_600_000 + MINUTE, D('2025-01-20') + MINUTE]);
    const es = summary.symbols.find((s) => s.symbol === 'ESH5');
    expect([es?.months, es?.rows, es?.firstTs, es?.lastTs]).toEqual([4, H5.length, H5.ts[0], H5.ts[H5.length - 1]]);
    expect(summary.totalRows).toBe(H5.length + M5.length + (nq?.rows ?? 0));
    const mappedNq = summary.mapped.find((m) => m.symbol === 'NQ.c.0');
    expect(mappedNq?.uncovered).toEqual([{ schema: 'ohlcv-1m', from: D('2025-01-10'), to: D('2025-01-20'), contract: 'NQH5' }]);
    const mappedEs = summary.mapped.find((m) => m.symbol === 'ES.c.0');
    expect(mappedEs).toMatchObject({ startDate: '2024-12-01', endDate: '2025-05-01', contracts: [{ symbol: 'ESH5', from: '2024-12-01' }, { symbol: 'ESM5', from: '2025-03-21' }], uncovered: [] });
  });
});
