import { describe, expect, it } from 'vitest';

import {
  createLeakGuard,
  InMemorySandboxProvider,
  SandboxLeakError,
} from '../src/contract/index.js';
import { runContractFixture } from './fixtures/run-contract-fixture.js';

const fastPolling = { settleTimeoutMs: 30, pollIntervalMs: 2 };
const owner = { companyId: 'company-1', agentId: 'agent-1' };

function guardFor(provider: InMemorySandboxProvider) {
  return createLeakGuard(provider, {
    sandboxExists: async (id) => provider.exists(id),
    ...fastPolling,
  });
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

describe('createLeakGuard', () => {
  it('check passes when every sandbox is gone', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0 });
    const guard = guardFor(provider);

    const first = await guard.provider.createHandle(owner);
    const second = await guard.provider.createHandle(owner);
    await guard.provider.stopHandle(first.id);
    await guard.provider.stopHandle(second.id);

    await expect(guard.check()).resolves.toBeUndefined();
  });

  it('createdIds lists sandboxes in creation order', async () => {
    const guard = guardFor(new InMemorySandboxProvider({ startDelayMs: 0 }));

    const first = await guard.provider.createHandle(owner);
    const second = await guard.provider.createHandle(owner);

    expect(guard.createdIds()).toEqual([first.id, second.id]);
  });

  it('check names sandboxes a leaky provider keeps', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0, leakOnStop: true });
    const guard = guardFor(provider);
    const first = await guard.provider.createHandle(owner);
    const second = await guard.provider.createHandle(owner);
    await guard.provider.stopHandle(first.id);
    await guard.provider.stopHandle(second.id);

    const error = await rejectionOf(guard.check());

    expect(error).toBeInstanceOf(SandboxLeakError);
    const leak = error as SandboxLeakError;
    expect(leak.leakedIds).toEqual([first.id, second.id]);
    expect(leak.remainingIds).toEqual([first.id, second.id]);
    expect(leak.message).toContain(first.id);
    expect(leak.message).toContain(second.id);
    expect(leak.message).toContain('Delete them in the provider by hand');
  });

  it('check tears down a forgotten sandbox and still fails', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0 });
    const guard = guardFor(provider);
    const stopped = await guard.provider.createHandle(owner);
    const forgotten = await guard.provider.createHandle(owner);
    await guard.provider.stopHandle(stopped.id);

    const error = await rejectionOf(guard.check());

    expect(error).toBeInstanceOf(SandboxLeakError);
    const leak = error as SandboxLeakError;
    expect(leak.leakedIds).toEqual([forgotten.id]);
    expect(leak.remainingIds).toEqual([]);
    expect(leak.message).toContain(forgotten.id);
    expect(leak.message).not.toContain(stopped.id);
    expect(provider.exists(forgotten.id)).toBe(false);
  });

  it('check waits for a sandbox that disappears late', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0 });
    let existenceChecks = 0;
    const guard = createLeakGuard(provider, {
      // Reports the sandbox for three checks after it is gone, like a provider that lags.
      sandboxExists: async () => {
        existenceChecks += 1;
        return existenceChecks <= 3;
      },
      ...fastPolling,
    });
    const created = await guard.provider.createHandle(owner);
    await guard.provider.stopHandle(created.id);

    await expect(guard.check()).resolves.toBeUndefined();
    expect(existenceChecks).toBe(4);
  });

  it('check reports failing existence checks', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0 });
    const lookupFailure = new Error('lookup failed');
    const guard = createLeakGuard(provider, {
      sandboxExists: async () => {
        throw lookupFailure;
      },
      ...fastPolling,
    });
    const created = await guard.provider.createHandle(owner);
    await guard.provider.stopHandle(created.id);

    const error = await rejectionOf(guard.check());

    expect(error).toBeInstanceOf(SandboxLeakError);
    const leak = error as SandboxLeakError;
    expect(leak.leakedIds).toEqual([created.id]);
    expect(leak.remainingIds).toEqual([created.id]);
    expect(leak.errors).toContainEqual({ sandboxId: created.id, error: lookupFailure });
    expect(leak.cause).toBeInstanceOf(AggregateError);
  });

  it('check reports a failing teardown', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0 });
    const stopFailure = new Error('stop failed');
    const guard = createLeakGuard(
      {
        createHandle: (sandboxOwner) => provider.createHandle(sandboxOwner),
        getHandle: (id) => provider.getHandle(id),
        listHandles: (filter) => provider.listHandles(filter),
        waitForStatus: (id, status, options) => provider.waitForStatus(id, status, options),
        stopHandle: async () => {
          throw stopFailure;
        },
      },
      { sandboxExists: async (id) => provider.exists(id), ...fastPolling },
    );
    const created = await guard.provider.createHandle(owner);

    const error = await rejectionOf(guard.check());

    expect(error).toBeInstanceOf(SandboxLeakError);
    const leak = error as SandboxLeakError;
    expect(leak.remainingIds).toEqual([created.id]);
    expect(leak.errors).toEqual([{ sandboxId: created.id, error: stopFailure }]);
  });
});

describe('contract suite leak guard', () => {
  it('fails the suite naming every leaked sandbox', async () => {
    const result = await runContractFixture('leak-on-stop');

    expect(result.suiteErrors).toHaveLength(1);
    const message = result.suiteErrors[0] ?? '';
    const leakedCount = Number(message.match(/^(\d+) sandbox\(es\) still existed/)?.[1]);
    expect(leakedCount).toBeGreaterThan(0);

    // The leaked ids are listed once, and a provider that never deletes keeps all of them.
    const uuids = message.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g);
    expect(new Set(uuids).size).toBe(leakedCount);
    expect(message).toContain('could not tear any of them down');
  });
});
