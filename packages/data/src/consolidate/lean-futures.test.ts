import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { HOUR_MS, MINUTE_MS } from '@rooney/core';
import type { SessionSpec } from '@rooney/core';
import { describe, expect, it } from 'vitest';
import { BarSeriesBuilder } from '../bar-series.ts';
import type { BarSeries } from '../bar-series.ts';
import { consolidateBars } from './consolidate-bars.ts';
import { stitchContinuous } from './continuous.ts';

const SHARED = fileURLToPath(new URL('../../../../../shared/', import.meta.url));
const LEAN = `${SHARED}datasets/real/lean-cme-futures/cme/`;
const CHICAGO: SessionSpec = { startMinutes: 17 * 60, timeZone: 'America/Chicago' };

/** Entries of a ZIP file (stored or deflated), read through its central directory. */
function unzip(path: string): Map<string, string> {
  const zip = readFileSync(path);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  const entries = new Map<string, string>();
  let at = zip.readUInt32LE(end + 16);
  for (let e = 0; e < zip.readUInt16LE(end + 10); e++) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    entries.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + skip;
  }
  return entries;
}

/**
 * LEAN ES minute trade bars of 2013 per contract (`201312`, `201403`, ...). Rows are
 * `ms since UTC midnight of the file date, open, high, low, close, volume`; LEAN stamps a bar at
 * its start, so the close stamp is `+ 1 minute`.
 */
function loadMinutes(): Map<string, BarSeries> {
  const rows = new Map<string, number[][]>();
  const files = readdirSync(`${LEAN}minute/es`).filter((name) => name.startsWith('2013')).sort();
  for (const file of files) {
    const day = Date.UTC(Number(file.slice(0, 4)), Number(file.slice(4, 6)) - 1, Number(file.slice(6, 8)));
    for (const [name, text] of unzip(`${LEAN}minute/es/${file}`)) {
      const contract = name.slice(-10, -4);
      if (!rows.has(contract)) rows.set(contract, []);
      for (const line of text.trim().split('\n')) {
        const [ms, ...values] = line.split(',').map(Number);
        rows.get(contract)?.push([day + ms + MINUTE_MS, ...values]);
      }
    }
  }
  const series = new Map<string, BarSeries>();
  for (const [contract, list] of rows) {
    list.sort((a, b) => a[0] - b[0]);
    const builder = new BarSeriesBuilder(`ES${contract}`, MINUTE_MS, list.length);
    for (const [ts, open, high, low, close, volume] of list) builder.push(ts, open, high, low, close, volume);
    series.set(contract, builder.build());
  }
  return series;
}

/** LEAN's own hourly file for a contract, keyed by close time (its stamps are bar starts). */
function loadLeanHourly(contract: string): Map<number, number[]> {
  const text = unzip(`${LEAN}hour/es_trade.zip`).get(`es_trade_${contract}.csv`) ?? '';
  const hourly = new Map<number, number[]>();
  for (const line of text.trim().split('\n')) {
    const [stamp, ...values] = line.split(',');
    const start = Date.UTC(Number(stamp.slice(0, 4)), Number(stamp.slice(4, 6)) - 1, Number(stamp.slice(6, 8)), Number(stamp.slice(9, 11)));
    hourly.set(start + HOUR_MS, values.map(Number));
  }
  return hourly;
}

