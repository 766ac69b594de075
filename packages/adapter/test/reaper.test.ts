import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DaytonaAbortError, DaytonaServerError, SandboxOptionsError } from '../src/index.js';
import { sendJson, startStubServer } from './stub-server.js';
import {
  createTestClient,
  recordingLogger,
  startTestDaytona,
  TEST_API_KEY,
  useTestDaytona,
} from './support.js';

const daytona = useTestDaytona(() => startTestDaytona());

function deletes(): string[] {
  return daytona.fake.requests
    .filter((request) => request.method === 'DELETE')
    .map((request) => request.path);
}

function liveIds(): string[] {
  return daytona.fake.sandboxes().map((sandbox) => sandbox.id);
}

/** Creates a sandbox with no labels at all, as another tool on the same account might. */
async function createUnlabelledSandbox(): Promise<string> {
  const response = await fetch(`${daytona.fake.url}/sandbox`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({}),
  });
  return ((await response.json()) as { id: string }).id;
}

/**
 * Creates two acme sandboxes 50 ms apart and returns their ids with a `now` at which only the
 * first is older than 25 ms.
 */
async function oldAndNewSandboxes() {
  const { client } = createTestClient(daytona.url);
  const old = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
  await delay(50);
  const recent = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
  const now = Date.parse(recent.createdAt ?? '') + 10;
  return { client, oldId: old.id, recentId: recent.id, now, olderThanMs: 25 };
}

describe('reapHandles', () => {
  it('is a dry run by default', async () => {
    const { client, oldId, now, olderThanMs } = await oldAndNewSandboxes();

    const report = await client.reapHandles({ companyId: 'acme', olderThanMs, now });

    expect(report.dryRun).toBe(true);
    expect(report.candidates.map((handle) => handle.id)).toEqual([oldId]);
    expect(report.tornDown).toEqual([]);
    expect(deletes()).toEqual([]);
  });

  it('tears down only sandboxes past the age', async () => {
    const { client, oldId, recentId, now, olderThanMs } = await oldAndNewSandboxes();
    daytona.fake.setState(oldId, 'started');
    daytona.fake.setState(recentId, 'started');

    const report = await client.reapHandles({ companyId: 'acme', olderThanMs, now, dryRun: false });

    expect(report.tornDown).toEqual([oldId]);
    expect(report.failed).toEqual([]);
    expect(deletes()).toEqual([`/sandbox/${oldId}`]);
    expect(liveIds()).toEqual([recentId]);
  });

  it('tears down only sandboxes in the given statuses', async () => {
    const { client } = createTestClient(daytona.url);
    const stopped = await client.createHandle(
      { companyId: 'acme', agentId: 'planner' },
      { waitUntilReady: true },
    );
    await client.shutdownHandle(stopped.id, { wait: true });
    const ready = await client.createHandle(
      { companyId: 'acme', agentId: 'coder' },
      { waitUntilReady: true },
    );

    const report = await client.reapHandles({
      companyId: 'acme',
      statuses: ['stopped'],
      dryRun: false,
    });

    expect(report.tornDown).toEqual([stopped.id]);
    expect(liveIds()).toEqual([ready.id]);
  });

  it("never touches another company's or an unlabelled sandbox", async () => {
    const { client } = createTestClient(daytona.url);
    const acme = await client.createHandle(
      { companyId: 'acme', agentId: 'planner' },
      { waitUntilReady: true },
    );
    const globex = await client.createHandle(
      { companyId: 'globex', agentId: 'planner' },
      { waitUntilReady: true },
    );
    const unlabelled = await createUnlabelledSandbox();
    await client.waitForStatus(unlabelled, 'ready');

    const report = await client.reapHandles({
      companyId: 'acme',
      olderThanMs: 0,
      statuses: ['ready', 'starting', 'stopped', 'error'],
      now: Date.now() + 1_000,
      dryRun: false,
    });

    expect(report.tornDown).toEqual([acme.id]);
    expect(deletes()).toEqual([`/sandbox/${acme.id}`]);
    expect(liveIds()).toEqual([globex.id, unlabelled]);
  });

  it('requires olderThanMs or statuses', async () => {
    const { client } = createTestClient(daytona.url);

    const error = await client
      .reapHandles({ companyId: 'acme', dryRun: false })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxOptionsError);
    expect(daytona.fake.requests).toHaveLength(0);
  });

  it('requires a company', async () => {
    const { client } = createTestClient(daytona.url);

    const error = await client
      .reapHandles({ companyId: '', olderThanMs: 0 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxOptionsError);
    expect(daytona.fake.requests).toHaveLength(0);
  });

  it('rejects an unknown status', async () => {
    const { client } = createTestClient(daytona.url);

    const error = await client
      // @ts-expect-error: 'running' is not a platform status; callers without types can pass it.
      .reapHandles({ companyId: 'acme', statuses: ['running'] })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxOptionsError);
  });

  it('logs each reaped sandbox with its id', async () => {
    const { logger, lines } = recordingLogger();
    const { client } = createTestClient(daytona.url, {}, { logger });
    const handle = await client.createHandle(
      { companyId: 'acme', agentId: 'planner' },
      { waitUntilReady: true },
    );

    await client.reapHandles({ companyId: 'acme', statuses: ['ready'], dryRun: false });

    const reaped = lines.filter((line) => line.message === 'Reaped sandbox');
    expect(reaped.map((line) => line.fields?.sandboxId)).toEqual([handle.id]);
    expect(reaped[0]?.fields?.companyId).toBe('acme');
  });

  it('reports a failed teardown and keeps going', async () => {
    // Without retries, the one faulted delete fails for good whichever sandbox it hits.
    const { client } = createTestClient(daytona.url, { maxRetries: 0 });
    const first = await client.createHandle(
      { companyId: 'acme', agentId: 'planner' },
      { waitUntilReady: true },
    );
    const second = await client.createHandle(
      { companyId: 'acme', agentId: 'coder' },
      { waitUntilReady: true },
    );
    daytona.fake.faults.add({
      operation: 'deleteSandbox',
      times: 1,
      fault: { kind: 'status', status: 500 },
    });

    const report = await client.reapHandles({
      companyId: 'acme',
      statuses: ['ready'],
      dryRun: false,
    });

    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.error).toBeInstanceOf(DaytonaServerError);
    expect(report.tornDown).toHaveLength(1);
    expect([...report.tornDown, report.failed[0]?.id].sort()).toEqual([first.id, second.id].sort());
  });

  it('scoped reaper works on its own company', async () => {
    const { client } = createTestClient(daytona.url);
    const acme = await client.createHandle(
      { companyId: 'acme', agentId: 'planner' },
      { waitUntilReady: true },
    );
    await client.createHandle(
      { companyId: 'globex', agentId: 'planner' },
      { waitUntilReady: true },
    );

    const report = await client.forCompany('acme').reapHandles({ statuses: ['ready'] });

    expect(report.candidates.map((handle) => handle.id)).toEqual([acme.id]);
  });
});

