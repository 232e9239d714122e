import { RooneyError } from '@rooney/core';
import type { BarEvent, Subscription } from '@rooney/core';
import type { AlphaContext, AlphaModel, AlphaSignals } from './alpha-model.ts';
import type { SignalRules } from './signal-rules.ts';

/** The virtual position an alpha keeps per symbol. */
interface VirtualPosition {
  readonly rules: SignalRules;
  direction: number;
  barsHeld: number;
  /** Protective stop level fixed at the signal (NaN: none). */
  stopLevel: number;
}

/**
 * Turns `SignalRules` into an alpha: a virtual position per symbol that follows the rules exactly
 * as the matching strategy would if every order filled, with the target equal to the virtual
 * direction (confidence 1). The virtual position changes at the signal bar's close; `barsHeld`
 * counts the next bar as bar 1, as the strategies do.
 *
 * A protective stop (`stopDistance`) is checked on the timeframe's bars: once a later bar's low
 * (long) or high (short) reaches the level set at the signal close, the target returns to 0 at that
 * bar's close (a strategy's resting stop order would have filled intrabar at the level instead).
 */
export class RulesAlpha implements AlphaModel {
  readonly name: string;
  readonly symbols: readonly string[];
  readonly timeframe: string;
  private readonly positions = new Map<string, VirtualPosition>();

  /**
   * @param timeframe engine timeframe code (`1m`, `1h`, `1d`)
   * @param makeRules fresh rules for one symbol
   */
  constructor(name: string, symbols: readonly string[], timeframe: string, makeRules: (symbol: string) => SignalRules) {
    if (symbols.length === 0) throw new RooneyError('invalid_parameter', `alpha "${name}" needs at least one symbol`);
    this.name = name;
    this.symbols = symbols;
    this.timeframe = timeframe;
    for (const symbol of symbols) {
      this.positions.set(symbol, { rules: makeRules(symbol), direction: 0, barsHeld: 0, stopLevel: Number.NaN });
    }
  }

  subscriptions(): readonly Subscription[] {
    return this.symbols.map((symbol) => ({ symbol, timeframe: this.timeframe, role: 'trade' as const }));
  }

  /** The virtual direction of `symbol` (1, -1 or 0). */
  direction(symbol: string): number {
    return this.positions.get(symbol)?.direction ?? 0;
  }

  onBar(_context: AlphaContext, event: BarEvent, signals: AlphaSignals): void {
    if (event.timeframe !== this.timeframe) return;
    const position = this.positions.get(event.symbol);
    if (position === undefined) return;
    const view = event.view;
    const rules = position.rules;
    rules.update(view);
    if (position.direction !== 0) {
      position.barsHeld++;
      const stopped = position.direction > 0 ? view.low() <= position.stopLevel : view.high() >= position.stopLevel;
      if (stopped || rules.exit(position.direction, position.barsHeld) !== undefined) position.direction = 0;
    } else {
      const direction = rules.entry();
      if (direction !== 0) {
        position.direction = direction;
        position.barsHeld = 0;
        const distance = rules.stopDistance?.() ?? Number.NaN;
        position.stopLevel = distance > 0 ? view.close() - direction * distance : Number.NaN;
      }
    }
    signals.set(event.symbol, position.direction, 1);
  }
}
