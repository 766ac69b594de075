import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DaytonaAuthenticationError,
  DaytonaConflictError,
  DaytonaSandboxClient,
  DaytonaServerError,
} from '../src/index.js';
import { createTestClient, startTestDaytona, TEST_API_KEY, type TestDaytona } from './support.js';

let daytona: TestDaytona;

beforeAll(async () => {
  daytona = await startTestDaytona();
});

afterAll(async () => {
  await daytona?.close();
});

beforeEach(() => {
  daytona.fake.reset();
  daytona.fake.setTiming({ transitionDelayMs: 20 });
});

function deletes() {
  return daytona.fake.requests.filter((request) => request.operation === 'deleteSandbox');
}

describe('teardown', () => {
  it('a 409 while starting is retried until it succeeds', async () => {
    daytona.fake.setTiming({ transitionDelayMs: 150 });
    const { client, delays } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });

    const result = await client.stopHandle(handle.id);

    expect(result.alreadyGone).toBe(false);
    const statuses = deletes().map((request) => request.status);
    expect(statuses[0]).toBe(409);
    expect(statuses.at(-1)).toBe(200);
    expect(delays.length).toBeGreaterThan(0);
    expect(daytona.fake.sandboxes()).toEqual([]);
  });

  it('backs off further on each 409', async () => {
    daytona.fake.setTiming({ transitionDelayMs: 60_000 });
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    // The fifth pause ends the state change, so the next DELETE goes through and completes.
    const delays: number[] = [];
    const scripted = new DaytonaSandboxClient({
      config: { apiKey: TEST_API_KEY, apiUrl: daytona.url },
      sleep: async (ms) => {
        delays.push(ms);
        if (delays.length === 5) {
          daytona.fake.setTiming({ transitionDelayMs: 20 });
          daytona.fake.setState(handle.id, 'started');
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    });

    await scripted.stopHandle(handle.id);

    // Equal jitter keeps each pause between half and all of 500 ms doubling per try.
    expect(delays.slice(0, 5).map((ms, index) => ms >= 250 * 2 ** index)).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8_000);
  });

  it('a 409 past the deadline fails, never reported as done', async () => {
    daytona.fake.setTiming({ transitionDelayMs: 60_000 });
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });

    const error = await client
      .stopHandle(handle.id, { timeoutMs: 100 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaConflictError);
    expect((error as DaytonaConflictError).serverMessage).toBe('Sandbox state change in progress');
    expect(deletes().length).toBeGreaterThan(1);
    expect(daytona.fake.sandboxes().map((sandbox) => sandbox.id)).toEqual([handle.id]);
  });

  it('a 404 counts as already gone', async () => {
    const { client } = createTestClient(daytona.url);

    const result = await client.stopHandle('sbx-never-existed');

    expect(result).toEqual({ id: 'sbx-never-existed', alreadyGone: true });
    expect(deletes()).toHaveLength(1);
  });

  it('a 401 is an authentication error, not retried', async () => {
    const { client } = createTestClient(daytona.url, { apiKey: 'dtn_wrong_key' });

    const error = await client.stopHandle('sbx-any').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaAuthenticationError);
    expect((error as DaytonaAuthenticationError).status).toBe(401);
    expect((error as Error).message).toContain('DAYTONA_API_KEY');
    expect(daytona.fake.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
  });

  it('a 503 is retried, then a server error', async () => {
    const { client, delays } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    await client.waitForStatus(handle.id, 'ready');
    daytona.fake.faults.add({ operation: 'deleteSandbox', fault: { kind: 'status', status: 503 } });
    const pollsBefore = delays.length;

    const error = await client.stopHandle(handle.id).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaServerError);
    expect((error as DaytonaServerError).status).toBe(503);
    expect(deletes()).toHaveLength(3);
    expect(delays.length - pollsBefore).toBe(2);
    expect(daytona.fake.sandboxes().map((sandbox) => sandbox.id)).toEqual([handle.id]);
    daytona.fake.faults.clear();
    await client.stopHandle(handle.id);
  });

  it('a 503 then success tears down', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    await client.waitForStatus(handle.id, 'ready');
    daytona.fake.faults.add({
      operation: 'deleteSandbox',
      times: 1,
      fault: { kind: 'status', status: 503 },
    });

    const result = await client.stopHandle(handle.id);

    expect(result.alreadyGone).toBe(false);
    expect(deletes().map((request) => request.status)).toEqual([503, 200]);
    expect(daytona.fake.sandboxes()).toEqual([]);
  });

  it('confirms by GET while the list still shows the sandbox', async () => {
    daytona.fake.setTiming({ listLagMs: 150 });
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'lagging', agentId: 'planner' });
    await client.waitForStatus(handle.id, 'ready');
    await new Promise((resolve) => setTimeout(resolve, 160));

    await client.stopHandle(handle.id);

    const listed = await client.listHandles({ companyId: 'lagging' });
    expect(listed.map((item) => item.id)).toEqual([handle.id]);
    expect(listed[0]?.status).toBe('ready');
    expect(daytona.fake.sandboxes()).toEqual([]);
    daytona.fake.setTiming({ listLagMs: 0 });
  });

  it('a teardown by name waits until the sandbox is gone', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({
      companyId: 'acme',
      agentId: 'planner',
      name: 'planner-box',
    });
    await client.waitForStatus(handle.id, 'ready');
    daytona.fake.setTiming({ transitionDelayMs: 100 });

    const result = await client.stopHandle('planner-box');

    expect(result).toEqual({ id: 'planner-box', alreadyGone: false });
    expect(daytona.fake.sandboxes()).toEqual([]);
  });
});
