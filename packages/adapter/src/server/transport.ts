import { type Client, createClient, createConfig } from '@biroai/daytona-api/client';
import { DEFAULT_RETRY_BASE_MS, DEFAULT_RETRY_MAX_MS } from '../shared/defaults.js';
import {
  createDaytonaApiError,
  DaytonaAbortError,
  DaytonaApiError,
  DaytonaConflictError,
  DaytonaConnectionError,
  DaytonaInvalidResponseError,
  DaytonaRateLimitError,
  DaytonaSandboxError,
  DaytonaTimeoutError,
  REDACTED,
} from '../shared/errors.js';
import type { SandboxLogger } from './logger.js';
import { backoffDelayMs, isRetryableError, parseRetryAfterMs } from './retry.js';
import type { Sleep } from './sleep.js';

/** The header Daytona and most proxies use to identify a request in their logs. */
const REQUEST_ID_HEADER = 'x-request-id';

/** Settings of the transport, resolved from the client config. */
export interface TransportSettings {
  apiKey: string;
  apiUrl: string;
  organizationId?: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  maxRetryAfterMs: number;
  fetchImpl?: typeof fetch | undefined;
  logger: SandboxLogger;
  sleep: Sleep;
  random?: () => number;
}

/** The result of a generated SDK function when `throwOnError` is off. */
export interface SdkResult<T> {
  data?: T;
  error?: unknown;
  request?: Request;
  response?: Response;
}

/** Arguments every generated SDK call gets from the transport. */
export interface SdkCallContext {
  client: Client;
  signal: AbortSignal;
}

/** Describes one API call for error messages, logs and the retry policy. */
export interface OperationInfo {
  method: string;
  /** The request path, for messages: `/sandbox/{id}` with the id filled in. */
  path: string;
  /** Whether a failed try may be repeated. Creates are not: they go through adoption instead. */
  idempotent: boolean;
  /** The sandbox concerned, for log lines. */
  sandboxId?: string | undefined;
  /** The body a 2xx must carry: a sandbox (with string `id` and `name`) or a list page. */
  expects: 'sandbox' | 'page';
}

/** Returns what is wrong with a 2xx body, or `undefined` when it has the expected shape. */
function bodyProblem(data: unknown, expects: OperationInfo['expects']): string | undefined {
  if (data === undefined || data === null || typeof data !== 'object' || Array.isArray(data)) {
    return 'expected a JSON object';
  }

  const fields = data as Record<string, unknown>;
  if (expects === 'page') {
    return Array.isArray(fields.items) ? undefined : 'expected a list page with an items array';
  }
  if (typeof fields.id !== 'string' || fields.id === '') return 'expected a sandbox with an id';
  if (typeof fields.name !== 'string') return 'expected a sandbox with a name';
  return undefined;
}

/** Per-call options. */
export interface SendOptions {
  signal?: AbortSignal | undefined;
  /** Deadline of each try, in milliseconds; the client's `timeoutMs` when absent. */
  timeoutMs?: number | undefined;
  /**
   * Epoch milliseconds until which a 409 is retried without counting against `maxRetries`, for
   * operations such as teardown that must wait out a running state change.
   */
  conflictDeadline?: number | undefined;
}

/**
 * Sends generated SDK calls with a per-try timeout, the caller's abort signal, typed errors and
 * retries with backoff. The only place the adapter touches HTTP.
 */
export class DaytonaTransport {
  readonly client: Client;
  readonly settings: Omit<TransportSettings, 'apiKey'>;
  readonly #apiKey: string;

  constructor({ apiKey, ...settings }: TransportSettings) {
    this.settings = settings;
    this.#apiKey = apiKey;
    const headers: Record<string, string> = {};
    if (settings.organizationId) headers['X-Daytona-Organization-ID'] = settings.organizationId;

    this.client = createClient(
      createConfig({
        baseUrl: settings.apiUrl.replace(/\/+$/, ''),
        auth: apiKey,
        headers,
        ...(settings.fetchImpl ? { fetch: settings.fetchImpl } : {}),
      }),
    );
  }

