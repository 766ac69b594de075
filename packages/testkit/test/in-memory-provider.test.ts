import { describe, expect, it } from 'vitest';

import {
  type ContractListFilter,
  InMemorySandboxProvider,
  InMemoryStatusUnreachableError,
  InMemoryWaitTimeoutError,
  SandboxNotFoundError,
} from '../src/contract/index.js';

const owner = { companyId: 'company-1', agentId: 'agent-1', issueId: 'issue-1' };

describe('InMemorySandboxProvider', () => {
  it('createHandle starts then turns ready', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 20 });

    const created = await provider.createHandle(owner);
    expect(created).toMatchObject({ status: 'starting', ...owner });

    const ready = await provider.waitForStatus(created.id, 'ready');
    expect(ready.status).toBe('ready');
    expect((await provider.getHandle(created.id)).status).toBe('ready');
  });

  it('createHandle stores a missing issueId as null', async () => {
    const provider = new InMemorySandboxProvider();

    const created = await provider.createHandle({ companyId: 'company-1', agentId: 'agent-1' });

    expect(created.issueId).toBeNull();
  });

  it('createHandle rejects an empty companyId', async () => {
    const provider = new InMemorySandboxProvider();

    await expect(provider.createHandle({ ...owner, companyId: '' })).rejects.toThrow(
      'Invalid owner.companyId ""',
    );
  });

  it('listHandles rejects a missing companyId', async () => {
    const provider = new InMemorySandboxProvider();

    await expect(provider.listHandles({} as ContractListFilter)).rejects.toThrow(
      'Invalid filter.companyId undefined',
    );
  });

  it('constructor rejects a negative startDelayMs', () => {
    expect(() => new InMemorySandboxProvider({ startDelayMs: -1 })).toThrow(RangeError);
  });

  it('getHandle rejects an unknown id as not found', async () => {
    const provider = new InMemorySandboxProvider();

    const rejection = provider.getHandle('missing');

    await expect(rejection).rejects.toBeInstanceOf(SandboxNotFoundError);
    await expect(rejection).rejects.toMatchObject({ sandboxId: 'missing' });
  });

  it('returned sandboxes are copies', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0 });
    const created = await provider.createHandle(owner);

    created.companyId = 'someone-else';

    expect((await provider.getHandle(created.id)).companyId).toBe('company-1');
  });

  it('waitForStatus times out past its deadline', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 60_000 });
    const created = await provider.createHandle(owner);

    const rejection = provider.waitForStatus(created.id, 'ready', { timeoutMs: 10 });

    await expect(rejection).rejects.toBeInstanceOf(InMemoryWaitTimeoutError);
    await expect(rejection).rejects.toMatchObject({ sandboxId: created.id, timeoutMs: 10 });
  });

  it('waitForStatus rejects with the abort reason', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 60_000 });
    const created = await provider.createHandle(owner);
    const controller = new AbortController();
    const reason = new Error('caller gave up');

    const waiting = provider.waitForStatus(created.id, 'ready', { signal: controller.signal });
    controller.abort(reason);

    await expect(waiting).rejects.toBe(reason);
  });

  it('waitForStatus rejects a status it cannot reach', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0 });
    const created = await provider.createHandle(owner);

    await expect(provider.waitForStatus(created.id, 'stopped')).rejects.toBeInstanceOf(
      InMemoryStatusUnreachableError,
    );
    await expect(provider.waitForStatus(created.id, 'starting')).rejects.toBeInstanceOf(
      InMemoryStatusUnreachableError,
    );
  });

  it('waitForStatus rejects when the sandbox is stopped meanwhile', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 50 });
    const created = await provider.createHandle(owner);

    const waiting = provider.waitForStatus(created.id, 'ready');
    await provider.stopHandle(created.id);

    await expect(waiting).rejects.toBeInstanceOf(SandboxNotFoundError);
  });

  it('listHandles applies every filter', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0 });
    const match = await provider.createHandle(owner);
    await provider.createHandle({ ...owner, companyId: 'company-2' });
    await provider.createHandle({ ...owner, agentId: 'agent-2' });
    await provider.createHandle({ ...owner, issueId: 'issue-2' });

    const listed = await provider.listHandles({
      companyId: 'company-1',
      agentId: 'agent-1',
      issueId: 'issue-1',
      status: 'ready',
    });

    expect(listed.map((sandbox) => sandbox.id)).toEqual([match.id]);
    expect(await provider.listHandles({ companyId: 'company-1', status: 'starting' })).toEqual([]);
  });

  it('stopHandle removes the sandbox and repeats quietly', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0 });
    const created = await provider.createHandle(owner);

    await provider.stopHandle(created.id);
    await provider.stopHandle(created.id);
    await provider.stopHandle('never-existed');

    expect(provider.exists(created.id)).toBe(false);
    expect(provider.size).toBe(0);
    await expect(provider.getHandle(created.id)).rejects.toBeInstanceOf(SandboxNotFoundError);
  });

  it('keepTombstones returns stopped sandboxes but lists none', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0, keepTombstones: true });
    const created = await provider.createHandle(owner);

    await provider.stopHandle(created.id);

    expect((await provider.getHandle(created.id)).status).toBe('stopped');
    expect(await provider.listHandles({ companyId: 'company-1' })).toEqual([]);
    expect(provider.exists(created.id)).toBe(false);
    expect(provider.size).toBe(0);
  });

  it('leakOnStop keeps the sandbox', async () => {
    const provider = new InMemorySandboxProvider({ startDelayMs: 0, leakOnStop: true });
    const created = await provider.createHandle(owner);

    await provider.stopHandle(created.id);

    expect(provider.exists(created.id)).toBe(true);
    expect((await provider.getHandle(created.id)).status).toBe('ready');
  });
});
