/**
 * Checks a live OHLCV bar before anything downstream sees it: the checks that hold for every bar
 * (time on the bar grid, prices defined, OHLC consistent, volume a count), and the ones that need
 * the instrument (prices positive, on the tick grid) or its history (a price band around the last
 * close).
 */

/** Why a bar failed: the stable code, the field at fault and a one-line message. */
export type BarProblemCode = 'bad_timestamp' | 'bad_price' | 'bad_ohlc' | 'bad_volume' | 'off_tick' | 'price_band';

export interface BarProblem {
  readonly code: BarProblemCode;
  /** `ts_event`, `open`, `high`, `low`, `close` or `volume`. */
  readonly field: string;
  readonly message: string;
}

/** What the validator knows of one subscribed symbol (`ES.c.0`). */
export interface BarInstrumentRules {
  /** Minimum price increment (a contract spec's `tickSize`): every price must be a whole number of ticks. */
  readonly tickSize?: number;
  /** Prices must be > 0. Default true; false for a contract that can trade at or below zero. */
  readonly positivePrices?: boolean;
  /** A close known before the first live bar (e.g. the warm-up history's last): the band's first reference. */
  readonly referenceClose?: number;
}

export interface BarValidationOptions {
  /** Rules per subscribed symbol (`ES.c.0`); symbols not listed get only the rules that need no instrument. */
  readonly instruments?: Readonly<Record<string, BarInstrumentRules>>;
  /**
   * Largest distance, in percent, of any price of a bar (open, high, low, close) from the reference
   * close: the last close of the same instrument, or before its first bar, the symbol's last close
   * (the previous contract after a roll, or `referenceClose`). Default 10; `Infinity` turns the band
   * off.
   */
  readonly maxMovePct?: number;
  /** Largest volume of one bar. Default 4,294,967,295 (u32 max): no contract trades that much in a day. */
  readonly maxVolume?: number;
}

/** The fields of a bar the validator reads. */
export interface BarUnderCheck {
  /** The subscribed symbol (`ES.c.0`), or the instrument id as text when unmapped. */
  readonly symbol: string;
  readonly instrumentId: number;
  readonly barMs: number;
  /** Bar start (DBN `ts_event`), ns. */
  readonly tsEventNs: bigint;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** Default of {@link BarValidationOptions.maxMovePct}. */
export const DEFAULT_MAX_MOVE_PCT = 10;
const DEFAULT_MAX_VOLUME = 4_294_967_295;
const NS_PER_MS = 1_000_000n;
const MINUTE_NS = 60_000n * NS_PER_MS;
const PRICE_SCALE = 1e9;
const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

/**
 * Validates live bars one at a time, in this order:
 * 1. `ts_event` lies on the bar grid (a multiple of the bar length since the epoch);
 * 2. every price is defined and finite (DBN `UNDEF_PRICE` decodes to NaN) and, unless the symbol's
 *    rules say otherwise, > 0;
 * 3. low ≤ high, and open and close lie in [low, high];
 * 4. volume is a whole number in [0, `maxVolume`];
 * 5. with a tick size, every price is a whole number of ticks (exactly, on the 1e-9 fixed-point
 *    value DBN carries);
 * 6. every price is within `maxMovePct` of the reference close (see {@link BarValidationOptions}).
 *
 * The band's references move only through {@link accept} (a bar that was delivered) and
 * {@link reject} (a bar given up on after repeated failures): a rejected bar that broke only the
 * band becomes a second reference for its instrument, so a real jump (a limit move, a gap after a
 * weekend) costs one bar, not every bar after it, while a lone bad print costs only itself.
 * State is O(instruments); `check` allocates nothing for a good bar.
 */
export class BarValidator {
  private readonly rules: ReadonlyMap<string, BarInstrumentRules>;
  private readonly maxMovePct: number;
  private readonly maxVolume: number;
  private readonly instrumentClose = new Map<number, number>();
  private readonly symbolClose = new Map<string, number>();
  private readonly jumpClose = new Map<number, number>();

  constructor(options: BarValidationOptions = {}) {
    const maxMovePct = options.maxMovePct ?? DEFAULT_MAX_MOVE_PCT;
    if (!(maxMovePct > 0)) throw new RangeError(`"maxMovePct" must be > 0, was ${maxMovePct}`);
    const maxVolume = options.maxVolume ?? DEFAULT_MAX_VOLUME;
    if (!(maxVolume > 0)) throw new RangeError(`"maxVolume" must be > 0, was ${maxVolume}`);
    this.maxMovePct = maxMovePct;
    this.maxVolume = maxVolume;
    this.rules = new Map(Object.entries(options.instruments ?? {}));
    for (const [symbol, rules] of this.rules) {
      if (rules.tickSize !== undefined && !(rules.tickSize > 0 && Number.isFinite(rules.tickSize))) {
        throw new RangeError(`"tickSize" of ${symbol} must be a finite number > 0, was ${rules.tickSize}`);
      }
      if (rules.referenceClose !== undefined && Number.isFinite(rules.referenceClose)) this.symbolClose.set(symbol, rules.referenceClose);
    }
  }

