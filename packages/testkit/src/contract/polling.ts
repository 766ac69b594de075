import { setTimeout as delay } from 'node:timers/promises';

/** Options for `pollUntil`. */
export interface PollOptions {
  /** How long to keep checking, in milliseconds. */
  timeoutMs: number;
  /** Pause between checks, in milliseconds. */
  intervalMs: number;
  signal?: AbortSignal;
}

/**
 * Calls `check` until it returns true or the deadline passes, and resolves to whether it returned
 * true. `check` always runs at least once. Rejects with the signal's reason when aborted.
 */
export async function pollUntil(
  check: () => boolean | Promise<boolean>,
  { timeoutMs, intervalMs, signal }: PollOptions,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;

  for (;;) {
    signal?.throwIfAborted();
    if (await check()) {
      return true;
    }

    const remainingMs = deadline - performance.now();
    if (remainingMs <= 0) {
      return false;
    }
    await sleep(Math.min(intervalMs, remainingMs), signal);
  }
}

/** Waits `ms` milliseconds. Rejects with the signal's reason when aborted. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (error) {
    // Node rejects with its own AbortError, but callers expect the reason they aborted with.
    signal?.throwIfAborted();
    throw error;
  }
}
