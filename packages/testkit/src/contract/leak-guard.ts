import { SandboxLeakError } from './errors.js';
import { pollUntil } from './polling.js';
import type { SandboxProvider } from './provider.js';

/**
 * Time a torn-down sandbox may keep existing before the guard calls it leaked, in milliseconds.
 * NOTE: an estimate, not measured. A provider may keep reporting a deleted sandbox while it
 * removes it, and 30 s leaves room for a slow removal.
 */
export const DEFAULT_LEAK_SETTLE_TIMEOUT_MS = 30_000;

/** Pause between existence checks while the guard waits, in milliseconds. */
export const DEFAULT_LEAK_POLL_INTERVAL_MS = 500;

/** Options for `createLeakGuard`. */
export interface LeakGuardOptions {
  /** Reports whether the sandbox still exists. A sandbox kept only as a deleted record does not. */
  sandboxExists(id: string): Promise<boolean>;
  /** Time a sandbox may keep existing before it counts as leaked, in milliseconds. Default 30 000. */
  settleTimeoutMs?: number;
  /** Pause between existence checks, in milliseconds. Default 500. */
  pollIntervalMs?: number;
}

/** A provider wrapper that records what it creates, and the check that nothing outlived its test. */
export interface LeakGuard {
  /** The wrapped provider. Every sandbox that its `createHandle` returns is tracked. */
  readonly provider: SandboxProvider;
  /** Ids of the tracked sandboxes, in creation order. */
  createdIds(): string[];
  /**
   * Checks that no tracked sandbox exists. When some do, tears them down, waits for them to go,
   * and rejects with a `SandboxLeakError` that names them, even when the teardown worked.
   */
  check(): Promise<void>;
}

/**
 * Wraps `provider` so that every sandbox created through it is tracked, and returns a check that
 * fails when any of them still exists. The contract suite runs the check after all its tests.
 */
export function createLeakGuard(provider: SandboxProvider, options: LeakGuardOptions): LeakGuard {
  const createdIds: string[] = [];
  const pollOptions = {
    timeoutMs: options.settleTimeoutMs ?? DEFAULT_LEAK_SETTLE_TIMEOUT_MS,
    intervalMs: options.pollIntervalMs ?? DEFAULT_LEAK_POLL_INTERVAL_MS,
  };

  const trackingProvider: SandboxProvider = {
    async createHandle(owner) {
      // NOTE: a create that fails after the provider made the sandbox returns no id, so the
      // guard cannot track that sandbox.
      const sandbox = await provider.createHandle(owner);
      createdIds.push(sandbox.id);
      return sandbox;
    },
    getHandle: (id) => provider.getHandle(id),
    listHandles: (filter) => provider.listHandles(filter),
    waitForStatus: (id, status, waitOptions) => provider.waitForStatus(id, status, waitOptions),
    stopHandle: (id) => provider.stopHandle(id),
  };

  async function check(): Promise<void> {
    const errors: { sandboxId: string; error: unknown }[] = [];

    // A failed existence check cannot prove the sandbox is gone, so it counts as existing and
    // its last error goes into the report.
    async function waitUntilAbsent(id: string): Promise<boolean> {
      let lastError: unknown;
      const absent = await pollUntil(async () => {
        try {
          lastError = undefined;
          return !(await options.sandboxExists(id));
        } catch (error) {
          lastError = error;
          return false;
        }
      }, pollOptions);

      if (lastError !== undefined) {
        errors.push({ sandboxId: id, error: lastError });
      }
      return absent;
    }

    const ids = [...new Set(createdIds)];
    const leakedIds = await filterAsync(ids, async (id) => !(await waitUntilAbsent(id)));
    if (leakedIds.length === 0) {
      return;
    }

    const remainingIds = await filterAsync(leakedIds, async (id) => {
      try {
        await provider.stopHandle(id);
      } catch (error) {
        errors.push({ sandboxId: id, error });
      }
      return !(await waitUntilAbsent(id));
    });

    throw new SandboxLeakError({ leakedIds, remainingIds, errors });
  }

  return {
    provider: trackingProvider,
    createdIds: () => [...createdIds],
    check,
  };
}

/** Runs `predicate` on every item at once and keeps the items it accepts, in their order. */
async function filterAsync<T>(items: T[], predicate: (item: T) => Promise<boolean>): Promise<T[]> {
  const keep = await Promise.all(items.map(predicate));
  return items.filter((_, index) => keep[index]);
}
