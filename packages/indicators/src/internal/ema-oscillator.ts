import { EMA } from '../ema.ts';
import { ValueIndicator } from '../indicator.ts';
import { requireInteger } from './parameter-checks.ts';

/**
 * Shared machinery of MACD and PPO: a fast and a slow EMA of the input, an oscillator made from
 * them (`oscillator(fast, slow)`), its signal EMA and the histogram (oscillator − signal). Lines
 * are `[<oscillator>, 'signal', 'histo']`. The oscillator is defined after `max(fastPeriod,
 * slowPeriod)` inputs (Backtrader's `MACD` line: 26 for 12/26/9), the signal and the histogram after
 * `max(fastPeriod, slowPeriod) + signalPeriod - 1` (34, `warmUp`).
 */
export abstract class EmaOscillator extends ValueIndicator {
  readonly warmUp: number;
  readonly fastPeriod: number;
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  private readonly fast: EMA;
  private readonly slow: EMA;
  private readonly signal: EMA;
  private readonly oscillatorWarmUp: number;

  protected constructor(fastPeriod: number, slowPeriod: number, signalPeriod: number) {
    super(3);
    requireInteger('fastPeriod', fastPeriod, 1);
    requireInteger('slowPeriod', slowPeriod, 1);
    requireInteger('signalPeriod', signalPeriod, 1);
    this.fastPeriod = fastPeriod;
    this.slowPeriod = slowPeriod;
    this.signalPeriod = signalPeriod;
    this.fast = new EMA(fastPeriod);
    this.slow = new EMA(slowPeriod);
    this.signal = new EMA(signalPeriod);
    this.oscillatorWarmUp = Math.max(fastPeriod, slowPeriod);
    this.warmUp = this.oscillatorWarmUp + signalPeriod - 1;
  }

  /** The oscillator value from the two EMAs. */
  protected abstract oscillator(fast: number, slow: number): number;

  update(value: number): number {
    const fast = this.fast.update(value);
    const slow = this.slow.update(value);
    if (++this.count < this.oscillatorWarmUp) return Number.NaN;
    const line = this.oscillator(fast, slow);
    const signal = this.signal.update(line);
    if (this.count >= this.warmUp) {
      this.outputs[1] = signal;
      this.outputs[2] = line - signal;
    }
    return (this.outputs[0] = line);
  }

  /** The oscillator: `max(fastPeriod, slowPeriod)`; signal and histogram: `warmUp`. */
  override lineWarmUp(index: number): number {
    return index === 0 ? this.oscillatorWarmUp : this.warmUp;
  }

  override reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.signal.reset();
    super.reset();
  }
}
