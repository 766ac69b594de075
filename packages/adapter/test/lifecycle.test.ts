import { describe, expect, it } from 'vitest';
import { DaytonaNotFoundError } from '../src/index.js';
import { createTestClient, startTestDaytona, useTestDaytona } from './support.js';

const daytona = useTestDaytona(() => startTestDaytona());

function createBodies() {
  return daytona.fake.requests
    .filter((request) => request.operation === 'createSandbox')
    .map((request) => JSON.parse(String(request.body)) as Record<string, unknown>);
}

describe('sandbox lifecycle against the local Daytona', () => {
  it('create answers starting, never ready', async () => {
    const { client } = createTestClient(daytona.url);

    const handle = await client.createHandle({
      companyId: 'acme',
      agentId: 'planner',
      issueId: '42',
    });

    expect(handle.state).toBe('creating');
    expect(handle.status).toBe('starting');
    expect(handle.companyId).toBe('acme');
    expect(handle.agentId).toBe('planner');
    expect(handle.issueId).toBe('42');
  });

  it('waiting for ready polls the sandbox until started', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });

    const ready = await client.waitForStatus(handle.id, 'ready');

    expect(ready.status).toBe('ready');
    expect(ready.state).toBe('started');
    const polls = daytona.fake.requests.filter(
      (request) => request.operation === 'getSandbox' && request.path === `/sandbox/${handle.id}`,
    );
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(
      daytona.fake.requests.some((request) => request.path.startsWith('/sandbox/paginated')),
    ).toBe(false);
  });

  it('getHandle returns owner, labels and raw states', async () => {
    const { client } = createTestClient(daytona.url);
    const created = await client.createHandle({
      companyId: 'acme',
      agentId: 'coder',
      labels: { team: 'infra' },
    });

    const handle = await client.getHandle(created.id);

    expect(handle.id).toBe(created.id);
    expect(handle.name).toBe(created.name);
    expect(handle.issueId).toBeNull();
    expect(handle.labels.team).toBe('infra');
    expect(handle.desiredState).toBe('started');
    expect(handle.errorReason).toBeNull();
    expect(handle.createdAt).not.toBeNull();
  });

  it('getHandle of a missing sandbox throws not found', async () => {
    const { client } = createTestClient(daytona.url);

    const error = await client.getHandle('sbx-missing').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaNotFoundError);
    expect((error as DaytonaNotFoundError).status).toBe(404);
    expect((error as DaytonaNotFoundError).method).toBe('GET');
    expect((error as DaytonaNotFoundError).path).toBe('/sandbox/sbx-missing');
  });

  it('getHandle encodes the id in the path', async () => {
    const { client } = createTestClient(daytona.url);

    await expect(client.getHandle('a/b?c=d#e')).rejects.toBeInstanceOf(DaytonaNotFoundError);

    const request = daytona.fake.requests.at(-1);
    expect(request?.path).toBe('/sandbox/a%2Fb%3Fc%3Dd%23e');
  });

  it('idle timeout 1800 s is sent as 30 minutes', async () => {
    const { client } = createTestClient(daytona.url, { idleTimeoutSeconds: 1800 });

    await client.createHandle({ companyId: 'acme', agentId: 'planner' });

    const [body] = createBodies();
    expect(body?.autoStopInterval).toBe(30);
    expect(body).not.toHaveProperty('autoDeleteInterval');
  });

  it('idle timeout 0 is sent as auto-stop off', async () => {
    const { client } = createTestClient(daytona.url, { idleTimeoutSeconds: 0 });

    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });

    const [body] = createBodies();
    expect(body?.autoStopInterval).toBe(0);
    expect(body).not.toHaveProperty('autoDeleteInterval');
    const stored = daytona.fake.sandboxes().find((sandbox) => sandbox.id === handle.id);
    expect(stored?.autoStopInterval).toBe(0);
  });

  it('organization id is sent as a header', async () => {
    const { client } = createTestClient(daytona.url, { organizationId: 'fake-org' });

    await client.createHandle({ companyId: 'acme', agentId: 'planner' });

    const request = daytona.fake.requests.find((entry) => entry.operation === 'createSandbox');
    expect(request?.headers['x-daytona-organization-id']).toBe('fake-org');
  });

  it('stopHandle tears down and confirms the sandbox is gone', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    await client.waitForStatus(handle.id, 'ready');

    const result = await client.stopHandle(handle.id);

    expect(result).toEqual({ id: handle.id, alreadyGone: false });
    await expect(client.getHandle(handle.id)).rejects.toBeInstanceOf(DaytonaNotFoundError);
    expect(daytona.fake.sandboxes()).toEqual([]);
  });

  it('stopHandle of a gone sandbox counts as done', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    await client.waitForStatus(handle.id, 'ready');
    await client.stopHandle(handle.id);

    const again = await client.stopHandle(handle.id);

    expect(again).toEqual({ id: handle.id, alreadyGone: true });
  });

  it('shutdown keeps the disk and start brings it back', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    await client.waitForStatus(handle.id, 'ready');

    const stopped = await client.shutdownHandle(handle.id, { wait: true });
    expect(stopped.state).toBe('stopped');
    expect(stopped.status).toBe('stopped');

    const archived = await client.archiveHandle(handle.id, { wait: true });
    expect(archived.state).toBe('archived');

    const started = await client.startHandle(handle.id, { wait: true });
    expect(started.status).toBe('ready');

    await client.stopHandle(handle.id);
  });
});
