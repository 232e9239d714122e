import { describe, expect, it } from 'vitest';
import { historicalErrorCode, historicalErrorFromAnswer, parseRetryAfter } from './historical-error.ts';

const base = { method: 'timeseries.get_range', statusText: 'Unprocessable Entity', requestId: 'r-9', retryAfter: undefined, nowTs: 0 };

describe('historical API errors (spec §3.5)', () => {
  it('string detail, object detail, and bodies that are not JSON', () => {
    const plain = historicalErrorFromAnswer({ ...base, status: 401, statusText: 'Unauthorized', body: '{"detail": "Authorization failed: bad key."}' });
    expect([plain.code, plain.status, plain.detail, plain.case, plain.retryable]).toEqual(['databento_auth_failed', 401, 'Authorization failed: bad key.', undefined, false]);
    const object = historicalErrorFromAnswer({
      ...base,
      status: 422,
      body: JSON.stringify({ detail: { case: 'data_start_before_available_start', message: '`start` was before the available start.', status_code: 422, docs: 'https://databento.com/docs/x', payload: {} } }),
    });
    expect([object.code, object.case, object.detail, object.docs]).toEqual(['databento_bad_request', 'data_start_before_available_start', '`start` was before the available start.', 'https://databento.com/docs/x']);
    expect(object.message).toBe('Databento timeseries.get_range: HTTP 422 data_start_before_available_start: `start` was before the available start. (request-id r-9)');
    const html = historicalErrorFromAnswer({ ...base, status: 502, statusText: 'Bad Gateway', body: '<html>nginx</html>' });
    expect([html.code, html.detail, html.retryable]).toEqual(['databento_server_error', 'Bad Gateway', true]);
    const empty = historicalErrorFromAnswer({ ...base, status: 500, statusText: '', body: '' });
    expect(empty.detail).toBe('HTTP 500');
    const noMessage = historicalErrorFromAnswer({ ...base, status: 400, body: '{"detail":{"case":"x"}}' });
    expect(noMessage.detail).toBe('{"case":"x"}');
  });

  it('408 and 504 get the fixed texts; 429 keeps Retry-After (seconds or HTTP date)', () => {
    expect(historicalErrorFromAnswer({ ...base, status: 408, body: '{"detail":"x"}' }).detail).toBe('The request transmission timed out.');
    expect(historicalErrorFromAnswer({ ...base, status: 504, body: '' }).detail).toBe('The remote gateway timed out.');
    const limited = historicalErrorFromAnswer({ ...base, status: 429, retryAfter: '1', body: '{"detail":"Too many requests"}' });
    expect([limited.code, limited.retryAfterMs, limited.retryable]).toEqual(['databento_rate_limited', 1000, true]);
    const now = Date.UTC(2025, 0, 2, 14, 30);
    expect(parseRetryAfter('Thu, 02 Jan 2025 14:30:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(historicalErrorCode(404)).toBe('databento_not_found');
    expect(historicalErrorCode(403)).toBe('databento_auth_failed');
  });

  it('402 Payment Required is an exhausted budget, never retried', () => {
    const broke = historicalErrorFromAnswer({ ...base, status: 402, statusText: 'Payment Required', body: '{"detail":"Monthly spending limit reached."}' });
    expect([broke.code, broke.retryable, broke.detail]).toEqual(['databento_budget_exhausted', false, 'Monthly spending limit reached.']);
  });
});
