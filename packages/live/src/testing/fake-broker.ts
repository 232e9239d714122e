/** A signal the fake broker acted on. */
export interface ExecutedSignal {
  readonly ticker: string;
  readonly action: string;
  readonly quantity: number;
  /** The broker's position in the ticker after the signal. */
  readonly positionAfter: number;
  /** Our order id (`extras.order_id`), when present. */
  readonly orderId: number | undefined;
  readonly strategy: string | undefined;
}

/**
 * The position-keeping side of a TradersPost subscription, for tests (spec §5 actions): `buy` /
 * `sell` exit an opposite position and enter with `quantity`, and are refused on the same side
 * (no "allow add"); `exit` closes (all, or `quantity`) and is refused when flat; `add` adds to a
 * position and is refused without one; `cancel` cancels working orders (nothing to do here).
 * Every order is assumed to execute at once — enough to see doubled or missing orders, which is
 * what fault-injection tests compare.
 */
export class FakeBroker {
  readonly executed: ExecutedSignal[] = [];
  private readonly positions = new Map<string, number>();

  position(ticker: string): number {
    return this.positions.get(ticker) ?? 0;
  }

  /** Every non-zero position by ticker. */
  allPositions(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [ticker, quantity] of [...this.positions].sort(([a], [b]) => a.localeCompare(b))) if (quantity !== 0) out[ticker] = quantity;
    return out;
  }

  /** Acts on one signal body; returns TradersPost's refusal (`messageCode`, `message`) or undefined when executed. */
  execute(body: Readonly<Record<string, unknown>>): { messageCode: string; message: string } | undefined {
    const ticker = typeof body.ticker === 'string' ? body.ticker : '';
    const action = typeof body.action === 'string' ? body.action : '';
    if (ticker === '') return { messageCode: 'invalid-payload', message: 'ticker is required.' };
    const quantity = typeof body.quantity === 'number' ? body.quantity : 1;
    const before = this.position(ticker);
    let after: number;
    switch (action) {
      case 'buy':
        if (before > 0) return { messageCode: 'same-side', message: 'Position already open on the same side.' };
        after = quantity;
        break;
      case 'sell':
        if (before < 0) return { messageCode: 'same-side', message: 'Position already open on the same side.' };
        after = -quantity;
        break;
      case 'exit': {
        if (before === 0) return { messageCode: 'no-position', message: 'No open position to exit.' };
        const closing = typeof body.quantity === 'number' ? Math.min(body.quantity, Math.abs(before)) : Math.abs(before);
        after = before - Math.sign(before) * closing;
        break;
      }
      case 'add':
        if (before === 0) return { messageCode: 'no-position', message: 'No open position to add to.' };
        after = before + Math.sign(before) * quantity;
        break;
      case 'cancel':
        after = before;
        break;
      default:
        return { messageCode: 'invalid-action', message: 'Invalid action.' };
    }
    this.positions.set(ticker, after);
    const extras = (body.extras ?? {}) as Record<string, unknown>;
    this.executed.push({
      ticker,
      action,
      quantity: action === 'exit' ? Math.abs(before - after) : quantity,
      positionAfter: after,
      orderId: typeof extras.order_id === 'number' ? extras.order_id : undefined,
      strategy: typeof extras.strategy === 'string' ? extras.strategy : undefined,
    });
    return undefined;
  }
}
