import { ValueIndicator } from '../indicator.ts';
import { RingBuffer } from '../ring-buffer.ts';
import { requireInteger } from './parameter-checks.ts';

/**
 * The change of the input against its value `period` bars back — shared by Momentum (difference)
 * and RateOfChange (ratio); subclasses say how the two are combined. Warm-up: `period + 1` inputs.
 */
export abstract class LookbackChange extends ValueIndicator {
  readonly warmUp: number;
  readonly period: number;
  private readonly history: RingBuffer;

  /** @param period look-back in bars (integer >= 1; Backtrader's default is 12). */
  protected constructor(period: number) {
    super();
    requireInteger('period', period, 1);
    this.period = period;
    this.warmUp = period + 1;
    this.history = new RingBuffer(period + 1);
  }

  /** The output from the newest value and the one `period` bars back. */
  protected abstract change(value: number, reference: number): number;

  update(value: number): number {
    this.history.push(value);
    if (++this.count < this.warmUp) return Number.NaN;
    return (this.outputs[0] = this.change(value, this.history.oldest()));
  }

  override reset(): void {
    this.history.clear();
    super.reset();
  }
}
