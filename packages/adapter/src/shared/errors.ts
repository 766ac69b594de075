/**
 * Error classes of the adapter. Every error is a `DaytonaSandboxError`, so one `instanceof`
 * catches them all. No message, `toString()` or `toJSON()` contains the API key: the transport
 * redacts it from server text before building an error.
 */

/** Placeholder for the API key wherever a value that contains it is shown. */
export const REDACTED = '[redacted]';

/** Root of every error the adapter throws. */
export class DaytonaSandboxError extends Error {
  override name = 'DaytonaSandboxError';
  /** Id of the sandbox the failed call concerned, when the adapter has it. */
  sandboxId?: string;
  /**
   * The name the adapter gave a sandbox whose create did not finish. A sandbox the server made
   * anyway can be found by this name, and the adapter tries to tear it down.
   */
  sandboxName?: string;
  /** True when the adapter tore down the sandbox of the failed call. */
  tornDown?: boolean;

  /** Returns the fields a log line needs, without the stack. */
  toJSON(): Record<string, unknown> {
    const fields: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (key === 'cause' || key === 'name' || value === undefined) continue;
      fields[key] = value;
    }
    if (this.cause instanceof Error) {
      fields.cause = { name: this.cause.name, message: this.cause.message };
    }
    return fields;
  }
}

/** An invalid `SandboxConfig`. Thrown by the constructor before any request is sent. */
export class SandboxConfigError extends DaytonaSandboxError {
  override name = 'SandboxConfigError';

  /** One entry per invalid field: its path and why it was rejected. */
  readonly issues: readonly { field: string; problem: string }[];

  constructor(issues: readonly { field: string; problem: string }[]) {
    const lines = issues.map((issue) => `  - ${issue.field}: ${issue.problem}`);
    super(`Invalid Daytona sandbox config:\n${lines.join('\n')}`);
    this.issues = issues;
  }
}

/** Invalid arguments to a client method. Thrown before any request is sent. */
export class SandboxOptionsError extends DaytonaSandboxError {
  override name = 'SandboxOptionsError';

  /** One entry per invalid field: its path and why it was rejected. */
  readonly issues: readonly { field: string; problem: string }[];

  constructor(method: string, issues: readonly { field: string; problem: string }[]) {
    const lines = issues.map((issue) => `  - ${issue.field}: ${issue.problem}`);
    super(`Invalid options for ${method}:\n${lines.join('\n')}`);
    this.issues = issues;
  }
}

/** Details of a failed request, carried by `DaytonaApiError`. */
export interface DaytonaApiErrorDetails {
  status: number;
  method: string;
  /** The request path, such as `/sandbox/sbx-1`, without query or host. */
  path: string;
  /** The server's reason phrase (`error` in the body), such as `Not Found`. */
  error?: string | undefined;
  /** The server's detail (`message` in the body). */
  serverMessage?: string | undefined;
  /** The `X-Request-Id` header of the response, when the server sent one. */
  requestId?: string | undefined;
  /** Milliseconds the server requested to wait before the next request (429 only). */
  retryAfterMs?: number | undefined;
  cause?: unknown;
}

/** An error status from the server. Subclasses name the common statuses. */
export class DaytonaApiError extends DaytonaSandboxError {
  override name = 'DaytonaApiError';
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly error: string | undefined;
  readonly serverMessage: string | undefined;
  readonly requestId: string | undefined;

  constructor(details: DaytonaApiErrorDetails, hint?: string) {
    const reason = details.serverMessage ?? details.error ?? 'no message';
    const requestId = details.requestId ? ` (request id ${details.requestId})` : '';
    const next = hint ? ` ${hint}` : '';
    super(
      `Daytona ${details.method} ${details.path} failed with ${details.status}: ${reason}${requestId}.${next}`,
      { cause: details.cause },
    );
    this.status = details.status;
    this.method = details.method;
    this.path = details.path;
    this.error = details.error;
    this.serverMessage = details.serverMessage;
    this.requestId = details.requestId;
  }
}

/** 400: the server rejected the request's shape, such as labels that are not a JSON object. */
export class DaytonaBadRequestError extends DaytonaApiError {
  override name = 'DaytonaBadRequestError';
}

/** 401: the API key is missing, unknown or expired. */
export class DaytonaAuthenticationError extends DaytonaApiError {
  override name = 'DaytonaAuthenticationError';

  constructor(details: DaytonaApiErrorDetails) {
    super(details, 'Check the apiKey option (DAYTONA_API_KEY) and that the key is still active.');
  }
}

/** 403: the key is valid but may not act on this organization or sandbox. */
export class DaytonaPermissionError extends DaytonaApiError {
  override name = 'DaytonaPermissionError';

