import { DAY_MS, RooneyError } from '@rooney/core';

const NS_PER_MS = 1_000_000n;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch ms of a time as Databento's historical API writes or takes it (spec §3.2, §3.4): integer
 * UNIX nanoseconds (`1735828200000000000`), ISO 8601 with up to 9 fractional digits
 * (`2019-07-07T00:00:00.000000000Z`; no zone means UTC) or a date `YYYY-MM-DD` (midnight UTC).
 * The sub-millisecond part is dropped (floor). Throws `bad_time` naming the text.
 */
export function parseDatabentoTime(text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(BigInt(trimmed) / NS_PER_MS);
  const match = ISO.exec(trimmed);
  if (match === null) throw new RooneyError('bad_time', `not a Databento time: "${text}"`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const fractionMs = fraction === '' ? 0 : Math.floor(Number(fraction.padEnd(9, '0')) / 1_000_000);
  let ts = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + fractionMs;
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ts -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  if (!Number.isFinite(ts)) throw new RooneyError('bad_time', `not a Databento time: "${text}"`);
  return ts;
}

/** Integer UNIX nanoseconds of an epoch-ms time (the form the official Rust client sends). */
export function nanosecondsOf(ts: number): bigint {
  return BigInt(ts) * NS_PER_MS;
}

/** `2024-03-05T14:31:00.000000000Z`: an epoch-ms time as Databento writes times. */
export function formatDatabentoTime(ts: number): string {
  return new Date(ts).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/** `YYYY-MM-DD` (UTC) of an epoch-ms time. */
export function formatDatabentoDate(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/** The `YYYYMMDD` number of a DBN symbology interval as days since 1970-01-01. */
export function dayOfDbnDate(yyyymmdd: number): number {
  return Date.UTC(Math.floor(yyyymmdd / 10_000), (Math.floor(yyyymmdd / 100) % 100) - 1, yyyymmdd % 100) / DAY_MS;
}

/** The `YYYYMMDD` number of the UTC day containing an epoch-ms time. */
export function dbnDateOf(ts: number): number {
  const date = new Date(ts);
  return date.getUTCFullYear() * 10_000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
}
