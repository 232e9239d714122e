import { describe, expect, it } from 'vitest';
import { intradayProfile, relativeVolatility } from './intraday-profile.ts';

describe('intradayProfile', () => {
  it('shares out a unit daily variance over the 1380 session minutes', () => {
    const { volatility, weight } = intradayProfile();
    expect(weight.length).toBe(1380);
    expect(weight.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    for (let k = 0; k < 1380; k++) expect(volatility[k] ** 2).toBeCloseTo(weight[k], 15);
  });

  it('is U-shaped over the US day and quiet overnight', () => {
    const at = (hour: number, minute = 0) => relativeVolatility(hour * 60 + minute);
    expect(at(8, 30)).toBeGreaterThan(2 * at(11, 30)); // open vs lunch
    expect(at(14, 50)).toBeGreaterThan(at(11, 30)); // into the close vs lunch
    expect(at(11, 30)).toBeGreaterThan(2 * at(23)); // lunch vs overnight
    expect(at(3)).toBeGreaterThan(at(23)); // London vs Asia
    // Session minute 930 is 08:30 CT (17:00 + 15.5 h).
    const { weight } = intradayProfile();
    expect(weight[930] / weight[360]).toBeCloseTo((at(8, 30) / at(23)) ** 2, 12);
  });
});
