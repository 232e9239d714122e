import type { ContractSpec } from '../contracts.ts';
import type { Direction, Fill, Position, Trade } from '../types.ts';

/** An open position of one strategy in one symbol, with what its trade record will need. */
interface PositionState {
  readonly strategy: string;
  readonly symbol: string;
  /** Index of the symbol's cell in `Account.marks`. */
  readonly symbolIndex: number;
  readonly multiplier: number;
  quantity: number;
  averagePrice: number;
  entryTs: number;
  /** Commission paid on the entry fills of the quantity still open. */
  entryCommission: number;
  entryTag: string;
  entryMeta: Readonly<Record<string, number | string>> | undefined;
  /** Completed primary-timeframe bars at the entry fill (for `barsHeld`). */
  entryBarCount: number;
}

/**
 * Futures account: cash moves by realised PnL and commission only (no notional), equity is cash
 * plus open PnL marked at the last price. Positions are kept per (strategy, symbol) so each
 * strategy's trades stay its own; fills that reduce or reverse a position close trades.
 *
 * The backtest engine and the live session both book fills here. The symbols are fixed at
 * construction; the engine keeps `marks[i]` at the last price of `symbols[i]`.
 */
export class Account {
  cash: number;
  /** Last price of every symbol, by symbol index: marking a symbol is one write. */
  readonly marks: Float64Array;
  private readonly symbolIndex: ReadonlyMap<string, number>;
  /** Positions by strategy, then symbol (two map lookups, no key strings built per call). */
  private readonly positions = new Map<string, Map<string, PositionState>>();
  private readonly open: PositionState[] = [];
  /** Realised PnL net of commission, per strategy. */
  private readonly realised = new Map<string, number>();

  constructor(startingCash: number, symbols: readonly string[]) {
    this.cash = startingCash;
    this.marks = new Float64Array(symbols.length).fill(Number.NaN);
    this.symbolIndex = new Map(symbols.map((symbol, i) => [symbol, i]));
  }

  /** Signed quantity of `strategy` in `symbol`. */
  quantity(strategy: string, symbol: string): number {
    return this.positions.get(strategy)?.get(symbol)?.quantity ?? 0;
  }

  /** Net signed quantity of all strategies in `symbol`. */
  netQuantity(symbol: string): number {
    let total = 0;
    for (const p of this.open) if (p.symbol === symbol) total += p.quantity;
    return total;
  }

  get hasOpenPositions(): boolean {
    return this.open.length > 0;
  }

  /** Sum of open PnL over all positions at their marks. */
  openPnl(): number {
    let total = 0;
    for (let i = 0; i < this.open.length; i++) {
      const p = this.open[i];
      total += p.quantity * (this.marks[p.symbolIndex] - p.averagePrice) * p.multiplier;
    }
    return total;
  }

  equity(): number {
    return this.cash + this.openPnl();
  }

  /** Net PnL of one strategy so far: realised PnL minus commission plus open PnL at the marks. */
  strategyPnl(strategy: string): number {
    let total = this.realised.get(strategy) ?? 0;
    for (let i = 0; i < this.open.length; i++) {
      const p = this.open[i];
      if (p.strategy === strategy) total += p.quantity * (this.marks[p.symbolIndex] - p.averagePrice) * p.multiplier;
    }
    return total;
  }

  /** Open positions of one strategy, or of every strategy (one entry per strategy and symbol) when `strategy` is omitted. */
  positionList(strategy?: string): Position[] {
    const out: Position[] = [];
    for (const p of this.open) {
      if (strategy !== undefined && p.strategy !== strategy) continue;
      out.push(toPosition(p, this.marks[p.symbolIndex]));
    }
    return out;
  }

  position(strategy: string, symbol: string): Position | undefined {
    const p = this.positions.get(strategy)?.get(symbol);
    return p === undefined || p.quantity === 0 ? undefined : toPosition(p, this.marks[p.symbolIndex]);
  }

