import { DAY_MS, DEFAULT_CONTRACTS, DEFAULT_SESSION, MINUTE_MS, Rng, RooneyError, sessionCloseTs } from '@rooney/core';
import { BarSeries } from '../bar-series.ts';
import { SYNTHETIC_CALIBRATION, SYNTHETIC_CORRELATION, SYNTHETIC_CORRELATION_SYMBOLS } from './calibration.ts';
import { choleskyLower } from './cholesky.ts';
import { GLOBEX_OPEN_MINUTE, GLOBEX_SESSION_MINUTES, globexSchedule, parseIsoDate } from './globex-calendar.ts';
import { intradayProfile } from './intraday-profile.ts';
import { cappedMixingMoments } from './student-mixing.ts';
import { BUILTIN_REFERENCE_SYMBOLS, BUILTIN_SYMBOLS } from './symbols.ts';

/** Options of `generateSyntheticDataset`; every field has a default. */
export interface SyntheticDatasetOptions {
  /** Symbols to generate, from `BUILTIN_SYMBOLS` and `BUILTIN_REFERENCE_SYMBOLS`; default all of them. */
  readonly symbols?: readonly string[];
  /** First calendar day (`YYYY-MM-DD`) whose session is generated; default `'2023-01-02'`. */
  readonly start?: string;
  /** Calendar days covered, from `start`; default 365. */
  readonly days?: number;
  /** Seed of the random streams (an integer); default 1. */
  readonly seed?: number;
  /**
   * Bar size of the futures in minutes, a divisor of 60; default 1. Bars are aggregated from the
   * same 1-minute path, so they agree with consolidating the 1-minute bars. TLT stays daily.
   */
  readonly barMinutes?: number;
}

/** MA(1) coefficient of the latent 1-minute returns: lag-1 autocorrelation about -0.05. */
const MEAN_REVERSION = -0.05;
/** Share of "news" minutes, common to all instruments, with `BURST_SCALE` times the volatility. */
const BURST_PROBABILITY = 0.02;
const BURST_SCALE = 3;
/** Scale of the other minutes, so the minute variance stays 1 on average. */
const CALM_SCALE = Math.sqrt((1 - BURST_PROBABILITY * BURST_SCALE * BURST_SCALE) / (1 - BURST_PROBABILITY));
/**
 * Largest GARCH persistence (alpha + beta) used: a variance half-life of at most 13.5 sessions, so
 * a year of bars keeps close to the calibrated volatility instead of wandering for months (the
 * calibration window's 0.96-0.995 includes the 2020 crash).
 */
const MAX_PERSISTENCE = 0.95;
/**
 * Share of the fourth-moment bound that alpha may use: with Student-t shocks of kurtosis `K`,
 * GARCH returns have a finite fourth moment when `persistence^2 + (K - 1) alpha^2 < 1`.
 */
const FOURTH_MOMENT_MARGIN = 0.25;
/**
 * Cap of the Student-t variance mixing factor (mean 1 before the cap): a day is at most twice as
 * volatile as its GARCH variance says, so one draw from the far tail of the inverse chi-square
 * cannot start months of capped variance.
 */
const MIXING_CAP = 4;
/** Safety bounds of the GARCH variance, relative to the calibrated variance. */
const VARIANCE_FLOOR = 0.1;
const VARIANCE_CAP = 9;
/** Session minutes of the US cash session 08:30–15:00 CT (the reference ETF's trading hours). */
const CASH_OPEN_MINUTE = 8 * 60 + 30 - GLOBEX_OPEN_MINUTE + 1440;
const CASH_CLOSE_MINUTE = 15 * 60 - GLOBEX_OPEN_MINUTE + 1440;
const UINT32_TO_OPEN_UNIT = 1 / 4294967296;

