import { RooneyError } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { histogramCounts, histogramSvg } from './histogram.ts';

describe('histogramCounts', () => {
  it('counts half-open bins, closes the last one, and skips values outside the range', () => {
    const counts = histogramCounts([0, 0.1, 0.25, 0.5, 0.99, 1.0, 1.5, -0.1, Number.NaN], 4, 0, 1);
    expect(Array.from(counts)).toEqual([2, 1, 1, 2]);
  });

  it('rejects an empty range', () => {
    expect(() => histogramCounts([1], 4, 1, 1)).toThrow(RooneyError);
  });
});

describe('histogramSvg', () => {
  const winners = [0.55, 0.6, 0.62, 0.7, 0.71, 0.9];
  const losers = [0.2, 0.3, 0.45, 0.52];
  const svg = histogramSvg({
    groups: [{ name: 'Winners', values: winners }, { name: 'Losers', values: losers }],
    binCount: 10,
    range: [0, 1],
    threshold: { value: 0.5, label: 'veto' },
  });

  function groupCounts(name: string): number[] {
    const start = svg.indexOf(`data-group="${name}"`);
    const group = svg.slice(start, svg.indexOf('</g>', start));
    return Array.from(group.matchAll(/data-count="(\d+)"/g), (match) => Number(match[1]));
  }

  it('draws one bar per non-empty bin whose counts add up to the group size', () => {
    // Winners fall in bins 5, 6 (x2), 7 (x2), 9; losers in 2, 3, 4, 5.
    expect(groupCounts('Winners')).toEqual([1, 2, 2, 1]);
    expect(groupCounts('Losers')).toEqual([1, 1, 1, 1]);
  });

  it('makes equal shares equally tall across groups of different sizes', () => {
    const heights = Array.from(svg.matchAll(/<rect class="bin"[^>]* height="([\d.]+)"[^>]*data-count="(\d+)"/g), (match) => ({ height: Number(match[1]), count: Number(match[2]) }));
    // A winners bin with 2 of 6 (33%) is taller than a losers bin with 1 of 4 (25%), which is taller than a winners bin with 1 of 6.
    const winnerTwo = heights.slice(0, 4).find((bar) => bar.count === 2)?.height ?? 0;
    const winnerOne = heights.slice(0, 4).find((bar) => bar.count === 1)?.height ?? 0;
    const loserOne = heights[4].height;
    expect(winnerTwo).toBeGreaterThan(loserOne);
    expect(loserOne).toBeGreaterThan(winnerOne);
    expect(winnerTwo / winnerOne).toBeCloseTo(2, 1);
  });

  it('marks the threshold and names the groups with their sizes', () => {
    expect(svg).toContain('class="threshold"');
    expect(svg).toContain('>veto</text>');
    expect(svg).toContain('>Winners (n=6)</text>');
    expect(svg).toContain('>Losers (n=4)</text>');
  });
});
