import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DaytonaNotFoundError } from '../src/index.js';
import { createTestClient, startTestDaytona, type TestDaytona } from './support.js';

/** Long enough for a whole teardown to finish while the list still shows the sandbox. */
const LIST_LAG_MS = 300;

let daytona: TestDaytona;

beforeAll(async () => {
  daytona = await startTestDaytona();
});

afterAll(async () => {
  await daytona?.close();
});

beforeEach(() => {
  daytona.fake.reset();
  daytona.fake.setTiming({ listLagMs: 0 });
});

async function readySandbox() {
  const { client } = createTestClient(daytona.url);
  const handle = await client.createHandle(
    { companyId: 'acme', agentId: 'planner' },
    { waitUntilReady: true },
  );
  return { client, id: handle.id };
}

function stateChangeRequests(id: string) {
  return daytona.fake.requests
    .filter((request) => request.path.startsWith(`/sandbox/${id}`) && request.method !== 'GET')
    .map((request) => `${request.method} ${request.path}`);
}

describe('state changes with wait', () => {
  it('shutdownHandle reaches stopped', async () => {
    const { client, id } = await readySandbox();

    const stopped = await client.shutdownHandle(id, { wait: true });

    expect(stopped.state).toBe('stopped');
    expect(stopped.status).toBe('stopped');
    expect(stateChangeRequests(id)).toEqual([`POST /sandbox/${id}/stop`]);
  });

  it('startHandle reaches started', async () => {
    const { client, id } = await readySandbox();
    await client.shutdownHandle(id, { wait: true });

    const started = await client.startHandle(id, { wait: true });

    expect(started.state).toBe('started');
    expect(started.status).toBe('ready');
  });

  it('archiveHandle reaches archived', async () => {
    const { client, id } = await readySandbox();
    await client.shutdownHandle(id, { wait: true });

    const archived = await client.archiveHandle(id, { wait: true });

    expect(archived.state).toBe('archived');
    expect(archived.status).toBe('stopped');
  });

  it('startHandle restores an archived sandbox', async () => {
    const { client, id } = await readySandbox();
    await client.shutdownHandle(id, { wait: true });
    await client.archiveHandle(id, { wait: true });

    const started = await client.startHandle(id, { wait: true });

    expect(started.state).toBe('started');
  });

  it('without wait returns the first step', async () => {
    const { client, id } = await readySandbox();

    const stopping = await client.shutdownHandle(id);

    expect(stopping.state).toBe('stopping');
    expect(stopping.desiredState).toBe('stopped');
  });
});

describe('teardown confirmation', () => {
  it('trusts the per-id read over a lagging list', async () => {
    daytona.fake.setTiming({ listLagMs: LIST_LAG_MS });
    const { client, id } = await readySandbox();
    // Let the list catch up with the started sandbox, so it lags only behind the teardown.
    await delay(LIST_LAG_MS + 50);

    const result = await client.stopHandle(id);

    expect(result).toEqual({ id, alreadyGone: false });
    await expect(client.getHandle(id)).rejects.toBeInstanceOf(DaytonaNotFoundError);
    const listed = await client.listHandles({ companyId: 'acme' });
    expect(listed.map((handle) => handle.id)).toEqual([id]);
    expect(listed[0]?.state).toBe('started');
  });

  it('confirms with GET and never with the list', async () => {
    const { client, id } = await readySandbox();
    daytona.fake.setTiming({ listLagMs: 60_000 });
    const before = daytona.fake.requests.length;

    await client.stopHandle(id);

    const teardown = daytona.fake.requests.slice(before);
    expect(teardown[0]?.operation).toBe('deleteSandbox');
    expect(teardown.at(-1)?.operation).toBe('getSandbox');
    expect(teardown.at(-1)?.status).toBe(404);
    expect(teardown.some((request) => request.operation === 'listSandboxes')).toBe(false);
  });

  it('leaves no sandbox in the fake', async () => {
    const { client, id } = await readySandbox();
    daytona.fake.setTiming({ listLagMs: 60_000 });

    await client.stopHandle(id);

    expect(daytona.fake.sandboxes()).toEqual([]);
  });

  it('without waitUntilGone sends only the delete', async () => {
    const { client, id } = await readySandbox();
    const before = daytona.fake.requests.length;

    await client.stopHandle(id, { waitUntilGone: false });

    const operations = daytona.fake.requests.slice(before).map((request) => request.operation);
    expect(operations).toEqual(['deleteSandbox']);
  });
});
