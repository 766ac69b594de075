/** The hosted Daytona API. */
export const DEFAULT_API_URL = 'https://app.daytona.io/api';

/** Per-request deadline: long enough for a slow create, short enough to notice a dead server. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Retries after the first try, as most HTTP SDKs do by default. */
export const DEFAULT_MAX_RETRIES = 2;

/** Deadline for waiting on a status. Image builds take minutes, so five of them. */
export const DEFAULT_WAIT_TIMEOUT_MS = 5 * 60_000;

/** Deadline for a teardown, including 409 retries while a state change finishes. */
export const DEFAULT_TEARDOWN_TIMEOUT_MS = 2 * 60_000;

/** First poll interval when waiting; short, because creates from a snapshot take seconds. */
export const DEFAULT_POLL_INITIAL_MS = 250;

/** Maximum poll interval when waiting, to bound the delay after the state changes. */
export const DEFAULT_POLL_MAX_MS = 3_000;

/** First retry delay before jitter; it doubles on each retry. */
export const DEFAULT_RETRY_BASE_MS = 500;

/** Maximum backoff between retries that the server did not size itself. */
export const DEFAULT_RETRY_MAX_MS = 8_000;

/** Longest `Retry-After` the client honours; a longer one fails fast instead of hanging. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;

/** Page size for list calls: the largest the server accepts. */
export const DEFAULT_PAGE_SIZE = 200;

/** Maximum delay a Node.js timer supports, in milliseconds (about 24.8 days); longer ones fire at once. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;
