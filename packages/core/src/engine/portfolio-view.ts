import type { PortfolioView } from '../ports.ts';
import type { Order } from '../types.ts';
import type { Account } from './account.ts';
import type { TradingSession } from './trading-session.ts';

/**
 * The `PortfolioView` strategies and gates see, read live from an engine's account and session:
 * `ts` is the event time `eventTs()` gives, `sessionPnl` is equity minus the session's starting
 * equity. Shared by the backtest run and the live session.
 */
export function accountPortfolioView(
  account: Account,
  session: TradingSession,
  eventTs: () => number,
  openOrders: () => readonly Order[],
): PortfolioView {
  return {
    get ts() {
      return eventTs();
    },
    get cash() {
      return account.cash;
    },
    get equity() {
      return account.equity();
    },
    get sessionPnl() {
      return account.equity() - session.startEquity;
    },
    get sessionStartTs() {
      return session.startTs;
    },
    positions: () => account.positionList(),
    openOrders,
  };
}