  /** Sends `call`, retrying retryable failures of idempotent operations. */
  async send<T>(
    operation: OperationInfo,
    call: (context: SdkCallContext) => Promise<SdkResult<T>>,
    options: SendOptions = {},
  ): Promise<T> {
    let retries = 0;

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.sendOnce(operation, call, options);
      } catch (error) {
        const waitMs = this.retryDelayMs(operation, error, { retries, attempt }, options);
        if (waitMs === undefined) throw error;

        if (!(error instanceof DaytonaConflictError && options.conflictDeadline !== undefined)) {
          retries++;
        }
        this.settings.logger.warn('Retrying Daytona request', {
          method: operation.method,
          path: operation.path,
          sandboxId: operation.sandboxId,
          attempt,
          delayMs: waitMs,
          error: error instanceof Error ? error.name : String(error),
          status: error instanceof DaytonaApiError ? error.status : undefined,
          requestId: error instanceof DaytonaApiError ? error.requestId : undefined,
        });
        await this.pause(waitMs, operation, options.signal);
      }
    }
  }

  /** Sends `call` once and turns every failure into a typed error. */
  async sendOnce<T>(
    operation: OperationInfo,
    call: (context: SdkCallContext) => Promise<SdkResult<T>>,
    options: SendOptions = {},
  ): Promise<T> {
    const callerSignal = options.signal;
    if (callerSignal?.aborted) {
      throw new DaytonaAbortError({ ...operation, cause: callerSignal.reason });
    }

    const timeoutMs = options.timeoutMs ?? this.settings.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const forwardAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', forwardAbort, { once: true });

    let result: SdkResult<T>;
    try {
      result = await call({ client: this.client, signal: controller.signal });
    } catch (error) {
      // The generated client throws when reading or parsing the body fails after the headers.
      throw this.transportError(operation, error, { timedOut, timeoutMs, callerSignal });
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', forwardAbort);
    }

    const response = result.response;
    if (!response) {
      throw this.transportError(operation, result.error, { timedOut, timeoutMs, callerSignal });
    }
    if (!response.ok) throw this.apiError(operation, response, result.error);
    const problem = bodyProblem(result.data, operation.expects);
    if (problem !== undefined) {
      throw new DaytonaInvalidResponseError({ ...operation, status: response.status, problem });
    }
    return result.data as T;
  }

  private retryDelayMs(
    operation: OperationInfo,
    error: unknown,
    { retries, attempt }: { retries: number; attempt: number },
    options: SendOptions,
  ): number | undefined {
    if (!operation.idempotent || !isRetryableError(error)) return undefined;

    // The backoff grows with every try, including 409s that a deadline allows beyond maxRetries.
    const random = this.settings.random ?? Math.random;
    const backoff = backoffDelayMs(
      attempt - 1,
      { baseMs: DEFAULT_RETRY_BASE_MS, maxMs: DEFAULT_RETRY_MAX_MS },
      random,
    );

    if (error instanceof DaytonaConflictError && options.conflictDeadline !== undefined) {
      const remaining = options.conflictDeadline - Date.now();
      if (remaining <= 0) return undefined;
      return Math.min(backoff, remaining);
    }
    if (retries >= this.settings.maxRetries) return undefined;

    if (error instanceof DaytonaRateLimitError && error.retryAfterMs !== undefined) {
      // Waiting less than the server asked only earns another 429, so a wait beyond the cap
      // fails now with the 429 instead.
      if (error.retryAfterMs > this.settings.maxRetryAfterMs) return undefined;
      return Math.max(error.retryAfterMs, backoff);
    }
    return backoff;
  }

  private async pause(
    ms: number,
    operation: OperationInfo,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    try {
      await this.settings.sleep(ms, signal);
    } catch (error) {
      throw new DaytonaAbortError({ ...operation, cause: error });
    }
  }

  private transportError(
    operation: OperationInfo,
    error: unknown,
    state: { timedOut: boolean; timeoutMs: number; callerSignal: AbortSignal | undefined },
  ): DaytonaSandboxError {
    if (error instanceof DaytonaSandboxError) return error;
    if (state.callerSignal?.aborted) return new DaytonaAbortError({ ...operation, cause: error });
    if (state.timedOut) {
      return new DaytonaTimeoutError({ ...operation, timeoutMs: state.timeoutMs, cause: error });
    }
    if (error instanceof SyntaxError) {
      // V8's parse message quotes the start of the body, which could echo the key, so the cause
      // is a copy without it.
      return new DaytonaInvalidResponseError({
        ...operation,
        status: 200,
        problem: 'the body is not valid JSON',
        cause: new SyntaxError('the response body is not valid JSON'),
      });
    }
    return new DaytonaConnectionError({ ...operation, cause: this.redactError(error) });
  }

  private apiError(operation: OperationInfo, response: Response, body: unknown): DaytonaApiError {
    const fields =
      typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const text = typeof body === 'string' && body.length > 0 ? body.slice(0, 500) : undefined;

    return createDaytonaApiError({
      status: response.status,
      method: operation.method,
      path: operation.path,
      error: this.redact(
        typeof fields.error === 'string' ? fields.error : response.statusText || undefined,
      ),
      serverMessage: this.redact(typeof fields.message === 'string' ? fields.message : text),
      requestId: response.headers.get(REQUEST_ID_HEADER) ?? undefined,
      retryAfterMs: response.status === 429 ? parseRetryAfterMs(response.headers) : undefined,
    });
  }

  /** Removes the API key from server text, in case a server or proxy echoes it. */
  private redact(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    return text.split(this.#apiKey).join(REDACTED);
  }

  private redactError(error: unknown): unknown {
    if (!(error instanceof Error) || !error.message.includes(this.#apiKey)) return error;
    const copy = new Error(this.redact(error.message));
    copy.name = error.name;
    return copy;
  }
}