  /**
   * Books a fill: pays commission, realises PnL on the part that closes, opens what remains.
   * Returns the trade this fill closed, if it closed (part of) a position.
   */
  applyFill(
    fill: Fill,
    spec: ContractSpec,
    barCount: number,
    entryMeta: Readonly<Record<string, number | string>> | undefined,
  ): Trade | undefined {
    let byStrategy = this.positions.get(fill.strategy);
    if (byStrategy === undefined) this.positions.set(fill.strategy, (byStrategy = new Map()));
    let p = byStrategy.get(fill.symbol);
    if (p === undefined) {
      const symbolIndex = this.symbolIndex.get(fill.symbol);
      if (symbolIndex === undefined) throw new RangeError(`account has no symbol ${fill.symbol}`);
      p = {
        strategy: fill.strategy,
        symbol: fill.symbol,
        symbolIndex,
        multiplier: spec.multiplier,
        quantity: 0,
        averagePrice: 0,
        entryTs: 0,
        entryCommission: 0,
        entryTag: '',
        entryMeta: undefined,
        entryBarCount: 0,
      };
      byStrategy.set(fill.symbol, p);
    }
    this.cash -= fill.commission;
    this.realised.set(fill.strategy, (this.realised.get(fill.strategy) ?? 0) - fill.commission);
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    let trade: Trade | undefined;
    let remaining = signed;
    if (p.quantity !== 0 && Math.sign(p.quantity) !== Math.sign(signed)) {
      const closing = Math.min(Math.abs(p.quantity), Math.abs(signed));
      const direction: Direction = p.quantity > 0 ? 'long' : 'short';
      const sign = p.quantity > 0 ? 1 : -1;
      const grossPnl = sign * closing * (fill.price - p.averagePrice) * p.multiplier;
      const entryShare = p.entryCommission * (closing / Math.abs(p.quantity));
      const exitShare = fill.commission * (closing / fill.quantity);
      const commission = entryShare + exitShare;
      this.cash += grossPnl;
      this.realised.set(fill.strategy, (this.realised.get(fill.strategy) ?? 0) + grossPnl);
      trade = {
        symbol: p.symbol,
        strategy: p.strategy,
        direction,
        quantity: closing,
        entryTs: p.entryTs,
        entryPrice: p.averagePrice,
        exitTs: fill.ts,
        exitPrice: fill.price,
        barsHeld: Math.max(1, barCount - p.entryBarCount),
        grossPnl,
        commission,
        netPnl: grossPnl - commission,
        entryTag: p.entryTag,
        exitReason: fill.tag,
        meta: p.entryMeta,
      };
      p.entryCommission -= entryShare;
      p.quantity -= sign * closing;
      remaining = signed + sign * closing;
      if (p.quantity === 0) this.removeOpen(p);
    }
    if (remaining !== 0) {
      const commissionShare = fill.commission * (Math.abs(remaining) / fill.quantity);
      if (p.quantity === 0) {
        p.averagePrice = fill.price;
        p.entryTs = fill.ts;
        p.entryCommission = commissionShare;
        p.entryTag = fill.tag;
        p.entryMeta = entryMeta;
        p.entryBarCount = barCount;
        this.open.push(p);
      } else {
        const total = p.quantity + remaining;
        p.averagePrice = (p.averagePrice * p.quantity + fill.price * remaining) / total;
        p.entryCommission += commissionShare;
      }
      p.quantity += remaining;
    }
    return trade;
  }

  /** Values recorded when `strategy`'s open position in `symbol` was entered (ML score, ...). */
  entryMeta(strategy: string, symbol: string): Readonly<Record<string, number | string>> | undefined {
    const p = this.positions.get(strategy)?.get(symbol);
    return p === undefined || p.quantity === 0 ? undefined : p.entryMeta;
  }

  /** Open positions as (strategy, symbol) pairs, in the order they were opened. */
  openPairs(): { strategy: string; symbol: string; quantity: number }[] {
    return this.open.map((p) => ({ strategy: p.strategy, symbol: p.symbol, quantity: p.quantity }));
  }

  private removeOpen(p: PositionState): void {
    const index = this.open.indexOf(p);
    if (index >= 0) this.open.splice(index, 1);
  }
}

function toPosition(p: PositionState, mark: number): Position {
  return {
    symbol: p.symbol,
    quantity: p.quantity,
    averagePrice: p.averagePrice,
    entryTs: p.entryTs,
    lastPrice: mark,
    openPnl: p.quantity * (mark - p.averagePrice) * p.multiplier,
  };
}
