import { RooneyError } from '@rooney/core';
import type { LiveClock, Logger, Secret } from '@rooney/databento';
import { SILENT_LOGGER } from '@rooney/databento';
import type { AttemptOutcome, SendOptions, SignalResult, SignalRouter, TradersPostSignal } from './traderspost-signal.ts';
import { resultOf } from './traderspost-signal.ts';
import { postWebhookOnce } from './webhook-attempt.ts';

export interface TradersPostClientOptions {
  /** `https://webhooks.traderspost.io/trading/webhook/{uuid}/{password}`: a secret (the password is in the path). */
  readonly webhookUrl: Secret;
  readonly clock: LiveClock;
  readonly logger?: Logger;
  /** Attempts per signal where a retry is safe (see the class notes). Default 3. */
  readonly maxAttempts?: number;
  /** Delay before the second attempt, doubled after each; a 429's `Retry-After` wins. Default 1,000 ms. */
  readonly retryDelayMs?: number;
  /** Whole-attempt timeout. Default 10,000 ms. */
  readonly timeoutMs?: number;
  /** Connect (TCP + TLS) timeout. Default 5,000 ms. */
  readonly connectTimeoutMs?: number;
  /** Signal ids remembered so one process never sends an id twice. Default 10,000. */
  readonly rememberSignals?: number;
  /** One attempt (default: a real POST, {@link postWebhookOnce}); tests may inject faults here. */
  readonly attempt?: (body: string) => Promise<AttemptOutcome>;
}

/**
 * Posts signals to a TradersPost webhook (spec §5): `POST` with a JSON body, no header auth.
 *
 * TradersPost documents no idempotency key, so an id inside the body guards nothing: whether a
 * signal may be sent again depends only on whether the last attempt could have reached it
 * ({@link postWebhookOnce} classifies each attempt):
 *
 * | last attempt | entry (`buy`/`sell`/`add`) | exit / cancel |
 * |---|---|---|
 * | `not_sent` (refused, DNS, TLS, connect timeout) | retried (backoff) | retried |
 * | `rate_limited` (429) | retried after `Retry-After` | retried after `Retry-After` |
 * | `unknown` (5xx, timeout or reset after sending) | **never re-sent**: final `unknown` | retried (TradersPost rejects an exit when flat) |
 * | `rejected` (4xx) | final | final |
 * | `acknowledged` (2xx) | final | final |
 *
 * Every attempt is reported through `onAttemptStart` (before it leaves) and `onAttemptEnd`, so the
 * journal knows, after a crash at any point, which attempts may have arrived. The URL never appears
 * in a log line or an error message.
 */
export class TradersPostClient implements SignalRouter {
  private readonly options: TradersPostClientOptions;
  private readonly logger: Logger;
  private readonly sent = new Map<string, Promise<SignalResult>>();
  private readonly attemptOnce: (body: string) => Promise<AttemptOutcome>;

  constructor(options: TradersPostClientOptions) {
    const url = options.webhookUrl.reveal();
    if (!/^https?:\/\/[^/]+\/./i.test(url)) {
      throw new RooneyError('invalid_webhook_url', `${options.webhookUrl.name}: not an http(s) webhook URL`, { field: options.webhookUrl.name });
    }
    this.options = options;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.attemptOnce =
      options.attempt ??
      ((body) =>
        postWebhookOnce({
          url: options.webhookUrl.reveal(),
          body,
          clock: options.clock,
          timeoutMs: options.timeoutMs ?? 10_000,
          connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
        }));
  }

  send(signal: TradersPostSignal, signalId: string, options: SendOptions = { safeToResend: false }): Promise<SignalResult> {
    const previous = this.sent.get(signalId);
    if (previous !== undefined) {
      this.logger.log('warn', 'traderspost_duplicate_suppressed', { signalId });
      return previous;
    }
    const body = JSON.stringify({ ...signal, extras: { ...signal.extras, signal_id: signalId } });
    const result = this.post(body, signalId, options);
    this.sent.set(signalId, result);
    const limit = this.options.rememberSignals ?? 10_000;
    if (this.sent.size > limit) this.sent.delete(this.sent.keys().next().value as string);
    return result;
  }

  private async post(body: string, signalId: string, options: SendOptions): Promise<SignalResult> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    const first = (options.previousAttempts ?? 0) + 1;
    let delay = this.options.retryDelayMs ?? 1000;
    let last: AttemptOutcome = { outcome: 'not_sent', message: 'not sent' };
    let attempt = first;
    for (; ; attempt++) {
      options.onAttemptStart?.(attempt);
      last = await this.attemptOnce(body);
      options.onAttemptEnd?.(attempt, last);
      const retry = last.outcome === 'not_sent' || last.outcome === 'rate_limited' || (last.outcome === 'unknown' && options.safeToResend);
      if (!retry || attempt - first + 1 >= maxAttempts) break;
      const wait = last.retryAfterMs ?? delay;
      this.logger.log('warn', 'traderspost_retry', { signalId, attempt, outcome: last.outcome, status: last.status ?? null, message: last.message ?? '', waitMs: wait });
      await this.sleep(wait);
      delay *= 2;
    }
    const result = resultOf(last, attempt);
    const level = result.outcome === 'acknowledged' ? 'info' : result.outcome === 'unknown' ? 'error' : 'warn';
    this.logger.log(level, `traderspost_${result.outcome}`, {
      signalId,
      status: result.status ?? null,
      attempts: result.attempts,
      ...(result.ok ? { id: result.id ?? null } : { messageCode: result.messageCode ?? null, message: result.message }),
    });
    return result;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimer(resolve, ms));
  }
}
