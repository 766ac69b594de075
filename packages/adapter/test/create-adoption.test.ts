import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  COMPANY_LABEL,
  CREATE_TOKEN_LABEL,
  DaytonaAbortError,
  DaytonaBadRequestError,
  DaytonaConflictError,
  DaytonaRateLimitError,
  DaytonaSandboxClient,
  DaytonaSandboxError,
  DaytonaServerError,
  DaytonaTimeoutError,
} from '../src/index.js';
import {
  createTestClient,
  recordingLogger,
  startRawDaytona,
  TEST_API_KEY,
  type TestDaytona,
} from './support.js';

// The fake alone: resets, truncated bodies and 503 must reach the client as Daytona sends them.
let daytona: TestDaytona;

beforeAll(async () => {
  daytona = await startRawDaytona({ transitionDelayMs: 5 });
});

afterAll(async () => {
  await daytona?.close();
});

beforeEach(() => {
  daytona.fake.reset();
  daytona.fake.setTiming({ listLagMs: 0 });
});

const owner = { companyId: 'acme', agentId: 'planner' };

function createRequests() {
  return daytona.fake.requests.filter((request) => request.operation === 'createSandbox');
}

function liveIds(): string[] {
  return daytona.fake.sandboxes().map((sandbox) => sandbox.id);
}

/** Waits until the fake has responded to every create request, including ones the client gave up on. */
async function settleCreates(): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (createRequests().every((request) => request.status !== undefined)) return;
    await delay(10);
  }
  throw new Error('a create request was still pending after 2 s');
}

describe('create adoption', () => {
  it('a create that times out but succeeds leaves one sandbox', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'latency', delayMs: 500 },
    });
    const { client } = createTestClient(daytona.url, { timeoutMs: 100 });

    const handle = await client.createHandle(owner);
    await settleCreates();

    expect(liveIds()).toEqual([handle.id]);
    // The slow first try arrived after the second and found its name taken.
    expect(createRequests().map((request) => request.status)).toEqual([409, 200]);
  });

  it('every try slower than the timeout still leaves one sandbox', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      fault: { kind: 'latency', delayMs: 150 },
    });
    const { client } = createTestClient(daytona.url, { timeoutMs: 100 });

    const handle = await client.createHandle(owner);
    await settleCreates();

    expect(liveIds()).toEqual([handle.id]);
  });

  it('adopts the sandbox of a reset create', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'reset', when: 'after' },
    });
    const { logger, lines } = recordingLogger();
    const { client } = createTestClient(daytona.url, {}, { logger });

    const handle = await client.createHandle(owner);

    expect(liveIds()).toEqual([handle.id]);
    expect(createRequests()).toHaveLength(1);
    const adoption = lines.find((line) => line.message.startsWith('Adopted'));
    expect(adoption?.fields?.sandboxId).toBe(handle.id);
  });

  it('adopts the sandbox of a create with a truncated body', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'malformed-json' },
    });
    const { client } = createTestClient(daytona.url);

    const handle = await client.createHandle(owner);

    expect(liveIds()).toEqual([handle.id]);
    expect(createRequests()).toHaveLength(1);
  });

  it('adopted handle carries the owner labels', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'reset', when: 'after' },
    });
    const { client } = createTestClient(daytona.url);

    const handle = await client.createHandle({ ...owner, issueId: '42' });

    expect(handle.companyId).toBe('acme');
    expect(handle.agentId).toBe('planner');
    expect(handle.issueId).toBe('42');
    expect(handle.labels[CREATE_TOKEN_LABEL]).toBeDefined();
  });

  it('finds the sandbox by name while the list lags', async () => {
    daytona.fake.setTiming({ listLagMs: 60_000 });
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'reset', when: 'after' },
    });
    const { client } = createTestClient(daytona.url);

    const handle = await client.createHandle(owner);

    expect(liveIds()).toEqual([handle.id]);
  });

  it('a failed lookup does not end the create', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'malformed-json' },
    });
    // Every try of the first lookup loses its connection.
    daytona.fake.faults.add({ operation: 'getSandbox', times: 3, fault: { kind: 'reset' } });
    const { client } = createTestClient(daytona.url);

    const handle = await client.createHandle(owner);

    expect(liveIds()).toEqual([handle.id]);
    // The retry finds the name taken by the first try's sandbox, and adopts it.
    expect(createRequests().map((request) => request.status)).toEqual([200, 409]);
  });

  it('logs the name when a failed create cannot be checked', async () => {
    daytona.fake.faults.add({ operation: 'createSandbox', fault: { kind: 'malformed-json' } });
    daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'status', status: 500 } });
    const { logger, lines } = recordingLogger();
    const { client } = createTestClient(daytona.url, {}, { logger });

    const error = await client.createHandle(owner).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaSandboxError);
    const [made] = daytona.fake.sandboxes();
    const failure = lines.find((line) => line.level === 'error');
    expect(failure?.message).toBe(
      'Sandbox create failed, and whether it made a sandbox is unknown',
    );
    expect(failure?.fields?.sandboxName).toBe(made?.name);
  });

  it('a create handled after the call ended is left to the reaper', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'latency', delayMs: 500 },
    });
    const { client } = createTestClient(daytona.url, { timeoutMs: 100 });
    const handle = await client.createHandle(owner);
    await client.stopHandle(handle.id);

    // The slow first try arrives after the teardown freed the name, and makes a sandbox.
    await settleCreates();
    const [orphan] = daytona.fake.sandboxes();
    expect(orphan?.labels[COMPANY_LABEL]).toBe('acme');

    const report = await client.reapHandles({
      companyId: 'acme',
      olderThanMs: 0,
      now: Date.now() + 1_000,
      dryRun: false,
    });
    expect(report.tornDown).toEqual([orphan?.id]);
    expect(liveIds()).toEqual([]);
  });

  it.each([500, 503])('retries a %i sent before acting', async (status) => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'status', status },
    });
    const { client } = createTestClient(daytona.url);

    const handle = await client.createHandle(owner);

    expect(liveIds()).toEqual([handle.id]);
    expect(createRequests().map((request) => request.status)).toEqual([status, 200]);
  });

  it('looks for an earlier sandbox before retrying', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'status', status: 503 },
    });
    const { client } = createTestClient(daytona.url);

    await client.createHandle(owner);

    const operations = daytona.fake.requests.map((request) => request.operation);
    expect(operations).toEqual(['createSandbox', 'getSandbox', 'listSandboxes', 'createSandbox']);
  });

  it('retries a 429 after Retry-After', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'status', status: 429, retryAfterSeconds: 7 },
    });
    const { client, delays } = createTestClient(daytona.url);

    const handle = await client.createHandle(owner);

    expect(liveIds()).toEqual([handle.id]);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(7_000);
  });

  it('honours Retry-After-sandbox-create alone', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: {
        kind: 'status',
        status: 429,
        retryAfterSeconds: 7,
        retryAfterHeader: 'Retry-After-sandbox-create',
      },
    });
    const { client, delays } = createTestClient(daytona.url);

    const handle = await client.createHandle(owner);

    expect(liveIds()).toEqual([handle.id]);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(7_000);
  });

  it('fails fast when Retry-After exceeds maxRetryAfterMs', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      fault: { kind: 'status', status: 429, retryAfterSeconds: 7 },
    });
    const { client, delays } = createTestClient(daytona.url, { maxRetryAfterMs: 5_000 });

    const error = await client.createHandle(owner).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaRateLimitError);
    expect(createRequests()).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('gives up after maxRetries with no sandbox', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      fault: { kind: 'status', status: 500 },
    });
    const { client } = createTestClient(daytona.url);

    const error = await client.createHandle(owner).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaServerError);
    expect(createRequests()).toHaveLength(3);
    expect(liveIds()).toEqual([]);
  });

  it('gives up on hung tries with a timeout error', async () => {
    daytona.fake.faults.add({ operation: 'createSandbox', fault: { kind: 'hang' } });
    const { client } = createTestClient(daytona.url, { timeoutMs: 50 });

    const error = await client.createHandle(owner).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaTimeoutError);
    expect((error as DaytonaTimeoutError).timeoutMs).toBe(50);
    expect(liveIds()).toEqual([]);
  });

  it('never retries a 400', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      fault: { kind: 'status', status: 400, message: 'snapshot must be a string' },
    });
    const { client, delays } = createTestClient(daytona.url);

    const error = await client.createHandle(owner).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaBadRequestError);
    expect(daytona.fake.requests.map((request) => request.operation)).toEqual(['createSandbox']);
    expect(delays).toEqual([]);
  });

  it('rejects a name that is already taken', async () => {
    const { client } = createTestClient(daytona.url);
    const first = await client.createHandle({ ...owner, name: 'planner-box' });

    const error = await client
      .createHandle({ ...owner, name: 'planner-box' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaConflictError);
    expect(liveIds()).toEqual([first.id]);
  });
});