describe('LEAN ES per-contract minute data', () => {
  const minutes = loadMinutes();
  const december = minutes.get('201312') as BarSeries;
  const march = minutes.get('201403') as BarSeries;

  it('reads the contracts of the 2013 files', () => {
    expect([...minutes.keys()].sort()).toEqual(['201312', '201403', '201406', '201409', '201412']);
    expect(december.length).toBeGreaterThan(15_000);
  });

  it('consolidated hourly bars match LEAN hourly bars except the 14:00 UTC hour open and volume', () => {
    for (const [contract, series] of [['201312', december], ['201403', march]] as const) {
      const hourly = consolidateBars(series, HOUR_MS, { session: CHICAGO, completeThrough: Number.POSITIVE_INFINITY });
      const lean = loadLeanHourly(contract);
      let common = 0;
      const differences: string[] = [];
      for (let h = 0; h < hourly.length; h++) {
        const reference = lean.get(hourly.ts[h]);
        if (reference === undefined) continue;
        common++;
        const ours = [hourly.open[h], hourly.high[h], hourly.low[h], hourly.close[h], hourly.volume[h]];
        const fields = ['open', 'high', 'low', 'close', 'volume'].filter((_, k) => ours[k] !== reference[k]);
        if (fields.length > 0) differences.push(`${new Date(hourly.ts[h] - HOUR_MS).toISOString().slice(11, 16)} ${fields.join('+')}`);
      }
      expect(common).toBeGreaterThan(130);
      // Measured: the only differences are the hour starting 14:00 UTC (the 08:30 CT open), where
      // LEAN's hourly open and volume differ from the minute file's; high, low and close agree.
      expect(differences.length).toBeLessThanOrEqual(4);
      for (const difference of differences) expect(difference).toBe('14:00 open+volume');
    }
  });

  it('volume roll ESZ3 -> ESH4 at the close of the first session where H4 traded more', () => {
    const contracts = [...minutes].map(([contract, series]) => ({
      symbol: `ES${contract}`,
      // Third Friday of the month, trading ends 08:30 CT.
      expiry: { '201312': Date.UTC(2013, 11, 20, 14, 30), '201403': Date.UTC(2014, 2, 21, 13, 30), '201406': Date.UTC(2014, 5, 20, 13, 30), '201409': Date.UTC(2014, 8, 19, 13, 30), '201412': Date.UTC(2014, 11, 19, 14, 30) }[contract] as number,
      series,
    }));
    const { series, rolls } = stitchContinuous(contracts, { kind: 'volume' }, { session: CHICAGO, adjust: 'difference' });

    // Independent reference: a Chicago 17:00 session closes at 22:00 UTC before 2013-11-03 (CDT)
    // and at 23:00 UTC after (CST); total each contract's volume per session close.
    const dstEnd = Date.UTC(2013, 10, 3, 7);
    const sessionClose = (ts: number): number => {
      const shift = ts < dstEnd ? 2 * HOUR_MS : HOUR_MS;
      const date = new Date(ts - 1 + shift);
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()) - shift + 24 * HOUR_MS;
    };
    const totals = (s: BarSeries): Map<number, number> => {
      const map = new Map<number, number>();
      for (let i = 0; i < s.length; i++) map.set(sessionClose(s.ts[i]), (map.get(sessionClose(s.ts[i])) ?? 0) + s.volume[i]);
      return map;
    };
    const zTotals = totals(december);
    const hTotals = totals(march);
    const closes = [...new Set([...zTotals.keys(), ...hTotals.keys()])].sort((a, b) => a - b);
    const expectedRoll = closes.find((close) => (hTotals.get(close) ?? 0) > (zTotals.get(close) ?? 0));
    expect(expectedRoll).toBe(Date.UTC(2013, 11, 18, 23)); // 2013-12-18 17:00 CST
    const lastBefore = (s: BarSeries, time: number): number => s.close[s.lowerBound(time + 1) - 1];
    expect(rolls).toEqual([
      { ts: expectedRoll, from: 'ES201312', to: 'ES201403', gap: lastBefore(march, expectedRoll as number) - lastBefore(december, expectedRoll as number) },
    ]);
    expect(rolls[0].gap).toBe(-6.25); // 1804 - 1810.25, both at the 16:15 CT close of Dec 18

    // Output = December bars up to the roll, then March bars; back-adjusted by the gap.
    const cut = december.lowerBound((expectedRoll as number) + 1);
    const marchFrom = march.lowerBound((expectedRoll as number) + 1);
    expect(series.length).toBe(cut + march.length - marchFrom);
    expect(series.close[cut - 1]).toBe(december.close[cut - 1] + rolls[0].gap);
    expect(series.close[cut - 1]).toBe(lastBefore(march, expectedRoll as number)); // no jump
    expect(series.close[cut]).toBe(march.close[marchFrom]);
    expect(series.volume[cut]).toBe(march.volume[marchFrom]);
  });

  it('days_before_expiry roll waits for a session start past the threshold', () => {
    const { rolls } = stitchContinuous(
      [
        { symbol: 'ESZ3', expiry: Date.UTC(2013, 11, 20, 14, 30), series: december },
        { symbol: 'ESH4', expiry: Date.UTC(2014, 2, 21, 13, 30), series: march },
      ],
      { kind: 'days_before_expiry', days: 8 },
      { session: CHICAGO },
    );
    // Threshold 2013-12-12 14:30 UTC. There are no bars from Dec 4 to Dec 17, so the first session
    // with data that starts after the threshold is Dec 18's, opening Dec 17 17:00 CST = 23:00 UTC:
    // the roll is made there, with the last known closes of both contracts (from early December).
    expect(rolls.map((r) => [r.ts, r.from, r.to])).toEqual([[Date.UTC(2013, 11, 17, 23), 'ESZ3', 'ESH4']]);
    expect(Number.isFinite(rolls[0].gap)).toBe(true);
  });
});
