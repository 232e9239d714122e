import { MINUTE_MS, timeZoneOffsetMs } from '@rooney/core';
import { ParamReader } from '../params.ts';
import type { RawParams } from '../params.ts';

/**
 * A bound on one feature, per direction: longs need `long_min <= value <= long_max`, shorts
 * `short_min <= value <= short_max`; `min`/`max` apply to both. A feature that is not warm yet
 * (NaN) does not block.
 */
export interface FeatureBoundFilter {
  readonly enabled: boolean;
  readonly feature: string;
  readonly longMin: number;
  readonly longMax: number;
  readonly shortMin: number;
  readonly shortMax: number;
}

/** Skips signals whose bar closes inside any `skip` window (`HH:MM-HH:MM`, exchange time zone). */
export interface TimeOfDayFilter {
  readonly enabled: boolean;
  /** IANA zone; default the contract's exchange zone. */
  readonly timeZone: string | undefined;
  /** Windows as [startMinute, endMinute) after local midnight; a window may wrap past midnight. */
  readonly skip: readonly (readonly [number, number])[];
}

/** The seed system's filters, in the order they are checked. */
export interface IbsFilters {
  readonly timeOfDay: TimeOfDayFilter;
  readonly volatility: FeatureBoundFilter;
  readonly trend: FeatureBoundFilter;
  readonly pairIbs: FeatureBoundFilter;
  readonly momentum: FeatureBoundFilter;
  readonly tltRegime: FeatureBoundFilter;
}

/** Config names of the filters (also the keys of blocked-signal counts). */
export const FILTER_NAMES = ['time_of_day', 'volatility', 'trend', 'pair_ibs', 'momentum', 'tlt_regime'] as const;
export type FilterName = (typeof FILTER_NAMES)[number];

const BOUND_DEFAULTS: Record<Exclude<FilterName, 'time_of_day'>, { feature: string; bounds: RawParams }> = {
  // Skip extreme volatility: ATR z-score outside [-2, 2.5].
  volatility: { feature: 'atr_z', bounds: { min: -2, max: 2.5 } },
  // Trade with the slow trend: longs need a rising slow MA, shorts a falling one.
  trend: { feature: 'ma_slope_slow', bounds: { long_min: 0, short_max: 0 } },
  // The pair should be weak too for a long (and strong for a short).
  pair_ibs: { feature: 'pair_ibs', bounds: { long_max: 0.5, short_min: 0.5 } },
  // The signal bar itself must have moved against the trade.
  momentum: { feature: 'prev_bar_return', bounds: { long_max: 0, short_min: 0 } },
  // Bond regime: no longs while TLT rallied more than 5% in 20 days (flight to safety).
  tlt_regime: { feature: 'tlt_roc_20', bounds: { long_max: 0.05 } },
};

function parseWindow(text: string, path: string): [number, number] {
  const match = /^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (match === null) throw new ParamReader({}, path).failWith(`a window like "15:00-17:00"`, text);
  const start = Number(match[1]) * 60 + Number(match[2]);
  const end = Number(match[3]) * 60 + Number(match[4]);
  if (start >= 1440 || end > 1440) throw new ParamReader({}, path).failWith('within 00:00-24:00', text);
  return [start, end];
}

function parseBound(raw: RawParams, path: string, name: Exclude<FilterName, 'time_of_day'>): FeatureBoundFilter {
  const defaults = BOUND_DEFAULTS[name];
  const merged = Object.keys(raw).some((k) => /min|max/.test(k)) ? raw : { ...defaults.bounds, ...raw };
  const reader = new ParamReader(merged, path);
  const enabled = reader.boolean('enabled', false);
  const feature = reader.text('feature', defaults.feature);
  const min = reader.optionalNumber('min') ?? Number.NEGATIVE_INFINITY;
  const max = reader.optionalNumber('max') ?? Number.POSITIVE_INFINITY;
  const filter: FeatureBoundFilter = {
    enabled,
    feature,
    longMin: reader.optionalNumber('long_min') ?? min,
    longMax: reader.optionalNumber('long_max') ?? max,
    shortMin: reader.optionalNumber('short_min') ?? min,
    shortMax: reader.optionalNumber('short_max') ?? max,
  };
  reader.rejectUnknown();
  return filter;
}

/** Reads `params.filters`; every filter is off unless `enabled: true`. */
export function parseIbsFilters(raw: RawParams, path: string): IbsFilters {
  const reader = new ParamReader(raw, path);
  const time = reader.nested('time_of_day');
  const skipRaw = time.list('skip');
  const timeOfDay: TimeOfDayFilter = {
    enabled: time.boolean('enabled', false),
    timeZone: time.optionalText('time_zone'),
    skip: skipRaw.map((w, i) => parseWindow(String(w), `${path}.time_of_day.skip[${i}]`)),
  };
  time.rejectUnknown();
  const filters: IbsFilters = {
    timeOfDay,
    volatility: parseBound(reader.record('volatility'), `${path}.volatility`, 'volatility'),
    trend: parseBound(reader.record('trend'), `${path}.trend`, 'trend'),
    pairIbs: parseBound(reader.record('pair_ibs'), `${path}.pair_ibs`, 'pair_ibs'),
    momentum: parseBound(reader.record('momentum'), `${path}.momentum`, 'momentum'),
    tltRegime: parseBound(reader.record('tlt_regime'), `${path}.tlt_regime`, 'tlt_regime'),
  };
  reader.rejectUnknown();
  return filters;
}

export const NO_FILTERS: IbsFilters = parseIbsFilters({}, 'filters');

/** Features the enabled filters read. */
export function featuresNeeded(filters: IbsFilters): string[] {
  return [filters.volatility, filters.trend, filters.pairIbs, filters.momentum, filters.tltRegime]
    .filter((f) => f.enabled)
    .map((f) => f.feature);
}

/** True when the bar closing at `ts` falls in a skip window of the filter (local time). */
export function inSkipWindow(filter: TimeOfDayFilter, ts: number, timeZone: string): boolean {
  const zone = filter.timeZone ?? timeZone;
  const local = ts + timeZoneOffsetMs(ts, zone);
  const minute = Math.floor((((local % 86_400_000) + 86_400_000) % 86_400_000) / MINUTE_MS);
  for (const [start, end] of filter.skip) {
    const inside = start <= end ? minute >= start && minute < end : minute >= start || minute < end;
    if (inside) return true;
  }
  return false;
}

function outside(filter: FeatureBoundFilter, long: boolean, value: number): boolean {
  if (!filter.enabled || Number.isNaN(value)) return false;
  return long ? value < filter.longMin || value > filter.longMax : value < filter.shortMin || value > filter.shortMax;
}

/**
 * The first filter that blocks a signal, or `undefined` when all pass.
 * `feature(name)` reads the snapshot taken for this signal.
 */
export function blockingFilter(
  filters: IbsFilters,
  long: boolean,
  ts: number,
  timeZone: string,
  feature: (name: string) => number,
): FilterName | undefined {
  if (filters.timeOfDay.enabled && inSkipWindow(filters.timeOfDay, ts, timeZone)) return 'time_of_day';
  if (outside(filters.volatility, long, feature(filters.volatility.feature))) return 'volatility';
  if (outside(filters.trend, long, feature(filters.trend.feature))) return 'trend';
  if (outside(filters.pairIbs, long, feature(filters.pairIbs.feature))) return 'pair_ibs';
  if (outside(filters.momentum, long, feature(filters.momentum.feature))) return 'momentum';
  if (outside(filters.tltRegime, long, feature(filters.tltRegime.feature))) return 'tlt_regime';
  return undefined;
}
