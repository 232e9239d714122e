import { describe, expect, it } from 'vitest';
import { RooneyError } from '@rooney/core';
import { computeOverBars } from './indicator.ts';
import { VWAP } from './vwap.ts';
import { findIndicator } from './registry.ts';
import { loadBacktraderBars } from './testing/backtrader-data.ts';
import { describeIndicatorContract } from './testing/contract.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 2); // a Tuesday, midnight UTC

describe('VWAP', () => {
  it('accumulates within a session and restarts at the 23:00 UTC boundary (hand-computed)', () => {
    const vwap = new VWAP();
    // typical prices 10 (vol 1) and 13 (vol 2) → (10 + 26) / 3 = 12
    expect(vwap.updateBar(0, 11, 9, 10, 1, T0 + 21 * HOUR)).toBe(10);
    expect(vwap.updateBar(0, 14, 12, 13, 2, T0 + 22 * HOUR)).toBe(12);
    // a bar closing exactly at 23:00 still belongs to the ending session: typical 15, vol 1 → (36 + 15)/4
    expect(vwap.updateBar(0, 16, 14, 15, 1, T0 + 23 * HOUR)).toBe(51 / 4);
    // the next bar opens the new session
    expect(vwap.updateBar(0, 21, 19, 20, 5, T0 + 23 * HOUR + 300_000)).toBe(20);
  });

  it('uses the close when asked, and is NaN while the session has no volume', () => {
    const vwap = new VWAP({ price: 'close', sessionStart: 0 });
    expect(vwap.updateBar(0, 11, 9, 9.5, 0, T0 + HOUR)).toBeNaN();
    expect(vwap.updateBar(0, 11, 9, 10, 3, T0 + 2 * HOUR)).toBe(10);
    expect(vwap.updateBar(0, 11, 9, 11, 1, T0 + 3 * HOUR)).toBe(10.25);
  });

  it('follows a session start in a time zone (18:00 New York)', () => {
    const vwap = new VWAP({ sessionStart: 18 * 60, timeZone: 'America/New_York' });
    vwap.updateBar(0, 10, 10, 10, 1, T0 + 22 * HOUR); // 17:00 EST
    expect(vwap.updateBar(0, 20, 20, 20, 1, T0 + 22 * HOUR + 1_800_000)).toBe(15); // 17:30 EST, same session
    expect(vwap.updateBar(0, 30, 30, 30, 1, T0 + 23 * HOUR + 300_000)).toBe(30); // 18:05 EST: new session
  });

  it('matches a naive per-day grouping on 5-minute data', () => {
    const bars = loadBacktraderBars('2006-min-005.txt');
    for (const sessionStart of [0, 23 * 60]) {
      const { vwap } = computeOverBars(new VWAP({ sessionStart }), bars);
      let day = '';
      let weighted = 0;
      let volume = 0;
      let sessions = 0;
      for (let i = 0; i < bars.length; i++) {
        const today = new Date(bars.ts[i]).toISOString().slice(0, 10); // the data trade 09:05-17:30 UTC
        if (today !== day) {
          day = today;
          weighted = 0;
          volume = 0;
          sessions++;
        }
        weighted += ((bars.high[i] + bars.low[i] + bars.close[i]) / 3) * bars.volume[i];
        volume += bars.volume[i];
        expect(vwap[i]).toBeCloseTo(weighted / volume, 9);
      }
      expect(sessions).toBe(21);
    }
  });

  it('rejects time going backwards, a non-finite timestamp and bad options', () => {
    const vwap = new VWAP();
    vwap.updateBar(0, 1, 1, 1, 1, T0 + HOUR);
    expect(() => vwap.updateBar(0, 1, 1, 1, 1, T0)).toThrow(RooneyError);
    expect(() => new VWAP().updateBar(0, 1, 1, 1, 1, Number.NaN)).toThrow('finite');
    expect(() => new VWAP({ timeZone: 'Mars/Olympus' })).toThrow(
      '"timeZone" must be an IANA time zone such as "UTC", was "Mars/Olympus"',
    );
    expect(() => new VWAP({ sessionStart: 1440 })).toThrow('1440');
  });
});

describeIndicatorContract(findIndicator('vwap'), { expectedWarmUp: 1 });
describeIndicatorContract(findIndicator('vwap'), {
  bars: loadBacktraderBars('2006-min-005.txt'),
  parameters: { sessionStart: 0, price: 'close' },
});
