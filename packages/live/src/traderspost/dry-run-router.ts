import type { Logger } from '@rooney/databento';
import type { SendOptions, SignalResult, SignalRouter, TradersPostSignal } from './traderspost-signal.ts';

/** One signal a {@link DryRunRouter} received. */
export interface DryRunSignal {
  readonly signalId: string;
  readonly signal: TradersPostSignal;
}

/**
 * A router that posts nothing: it logs each signal (event `dry_run_signal`, the exact JSON body
 * that would be sent), keeps it in `signals`, and acknowledges it at once, so a dry run tracks
 * positions exactly as a live run with every signal accepted would. Like the real client, it
 * never takes the same signal id twice.
 */
export class DryRunRouter implements SignalRouter {
  readonly signals: DryRunSignal[] = [];
  private readonly logger: Logger | undefined;
  private readonly seen = new Map<string, SignalResult>();

  constructor(logger?: Logger) {
    this.logger = logger;
  }

  send(signal: TradersPostSignal, signalId: string, options?: SendOptions): Promise<SignalResult> {
    const previous = this.seen.get(signalId);
    if (previous !== undefined) return Promise.resolve(previous);
    const attempt = (options?.previousAttempts ?? 0) + 1;
    options?.onAttemptStart?.(attempt);
    options?.onAttemptEnd?.(attempt, { outcome: 'acknowledged', status: 200 });
    const body = { ...signal, extras: { ...signal.extras, signal_id: signalId } };
    this.signals.push({ signalId, signal: body });
    this.logger?.log('info', 'dry_run_signal', { signalId, body });
    const result: SignalResult = { ok: true, outcome: 'acknowledged', status: 200, attempts: 0 };
    this.seen.set(signalId, result);
    return Promise.resolve(result);
  }
}
