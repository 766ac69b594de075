import {
  DaytonaApiError,
  DaytonaConnectionError,
  DaytonaInvalidResponseError,
  DaytonaTimeoutError,
} from '../shared/errors.js';

/** Statuses worth another try: request timeout, state change in progress, rate limit, 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Tells whether `error` may succeed on another try of an idempotent request. 400, 401, 403 and
 * 404 never do; neither does a caller's abort.
 */
export function isRetryableError(error: unknown): boolean {
  if (error instanceof DaytonaApiError) return isRetryableStatus(error.status);
  return (
    error instanceof DaytonaConnectionError ||
    error instanceof DaytonaTimeoutError ||
    error instanceof DaytonaInvalidResponseError
  );
}

/** Backoff settings, in milliseconds. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

/**
 * Returns the delay before retry number `retry` (0 for the first retry): exponential growth up to
 * `maxMs`, with "equal jitter" (half fixed, half random) so clients that failed together do not
 * retry together.
 */
export function backoffDelayMs(retry: number, policy: BackoffPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** retry);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Reads how long a 429 requests the client to wait, in milliseconds: the largest of `Retry-After`
 * (seconds or an HTTP date), any `Retry-After-<throttler>` header (seconds) and `Retry-After-Ms`
 * (milliseconds). `undefined` when none.
 */
export function parseRetryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  let longest: number | undefined;

  headers.forEach((value, name) => {
    const key = name.toLowerCase();
    if (key !== 'retry-after' && !key.startsWith('retry-after-')) return;

    // `Retry-After-Ms` counts milliseconds; every other variant counts seconds or is a date.
    const waitMs =
      key === 'retry-after-ms' ? parseMilliseconds(value) : parseRetryAfterValue(value, now);
    if (waitMs !== undefined && (longest === undefined || waitMs > longest)) longest = waitMs;
  });
  return longest;
}

function parseMilliseconds(value: string): number | undefined {
  const trimmed = value.trim();
  return /^\d+(\.\d+)?$/.test(trimmed) ? Math.ceil(Number(trimmed)) : undefined;
}

function parseRetryAfterValue(value: string, now: number): number | undefined {
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);

  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
