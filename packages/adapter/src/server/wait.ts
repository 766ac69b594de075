import {
  DEFAULT_POLL_INITIAL_MS,
  DEFAULT_POLL_MAX_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
  MAX_TIMER_DELAY_MS,
} from '../shared/defaults.js';
import {
  DaytonaAbortError,
  SandboxFailedError,
  SandboxStatusUnreachableError,
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
  options: WaitOptions & {
    /**
     * Rule for ending the wait on a failed state: `true` (default) at once, `false` never.
     * `after-progress` ends it only once the sandbox has left a failed state during this wait.
     * That suits a start of a failed sandbox that Daytona has not picked up yet.
     */
    failOnError?: boolean | 'after-progress';
  } = {},
): Promise<SandboxHandle> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
  const deadline = startDeadline(timeoutMs, options.signal);
  let intervalMs = DEFAULT_POLL_INITIAL_MS;
  let lastState: string | null = null;
  let leftFailedState = false;

  try {
    for (;;) {
      const handle = await readSandbox(context, id, { signal: deadline.signal });
      lastState = handle.state;

      if (accept(handle)) return handle;
      const failed = handle.state !== null && FAILED_STATES.has(handle.state);
      if (!failed) leftFailedState = true;

      const failOnError = options.failOnError ?? true;
      if (
        failed &&
        (failOnError === true || (failOnError === 'after-progress' && leftFailedState))
      ) {
        throw new SandboxFailedError({
          sandboxId: id,
          state: handle.state ?? 'error',
          errorReason: handle.errorReason,
        });
      }

      try {
        await context.sleep(intervalMs, deadline.signal);
      } catch (error) {
        throw new DaytonaAbortError({ method: 'GET', path: sandboxPath(id), cause: error });
      }
      intervalMs = Math.min(intervalMs * 2, DEFAULT_POLL_MAX_MS);
    }
  } catch (error) {
    // The deadline aborts whatever runs when it passes: a read, its retries or a sleep.
    if (deadline.expired() && error instanceof DaytonaAbortError) {
      throw new SandboxWaitTimeoutError({
        sandboxId: id,
        expectedStatus: expected,
        lastState,
        timeoutMs,
      });
    }
    throw error;
  } finally {
    deadline.release();
  }
}

/**
 * Returns a signal that fires after `timeoutMs` or when the caller's signal fires, whichever is
 * first. `expired` reports which one it was, and `release` clears the timer and the listener.
 */
function startDeadline(timeoutMs: number, callerSignal: AbortSignal | undefined) {
  const controller = new AbortController();
  let expired = false;

  const forwardAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) forwardAbort();
  else callerSignal?.addEventListener('abort', forwardAbort, { once: true });

  const timer = setTimeout(
    () => {
      if (controller.signal.aborted) return;
      expired = true;
      controller.abort(new Error(`wait deadline of ${timeoutMs} ms passed`));
    },
    Math.min(timeoutMs, MAX_TIMER_DELAY_MS),
  );

  return {
    signal: controller.signal,
    expired: () => expired,
    release: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', forwardAbort);
    },
  };
}

/** Desired states from which Daytona does not move a sandbox to `started` on its own. */
const DESIRED_STATES_AWAY_FROM_READY = new Set(['stopped', 'archived', 'destroyed', 'paused']);

/**
 * Waits until the sandbox has `status`; see `pollSandbox` for the deadline and early ends. A wait
 * for `ready` also ends early with `SandboxStatusUnreachableError` when Daytona is moving the
 * sandbox away from `started`, since only another request could change that.
 */
export function waitForSandboxStatus(
  context: ClientContext,
  id: string,
  status: SandboxStatus,
  options: WaitOptions & { afterStart?: boolean } = {},
): Promise<SandboxHandle> {
  return pollSandbox(
    context,
    id,
    status,
    (handle) => {
      if (handle.status === status) return true;

      if (
        status === 'ready' &&
        handle.desiredState &&
        DESIRED_STATES_AWAY_FROM_READY.has(handle.desiredState)
      ) {
        throw new SandboxStatusUnreachableError({
          sandboxId: id,
          expectedStatus: status,
          state: handle.state,
          desiredState: handle.desiredState,
        });
      }
      return false;
    },
    {
      ...options,
      failOnError: status === 'error' ? false : options.afterStart ? 'after-progress' : true,
    },
  );
}
