import { describe, expect, it } from 'vitest';
import { indicatorCatalog } from './indicators.ts';

interface CatalogEntry {
  readonly name: string;
  readonly lines: readonly string[];
  readonly warmUp: number;
  readonly lineWarmUps: Readonly<Record<string, number>>;
}

describe('indicator catalog (rooney indicators --list --json)', () => {
  const catalog = indicatorCatalog() as CatalogEntry[];
  const entry = (name: string): CatalogEntry => catalog.find((d) => d.name === name) as CatalogEntry;

  it("states each line's own warm-up, Backtrader's minimum period of that line", () => {
    // Backtrader: ADX 2 × 14 = 28, ADXR 3 × 14 = 42, PlusDI/MinusDI 14 + 1 = 15.
    expect(entry('adx').lineWarmUps).toEqual({ adx: 28, adxr: 42, plus_di: 15, minus_di: 15 });
    expect(entry('adx').warmUp).toBe(42);
    // MACD(12, 26, 9): the MACD line after 26 bars, signal and histogram after 26 + 9 - 1.
    expect(entry('macd').lineWarmUps).toEqual({ macd: 26, signal: 34, histo: 34 });
    // StochasticFull(14, 3, 3): raw %K 14, %D 14 + 3 - 1, slow %D 16 + 3 - 1.
    expect(entry('stochasticfull').lines).toEqual(['k', 'd', 'd_slow']);
    expect(entry('stochasticfull').lineWarmUps).toEqual({ k: 14, d: 16, d_slow: 18 });
  });

  it('gives every line of every indicator a warm-up no longer than the whole', () => {
    for (const d of catalog) {
      expect(Object.keys(d.lineWarmUps)).toEqual([...d.lines]);
      expect(Math.max(...Object.values(d.lineWarmUps)), d.name).toBe(d.warmUp);
    }
  });
});
