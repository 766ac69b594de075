import { describe, expect, it } from 'vitest';
import {
  DaytonaAbortError,
  DaytonaConnectionError,
  DaytonaSandboxClient,
  DaytonaTimeoutError,
} from '../src/index.js';
import { closedPortUrl } from './stub-server.js';
import {
  createTestClient,
  recordingSleep,
  startRawDaytona,
  TEST_API_KEY,
  useTestDaytona,
} from './support.js';

// The fake alone: a hung request must reach the client as a silent connection, not as the
// proxy's error body.
const daytona = useTestDaytona(() => startRawDaytona({ transitionDelayMs: 5 }));

const owner = { companyId: 'acme', agentId: 'planner' };

async function newSandboxId(): Promise<string> {
  const { client } = createTestClient(daytona.url);
  return (await client.createHandle(owner)).id;
}

function reads(id: string): number {
  return daytona.fake.requests.filter(
    (request) => request.operation === 'getSandbox' && request.path === `/sandbox/${id}`,
  ).length;
}

describe('cancellation', () => {
  it('an aborted signal sends nothing', async () => {
    const { client } = createTestClient(daytona.url);
    const reason = new Error('caller gave up');

    const error = await client
      .getHandle('sbx-1', { signal: AbortSignal.abort(reason) })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaAbortError);
    expect((error as DaytonaAbortError).cause).toBe(reason);
    expect(daytona.fake.requests).toHaveLength(0);
  });

  it('abort ends a request in flight', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'hang' } });
    const { client } = createTestClient(daytona.url, { timeoutMs: 10_000 });
    const reason = new Error('caller gave up');
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 30);

    const error = await client
      .getHandle(id, { signal: controller.signal })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaAbortError);
    expect((error as DaytonaAbortError).cause).toBeDefined();
    expect(reads(id)).toBe(1);
  });

  it('abort during a backoff sleep stops retrying', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'status', status: 500 } });
    // A sleep that really waits, so the abort lands during the first backoff.
    const recorder = recordingSleep(10_000);
    const client = new DaytonaSandboxClient({
      config: { apiKey: TEST_API_KEY, apiUrl: daytona.url },
      sleep: recorder.sleep,
    });
    const controller = new AbortController();
    const reason = new Error('caller gave up');

    const pending = client.getHandle(id, { signal: controller.signal });
    while (recorder.delays.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    controller.abort(reason);
    const error = await pending.catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaAbortError);
    expect((error as DaytonaAbortError).cause).toBe(reason);
    expect(reads(id)).toBe(1);
    expect(recorder.delays).toHaveLength(1);
  });

  it('abort ends waitForStatus', async () => {
    const id = await newSandboxId();
    daytona.fake.setState(id, 'creating');
    const { client } = createTestClient(daytona.url);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), 30);

    const error = await client
      .waitForStatus(id, 'ready', { signal: controller.signal, timeoutMs: 60_000 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaAbortError);
    expect((error as DaytonaAbortError).cause).toBeDefined();
  });

  it('abort stops polling', async () => {
    const id = await newSandboxId();
    daytona.fake.setState(id, 'creating');
    const { client } = createTestClient(daytona.url);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), 30);

    await client
      .waitForStatus(id, 'ready', { signal: controller.signal, timeoutMs: 60_000 })
      .catch(() => undefined);
    const readsAtAbort = reads(id);
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(reads(id)).toBe(readsAtAbort);
  });

  it('abort during create is not retried', async () => {
    daytona.fake.faults.add({ operation: 'createSandbox', fault: { kind: 'hang' } });
    const { client } = createTestClient(daytona.url, { timeoutMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), 30);

    const error = await client
      .createHandle(owner, { signal: controller.signal })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaAbortError);
    expect(daytona.fake.requests.map((request) => request.operation)).toEqual(['createSandbox']);
  });
});

describe('timeouts and connection failures', () => {
  it('a hung request times out with timeoutMs', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'hang' } });
    const { client } = createTestClient(daytona.url, { timeoutMs: 50, maxRetries: 0 });

    const error = await client.getHandle(id).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaTimeoutError);
    expect((error as DaytonaTimeoutError).timeoutMs).toBe(50);
    expect((error as DaytonaTimeoutError).cause).toBeDefined();
    expect((error as DaytonaTimeoutError).path).toBe(`/sandbox/${id}`);
  });

  it('a closed port gives a connection error', async () => {
    const url = await closedPortUrl();
    const { client } = createTestClient(url, { maxRetries: 0 });

    const error = await client.getHandle('sbx-1').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaConnectionError);
    expect((error as DaytonaConnectionError).cause).toBeInstanceOf(Error);
    expect((error as DaytonaConnectionError).method).toBe('GET');
  });

  it('a closed port is retried', async () => {
    const url = await closedPortUrl();
    const { client, delays } = createTestClient(url);

    const error = await client.getHandle('sbx-1').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaConnectionError);
    expect(delays).toHaveLength(2);
  });
});