  constructor(details: DaytonaApiErrorDetails) {
    super(details, "Check the key's permissions and the organizationId option.");
  }
}

/** 404: no sandbox has this id or name, or it has been removed. */
export class DaytonaNotFoundError extends DaytonaApiError {
  override name = 'DaytonaNotFoundError';
}

/** 409: the sandbox is changing state, or a name is already taken. */
export class DaytonaConflictError extends DaytonaApiError {
  override name = 'DaytonaConflictError';
}

/** 429: a rate limit was hit. */
export class DaytonaRateLimitError extends DaytonaApiError {
  override name = 'DaytonaRateLimitError';
  /** Milliseconds the server requested to wait, from `Retry-After` or a `Retry-After-*` header. */
  readonly retryAfterMs: number | undefined;

  constructor(details: DaytonaApiErrorDetails) {
    const requestedWait =
      details.retryAfterMs === undefined
        ? 'Daytona sent no Retry-After.'
        : `Daytona asked to wait ${details.retryAfterMs} ms.`;
    super(
      details,
      `${requestedWait} The client retries up to maxRetries times and waits at most maxRetryAfterMs for one Retry-After: raise those options, or send fewer requests.`,
    );
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** 5xx: the server failed. */
export class DaytonaServerError extends DaytonaApiError {
  override name = 'DaytonaServerError';
}

/** Builds the error subclass that matches an HTTP status. */
export function createDaytonaApiError(details: DaytonaApiErrorDetails): DaytonaApiError {
  switch (details.status) {
    case 400:
      return new DaytonaBadRequestError(details);
    case 401:
      return new DaytonaAuthenticationError(details);
    case 403:
      return new DaytonaPermissionError(details);
    case 404:
      return new DaytonaNotFoundError(details);
    case 409:
      return new DaytonaConflictError(details);
    case 429:
      return new DaytonaRateLimitError(details);
    default:
      return details.status >= 500 ? new DaytonaServerError(details) : new DaytonaApiError(details);
  }
}

/** Details of a request that failed without an HTTP response. */
export interface DaytonaRequestInfo {
  method: string;
  path: string;
  cause?: unknown;
}

/** The request got no HTTP response: the connection was refused or reset, or DNS failed. */
export class DaytonaConnectionError extends DaytonaSandboxError {
  override name = 'DaytonaConnectionError';
  readonly method: string;
  readonly path: string;

  constructor(info: DaytonaRequestInfo) {
    const reason = info.cause instanceof Error ? info.cause.message : 'connection failed';
    super(
      `Daytona ${info.method} ${info.path} failed before a response arrived: ${reason}. Check apiUrl and the network.`,
      { cause: info.cause },
    );
    this.method = info.method;
    this.path = info.path;
  }
}

/** The request took longer than `timeoutMs`. */
export class DaytonaTimeoutError extends DaytonaSandboxError {
  override name = 'DaytonaTimeoutError';
  readonly method: string;
  readonly path: string;
  readonly timeoutMs: number;

  constructor(info: DaytonaRequestInfo & { timeoutMs: number }) {
    super(
      `Daytona ${info.method} ${info.path} timed out after ${info.timeoutMs} ms. Raise the timeoutMs option if the server is slow.`,
      { cause: info.cause },
    );
    this.method = info.method;
    this.path = info.path;
    this.timeoutMs = info.timeoutMs;
  }
}

/** The caller's `AbortSignal` fired. */
export class DaytonaAbortError extends DaytonaSandboxError {
  override name = 'DaytonaAbortError';
  readonly method: string;
  readonly path: string;

  constructor(info: DaytonaRequestInfo) {
    super(`Daytona ${info.method} ${info.path} was aborted by the caller.`, { cause: info.cause });
    this.method = info.method;
    this.path = info.path;
  }
}

/** A 2xx response whose body is not the JSON the spec describes. */
export class DaytonaInvalidResponseError extends DaytonaSandboxError {
  override name = 'DaytonaInvalidResponseError';
  readonly method: string;
  readonly path: string;
  readonly status: number;

  constructor(info: DaytonaRequestInfo & { status: number; problem: string }) {
    super(
      `Daytona ${info.method} ${info.path} returned ${info.status} with an invalid body: ${info.problem}.`,
      { cause: info.cause },
    );
    this.method = info.method;
    this.path = info.path;
    this.status = info.status;
  }
}

/** Details of a failed wait: the sandbox, and whether `createHandle` already tore it down. */
interface WaitFailureInfo {
  sandboxId: string;
  /** True when `createHandle` tore the sandbox down after the wait failed. */
  tornDown?: boolean | undefined;
}

/** The sandbox did not reach the expected status before the deadline. */
export class SandboxWaitTimeoutError extends DaytonaSandboxError {
  override name = 'SandboxWaitTimeoutError';
  override readonly sandboxId: string;
  readonly expectedStatus: string;
  /** The last Daytona state seen, or `null` when none was read. */
  readonly lastState: string | null;
  readonly timeoutMs: number;
  override readonly tornDown: boolean;

  constructor(
    info: WaitFailureInfo & { expectedStatus: string; lastState: string | null; timeoutMs: number },
  ) {
    const next = info.tornDown
      ? "The sandbox was torn down so it does not keep running; pass onWaitFailure: 'keep' to inspect it, or raise waitTimeoutMs."
      : 'Raise timeoutMs, or inspect the sandbox in Daytona.';
    super(
      `Sandbox ${info.sandboxId} did not become ${info.expectedStatus} within ${info.timeoutMs} ms; its last state was ${info.lastState ?? 'unknown'}. ${next}`,
    );
    this.sandboxId = info.sandboxId;
    this.expectedStatus = info.expectedStatus;
    this.lastState = info.lastState;
    this.timeoutMs = info.timeoutMs;
    this.tornDown = info.tornDown ?? false;
  }
}

/** The sandbox reached `error` or `build_failed` while the caller waited for another status. */
export class SandboxFailedError extends DaytonaSandboxError {
  override name = 'SandboxFailedError';
  override readonly sandboxId: string;
  readonly state: string;
  readonly errorReason: string | null;
  override readonly tornDown: boolean;

  constructor(info: WaitFailureInfo & { state: string; errorReason: string | null }) {
    const next = info.tornDown
      ? "It was torn down; pass onWaitFailure: 'keep' to inspect a failed sandbox."
      : 'Tear it down with stopHandle and create a new one.';
    super(
      `Sandbox ${info.sandboxId} failed with state ${info.state}: ${info.errorReason ?? 'no reason given'}. ${next}`,
    );
    this.sandboxId = info.sandboxId;
    this.state = info.state;
    this.errorReason = info.errorReason;
    this.tornDown = info.tornDown ?? false;
  }
}

/**
 * The sandbox cannot reach the expected status without another request: for example it is
 * stopped and Daytona is keeping it stopped, so waiting for ready would only run out the deadline.
 */
export class SandboxStatusUnreachableError extends DaytonaSandboxError {
  override name = 'SandboxStatusUnreachableError';
  override readonly sandboxId: string;
  readonly expectedStatus: string;
  readonly state: string | null;
  readonly desiredState: string;

  constructor(info: {
    sandboxId: string;
    expectedStatus: string;
    state: string | null;
    desiredState: string;
  }) {
    const course =
      info.state === info.desiredState
        ? `Daytona keeps it ${info.desiredState}`
        : `Daytona is moving it to ${info.desiredState}`;
    super(
      `Sandbox ${info.sandboxId} is ${info.state ?? 'without a state'} and ${course}, so it will not become ${info.expectedStatus}. Call startHandle first, then wait.`,
    );
    this.sandboxId = info.sandboxId;
    this.expectedStatus = info.expectedStatus;
    this.state = info.state;
    this.desiredState = info.desiredState;
  }
}

/** A company-scoped client was asked to touch a sandbox of another company. */
export class SandboxScopeError extends DaytonaSandboxError {
  override name = 'SandboxScopeError';
  override readonly sandboxId: string;
  readonly companyId: string;

  constructor(info: { sandboxId: string; companyId: string }) {
    super(
      `Sandbox ${info.sandboxId} does not carry the label biro.companyId=${info.companyId}, so this company-scoped client will not touch it. Use a client scoped to the sandbox's company.`,
    );
    this.sandboxId = info.sandboxId;
    this.companyId = info.companyId;
  }
}

/** The server returned a cursor it had already returned, which would loop forever. */
export class DaytonaPaginationError extends DaytonaSandboxError {
  override name = 'DaytonaPaginationError';
  readonly cursor: string;

  constructor(cursor: string) {
    super(`Daytona returned the list cursor "${cursor}" twice; stopped paging to avoid a loop.`);
    this.cursor = cursor;
  }
}

/**
 * Thrown by methods of the first adapter release that had no implementation. Kept exported so
 * code that imports it still compiles; nothing in this version throws it.
 */
export class NotImplementedError extends DaytonaSandboxError {
  override name = 'NotImplementedError';

  constructor(feature = 'This feature') {
    super(`${feature} is not implemented.`);
  }
}