/**
 * Rooney's built-in dataset: deterministic, seeded, synthetic bars for the seed system's futures
 * (`BUILTIN_SYMBOLS`, 1-minute bars on CME Globex hours) and TLT (`BUILTIN_REFERENCE_SYMBOLS`, daily
 * bars stamped at `sessionCloseTs(date, DEFAULT_SESSION)`, 17:00 Chicago, two hours after its
 * 15:00 CT cash close). Label it `SYNTHETIC_DATASET_LABEL`
 * wherever it is shown.
 *
 * Model, per instrument (numbers from `SYNTHETIC_CALIBRATION`, measured on real dailies):
 * - sessions: every weekday, 17:00 CT on the previous day to 16:00 CT (America/Chicago with
 *   daylight saving), so no bars in the daily maintenance break or at weekends; holidays are
 *   not modelled. Bars are stamped at their close (epoch ms UTC);
 * - daily variance: GARCH(1,1) on the session's log return around the calibrated long-run
 *   variance, with the calibrated alpha and beta made stable (`stableGarch`: persistence at most
 *   0.95, a finite fourth moment), times a Student-t mixing factor `(df - 2) / chi2(df)` capped
 *   at 4 and rescaled to unit mean, drawn from normals shared by all instruments, so daily
 *   returns are fat-tailed and stress days coincide;
 * - within the session: a U-shaped intraday profile (`intradayProfile`) shares out the variance
 *   and the volume; 2% of minutes, common to all instruments, are 3x as volatile;
 * - correlation: each minute's innovations are the Cholesky factor of `SYNTHETIC_CORRELATION`
 *   times independent normals, so daily returns inherit the calibrated correlation;
 * - mild intraday mean reversion: minute returns are MA(1) with coefficient -0.05 (scaled so the
 *   daily variance is unchanged), plus the bid-ask-like bounce of rounding to the tick;
 * - OHLC: open = previous close (the reopen after a break gaps by half its first minute), high and
 *   low drawn from the Brownian bridge between open and close, all rounded to the contract's tick
 *   (`DEFAULT_CONTRACTS`); volume is a positive integer following the profile, the day's
 *   volatility, the size of the move and a uniform jitter around the calibrated median volume;
 * - TLT follows the same minute process and is sampled over 08:30–15:00 CT into daily bars.
 *
 * Randomness comes from `new Rng(seed)` forks: one stream for the correlated innovations of all
 * instruments, one for the common draws, one per instrument for its bar shapes and volumes. All
 * instruments' innovations are drawn whatever `symbols` asks for, so a symbol's bars do not depend
 * on which other symbols are generated with it, and the same options give byte-identical output.
 *
 * @returns one `BarSeries` per requested symbol, in the order requested.
 */
export function generateSyntheticDataset(options: SyntheticDatasetOptions = {}): Map<string, BarSeries> {
  const symbols = options.symbols ?? [...BUILTIN_SYMBOLS, ...BUILTIN_REFERENCE_SYMBOLS];
  const start = options.start ?? '2023-01-02';
  const days = options.days ?? 365;
  const seed = options.seed ?? 1;
  const barMinutes = options.barMinutes ?? 1;
  if (!Number.isInteger(days) || days < 1 || days > 36_600) {
    throw new RooneyError('invalid_parameter', `"days" must be an integer in [1, 36600], was ${days}`, { field: 'days' });
  }
  if (!Number.isSafeInteger(seed)) {
    throw new RooneyError('invalid_parameter', `"seed" must be an integer, was ${seed}`, { field: 'seed' });
  }
  if (!Number.isInteger(barMinutes) || barMinutes < 1 || 60 % barMinutes !== 0) {
    throw new RooneyError('invalid_parameter', `"barMinutes" must be a divisor of 60, was ${barMinutes}`, { field: 'barMinutes' });
  }
  const universe = SYNTHETIC_CORRELATION_SYMBOLS;
  const requested: string[] = [];
  for (const symbol of symbols) {
    if (!universe.includes(symbol)) {
      throw new RooneyError(
        'invalid_parameter',
        `"symbols" must name built-in instruments (${universe.join(' ')}), was "${symbol}"`,
        { field: 'symbols' },
      );
    }
    if (!requested.includes(symbol)) requested.push(symbol);
  }
  const schedule = globexSchedule(parseIsoDate(start, 'start'), days);
  const series = simulate(requested, schedule.tradingDates, schedule.openTs, seed, barMinutes);
  return new Map(requested.map((symbol) => [symbol, series.get(symbol)!]));
}