describe('create outcomes the caller cannot see', () => {
  it('an abort while the server acts leaves no sandbox', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'latency', delayMs: 200 },
    });
    // The real timer: the lookups after the abort must span the server's 200 ms delay.
    const client = new DaytonaSandboxClient({
      config: { apiKey: TEST_API_KEY, apiUrl: daytona.url },
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);

    const error = await client
      .createHandle(owner, { signal: controller.signal })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaAbortError);
    const sandboxName = (error as DaytonaAbortError).sandboxName;
    expect(sandboxName).toMatch(/^biro-/);
    await settleCreates();
    for (let i = 0; i < 300 && liveIds().length > 0; i++) await delay(10);
    expect(liveIds()).toEqual([]);
    const made = daytona.fake.sandboxes({ includeDestroyed: true });
    expect(made).toHaveLength(1);
  });

  it('a created sandbox without an id is adopted by name', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'missing-field', field: 'id' },
    });
    const { client } = createTestClient(daytona.url);

    const handle = await client.createHandle(owner);

    expect(typeof handle.id).toBe('string');
    expect(liveIds()).toEqual([handle.id]);
    expect(createRequests()).toHaveLength(1);
  });

  it('a failed create names the sandbox it may have made', async () => {
    daytona.fake.faults.add({ operation: 'createSandbox', fault: { kind: 'status', status: 500 } });
    const { client } = createTestClient(daytona.url);

    const error = await client.createHandle(owner).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaServerError);
    expect((error as DaytonaServerError).sandboxName).toMatch(/^biro-/);
  });
});
