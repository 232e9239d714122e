import { ValueIndicator } from './indicator.ts';
import { requireInteger } from './internal/parameter-checks.ts';
import { RingBuffer } from './ring-buffer.ts';
import { SMA } from './sma.ts';

/** Parameters of `KnowSureThing`; every one an integer >= 1. Defaults are Pring's daily set. */
export interface KnowSureThingOptions {
  /** Rate-of-change look-backs, shortest first (10, 15, 20, 30). */
  readonly rocPeriod1?: number;
  readonly rocPeriod2?: number;
  readonly rocPeriod3?: number;
  readonly rocPeriod4?: number;
  /** SMA periods smoothing each rate of change (10 each). */
  readonly averagePeriod1?: number;
  readonly averagePeriod2?: number;
  readonly averagePeriod3?: number;
  readonly averagePeriod4?: number;
  /** SMA period of the signal line (9). */
  readonly signalPeriod?: number;
}

/**
 * Know sure thing (Martin Pring, 1992): a weighted sum of four smoothed rates of change.
 *
 * Formula (Backtrader's `KST`):
 * - `rcma_i = SMA(100 * (x_t - x_{t-rocPeriod_i}) / x_{t-rocPeriod_i}, averagePeriod_i)`
 * - `kst = 1 * rcma_1 + 2 * rcma_2 + 3 * rcma_3 + 4 * rcma_4`
 * - `signal = SMA(kst, signalPeriod)`
 * Lines: `kst`, defined after `max_i(rocPeriod_i + averagePeriod_i)` inputs (40 with the defaults),
 * and `signal`, after `signalPeriod - 1` more (48, `warmUp`).
 */
export class KnowSureThing extends ValueIndicator {
  readonly lines: readonly string[] = ['kst', 'signal'];
  readonly warmUp: number;
  readonly rocPeriods: readonly number[];
  readonly averagePeriods: readonly number[];
  readonly signalPeriod: number;
  private readonly history: RingBuffer;
  private readonly averages: SMA[];
  private readonly signal: SMA;
  private readonly sumWarmUp: number;

  constructor(options: KnowSureThingOptions = {}) {
    super(2);
    const rocPeriods = [
      options.rocPeriod1 ?? 10,
      options.rocPeriod2 ?? 15,
      options.rocPeriod3 ?? 20,
      options.rocPeriod4 ?? 30,
    ];
    const averagePeriods = [
      options.averagePeriod1 ?? 10,
      options.averagePeriod2 ?? 10,
      options.averagePeriod3 ?? 10,
      options.averagePeriod4 ?? 10,
    ];
    const signalPeriod = options.signalPeriod ?? 9;
    rocPeriods.forEach((period, i) => requireInteger(`rocPeriod${i + 1}`, period, 1));
    averagePeriods.forEach((period, i) => requireInteger(`averagePeriod${i + 1}`, period, 1));
    requireInteger('signalPeriod', signalPeriod, 1);
    this.rocPeriods = rocPeriods;
    this.averagePeriods = averagePeriods;
    this.signalPeriod = signalPeriod;
    this.history = new RingBuffer(Math.max(...rocPeriods) + 1);
    this.averages = averagePeriods.map((period) => new SMA(period));
    this.signal = new SMA(signalPeriod);
    this.sumWarmUp = Math.max(...rocPeriods.map((period, i) => period + averagePeriods[i]));
    this.warmUp = this.sumWarmUp + signalPeriod - 1;
  }

  update(value: number): number {
    const history = this.history;
    history.push(value);
    const count = ++this.count;
    let kst = 0;
    for (let i = 0; i < 4; i++) {
      const rocPeriod = this.rocPeriods[i];
      if (count <= rocPeriod) continue;
      const reference = history.get(rocPeriod);
      kst += (i + 1) * this.averages[i].update((100 * (value - reference)) / reference);
    }
    if (count < this.sumWarmUp) return Number.NaN;
    const signal = this.signal.update(kst);
    if (count >= this.warmUp) this.outputs[1] = signal;
    return (this.outputs[0] = kst);
  }

  /** `kst`: `max_i(rocPeriod_i + averagePeriod_i)`; `signal`: `warmUp`. */
  override lineWarmUp(index: number): number {
    return index === 0 ? this.sumWarmUp : this.warmUp;
  }

  override reset(): void {
    this.history.clear();
    for (const average of this.averages) average.reset();
    this.signal.reset();
    super.reset();
  }
}
