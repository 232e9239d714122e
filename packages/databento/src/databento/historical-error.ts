import { RooneyError } from '@rooney/core';

/** What a failed historical request carries besides its message. */
export interface HistoricalErrorInfo {
  /** API method, e.g. `timeseries.get_range`. */
  readonly method: string;
  /** HTTP status; undefined when no answer came (network error, timeout) or the body broke off. */
  readonly status: number | undefined;
  /** The `detail.case` of an object-shaped error body, e.g. `data_start_before_available_start`. */
  readonly case?: string;
  /** The `detail.docs` link of an object-shaped error body. */
  readonly docs?: string;
  /** The `request-id` response header. */
  readonly requestId?: string;
  /** Wait asked for by a 429's `Retry-After`, in ms. */
  readonly retryAfterMs?: number;
  /** A later attempt may succeed (429, 408, 5xx, network errors, timeouts, broken-off bodies). */
  readonly retryable: boolean;
}

/**
 * A failed call of Databento's historical API (spec §3.5): a `RooneyError` whose `code` names the
 * kind of failure (`databento_auth_failed`, `databento_budget_exhausted` (HTTP 402),
 * `databento_bad_request`, `databento_rate_limited`,
 * `databento_server_error`, `databento_timeout`, `databento_network_error`, `truncated_download`,
 * …), with the HTTP status, the error case of object-shaped bodies and the request id. The message
 * never contains the API key.
 */
export class DatabentoHistoricalError extends RooneyError {
  readonly method: string;
  readonly status: number | undefined;
  readonly case: string | undefined;
  readonly docs: string | undefined;
  readonly requestId: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly retryable: boolean;
  /** The server's own text (the `detail` string or `detail.message`), or ours for failures without an answer. */
  readonly detail: string;

  constructor(code: string, detail: string, info: HistoricalErrorInfo) {
    const status = info.status === undefined ? '' : ` HTTP ${info.status}`;
    const errorCase = info.case === undefined ? '' : ` ${info.case}`;
    const request = info.requestId === undefined ? '' : ` (request-id ${info.requestId})`;
    super(code, `Databento ${info.method}:${status}${errorCase}${status === '' && errorCase === '' ? '' : ':'} ${detail}${request}`);
    this.name = 'DatabentoHistoricalError';
    this.method = info.method;
    this.status = info.status;
    this.case = info.case;
    this.docs = info.docs;
    this.requestId = info.requestId;
    this.retryAfterMs = info.retryAfterMs;
    this.retryable = info.retryable;
    this.detail = detail;
  }
}

/** Stable error code of an HTTP status. */
export function historicalErrorCode(status: number): string {
  if (status === 401 || status === 403) return 'databento_auth_failed';
  // Payment Required: the account's credits or monthly spending limit are used up.
  if (status === 402) return 'databento_budget_exhausted';
  if (status === 404) return 'databento_not_found';
  if (status === 408 || status === 504) return 'databento_timeout';
  if (status === 429) return 'databento_rate_limited';
  if (status >= 500) return 'databento_server_error';
  if (status >= 400) return 'databento_bad_request';
  return 'databento_http_error';
}

/** Fixed texts the official Python client uses for these statuses (spec §3.5). */
const FIXED_MESSAGES: Readonly<Record<number, string>> = {
  408: 'The request transmission timed out.',
  504: 'The remote gateway timed out.',
};

/**
 * The error of a non-2xx answer. The body is JSON with a `detail` that is a string or an object
 * (`case`, `message`, `status_code`, `docs`, `payload`); anything else (HTML, empty) falls back to
 * the status text. `Retry-After` (seconds or an HTTP date, relative to `nowTs`) is kept for 429s.
 */
export function historicalErrorFromAnswer(answer: {
  readonly method: string;
  readonly status: number;
  readonly statusText: string;
  readonly body: string;
  readonly requestId: string | undefined;
  readonly retryAfter: string | undefined;
  readonly nowTs: number;
}): DatabentoHistoricalError {
  const { status } = answer;
  let detail = '';
  let errorCase: string | undefined;
  let docs: string | undefined;
  try {
    const parsed: unknown = JSON.parse(answer.body);
    const value = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>).detail : undefined;
    if (typeof value === 'string') {
      detail = value;
    } else if (value !== null && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      detail = typeof object.message === 'string' ? object.message : JSON.stringify(object);
      if (typeof object.case === 'string') errorCase = object.case;
      if (typeof object.docs === 'string') docs = object.docs;
    }
  } catch {
    detail = '';
  }
  const fixed = FIXED_MESSAGES[status];
  if (fixed !== undefined) detail = fixed;
  if (detail === '') detail = answer.statusText.trim() === '' ? `HTTP ${status}` : answer.statusText.trim();
  const retryAfterMs = status === 429 ? parseRetryAfter(answer.retryAfter, answer.nowTs) : undefined;
  return new DatabentoHistoricalError(historicalErrorCode(status), detail, {
    method: answer.method,
    status,
    retryable: status === 408 || status === 429 || status >= 500,
    ...(errorCase !== undefined ? { case: errorCase } : {}),
    ...(docs !== undefined ? { docs } : {}),
    ...(answer.requestId !== undefined ? { requestId: answer.requestId } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
}

/** `Retry-After` in ms: delta seconds, or an HTTP date after `nowTs`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowTs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowTs);
}
