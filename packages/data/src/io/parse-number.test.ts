import { Rng } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { isBlank, isNanLiteral, parseNumber } from './parse-number.ts';

const encoder = new TextEncoder();
const parse = (text: string): number => {
  const bytes = encoder.encode(text);
  return parseNumber(bytes, 0, bytes.length);
};

describe('parseNumber', () => {
  it('gives the same double as Number() for random decimals of up to 15 digits', () => {
    const rng = new Rng(11);
    const mismatches: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const integerDigits = rng.int(8);
      const fractionDigits = rng.int(8);
      let text = rng.next() < 0.2 ? '-' : '';
      for (let d = 0; d < integerDigits; d++) text += String(rng.int(10));
      if (fractionDigits > 0 || integerDigits === 0) text += '.';
      for (let d = 0; d < Math.max(fractionDigits, integerDigits === 0 ? 1 : 0); d++) text += String(rng.int(10));
      if (!Object.is(parse(text), Number(text))) mismatches.push(text);
    }
    expect(mismatches).toEqual([]);
  });

  it('matches Number() on long mantissas and exponents (slow path)', () => {
    for (const text of ['12345678901234567890', '0.1234567890123456789', '1e3', '-2.5E-4', '1.7976931348623157e308', '+7']) {
      expect(parse(text)).toBe(Number(text));
    }
  });

  it('trims spaces, tabs and quotes', () => {
    expect(parse('  362.5 ')).toBe(362.5);
    expect(parse('"1.0636"')).toBe(1.0636);
    expect(parse('\t42\t')).toBe(42);
  });

  it('returns NaN for empty, garbage and non-decimal forms Number() would accept', () => {
    for (const text of ['', '   ', '.', '-', 'abc', '1.2.3', '12a', '0x1A', '1,5', '--1']) {
      expect(parse(text), text).toBeNaN();
    }
  });

  it('reads NaN and Infinity literals, and tells NaN and blanks apart', () => {
    expect(parse('NaN')).toBeNaN();
    expect(parse('inf')).toBeNaN();
    expect(parse('Infinity')).toBe(Infinity);
    expect(parse('-infinity')).toBe(-Infinity);
    const nan = encoder.encode(' nan ');
    expect(isNanLiteral(nan, 0, nan.length)).toBe(true);
    const junk = encoder.encode('x');
    expect(isNanLiteral(junk, 0, junk.length)).toBe(false);
    const blank = encoder.encode(' "" ');
    expect(isBlank(blank, 0, blank.length)).toBe(true);
    expect(isBlank(junk, 0, junk.length)).toBe(false);
  });

  it('parses a field inside a larger buffer without reading past its end', () => {
    const bytes = encoder.encode('1.5,2.25,3');
    expect(parseNumber(bytes, 4, 8)).toBe(2.25);
    expect(parseNumber(bytes, 0, 3)).toBe(1.5);
  });
});
