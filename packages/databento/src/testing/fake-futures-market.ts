import { DAY_MS, MINUTE_MS } from '@rooney/core';
import { BarSeriesBuilder } from '@rooney/data';
import type { BarSeries } from '@rooney/data';
import type { FakeContinuousSymbol, FakeHistoricalContract } from './fake-historical-universe.ts';

/** One contract of a {@link fakeFuturesMarket}. */
export interface FakeContractSpec {
  /** e.g. `ESH5`. */
  readonly rawSymbol: string;
  readonly instrumentId: number;
  /** First and last trading day (UTC, `YYYY-MM-DD`, inclusive). */
  readonly firstDay: string;
  readonly lastDay: string;
  /** Price level; each bar's prices are this plus a deterministic wiggle. */
  readonly basePrice: number;
}

/** A test market: contracts with bars, and a continuous symbol scheduled on them. */
export interface FakeFuturesMarket {
  readonly contracts: readonly FakeHistoricalContract[];
  readonly continuous: readonly FakeContinuousSymbol[];
  /** The bars of each contract by venue symbol (the same objects the fake serves). */
  readonly bars: ReadonlyMap<string, BarSeries>;
}

/**
 * Deterministic futures bars for tests of the historical client, the catalog and the CLI: every
 * contract has a 1-minute bar every `stepMinutes` minutes of each weekday (UTC) between its first
 * and last trading day; prices follow `basePrice + 5·sin(k/7) + (k mod 13)/4` (k = minutes since
 * the epoch / step), so two contracts differ by their base price, and volume is `100 + k mod 50`.
 * `continuous` maps symbols such as `ES.c.0` to contracts over date intervals.
 */
export function fakeFuturesMarket(options: {
  readonly contracts: readonly FakeContractSpec[];
  readonly continuous?: readonly FakeContinuousSymbol[];
  readonly stepMinutes?: number;
}): FakeFuturesMarket {
  const step = (options.stepMinutes ?? 60) * MINUTE_MS;
  const bars = new Map<string, BarSeries>();
  const contracts: FakeHistoricalContract[] = [];
  for (const spec of options.contracts) {
    const from = Date.parse(`${spec.firstDay}T00:00:00Z`);
    const to = Date.parse(`${spec.lastDay}T00:00:00Z`) + DAY_MS;
    const builder = new BarSeriesBuilder(spec.rawSymbol, MINUTE_MS, 1024);
    for (let open = from; open < to; open += step) {
      const weekday = new Date(open).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const k = Math.floor(open / step);
      const mid = spec.basePrice + 5 * Math.sin(k / 7) + (k % 13) / 4;
      const o = Math.round(mid * 4) / 4;
      const c = Math.round((mid + 0.5 * Math.cos(k)) * 4) / 4;
      builder.push(open + MINUTE_MS, o, Math.max(o, c) + 0.25, Math.min(o, c) - 0.25, c, 100 + (k % 50));
    }
    const series = builder.build();
    bars.set(spec.rawSymbol, series);
    contracts.push({ rawSymbol: spec.rawSymbol, instrumentId: spec.instrumentId, series });
  }
  return { contracts, continuous: options.continuous ?? [], bars };
}

/**
 * The market most tests use: E-mini S&P contracts ESH5 (traded 2024-10-01 → 2025-03-21) and ESM5
 * (2025-01-02 → 2025-06-20, 40 points above), `ES.c.0` on ESH5 until the March expiry and on ESM5
 * from 2025-03-21; an hourly bar on weekdays.
 */
export function fakeEsMarket(): FakeFuturesMarket {
  return fakeFuturesMarket({
    contracts: [
      { rawSymbol: 'ESH5', instrumentId: 5002, firstDay: '2024-10-01', lastDay: '2025-03-21', basePrice: 5900 },
      { rawSymbol: 'ESM5', instrumentId: 5003, firstDay: '2025-01-02', lastDay: '2025-06-20', basePrice: 5940 },
    ],
    continuous: [
      {
        symbol: 'ES.c.0',
        schedule: [
          { startDate: '2024-10-01', endDate: '2025-03-21', rawSymbol: 'ESH5' },
          { startDate: '2025-03-21', endDate: '2025-06-21', rawSymbol: 'ESM5' },
        ],
      },
    ],
  });
}
