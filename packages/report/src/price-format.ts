import { formatNumber, formatValue } from './format.ts';

/**
 * Decimals needed to write every multiple of `tickSize` exactly: 0.25 → 2, 0.00005 (6E) → 5,
 * 1/32 (ZB) → 5, 1/64 (ZN) → 6, 1 → 0. At most 10; `undefined` for a missing or non-positive
 * tick size.
 */
export function priceDecimals(tickSize: number | undefined): number | undefined {
  if (tickSize === undefined || !(tickSize > 0) || !Number.isFinite(tickSize)) return undefined;
  for (let decimals = 0; decimals <= 10; decimals++) {
    const scaled = tickSize * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) return decimals;
  }
  return 10;
}

/**
 * A price at its instrument's precision: as many decimals as the tick size needs (so 6E shows
 * `1.16025`, not `1.16`), with thousands separators. Without a tick size: the report's automatic
 * number format.
 */
export function formatPrice(price: number, tickSize: number | undefined): string {
  const decimals = priceDecimals(tickSize);
  return decimals === undefined ? formatValue(price, 'number') : formatNumber(price, decimals);
}
