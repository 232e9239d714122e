import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LiveClock, TimerHandle } from '@rooney/databento';
import type { AttemptOutcome } from './traderspost-signal.ts';

/** Error codes that prove the request never reached a server (nothing can have been executed). */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * One POST of a JSON body, classified by how far it got (spec §5 gives no idempotency key, so
 * "did TradersPost get it?" decides whether a retry may double an order):
 *
 * | what happened | outcome |
 * |---|---|
 * | connect refused / DNS / unreachable / TLS failure / connect timeout (the body never left) | `not_sent` |
 * | an error before the whole body was handed to the socket | `not_sent` |
 * | 2xx (and not `success: false`) | `acknowledged` |
 * | 429 | `rate_limited` (`Retry-After` honoured) |
 * | other 4xx | `rejected` |
 * | 5xx | `unknown` (the receiver may have acted before failing) |
 * | timeout, reset or close after the body left, before a status line | `unknown` |
 *
 * "Left" means the request's `finish` event: every byte was handed to the operating system. A
 * fresh connection is used per attempt (no keep-alive), so a stale pooled socket can never blur
 * the line. The URL (it holds the webhook password) never appears in a message.
 */
export function postWebhookOnce(options: {
  readonly url: string;
  readonly body: string;
  readonly clock: LiveClock;
  /** Connect (socket + TLS) timeout. */
  readonly connectTimeoutMs: number;
  /** Whole attempt timeout, from the start. */
  readonly timeoutMs: number;
  /** Longest `Retry-After` honoured. */
  readonly maxRetryAfterMs?: number;
}): Promise<AttemptOutcome> {
  const url = new URL(options.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    let connected = false;
    let bodyLeft = false;
    let request: ClientRequest | undefined;
    const timers: TimerHandle[] = [];
    const finish = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) options.clock.clearTimer(timer);
      request?.destroy();
      resolve(outcome);
    };
    const failed = (reason: string): void => {
      finish(bodyLeft ? { outcome: 'unknown', message: reason } : { outcome: 'not_sent', message: reason });
    };
    try {
      request = send(
        {
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port === '' ? undefined : Number(url.port),
          path: `${url.pathname}${url.search}`,
          method: 'POST',
          agent: false,
          headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(options.body), connection: 'close' },
        },
        (response: IncomingMessage) => readResponse(response, options.maxRetryAfterMs ?? 60_000, finish),
      );
    } catch (error) {
      finish({ outcome: 'not_sent', message: `request error: ${(error as NodeJS.ErrnoException).code ?? (error as Error).name}` });
      return;
    }
    timers.push(
      options.clock.setTimer(() => {
        if (!connected) finish({ outcome: 'not_sent', message: `connect timeout after ${options.connectTimeoutMs} ms` });
      }, options.connectTimeoutMs),
      options.clock.setTimer(() => failed(`timeout after ${options.timeoutMs} ms`), options.timeoutMs),
    );
    request.on('socket', (socket) => {
      const onConnect = (): void => {
        connected = true;
      };
      if (url.protocol === 'https:') socket.once('secureConnect', onConnect);
      else socket.once('connect', onConnect);
    });
    request.on('finish', () => {
      bodyLeft = true;
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? error.name;
      if (NOT_SENT_CODES.has(code) || !connected) finish({ outcome: 'not_sent', message: `network error: ${code}` });
      else failed(`network error: ${code}`);
    });
    request.end(options.body);
  });
}

function readResponse(response: IncomingMessage, maxRetryAfterMs: number, finish: (outcome: AttemptOutcome) => void): void {
  const status = response.statusCode ?? 0;
  const chunks: Buffer[] = [];
  const classify = (text: string | undefined): void => {
    let json: Record<string, unknown> | undefined;
    if (text !== undefined) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed !== null && typeof parsed === 'object') json = parsed as Record<string, unknown>;
      } catch {
        json = undefined;
      }
    }
    const message = typeof json?.message === 'string' ? json.message : `HTTP ${status} ${response.statusMessage ?? ''}`.trim();
    const messageCode = typeof json?.messageCode === 'string' ? { messageCode: json.messageCode } : {};
    if (status >= 200 && status < 300) {
      if (json?.success === false) {
        finish({ outcome: 'rejected', status, message, ...messageCode });
        return;
      }
      finish({
        outcome: 'acknowledged',
        status,
        ...(typeof json?.id === 'string' ? { id: json.id } : {}),
        ...(typeof json?.logId === 'string' ? { logId: json.logId } : {}),
      });
      return;
    }
    if (status === 429) {
      const seconds = Number(response.headers['retry-after']);
      finish({
        outcome: 'rate_limited',
        status,
        message,
        ...messageCode,
        ...(Number.isFinite(seconds) && seconds >= 0 ? { retryAfterMs: Math.min(maxRetryAfterMs, seconds * 1000) } : {}),
      });
      return;
    }
    if (status >= 400 && status < 500) {
      finish({ outcome: 'rejected', status, message, ...messageCode });
      return;
    }
    // 5xx, 1xx/3xx oddities: the receiver got the body; whether it acted is unknown.
    finish({ outcome: 'unknown', status, message, ...messageCode });
  };
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => classify(Buffer.concat(chunks).toString('utf8')));
  // The status line arrived: a body cut short does not change what the status says.
  response.on('error', () => classify(undefined));
  response.on('aborted', () => classify(undefined));
}
