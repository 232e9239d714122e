/**
 * The TradersPost webhook body (spec §5): required `ticker` and `action`, the optional fields this
 * adapter sends, and `extras` for our own metadata (TradersPost ignores unknown fields).
 */
export type TradersPostAction = 'buy' | 'sell' | 'exit' | 'cancel' | 'add';
export type TradersPostSentiment = 'bullish' | 'bearish' | 'flat';
export type TradersPostOrderType = 'market' | 'limit' | 'stop' | 'stop_limit';
export type TradersPostTimeInForce = 'day' | 'gtc' | 'opg' | 'cls' | 'ioc' | 'fok';

export interface TradersPostSignal {
  readonly ticker: string;
  readonly action: TradersPostAction;
  readonly sentiment?: TradersPostSentiment;
  readonly quantity?: number;
  readonly orderType?: TradersPostOrderType;
  readonly limitPrice?: number;
  readonly stopPrice?: number;
  readonly timeInForce?: TradersPostTimeInForce;
  /** Market price when the signal fired (TradersPost uses it for slippage). */
  readonly price?: number;
  /** ISO-8601 time the signal was sent. */
  readonly time?: string;
  readonly extras?: Readonly<Record<string, string | number>>;
}

/** What came back for one signal. A 200 means "received", not "filled". */
export type SignalResult =
  | { readonly ok: true; readonly status: number; readonly id?: string; readonly logId?: string; readonly attempts: number }
  | {
      readonly ok: false;
      /** HTTP status, or undefined after network errors only. */
      readonly status: number | undefined;
      readonly messageCode?: string;
      readonly message: string;
      readonly attempts: number;
    };

/** Where a live session sends its signals: TradersPost, or a dry-run log. */
export interface SignalRouter {
  /**
   * Sends one signal. `signalId` is our idempotency key: a router never sends the same id twice
   * (a repeated call returns the first result).
   */
  send(signal: TradersPostSignal, signalId: string): Promise<SignalResult>;
}
