import type { ContractSpec, Direction, Fill, Position, Trade } from '@rooney/core';

/** An open position of one strategy in one symbol, with what its trade record will need. */
interface PositionState {
  readonly strategy: string;
  readonly symbol: string;
  readonly multiplier: number;
  quantity: number;
  averagePrice: number;
  entryTs: number;
  entryCommission: number;
  entryTag: string;
  entryMeta: Readonly<Record<string, number | string>> | undefined;
  entryBarCount: number;
  mark: number;
}

/**
 * The live session's futures account, with the accounting rules of the backtest engine's account
 * (`@rooney/core` `engine/account.ts`, which core does not export): cash moves by realised PnL and
 * commission, equity is cash plus open PnL at the marks, positions are kept per (strategy, symbol),
 * and fills that reduce or reverse a position close trades (commission shared pro rata).
 */
export class PositionLedger {
  cash: number;
  private readonly positions = new Map<string, PositionState>();
  private readonly open: PositionState[] = [];
  private readonly realised = new Map<string, number>();

  constructor(startingCash: number) {
    this.cash = startingCash;
  }

  quantity(strategy: string, symbol: string): number {
    return this.positions.get(key(strategy, symbol))?.quantity ?? 0;
  }

  mark(symbol: string, price: number): void {
    for (const p of this.open) if (p.symbol === symbol) p.mark = price;
  }

  get hasOpenPositions(): boolean {
    return this.open.length > 0;
  }

  openPnl(): number {
    let total = 0;
    for (const p of this.open) total += p.quantity * (p.mark - p.averagePrice) * p.multiplier;
    return total;
  }

  equity(): number {
    return this.cash + this.openPnl();
  }

  /** Realised net PnL plus open PnL of one strategy. */
  strategyPnl(strategy: string): number {
    let total = this.realised.get(strategy) ?? 0;
    for (const p of this.open) if (p.strategy === strategy) total += p.quantity * (p.mark - p.averagePrice) * p.multiplier;
    return total;
  }

  positionList(strategy?: string): Position[] {
    return this.open.filter((p) => strategy === undefined || p.strategy === strategy).map(toPosition);
  }

  position(strategy: string, symbol: string): Position | undefined {
    const p = this.positions.get(key(strategy, symbol));
    return p === undefined || p.quantity === 0 ? undefined : toPosition(p);
  }

  /** Open positions as (strategy, symbol, quantity), in the order they were opened. */
  openPairs(): { strategy: string; symbol: string; quantity: number }[] {
    return this.open.map((p) => ({ strategy: p.strategy, symbol: p.symbol, quantity: p.quantity }));
  }

  /** Books a fill; returns the trades it closes. */
  applyFill(fill: Fill, spec: ContractSpec, barCount: number, entryMeta: Readonly<Record<string, number | string>> | undefined): Trade[] {
    const k = key(fill.strategy, fill.symbol);
    let p = this.positions.get(k);
    if (p === undefined) {
      p = {
        strategy: fill.strategy,
        symbol: fill.symbol,
        multiplier: spec.multiplier,
        quantity: 0,
        averagePrice: 0,
        entryTs: 0,
        entryCommission: 0,
        entryTag: '',
        entryMeta: undefined,
        entryBarCount: 0,
        mark: fill.price,
      };
      this.positions.set(k, p);
    }
    this.cash -= fill.commission;
    this.addRealised(fill.strategy, -fill.commission);
    p.mark = fill.price;
    const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
    const trades: Trade[] = [];
    let remaining = signed;
    if (p.quantity !== 0 && Math.sign(p.quantity) !== Math.sign(signed)) {
      const closing = Math.min(Math.abs(p.quantity), Math.abs(signed));
      const direction: Direction = p.quantity > 0 ? 'long' : 'short';
      const sign = p.quantity > 0 ? 1 : -1;
      const grossPnl = sign * closing * (fill.price - p.averagePrice) * p.multiplier;
      const entryShare = p.entryCommission * (closing / Math.abs(p.quantity));
      const exitShare = fill.commission * (closing / fill.quantity);
      this.cash += grossPnl;
      this.addRealised(fill.strategy, grossPnl);
      trades.push({
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
        commission: entryShare + exitShare,
        netPnl: grossPnl - entryShare - exitShare,
        entryTag: p.entryTag,
        exitReason: fill.tag,
        ...(p.entryMeta !== undefined ? { meta: p.entryMeta } : {}),
      });
      p.entryCommission -= entryShare;
      p.quantity -= sign * closing;
      remaining = signed + sign * closing;
      if (p.quantity === 0) this.open.splice(this.open.indexOf(p), 1);
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
    return trades;
  }

  private addRealised(strategy: string, amount: number): void {
    this.realised.set(strategy, (this.realised.get(strategy) ?? 0) + amount);
  }
}

function key(strategy: string, symbol: string): string {
  return `${strategy}\u0000${symbol}`;
}

function toPosition(p: PositionState): Position {
  return {
    symbol: p.symbol,
    quantity: p.quantity,
    averagePrice: p.averagePrice,
    entryTs: p.entryTs,
    lastPrice: p.mark,
    openPnl: p.quantity * (p.mark - p.averagePrice) * p.multiplier,
  };
}
