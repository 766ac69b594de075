import { deleteSandbox } from '@biroai/daytona-api';
import { DEFAULT_TEARDOWN_TIMEOUT_MS } from '../shared/defaults.js';
import { DaytonaNotFoundError } from '../shared/errors.js';
import type { ClientContext } from './context.js';
import type { TeardownOptions, TeardownResult } from './options.js';
import { sandboxPath } from './read.js';
import { pollSandbox } from './wait.js';

/**
 * Deletes a sandbox for good. A 409 (a state change is running) is retried until the deadline, a
 * 404 counts as already done, and by default the per-id GET confirms the sandbox is gone, since the
 * list lags behind it.
 */
export async function teardownSandbox(
  context: ClientContext,
  id: string,
  options: TeardownOptions = {},
): Promise<TeardownResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TEARDOWN_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  let alreadyGone = false;
  // Daytona renames a sandbox when it deletes it, so a teardown by name confirms by the id.
  let confirmId = id;

  try {
    const deleted = await context.transport.send(
      {
        method: 'DELETE',
        path: sandboxPath(id),
        idempotent: true,
        sandboxId: id,
        expects: 'sandbox',
      },
      ({ client, signal }) => deleteSandbox({ client, signal, path: { sandboxIdOrName: id } }),
      { signal: options.signal, conflictDeadline: deadline },
    );
    confirmId = deleted.id;
  } catch (error) {
    if (!(error instanceof DaytonaNotFoundError)) throw error;

    alreadyGone = true;
    context.logger.info('Sandbox already gone; teardown counts as done', {
      sandboxId: id,
      requestId: error.requestId,
    });
  }

  if (!alreadyGone && options.waitUntilGone !== false) {
    await confirmGone(context, confirmId, Math.max(1, deadline - Date.now()), options.signal);
  }
  return { id, alreadyGone };
}

async function confirmGone(
  context: ClientContext,
  id: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  try {
    await pollSandbox(context, id, 'destroyed', (handle) => handle.state === 'destroyed', {
      timeoutMs,
      signal,
      // A sandbox that fails while being destroyed is not gone: keep polling to the deadline.
      failOnError: false,
    });
  } catch (error) {
    if (!(error instanceof DaytonaNotFoundError)) throw error;
  }
}
