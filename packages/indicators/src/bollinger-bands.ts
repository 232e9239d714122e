import { ValueIndicator } from './indicator.ts';
import { StdDev } from './std-dev.ts';
import { requireInteger, requireNumber } from './internal/parameter-checks.ts';

/**
 * Bollinger Bands (John Bollinger; Backtrader's `BBands`, plus its `BBandsPct` %b and the usual
 * bandwidth).
 *
 * Lines:
 * - `mid = SMA(x, period)`
 * - `top = mid + devfactor * stddev`, `bot = mid - devfactor * stddev`, with the POPULATION
 *   standard deviation over the same window (Backtrader, TA-Lib and Bollinger's own definition;
 *   pandas' default `rolling().std()` is the sample one and gives wider bands)
 * - `pctb = (x - bot) / (top - bot)` (0 at the lower band, 1 at the upper; 0.5 when the bands
 *   collapse because the window is constant or `devfactor` is 0)
 * - `bandwidth = (top - bot) / mid`
 * Warm-up: `period` inputs.
 */
export class BollingerBands extends ValueIndicator {
  readonly lines: readonly string[] = ['mid', 'top', 'bot', 'pctb', 'bandwidth'];
  readonly warmUp: number;
  readonly period: number;
  readonly devfactor: number;
  private readonly deviation: StdDev;

  /**
   * @param period window length (integer >= 1; default 20)
   * @param devfactor band distance from the middle, in standard deviations (>= 0; default 2)
   */
  constructor(period = 20, devfactor = 2) {
    super(5);
    requireInteger('period', period, 1);
    requireNumber('devfactor', devfactor, 0);
    this.period = period;
    this.devfactor = devfactor;
    this.warmUp = period;
    this.deviation = new StdDev(period);
  }

  /** Upper band. */
  get top(): number {
    return this.outputs[1];
  }

  /** Lower band. */
  get bottom(): number {
    return this.outputs[2];
  }

  update(value: number): number {
    this.count++;
    const sd = this.deviation.update(value);
    if (this.count < this.period) return Number.NaN;
    const outputs = this.outputs;
    const mid = this.deviation.mean;
    const width = this.devfactor * sd;
    const top = mid + width;
    const bot = mid - width;
    outputs[1] = top;
    outputs[2] = bot;
    outputs[3] = width > 0 ? (value - bot) / (top - bot) : 0.5;
    outputs[4] = (top - bot) / mid;
    return (outputs[0] = mid);
  }

  override reset(): void {
    this.deviation.reset();
    super.reset();
  }
}