describe('reapHandles against a server that ignores the label filter', () => {
  it("still skips sandboxes without the company's label", async () => {
    const createdAt = new Date(Date.now() - 3_600_000).toISOString();
    const stub = await startStubServer((request, response) => {
      if (request.method !== 'GET') {
        sendJson(response, 500, { message: 'the reaper must not send this request' });
        return;
      }
      sendJson(response, 200, {
        items: [
          {
            id: 'sbx-globex',
            name: 'g',
            state: 'started',
            createdAt,
            labels: { 'biro.companyId': 'globex' },
          },
          { id: 'sbx-bare', name: 'b', state: 'started', createdAt, labels: {} },
        ],
        nextCursor: null,
      });
    });
    try {
      const { client } = createTestClient(stub.url);

      const report = await client.reapHandles({
        companyId: 'acme',
        olderThanMs: 0,
        dryRun: false,
      });

      expect(report.candidates).toEqual([]);
      expect(stub.requests.map((request) => request.method)).toEqual(['GET']);
    } finally {
      await stub.close();
    }
  });

  it('rejects a now that is not a time', async () => {
    const { client } = createTestClient(daytona.url);
    await client.createHandle({ companyId: 'acme', agentId: 'planner' });

    const error = await client
      .reapHandles({ companyId: 'acme', olderThanMs: 0, now: Number.NaN, dryRun: false })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxOptionsError);
    expect(deletes()).toEqual([]);
  });

  it('an abort ends the reap', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    await client.waitForStatus(handle.id, 'ready');
    const controller = new AbortController();
    daytona.fake.faults.add({ operation: 'deleteSandbox', fault: { kind: 'hang' } });
    setTimeout(() => controller.abort(), 50);

    const error = await client
      .reapHandles({
        companyId: 'acme',
        statuses: ['ready'],
        dryRun: false,
        signal: controller.signal,
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaAbortError);
  });

  it('keeps owner ids exactly as given', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme ', agentId: 'planner' });

    const listed = await client.listHandles({ companyId: 'acme ' });
    const scoped = await client.forCompany('acme ').getHandle(handle.id);

    expect(handle.companyId).toBe('acme ');
    expect(listed.map((item) => item.id)).toEqual([handle.id]);
    expect(scoped.id).toBe(handle.id);
  });
});
