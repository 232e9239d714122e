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

/**
 * What is known of a signal after sending it (the journal's `signal_status`):
 * - `acknowledged`: TradersPost answered 2xx (it received the signal; a fill is not reported);
 * - `rejected`: TradersPost answered 4xx (other than 429): it refused the signal, nothing happened;
 * - `not_sent`: the request never left (connection refused, DNS, TLS, connect timeout): nothing happened;
 * - `unknown`: the request left but no clear answer came back (5xx, timeout, connection reset after
 *   sending): TradersPost may or may not have acted on it.
 */
export type SignalOutcome = 'acknowledged' | 'rejected' | 'not_sent' | 'unknown';

/** The outcome of one HTTP attempt (`rate_limited`: a 429, not processed; retried after `Retry-After`). */
export interface AttemptOutcome {
  readonly outcome: SignalOutcome | 'rate_limited';
  /** HTTP status when an answer came. */
  readonly status?: number;
  /** Why it failed (never the URL). */
  readonly message?: string;
  readonly messageCode?: string;
  /** TradersPost's signal id / log id on success. */
  readonly id?: string;
  readonly logId?: string;
  /** From a 429's `Retry-After`, capped. */
  readonly retryAfterMs?: number;
}

/** What came back for one signal, after every attempt. A 200 means "received", not "filled". */
export type SignalResult =
  | { readonly ok: true; readonly outcome: 'acknowledged'; readonly status: number; readonly id?: string; readonly logId?: string; readonly attempts: number }
  | {
      readonly ok: false;
      readonly outcome: Exclude<SignalOutcome, 'acknowledged'>;
      /** HTTP status, or undefined after network errors only. */
      readonly status: number | undefined;
      readonly messageCode?: string;
      readonly message: string;
      readonly attempts: number;
    };

/** How a router may send one signal, and where it reports each attempt (the journal, write-ahead). */
export interface SendOptions {
  /**
   * True for signals that cannot double a position when they arrive twice: exits (TradersPost
   * rejects an exit when flat) and cancels. Only these are re-sent after an `unknown` attempt; an
   * entry with an unknown outcome is never sent again automatically.
   */
  readonly safeToResend: boolean;
  /** Called just before attempt `n` leaves (the journal writes it first). */
  readonly onAttemptStart?: (attempt: number) => void;
  /** Called with each attempt's outcome, before the next attempt or the final result. */
  readonly onAttemptEnd?: (attempt: number, outcome: AttemptOutcome) => void;
  /** Attempts already made for this signal before a restart (numbering continues after them). */
  readonly previousAttempts?: number;
}

/** Where a live session sends its signals: TradersPost, or a dry-run log. */
export interface SignalRouter {
  /**
   * Sends one signal. `signalId` is our key: a router never sends the same id twice in one
   * process (a repeated call returns the first result).
   */
  send(signal: TradersPostSignal, signalId: string, options?: SendOptions): Promise<SignalResult>;
}

/** The final result of a signal from the outcome of its last attempt. */
export function resultOf(last: AttemptOutcome, attempts: number): SignalResult {
  if (last.outcome === 'acknowledged') {
    return {
      ok: true,
      outcome: 'acknowledged',
      status: last.status ?? 200,
      attempts,
      ...(last.id !== undefined ? { id: last.id } : {}),
      ...(last.logId !== undefined ? { logId: last.logId } : {}),
    };
  }
  return {
    ok: false,
    // A 429 that was never followed by a processed attempt: nothing happened.
    outcome: last.outcome === 'rate_limited' ? 'not_sent' : last.outcome,
    status: last.status,
    message: last.message ?? last.outcome,
    attempts,
    ...(last.messageCode !== undefined ? { messageCode: last.messageCode } : {}),
  };
}
