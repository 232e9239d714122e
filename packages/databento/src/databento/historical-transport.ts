import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { RooneyError } from '@rooney/core';
import type { LiveClock, TimerHandle } from '../live-clock.ts';
import type { Secret } from '../secret.ts';
import { redactSecrets } from '../secret.ts';
import { DatabentoHistoricalError, historicalErrorFromAnswer } from './historical-error.ts';

/** One call of the historical API. */
export interface HistoricalCall {
  readonly httpMethod: 'GET' | 'POST';
  /** `<family>.<method>`, e.g. `timeseries.get_range` (the path is `/v0/<name>`). */
  readonly name: string;
  readonly query?: URLSearchParams;
  /** Sent as `application/x-www-form-urlencoded`. */
  readonly form?: URLSearchParams;
  /** `Accept` header: `application/json`, or `application/octet-stream` for DBN bodies. */
  readonly accept: string;
}

/** What came back from a successful call (its body went to the chunk sink). */
export interface HistoricalAnswer {
  readonly status: number;
  /** `X-Warning` texts (deprecations and the like). */
  readonly warnings: readonly string[];
  readonly requestId: string | undefined;
  /** Body bytes received (as sent, before any decompression). */
  readonly bytes: number;
}

export interface HistoricalTransportOptions {
  readonly baseUrl: URL;
  readonly apiKey: Secret;
  readonly clock: LiveClock;
  /** No byte (connection, headers or body) for this long aborts the call. */
  readonly timeoutMs: number;
  readonly userAgent: string;
}

/** Most of an error body kept for its message. */
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * The base URL of the historical API, checked: `https:` anywhere, plain `http:` only on a loopback
 * host (test fakes), since Basic authentication sends the key itself.
 */
export function historicalBaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new RooneyError('invalid_parameter', `"baseUrl" must be an http(s) URL, was ${text}`);
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new RooneyError('invalid_parameter', `"baseUrl" must be https (plain http only on a loopback host: the API key travels in the Authorization header), was ${text}`);
  }
  return url;
}

/** `Basic base64("<key>:")`: the key as user name, an empty password (spec §3.1). */
export function basicAuthorization(apiKey: Secret): string {
  return `Basic ${Buffer.from(`${apiKey.reveal()}:`, 'utf8').toString('base64')}`;
}

/**
 * Sends one call and streams a 2xx body to `onChunk`; resolves at the body's end. Fails with a
 * {@link DatabentoHistoricalError}: the parsed error answer for non-2xx statuses, or
 * `databento_network_error` / `databento_timeout` / `truncated_download` when the exchange broke.
 * An exception thrown by `onChunk` aborts the call and is passed through. Timeouts run on the
 * injected clock. Error texts are scrubbed of the key and of its Basic-auth token.
 */
export function sendHistoricalCall(options: HistoricalTransportOptions, call: HistoricalCall, onChunk: (chunk: Uint8Array) => void): Promise<HistoricalAnswer> {
  const { clock, timeoutMs } = options;
  const base = options.baseUrl;
  const url = new URL(`${base.origin}${base.pathname.replace(/\/$/, '')}/v0/${call.name}`);
  if (call.query !== undefined) url.search = call.query.toString();
  const body = call.form?.toString();
  const authorization = basicAuthorization(options.apiKey);
  const headers: Record<string, string> = {
    authorization,
    accept: call.accept,
    'user-agent': options.userAgent,
  };
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const scrub = (text: string): string => redactSecrets(text, [options.apiKey]).split(authorization.slice('Basic '.length)).join('[redacted]');
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    let settled = false;
    let timer: TimerHandle | undefined;
    let request: ClientRequest | undefined;
    let bytes = 0;
    let phase = 'no answer';
    const clear = (): void => {
      if (timer !== undefined) clock.clearTimer(timer);
      timer = undefined;
    };
    const fail = (error: Error): void => {
      if (settled) return;
      settled = true;
      clear();
      request?.destroy();
      reject(error);
    };
    const broken = (code: string, detail: string): DatabentoHistoricalError => new DatabentoHistoricalError(code, scrub(detail), { method: call.name, status: undefined, retryable: true });
    const arm = (): void => {
      clear();
      timer = clock.setTimer(() => fail(broken('databento_timeout', `${phase} within ${timeoutMs} ms`)), timeoutMs);
    };
    request = send(url, { method: call.httpMethod, headers });
    request.on('error', (error: NodeJS.ErrnoException) => fail(broken('databento_network_error', `cannot reach ${url.host}: ${error.code ?? error.message}`)));
    request.on('response', (response: IncomingMessage) => {
      const status = response.statusCode ?? 0;
      const requestId = header(response, 'request-id');
      arm();
      if (status < 200 || status >= 300) {
        const parts: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          arm();
          if (kept < ERROR_BODY_LIMIT) {
            parts.push(chunk);
            kept += chunk.length;
          }
        });
        const finish = (): void =>
          fail(
            historicalErrorFromAnswer({
              method: call.name,
              status,
              statusText: response.statusMessage ?? '',
              body: scrub(Buffer.concat(parts).subarray(0, ERROR_BODY_LIMIT).toString('utf8')),
              requestId,
              retryAfter: header(response, 'retry-after'),
              nowTs: clock.now(),
            }),
          );
        response.on('end', finish);
        response.on('error', finish);
        response.on('close', finish);
        return;
      }
      phase = `the body stalled after ${bytes} bytes: nothing more`;
      response.on('data', (chunk: Buffer) => {
        if (settled) return;
        bytes += chunk.length;
        phase = `the body stalled after ${bytes} bytes: nothing more`;
        arm();
        try {
          onChunk(chunk);
        } catch (error) {
          fail(error as Error);
        }
      });
      response.on('end', () => {
        if (settled) return;
        settled = true;
        clear();
        resolve({ status, warnings: warningsOf(header(response, 'x-warning')), requestId, bytes });
      });
      response.on('close', () => {
        if (!response.complete) fail(broken('truncated_download', `the answer broke off after ${bytes} body bytes${requestId === undefined ? '' : ` (request-id ${requestId})`}`));
      });
    });
    arm();
    request.end(body);
  });
}

function header(response: IncomingMessage, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The `X-Warning` header: a JSON array of strings (a plain text is taken as one warning). */
function warningsOf(value: string | undefined): string[] {
  if (value === undefined || value.trim() === '') return [];
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed)) return parsed.map(String);
    return [String(parsed)];
  } catch {
    return [value];
  }
}
