import type { SandboxConfig } from '../shared/config.js';
import type { SandboxStatus } from '../shared/state-mapping.js';
import type { SandboxLogger } from './logger.js';
import type { Sleep } from './sleep.js';

/** Arguments of the `DaytonaSandboxClient` constructor. */
export interface DaytonaSandboxClientOptions {
  config: SandboxConfig;
  /** A `fetch` to send requests with; the global one when absent. */
  fetchImpl?: typeof fetch;
  /** Logger for retries, adoptions and swallowed errors. Silent when absent. */
  logger?: SandboxLogger;
  /**
   * Timer the client waits on between retries and polls. Tests pass a recording or instant sleep;
   * production code leaves it unset.
   */
  sleep?: Sleep;
  /** Source of randomness for backoff jitter and create tokens' retry timing; `Math.random` when absent. */
  random?: () => number;
}

/** Options every call accepts. */
export interface CallOptions {
  /** Cancels the call, including retries and waits. */
  signal?: AbortSignal;
}

/** Options of calls that wait for a status. */
export interface WaitOptions extends CallOptions {
  /** Deadline of the whole wait, in milliseconds. Default 300000 (5 minutes). */
  timeoutMs?: number;
}

/** Options of `createHandle`, besides the sandbox description. */
export interface CreateCallOptions extends CallOptions {
  /** Waits until the sandbox is ready before resolving. Default false. */
  waitUntilReady?: boolean;
  /** Deadline of the wait for ready, in milliseconds. Default 300000 (5 minutes). */
  waitTimeoutMs?: number;
  /**
   * Handling of the sandbox when the wait for ready fails. `teardown` (default) deletes it, so
   * nothing is left running unnoticed. `keep` leaves it for inspection.
   */
  onWaitFailure?: 'teardown' | 'keep';
}

/** Options of state changes (start, shut down, archive). */
export interface StateChangeOptions extends CallOptions {
  /** Waits until the sandbox reaches the end state of the change. Default false. */
  wait?: boolean;
  /** Deadline of the wait, in milliseconds. Default 300000 (5 minutes). */
  timeoutMs?: number;
}

/** Options of a teardown. */
export interface TeardownOptions extends CallOptions {
  /**
   * Waits until `GET /sandbox/{id}` confirms the sandbox is gone (404 or `destroyed`). Default
   * true, because the list lags and cannot confirm it.
   */
  waitUntilGone?: boolean;
  /**
   * Deadline for the 409 retries and for the confirmation wait, in milliseconds. Default 120000.
   * Other retries of the DELETE follow `maxRetries`, each try bounded by the client's `timeoutMs`.
   */
  timeoutMs?: number;
}

/** Outcome of a teardown. */
export interface TeardownResult {
  id: string;
  /** True when the sandbox was already gone (404) before this call. */
  alreadyGone: boolean;
}

/** Filters of `listHandles`; every given filter must match. */
export interface ListHandlesFilter {
  /** Required, so that no call lists every company's sandboxes by accident. */
  companyId: string;
  agentId?: string;
  issueId?: string;
  status?: SandboxStatus;
  /** Also returns sandboxes in error whose teardown was requested, which Daytona hides by default. */
  includeErroredDeleted?: boolean;
}

/** Options of list calls. */
export interface ListOptions extends CallOptions {
  /** Sandboxes per page, 1 to 200. Default 200. */
  pageSize?: number;
}
