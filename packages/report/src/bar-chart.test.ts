import { describe, expect, it } from 'vitest';
import { barChartSvg } from './bar-chart.ts';

function bars(svg: string): { x: number; width: number; value: number; title: string }[] {
  return Array.from(svg.matchAll(/<rect class="bar" x="([-\d.]+)" y="[\d.]+" width="([\d.]+)" height="[\d.]+" fill="[^"]*" data-value="([^"]*)"><title>([^<]*)<\/title>/g), (match) => ({
    x: Number(match[1]),
    width: Number(match[2]),
    value: Number(match[3]),
    title: match[4],
  }));
}

describe('barChartSvg', () => {
  it('sorts descending when asked and sizes bars in proportion to their values', () => {
    const svg = barChartSvg({ items: [{ label: 'rsi_2', value: 0.1 }, { label: 'ibs', value: 0.4 }, { label: 'atr', value: 0.2 }], sort: 'descending' });
    const drawn = bars(svg);
    expect(drawn.map((bar) => bar.value)).toEqual([0.4, 0.2, 0.1]);
    expect(drawn[0].width / drawn[1].width).toBeCloseTo(2, 1);
    expect(drawn[0].width / drawn[2].width).toBeCloseTo(4, 1);
    expect(new Set(drawn.map((bar) => bar.x)).size).toBe(1); // all start at the zero line
  });

  it('extends negative bars to the left of zero', () => {
    const drawn = bars(barChartSvg({ items: [{ label: 'up', value: 2 }, { label: 'down', value: -1 }] }));
    expect(drawn[1].x + drawn[1].width).toBeCloseTo(drawn[0].x, 0);
    expect(drawn[0].width / drawn[1].width).toBeCloseTo(2, 1);
  });

  it('shortens long labels but keeps the full text in the tooltip', () => {
    const label = 'a_really_long_feature_name_that_goes_on_and_on';
    const svg = barChartSvg({ items: [{ label, value: 1 }], maxLabelLength: 12 });
    expect(svg).toContain('>a_really_lo…</text>');
    expect(bars(svg)[0].title).toBe(`${label}: 1.00`);
  });
});
