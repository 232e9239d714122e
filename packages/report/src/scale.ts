import { DAY_MS, HOUR_MS, MINUTE_MS } from '@rooney/core';
import { monthName } from './format.ts';

/** A map from a data interval onto a pixel interval (both may be reversed). */
export function linearScale(domainStart: number, domainEnd: number, rangeStart: number, rangeEnd: number): (value: number) => number {
  const span = domainEnd - domainStart;
  if (span === 0) {
    const middle = (rangeStart + rangeEnd) / 2;
    return () => middle;
  }
  const factor = (rangeEnd - rangeStart) / span;
  return (value) => rangeStart + (value - domainStart) * factor;
}

/** A round step (1, 2, 2.5 or 5 times a power of ten) near `rawStep`. */
export function niceStep(rawStep: number): number {
  if (!(rawStep > 0) || !Number.isFinite(rawStep)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(rawStep)));
  const fraction = rawStep / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/** Round ticks covering a value interval, and the interval widened to whole steps. */
export interface NumberTicks {
  readonly step: number;
  readonly ticks: readonly number[];
  /** `[min, max]` extended outward to multiples of `step`. */
  readonly domain: readonly [number, number];
}

function clean(value: number): number {
  const rounded = Number(value.toPrecision(12));
  return rounded === 0 ? 0 : rounded;
}

/**
 * About `count` round ticks for `[min, max]` (d3's "nice" scheme). A zero-width interval is
 * widened by 1% of its magnitude (or by 1 around zero) so it still has an axis.
 */
export function numberTicks(min: number, max: number, count: number): NumberTicks {
  let low = Math.min(min, max);
  let high = Math.max(min, max);
  if (!Number.isFinite(low) || !Number.isFinite(high)) {
    low = 0;
    high = 1;
  }
  if (high === low) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.01;
    low -= pad;
    high += pad;
  }
  const step = niceStep((high - low) / Math.max(1, count));
  const first = Math.floor(low / step + 1e-9);
  const last = Math.ceil(high / step - 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(clean(k * step));
  return { step, ticks, domain: [clean(first * step), clean(last * step)] };
}

/** One tick on a time axis: where it is, its label, and an optional second line (date or year). */
export interface TimeTick {
  readonly ts: number;
  readonly label: string;
  /** The larger unit, shown under the label where it changes: the date under times, the year under days and months. */
  readonly context?: string;
}

type TimeInterval =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'week' }
  | { readonly kind: 'month'; readonly months: number }
  | { readonly kind: 'year'; readonly years: number };

const TIME_INTERVALS: readonly TimeInterval[] = [
  { kind: 'fixed', ms: MINUTE_MS },
  { kind: 'fixed', ms: 5 * MINUTE_MS },
  { kind: 'fixed', ms: 15 * MINUTE_MS },
  { kind: 'fixed', ms: 30 * MINUTE_MS },
  { kind: 'fixed', ms: HOUR_MS },
  { kind: 'fixed', ms: 3 * HOUR_MS },
  { kind: 'fixed', ms: 6 * HOUR_MS },
  { kind: 'fixed', ms: 12 * HOUR_MS },
  { kind: 'fixed', ms: DAY_MS },
  { kind: 'fixed', ms: 2 * DAY_MS },
  { kind: 'week' },
  { kind: 'month', months: 1 },
  { kind: 'month', months: 3 },
  { kind: 'month', months: 6 },
  { kind: 'year', years: 1 },
  { kind: 'year', years: 2 },
  { kind: 'year', years: 5 },
  { kind: 'year', years: 10 },
  { kind: 'year', years: 25 },
  { kind: 'year', years: 50 },
  { kind: 'year', years: 100 },
];

function approximateMs(interval: TimeInterval): number {
  switch (interval.kind) {
    case 'fixed':
      return interval.ms;
    case 'week':
      return 7 * DAY_MS;
    case 'month':
      return interval.months * 30.44 * DAY_MS;
    case 'year':
      return interval.years * 365.25 * DAY_MS;
  }
}

/** 1970-01-05, the first Monday after the epoch: weekly ticks fall on Mondays 00:00 UTC. */
const FIRST_MONDAY_MS = 4 * DAY_MS;
const MAX_TICKS = 1000;

function tickTimes(start: number, end: number, interval: TimeInterval): number[] {
  const out: number[] = [];
  if (interval.kind === 'fixed' || interval.kind === 'week') {
    const step = interval.kind === 'fixed' ? interval.ms : 7 * DAY_MS;
    const offset = interval.kind === 'fixed' ? 0 : FIRST_MONDAY_MS;
    for (let t = Math.ceil((start - offset) / step) * step + offset; t <= end && out.length < MAX_TICKS; t += step) out.push(t);
    return out;
  }
  const first = new Date(start);
  if (interval.kind === 'month') {
    const startMonth = first.getUTCFullYear() * 12 + first.getUTCMonth();
    let month = startMonth - (((startMonth % interval.months) + interval.months) % interval.months);
    for (; out.length < MAX_TICKS; month += interval.months) {
      const t = Date.UTC(Math.floor(month / 12), month % 12, 1);
      if (t > end) break;
      if (t >= start) out.push(t);
    }
    return out;
  }
  let year = first.getUTCFullYear();
  year -= ((year % interval.years) + interval.years) % interval.years;
  for (; out.length < MAX_TICKS; year += interval.years) {
    const t = Date.UTC(year, 0, 1);
    if (t > end) break;
    if (t >= start) out.push(t);
  }
  return out;
}

function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

function dayLabel(date: Date): string {
  return `${monthName(date.getUTCMonth() + 1)} ${date.getUTCDate()}`;
}

function labelTicks(times: readonly number[], interval: TimeInterval): TimeTick[] {
  const ticks: TimeTick[] = [];
  let previousContext = '';
  for (const ts of times) {
    const date = new Date(ts);
    const year = String(date.getUTCFullYear());
    let label: string;
    let context: string;
    if (interval.kind === 'year') {
      ticks.push({ ts, label: year });
      continue;
    } else if (interval.kind === 'month') {
      label = monthName(date.getUTCMonth() + 1);
      context = year;
    } else if (interval.kind === 'week' || interval.ms >= DAY_MS) {
      label = dayLabel(date);
      context = year;
    } else {
      label = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
      context = `${dayLabel(date)}, ${year}`;
    }
    ticks.push(context === previousContext ? { ts, label } : { ts, label, context });
    previousContext = context;
  }
  return ticks;
}

/**
 * Calendar-aligned ticks (UTC) for an epoch-ms interval, about `count` of them: minutes and hours
 * (`14:30`, with the date underneath where it changes), days and Monday weeks (`Mar 5`, year
 * underneath where it changes), months (`Mar`, year underneath), or years (`2024`). The interval
 * whose tick count is nearest `count` (on a log scale) is chosen.
 */
export function timeTicks(start: number, end: number, count: number): TimeTick[] {
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return [];
  const span = end - start;
  let best = TIME_INTERVALS[0];
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const interval of TIME_INTERVALS) {
    const distance = Math.abs(Math.log(Math.max(span, 1) / approximateMs(interval) / Math.max(1, count)));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = interval;
    }
  }
  const ticks = labelTicks(tickTimes(start, end, best), best);
  if (ticks.length > 0) return ticks;
  const date = new Date(start);
  return [{ ts: start, label: `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`, context: `${dayLabel(date)}, ${date.getUTCFullYear()}` }];
}