/** Output columns of one instrument, filled in place. */
interface Columns {
  ts: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

function allocate(length: number): Columns {
  return {
    ts: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
}

/** `1 / tick` when it is an integer (true of every built-in contract), so `ticks / perUnit` is exact. */
function ticksPerUnit(symbol: string): number {
  const tick = DEFAULT_CONTRACTS[symbol].tickSize;
  const perUnit = Math.round(1 / tick);
  if (Math.abs(perUnit * tick - 1) > 1e-12) {
    throw new RooneyError('internal', `tick size of ${symbol} (${tick}) is not 1 / integer`);
  }
  return perUnit;
}

/**
 * The GARCH(1,1) coefficients the generator uses: the calibrated persistence capped at
 * `MAX_PERSISTENCE`, alpha capped at `FOURTH_MOMENT_MARGIN` of the fourth-moment bound for
 * shocks with `kurtosis` (`persistence^2 + (kurtosis - 1) alpha^2 < 1`), beta the rest.
 */
export function stableGarch(alpha: number, beta: number, kurtosis: number): { alpha: number; beta: number } {
  const persistence = Math.min(alpha + beta, MAX_PERSISTENCE);
  const bound = Math.sqrt((FOURTH_MOMENT_MARGIN * (1 - persistence * persistence)) / (kurtosis - 1));
  const stableAlpha = Math.min(alpha, bound);
  return { alpha: stableAlpha, beta: persistence - stableAlpha };
}

function simulate(
  requested: readonly string[],
  tradingDates: Int32Array,
  openTs: Float64Array,
  seed: number,
  barMinutes: number,
): Map<string, BarSeries> {
  const universe = SYNTHETIC_CORRELATION_SYMBOLS;
  const size = universe.length;
  const lower = choleskyLower(SYNTHETIC_CORRELATION);
  const profile = intradayProfile();
  const sessions = tradingDates.length;
  const barsPerSession = GLOBEX_SESSION_MINUTES / barMinutes;
  const barMs = barMinutes * MINUTE_MS;

  // Active instruments in universe order, with their state in parallel typed arrays (slot j).
  const active = universe.map((symbol, index) => ({ symbol, index })).filter(({ symbol }) => requested.includes(symbol));
  const count = active.length;
  const universeIndex = Int32Array.from(active, ({ index }) => index);
  const daily = Uint8Array.from(active, ({ symbol }) => (BUILTIN_REFERENCE_SYMBOLS.includes(symbol) ? 1 : 0));
  const perUnit = Float64Array.from(active, ({ symbol }) => ticksPerUnit(symbol));
  const calibration = active.map(({ symbol }) => SYNTHETIC_CALIBRATION[symbol]);
  const targetVariance = Float64Array.from(calibration, (c) => c.dailyVolatility * c.dailyVolatility);
  const degrees = Int32Array.from(calibration, (c) => c.tailDegrees);
  const alpha = new Float64Array(count);
  const beta = new Float64Array(count);
  const mixingMean = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const moments = cappedMixingMoments(degrees[j], MIXING_CAP);
    const shockKurtosis = (3 * moments.meanSquare) / (moments.mean * moments.mean);
    const garch = stableGarch(calibration[j].garchAlpha, calibration[j].garchBeta, shockKurtosis);
    alpha[j] = garch.alpha;
    beta[j] = garch.beta;
    mixingMean[j] = moments.mean;
  }
  const medianVolume = Float64Array.from(calibration, (c) => c.medianDailyVolume);
  // Latent (unrounded) price, moved by exp(change) per minute through a 4th-order Taylor factor
  // (relative error below 1e-10 for minute moves under 2%).
  const latentPrice = Float64Array.from(calibration, (c) => c.price);
  const closeTicks = Float64Array.from(calibration, (c, j) => Math.round(c.price * perUnit[j]));
  const variance = Float64Array.from(targetVariance);
  const sessionStartPrice = new Float64Array(count);
  const sigma = new Float64Array(count);
  const volumeLevel = new Float64Array(count);
  const previousShock = new Float64Array(count);
  const barOpen = new Float64Array(count);
  const barHigh = new Float64Array(count);
  const barLow = new Float64Array(count);
  const barVolume = new Float64Array(count);

  const root = new Rng(seed);
  const innovationRng = root.fork(0);
  const commonRng = root.fork(1);
  const instrumentRng = active.map(({ index }) => root.fork(2 + index));
  const columns = active.map((_, j) => allocate(daily[j] === 1 ? sessions : sessions * barsPerSession));
  const normals = new Float64Array(size);
  // Drawn for the whole universe, so the common stream does not depend on the symbols requested.
  let maxDegrees = 2;
  for (const symbol of universe) maxDegrees = Math.max(maxDegrees, SYNTHETIC_CALIBRATION[symbol].tailDegrees);
  const chiSquare = new Float64Array(maxDegrees + 1);
  const smoothing = 1 / (1 + MEAN_REVERSION);

  for (let d = 0; d < sessions; d++) {
    // Daily state: one chi-square path shared by all instruments (each reads its own degrees).
    let sum = 0;
    for (let m = 1; m <= maxDegrees; m++) {
      const g = commonRng.normal();
      sum += g * g;
      chiSquare[m] = sum;
    }
    for (let j = 0; j < count; j++) {
      if (d > 0) {
        const change = Math.log(latentPrice[j] / sessionStartPrice[j]);
        const omega = targetVariance[j] * (1 - alpha[j] - beta[j]);
        const next = omega + alpha[j] * change * change + beta[j] * variance[j];
        variance[j] = Math.min(VARIANCE_CAP * targetVariance[j], Math.max(VARIANCE_FLOOR * targetVariance[j], next));
      }
      sessionStartPrice[j] = latentPrice[j];
      const mixing = Math.min((degrees[j] - 2) / chiSquare[degrees[j]], MIXING_CAP) / mixingMean[j];
      const mixedVariance = variance[j] * mixing;
      sigma[j] = Math.sqrt(mixedVariance);
      volumeLevel[j] = medianVolume[j] * Math.sqrt(mixedVariance / targetVariance[j]);
    }
    const sessionOpen = openTs[d];
    const dailyTs = sessionCloseTs(tradingDates[d], DEFAULT_SESSION);

    for (let k = 0; k < GLOBEX_SESSION_MINUTES; k++) {
      for (let c = 0; c < size; c++) normals[c] = innovationRng.normal();
      const burst = commonRng.next() < BURST_PROBABILITY ? BURST_SCALE : CALM_SCALE;
      const minuteVolatility = profile.volatility[k];
      const minuteWeight = profile.weight[k];
      const barStart = k % barMinutes === 0;
      const barEnd = (k + 1) % barMinutes === 0;
      const sessionStart = k === 0;

      for (let j = 0; j < count; j++) {
        const i = universeIndex[j];
        let correlated = 0;
        const row = i * size;
        for (let c = 0; c <= i; c++) correlated += lower[row + c] * normals[c];
        const shock = correlated * burst;
        const scale = sigma[j] * minuteVolatility * smoothing;
        const change = scale * (shock + MEAN_REVERSION * previousShock[j]);
        previousShock[j] = shock;
        const isDaily = daily[j] === 1;
        if (isDaily && (k < CASH_OPEN_MINUTE || k >= CASH_CLOSE_MINUTE)) {
          latentPrice[j] *= 1 + change * (1 + change * (0.5 + change * (1 / 6 + change / 24)));
          continue;
        }
        const rng = instrumentRng[j];
        const units = perUnit[j];
        // Latent open, the part of the move inside the bar and its bridge variance.
        let openPrice = latentPrice[j];
        let openTicks = closeTicks[j];
        let inside = change;
        let bridgeVariance = scale * scale * burst * burst;
        if ((sessionStart && !isDaily) || (isDaily && k === CASH_OPEN_MINUTE)) {
          const gap = sessionStart && !isDaily ? 0.5 * change : 0;
          openPrice = latentPrice[j] * (1 + gap * (1 + gap * (0.5 + gap * (1 / 6 + gap / 24))));
          openTicks = Math.max(1, Math.round(openPrice * units));
          inside = change - gap;
          if (gap !== 0) bridgeVariance *= 0.5;
        }
        const closePrice = latentPrice[j] * (1 + change * (1 + change * (0.5 + change * (1 / 6 + change / 24))));
        latentPrice[j] = closePrice;
        const newCloseTicks = Math.max(1, Math.round(closePrice * units));
        closeTicks[j] = newCloseTicks;
        // Brownian-bridge extremes: P(max > m) = exp(-2 m (m - x) / v) for m >= max(0, x).
        // Solving exp(-2 m (m - x) / v) = U for a uniform U gives an exact draw of the maximum.
        const logUniformUp = Math.log((rng.nextUint32() + 0.5) * UINT32_TO_OPEN_UNIT);
        const logUniformDown = Math.log((rng.nextUint32() + 0.5) * UINT32_TO_OPEN_UNIT);
        const up = 0.5 * (inside + Math.sqrt(inside * inside - 2 * bridgeVariance * logUniformUp));
        const down = 0.5 * (inside - Math.sqrt(inside * inside - 2 * bridgeVariance * logUniformDown));
        const latentHigh = Math.round(openPrice * (1 + up + 0.5 * up * up) * units);
        const latentLow = Math.round(openPrice * (1 + down + 0.5 * down * down) * units);
        const highTicks = Math.max(openTicks, newCloseTicks, latentHigh);
        const lowTicks = Math.max(1, Math.min(openTicks, newCloseTicks, latentLow));
        const out = columns[j];

        if (isDaily) {
          if (k === CASH_OPEN_MINUTE) {
            barOpen[j] = openTicks;
            barHigh[j] = highTicks;
            barLow[j] = lowTicks;
          } else {
            if (highTicks > barHigh[j]) barHigh[j] = highTicks;
            if (lowTicks < barLow[j]) barLow[j] = lowTicks;
          }
          if (k === CASH_CLOSE_MINUTE - 1) {
            const jitter = 0.7 + 0.6 * (rng.nextUint32() + 0.5) * UINT32_TO_OPEN_UNIT;
            out.ts[d] = dailyTs;
            out.open[d] = barOpen[j] / units;
            out.high[d] = barHigh[j] / units;
            out.low[d] = barLow[j] / units;
            out.close[d] = newCloseTicks / units;
            out.volume[d] = Math.max(1, Math.round(volumeLevel[j] * jitter));
          }
          continue;
        }

        const jitter = 0.7 + 0.6 * (rng.nextUint32() + 0.5) * UINT32_TO_OPEN_UNIT;
        const activity = 0.5 + 0.627 * Math.abs(shock);
        const volume = Math.max(1, Math.round(volumeLevel[j] * minuteWeight * activity * jitter));
        if (barStart) {
          barOpen[j] = openTicks;
          barHigh[j] = highTicks;
          barLow[j] = lowTicks;
          barVolume[j] = volume;
        } else {
          if (highTicks > barHigh[j]) barHigh[j] = highTicks;
          if (lowTicks < barLow[j]) barLow[j] = lowTicks;
          barVolume[j] += volume;
        }
        if (barEnd) {
          const bar = d * barsPerSession + (k + 1) / barMinutes - 1;
          out.ts[bar] = sessionOpen + (k + 1) * MINUTE_MS;
          out.open[bar] = barOpen[j] / units;
          out.high[bar] = barHigh[j] / units;
          out.low[bar] = barLow[j] / units;
          out.close[bar] = newCloseTicks / units;
          out.volume[bar] = barVolume[j];
        }
      }
    }
  }

  const result = new Map<string, BarSeries>();
  active.forEach(({ symbol }, j) => {
    result.set(symbol, new BarSeries(symbol, daily[j] === 1 ? DAY_MS : barMs, columns[j]));
  });
  return result;
}