  /** The first problem of `bar`, or undefined when it passes every check. */
  check(bar: BarUnderCheck): BarProblem | undefined {
    const barNs = bar.barMs === 60_000 ? MINUTE_NS : BigInt(bar.barMs) * NS_PER_MS;
    if (barNs > 0n && bar.tsEventNs % barNs !== 0n) {
      return { code: 'bad_timestamp', field: 'ts_event', message: `ts_event ${bar.tsEventNs} is not on the ${bar.barMs / 1000} s bar grid` };
    }
    const rules = this.rules.get(bar.symbol);
    const positive = rules?.positivePrices !== false;
    for (const field of PRICE_FIELDS) {
      const price = bar[field];
      if (!Number.isFinite(price)) return { code: 'bad_price', field, message: `${field} is ${Number.isNaN(price) ? 'undefined (UNDEF_PRICE)' : String(price)}` };
      if (positive && !(price > 0)) return { code: 'bad_price', field, message: `${field} ${price} is not > 0` };
    }
    const { open, high, low, close } = bar;
    if (high < low) return { code: 'bad_ohlc', field: 'high', message: `high ${high} is below low ${low}` };
    if (open < low || open > high) return { code: 'bad_ohlc', field: 'open', message: `open ${open} is outside [low ${low}, high ${high}]` };
    if (close < low || close > high) return { code: 'bad_ohlc', field: 'close', message: `close ${close} is outside [low ${low}, high ${high}]` };
    const volume = bar.volume;
    if (!(Number.isInteger(volume) && volume >= 0 && volume <= this.maxVolume)) {
      return { code: 'bad_volume', field: 'volume', message: `volume ${volume} is not a whole number in [0, ${this.maxVolume}]` };
    }
    const tickSize = rules?.tickSize;
    if (tickSize !== undefined) {
      for (const field of PRICE_FIELDS) {
        if (!onTickGrid(bar[field], tickSize)) return { code: 'off_tick', field, message: `${field} ${bar[field]} is not a multiple of the tick size ${tickSize}` };
      }
    }
    return this.checkBand(bar);
  }

  /** `bar` was delivered: its close is the instrument's (and symbol's) reference from now on. */
  accept(bar: BarUnderCheck): void {
    this.instrumentClose.set(bar.instrumentId, bar.close);
    this.symbolClose.set(bar.symbol, bar.close);
    this.jumpClose.delete(bar.instrumentId);
  }

  /** `bar` was given up on for `problem`: when only the band failed, its close becomes the second reference. */
  reject(bar: BarUnderCheck, problem: { readonly code: string }): void {
    if (problem.code === 'price_band') this.jumpClose.set(bar.instrumentId, bar.close);
  }

  private checkBand(bar: BarUnderCheck): BarProblem | undefined {
    if (this.maxMovePct === Number.POSITIVE_INFINITY) return undefined;
    const reference = this.instrumentClose.get(bar.instrumentId) ?? this.symbolClose.get(bar.symbol);
    if (reference === undefined || !(reference > 0)) return undefined;
    const far = this.farthest(bar, reference);
    if (far === undefined) return undefined;
    const jump = this.jumpClose.get(bar.instrumentId);
    if (jump !== undefined && jump > 0 && this.farthest(bar, jump) === undefined) return undefined;
    const price = bar[far];
    const pct = (Math.abs(price - reference) / reference) * 100;
    return { code: 'price_band', field: far, message: `${far} ${price} is ${pct.toPrecision(3)}% from the reference close ${reference} (max ${this.maxMovePct}%)` };
  }

  /** The first price of `bar` more than `maxMovePct` from `reference`, if any. */
  private farthest(bar: BarUnderCheck, reference: number): (typeof PRICE_FIELDS)[number] | undefined {
    const limit = (this.maxMovePct / 100) * reference;
    for (const field of PRICE_FIELDS) if (Math.abs(bar[field] - reference) > limit) return field;
    return undefined;
  }
}

/**
 * Whether `price` is a whole number of `tickSize`s. Prices come from 1e-9 fixed point, so when the
 * tick is a whole number of 1e-9 units (every exchange tick is) the test is exact integer
 * arithmetic on those units; otherwise it allows 1e-6 of a tick of rounding.
 */
export function onTickGrid(price: number, tickSize: number): boolean {
  const tickUnits = tickSize * PRICE_SCALE;
  const roundedTick = Math.round(tickUnits);
  const units = Math.round(price * PRICE_SCALE);
  if (roundedTick >= 1 && Math.abs(tickUnits - roundedTick) < 1e-6 && Number.isSafeInteger(units)) return units % roundedTick === 0;
  const ticks = price / tickSize;
  return Math.abs(ticks - Math.round(ticks)) <= 1e-6;
}
