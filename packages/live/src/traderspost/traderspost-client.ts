import { RooneyError } from '@rooney/core';
import type { LiveClock, TimerHandle } from '@rooney/databento';
import type { Logger } from '@rooney/databento';
import { SILENT_LOGGER } from '@rooney/databento';
import type { Secret } from '@rooney/databento';
import type { SignalResult, SignalRouter, TradersPostSignal } from './traderspost-signal.ts';

export interface TradersPostClientOptions {
  /** `https://webhooks.traderspost.io/trading/webhook/{uuid}/{password}`: a secret (the password is in the path). */
  readonly webhookUrl: Secret;
  readonly clock: LiveClock;
  readonly logger?: Logger;
  /** Attempts per signal on network errors, 5xx and 429 (4xx are never retried). Default 3. */
  readonly maxAttempts?: number;
  /** Delay before the second attempt, doubled after each; a 429's `Retry-After` wins. Default 1,000 ms. */
  readonly retryDelayMs?: number;
  /** Per-request timeout. Default 10,000 ms. */
  readonly timeoutMs?: number;
  /** Signal ids remembered for the idempotency guard. Default 10,000. */
  readonly rememberSignals?: number;
  /** The fetch implementation (default the global one). */
  readonly fetch?: typeof fetch;
}

/**
 * Posts signals to a TradersPost webhook (spec §5): `POST` with a JSON body, no header auth.
 *
 * Retry and idempotency (the spec leaves TradersPost's own rules undocumented): each signal is sent
 * once; 4xx answers are final (the signal was refused); network errors, timeouts, 5xx and 429 are
 * retried up to `maxAttempts` times with doubling delays. Our guard is the signal id: the client
 * never sends an id twice (a second `send` with an id returns the first result), and the id rides
 * along in `extras.signal_id` so duplicates can be found in TradersPost's log. A retry after a
 * timeout may still duplicate a signal that did reach TradersPost; this cannot be excluded without
 * server-side idempotency keys, which TradersPost does not document.
 *
 * The URL never appears in a log line or an error message.
 */
export class TradersPostClient implements SignalRouter {
  private readonly options: TradersPostClientOptions;
  private readonly logger: Logger;
  private readonly fetch: typeof fetch;
  private readonly sent = new Map<string, Promise<SignalResult>>();

  constructor(options: TradersPostClientOptions) {
    const url = options.webhookUrl.reveal();
    if (!/^https?:\/\/[^/]+\/./i.test(url)) {
      throw new RooneyError('invalid_webhook_url', `${options.webhookUrl.name}: not an http(s) webhook URL`, { field: options.webhookUrl.name });
    }
    this.options = options;
    this.logger = options.logger ?? SILENT_LOGGER;
    this.fetch = options.fetch ?? fetch;
  }

  send(signal: TradersPostSignal, signalId: string): Promise<SignalResult> {
    const previous = this.sent.get(signalId);
    if (previous !== undefined) {
      this.logger.log('warn', 'traderspost_duplicate_suppressed', { signalId });
      return previous;
    }
    const body = JSON.stringify({ ...signal, extras: { ...signal.extras, signal_id: signalId } });
    const result = this.post(body, signalId);
    this.sent.set(signalId, result);
    const limit = this.options.rememberSignals ?? 10_000;
    if (this.sent.size > limit) this.sent.delete(this.sent.keys().next().value as string);
    return result;
  }

  private async post(body: string, signalId: string): Promise<SignalResult> {
    const maxAttempts = this.options.maxAttempts ?? 3;
    let delay = this.options.retryDelayMs ?? 1000;
    let last: SignalResult = { ok: false, status: undefined, message: 'not sent', attempts: 0 };
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const outcome = await this.attempt(body, attempt);
      last = outcome.result;
      if (!outcome.retryable || attempt === maxAttempts) break;
      const wait = outcome.retryAfterMs ?? delay;
      this.logger.log('warn', 'traderspost_retry', { signalId, attempt, status: last.status ?? null, message: last.ok ? '' : last.message, waitMs: wait });
      await this.sleep(wait);
      delay *= 2;
    }
    this.logger.log(last.ok ? 'info' : 'error', last.ok ? 'traderspost_acknowledged' : 'traderspost_failed', {
      signalId,
      status: last.status ?? null,
      attempts: last.attempts,
      ...(last.ok ? { id: last.id ?? null } : { messageCode: last.messageCode ?? null, message: last.message }),
    });
    return last;
  }

  private async attempt(body: string, attempt: number): Promise<{ result: SignalResult; retryable: boolean; retryAfterMs?: number }> {
    const controller = new AbortController();
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const timer: TimerHandle = this.options.clock.setTimer(() => controller.abort(), timeoutMs);
    try {
      const response = await this.fetch(this.options.webhookUrl.reveal(), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body,
        signal: controller.signal,
      });
      const text = await response.text();
      let json: Record<string, unknown> | undefined;
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed !== null && typeof parsed === 'object') json = parsed as Record<string, unknown>;
      } catch {
        json = undefined;
      }
      const status = response.status;
      if (status >= 200 && status < 300 && json?.success !== false) {
        return {
          result: {
            ok: true,
            status,
            attempts: attempt,
            ...(typeof json?.id === 'string' ? { id: json.id } : {}),
            ...(typeof json?.logId === 'string' ? { logId: json.logId } : {}),
          },
          retryable: false,
        };
      }
      const message = typeof json?.message === 'string' ? json.message : `HTTP ${status} ${response.statusText}`.trim();
      const retryable = status >= 500 || status === 429;
      const retryAfter = Number(response.headers.get('retry-after'));
      return {
        result: {
          ok: false,
          status,
          attempts: attempt,
          message,
          ...(typeof json?.messageCode === 'string' ? { messageCode: json.messageCode } : {}),
        },
        retryable,
        ...(status === 429 && Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterMs: Math.min(60_000, retryAfter * 1000) } : {}),
      };
    } catch (error) {
      const message = controller.signal.aborted ? `timeout after ${timeoutMs} ms` : `network error: ${networkReason(error)}`;
      return { result: { ok: false, status: undefined, attempts: attempt, message }, retryable: true };
    } finally {
      this.options.clock.clearTimer(timer);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.options.clock.setTimer(resolve, ms));
  }
}

/** The error code of a failed fetch (ECONNREFUSED, …), never its URL. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  if (cause !== undefined && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown';
}
