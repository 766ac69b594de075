import {
  DEFAULT_POLL_INITIAL_MS,
  DEFAULT_POLL_MAX_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
} from '../shared/defaults.js';
import {
  DaytonaAbortError,
  SandboxFailedError,
  SandboxWaitTimeoutError,
} from '../shared/errors.js';
import type { SandboxHandle } from '../shared/handle.js';
import type { SandboxStatus } from '../shared/state-mapping.js';
import type { ClientContext } from './context.js';
import type { WaitOptions } from './options.js';
import { readSandbox, sandboxPath } from './read.js';

/** Daytona states from which a sandbox does not recover on its own. */
const FAILED_STATES = new Set(['error', 'build_failed']);

/**
 * Polls `GET /sandbox/{id}` until `accept` holds, with a poll interval that starts short and
 * grows to a cap. Ends early with `SandboxFailedError` when the sandbox fails, and with
 * `SandboxWaitTimeoutError` at the deadline.
 */
export async function pollSandbox(
  context: ClientContext,
  id: string,
  expected: string,
  accept: (handle: SandboxHandle) => boolean,
  options: WaitOptions & { failOnError?: boolean } = {},
): Promise<SandboxHandle> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let intervalMs = DEFAULT_POLL_INITIAL_MS;
  let lastState: string | null = null;

  for (;;) {
    const remaining = deadline - Date.now();
    const handle = await readSandbox(context, id, {
      signal: options.signal,
      timeoutMs: Math.max(1, Math.min(context.config.timeoutMs, remaining)),
    });
    lastState = handle.state;

    if (accept(handle)) return handle;
    if (options.failOnError !== false && handle.state !== null && FAILED_STATES.has(handle.state)) {
      throw new SandboxFailedError({
        sandboxId: id,
        state: handle.state,
        errorReason: handle.errorReason,
      });
    }

    const left = deadline - Date.now();
    if (left <= 0) {
      throw new SandboxWaitTimeoutError({
        sandboxId: id,
        expectedStatus: expected,
        lastState,
        timeoutMs,
      });
    }
    try {
      await context.sleep(Math.min(intervalMs, left), options.signal);
    } catch (error) {
      throw new DaytonaAbortError({ method: 'GET', path: sandboxPath(id), cause: error });
    }
    intervalMs = Math.min(intervalMs * 2, DEFAULT_POLL_MAX_MS);
  }
}

/** Waits until the sandbox has `status`; see `pollSandbox` for the deadline and early ends. */
export function waitForSandboxStatus(
  context: ClientContext,
  id: string,
  status: SandboxStatus,
  options: WaitOptions = {},
): Promise<SandboxHandle> {
  return pollSandbox(context, id, status, (handle) => handle.status === status, {
    ...options,
    failOnError: status !== 'error',
  });
}
