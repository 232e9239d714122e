import type { SessionSpec } from './time.ts';

/** Static facts about a futures contract (or an ETF traded as one share per point). */
export interface ContractSpec {
  readonly symbol: string;
  readonly name: string;
  /** Currency value of a 1.0 move in price (big-point value). */
  readonly multiplier: number;
  readonly tickSize: number;
  /** Commission per contract per side, in account currency. */
  readonly commission: number;
  /** Initial margin per contract, in account currency. */
  readonly margin: number;
  readonly currency: string;
  /** The exchange's time zone, used for time-of-day rules. */
  readonly timeZone: string;
  /**
   * The exchange's trading day for this contract (daily bars, `day` orders), when it differs from
   * the run's session (which defaults to CME Globex, 17:00 America/Chicago).
   */
  readonly session?: SessionSpec;
}

const CME = 'America/Chicago';

function spec(
  symbol: string,
  name: string,
  multiplier: number,
  tickSize: number,
  margin: number,
  commission = 2.0,
  timeZone = CME,
): ContractSpec {
  return { symbol, name, multiplier, tickSize, commission, margin, currency: 'USD', timeZone };
}

/**
 * Defaults for the seed system's instruments (CME Group specs; margins are round approximations
 * and should be overridden from config for real accounts).
 */
export const DEFAULT_CONTRACTS: Readonly<Record<string, ContractSpec>> = Object.freeze({
  ES: spec('ES', 'E-mini S&P 500', 50, 0.25, 12_500),
  NQ: spec('NQ', 'E-mini Nasdaq-100', 20, 0.25, 18_000),
  RTY: spec('RTY', 'E-mini Russell 2000', 50, 0.1, 7_000),
  YM: spec('YM', 'E-mini Dow', 5, 1, 9_500),
  CL: spec('CL', 'WTI Crude Oil', 1_000, 0.01, 6_500),
  NG: spec('NG', 'Henry Hub Natural Gas', 10_000, 0.001, 3_500),
  GC: spec('GC', 'Gold', 100, 0.1, 10_000),
  SI: spec('SI', 'Silver', 5_000, 0.005, 11_000),
  HG: spec('HG', 'Copper', 25_000, 0.0005, 6_000),
  '6A': spec('6A', 'Australian Dollar', 100_000, 0.00005, 2_500),
  '6B': spec('6B', 'British Pound', 62_500, 0.0001, 3_000),
  '6C': spec('6C', 'Canadian Dollar', 100_000, 0.00005, 1_800),
  '6E': spec('6E', 'Euro FX', 125_000, 0.00005, 2_600),
  '6J': spec('6J', 'Japanese Yen', 12_500_000, 0.0000005, 3_500),
  '6M': spec('6M', 'Mexican Peso', 500_000, 0.00001, 1_600),
  '6N': spec('6N', 'New Zealand Dollar', 100_000, 0.00005, 2_000),
  '6S': spec('6S', 'Swiss Franc', 125_000, 0.00005, 4_000),
  ZB: spec('ZB', '30-Year T-Bond', 1_000, 1 / 32, 4_500),
  ZN: spec('ZN', '10-Year T-Note', 1_000, 1 / 64, 2_200),
  TLT: spec('TLT', 'iShares 20+ Year Treasury Bond ETF (reference)', 1, 0.01, 100, 0.005, 'America/New_York'),
});

/** A contract spec for `symbol`: the default with `overrides` applied, or a generic 1-point spec. */
export function contractSpec(symbol: string, overrides: Partial<Omit<ContractSpec, 'symbol'>> = {}): ContractSpec {
  const base = DEFAULT_CONTRACTS[symbol] ?? spec(symbol, symbol, 1, 0.01, 0, 0);
  return { ...base, ...overrides, symbol };
}

/** Rounds `price` to the nearest multiple of `tickSize`, free of binary noise. */
export function roundToTick(price: number, tickSize: number): number {
  if (!(tickSize > 0)) return price;
  const ticks = Math.round(price / tickSize);
  return Number((ticks * tickSize).toPrecision(12));
}
