import { DEFAULT_CONTRACTS } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { dataTable } from './data-table.ts';
import { formatPrice, priceDecimals } from './price-format.ts';

describe('prices at the instrument precision', () => {
  it('takes the decimals a tick size needs', () => {
    expect(priceDecimals(0.25)).toBe(2);
    expect(priceDecimals(0.00005)).toBe(5);
    expect(priceDecimals(1 / 32)).toBe(5);
    expect(priceDecimals(1 / 64)).toBe(6);
    expect(priceDecimals(0.0000005)).toBe(7);
    expect(priceDecimals(1)).toBe(0);
    expect(priceDecimals(0)).toBeUndefined();
    expect(priceDecimals(undefined)).toBeUndefined();
  });

  it('writes every default contract tick exactly (the printed price parses back to the tick)', () => {
    for (const spec of Object.values(DEFAULT_CONTRACTS)) {
      const price = 1000 * spec.tickSize + 7 * spec.tickSize; // a price on the tick grid
      const text = formatPrice(price, spec.tickSize).replace(/,/g, '');
      expect(Math.abs(Number(text) - price), spec.symbol).toBeLessThan(spec.tickSize * 1e-6);
    }
  });

  it('shows 6E to its half-pip (the old report printed 1.16 → 1.16)', () => {
    expect(formatPrice(1.16025, 0.00005)).toBe('1.16025');
    expect(formatPrice(1.1599999999999, 0.00005)).toBe('1.16000');
    expect(formatPrice(4512.25, 0.25)).toBe('4,512.25');
    expect(formatPrice(112.53125, 1 / 32)).toBe('112.53125');
  });

  it('goes into tables as text sorted by value', () => {
    const html = dataTable({ columns: ['price'], rows: [[{ value: 1.16025, text: formatPrice(1.16025, 0.00005) }]] });
    expect(html).toContain('<td class="number" data-sort="1.16025">1.16025</td>');
    expect(html).toContain('<th scope="col" class="number">price</th>');
  });
});
