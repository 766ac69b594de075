import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DaytonaSandboxClient,
  DEFAULT_POLL_INITIAL_MS,
  DEFAULT_POLL_MAX_MS,
  SandboxFailedError,
  SandboxStatusUnreachableError,
  SandboxWaitTimeoutError,
} from '../src/index.js';
import {
  createTestClient,
  recordingLogger,
  startTestDaytona,
  TEST_API_KEY,
  type TestDaytona,
} from './support.js';

const TRANSITION_DELAY_MS = 20;

let daytona: TestDaytona;

beforeAll(async () => {
  daytona = await startTestDaytona({ transitionDelayMs: TRANSITION_DELAY_MS });
});

afterAll(async () => {
  await daytona?.close();
});

beforeEach(() => {
  daytona.fake.reset();
  daytona.fake.setTiming({ transitionDelayMs: TRANSITION_DELAY_MS, listLagMs: 0 });
});

/**
 * Returns a sleep that records each delay, waits one real millisecond, and runs `onSleep` with the
 * number of sleeps so far, so a test can change the fake at a chosen poll.
 */
function scriptedSleep(onSleep: (count: number) => void) {
  const delays: number[] = [];
  const sleep = async (ms: number) => {
    delays.push(ms);
    onSleep(delays.length);
    await new Promise((resolve) => setTimeout(resolve, 1));
  };
  return { sleep, delays };
}

function scriptedClient(onSleep: (count: number) => void) {
  const scripted = scriptedSleep(onSleep);
  const client = new DaytonaSandboxClient({
    config: { apiKey: TEST_API_KEY, apiUrl: daytona.url, timeoutMs: 2_000 },
    sleep: scripted.sleep,
  });
  return { client, delays: scripted.delays };
}

function liveSandboxIds(): string[] {
  return daytona.fake.sandboxes().map((sandbox) => sandbox.id);
}

function requestsFor(id: string, method: string): number {
  return daytona.fake.requests.filter(
    (request) => request.method === method && request.path === `/sandbox/${id}`,
  ).length;
}

describe('waitForStatus', () => {
  it('polls until the sandbox is started', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });

    const ready = await client.waitForStatus(handle.id, 'ready');

    expect(ready.state).toBe('started');
    expect(ready.status).toBe('ready');
    expect(requestsFor(handle.id, 'GET')).toBeGreaterThanOrEqual(1);
  });

  it('poll interval doubles up to its cap', async () => {
    const polls = 8;
    let sandboxId = '';
    const { client, delays } = scriptedClient((count) => {
      if (count === polls) daytona.fake.setState(sandboxId, 'started');
    });
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    sandboxId = handle.id;
    // Holding the sandbox in creating keeps the wait polling until the script releases it.
    daytona.fake.setState(handle.id, 'creating');

    await client.waitForStatus(handle.id, 'ready', { timeoutMs: 60_000 });

    const expected: number[] = [];
    for (let interval = DEFAULT_POLL_INITIAL_MS; expected.length < polls; interval *= 2) {
      expected.push(Math.min(interval, DEFAULT_POLL_MAX_MS));
    }
    expect(delays).toEqual(expected);
    expect(delays.at(-1)).toBe(DEFAULT_POLL_MAX_MS);
  });

  it('ends early when the sandbox is in error', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    daytona.fake.setState(handle.id, 'error', { errorReason: 'runner out of disk' });

    const error = await client
      .waitForStatus(handle.id, 'ready', { timeoutMs: 60_000 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxFailedError);
    expect((error as SandboxFailedError).sandboxId).toBe(handle.id);
    expect((error as SandboxFailedError).state).toBe('error');
    expect((error as SandboxFailedError).errorReason).toBe('runner out of disk');
    expect(requestsFor(handle.id, 'GET')).toBe(1);
  });

  it('ends early when the build failed', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({
      companyId: 'acme',
      agentId: 'planner',
      image: 'node:22-bookworm',
    });
    daytona.fake.setState(handle.id, 'build_failed', { errorReason: 'FROM image not found' });

    const error = await client
      .waitForStatus(handle.id, 'ready', { timeoutMs: 60_000 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxFailedError);
    expect((error as SandboxFailedError).sandboxId).toBe(handle.id);
    expect((error as SandboxFailedError).state).toBe('build_failed');
    expect((error as SandboxFailedError).errorReason).toBe('FROM image not found');
  });

  it('waiting for error accepts a failed sandbox', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    daytona.fake.setState(handle.id, 'error', { errorReason: 'runner out of disk' });

    const failed = await client.waitForStatus(handle.id, 'error', { timeoutMs: 60_000 });

    expect(failed.status).toBe('error');
    expect(failed.errorReason).toBe('runner out of disk');
  });

  it('times out naming the sandbox and its last state', async () => {
    const { client } = createTestClient(daytona.url);
    daytona.fake.setTiming({ transitionDelayMs: 60_000 });
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });

    const error = await client
      .waitForStatus(handle.id, 'ready', { timeoutMs: 100 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxWaitTimeoutError);
    expect((error as SandboxWaitTimeoutError).sandboxId).toBe(handle.id);
    expect((error as SandboxWaitTimeoutError).lastState).toBe('creating');
    expect((error as SandboxWaitTimeoutError).expectedStatus).toBe('ready');
    expect((error as SandboxWaitTimeoutError).timeoutMs).toBe(100);
    expect((error as Error).message).toContain(handle.id);
    expect((error as Error).message).toContain('creating');
  });

  it('ends at its deadline while a read hangs', async () => {
    const { client } = createTestClient(daytona.url, { timeoutMs: 10_000 });
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'hang' } });
    const startedAt = Date.now();

    const error = await client
      .waitForStatus(handle.id, 'ready', { timeoutMs: 100 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxWaitTimeoutError);
    expect((error as SandboxWaitTimeoutError).lastState).toBeNull();
    expect(Date.now() - startedAt).toBeLessThan(1_000);
  });
});

describe('createHandle with waitUntilReady', () => {
  it('returns a ready handle', async () => {
    const { client } = createTestClient(daytona.url);

    const handle = await client.createHandle(
      { companyId: 'acme', agentId: 'planner' },
      { waitUntilReady: true },
    );

    expect(handle.status).toBe('ready');
    expect(handle.state).toBe('started');
  });

  it('tears down a sandbox that failed while starting', async () => {
    const { logger, lines } = recordingLogger();
    daytona.fake.setTiming({ transitionDelayMs: 60_000 });
    // The first poll's sleep moves the new sandbox to error, as a failed boot would.
    const { sleep } = scriptedSleep((count) => {
      if (count !== 1) return;
      for (const id of liveSandboxIds()) {
        daytona.fake.setState(id, 'error', { errorReason: 'runner lost' });
      }
      // The teardown that follows then finishes quickly.
      daytona.fake.setTiming({ transitionDelayMs: TRANSITION_DELAY_MS });
    });
    const client = new DaytonaSandboxClient({
      config: { apiKey: TEST_API_KEY, apiUrl: daytona.url, timeoutMs: 2_000 },
      sleep,
      logger,
    });

    const error = await client
      .createHandle({ companyId: 'acme', agentId: 'planner' }, { waitUntilReady: true })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxFailedError);
    const sandboxId = (error as SandboxFailedError).sandboxId;
    expect(requestsFor(sandboxId, 'DELETE')).toBe(1);
    const stored = daytona.fake.sandboxes({ includeDestroyed: true });
    expect(stored.find((sandbox) => sandbox.id === sandboxId)?.desiredState).toBe('destroyed');
    const teardownLine = lines.find((line) => line.fields?.sandboxId === sandboxId);
    expect(teardownLine?.message).toBe('Tore down a sandbox that did not become ready');
    expect((error as SandboxFailedError).tornDown).toBe(true);
    expect((error as Error).message).toContain("onWaitFailure: 'keep'");
  });

  it('tears down a sandbox still creating at the deadline', async () => {
    // Slow enough to miss a 30 ms deadline, fast enough for the teardown's 409 retries to end.
    daytona.fake.setTiming({ transitionDelayMs: 200 });
    const { client } = createTestClient(daytona.url);

    const error = await client
      .createHandle(
        { companyId: 'acme', agentId: 'planner' },
        { waitUntilReady: true, waitTimeoutMs: 30 },
      )
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxWaitTimeoutError);
    const sandboxId = (error as SandboxWaitTimeoutError).sandboxId;
    const stored = daytona.fake.sandboxes({ includeDestroyed: true });
    expect(stored.find((sandbox) => sandbox.id === sandboxId)?.desiredState).toBe('destroyed');
    expect((error as SandboxWaitTimeoutError).tornDown).toBe(true);
    expect((error as Error).message).toContain('waitTimeoutMs');
  });

  it('keeps the sandbox when asked to', async () => {
    const { client } = createTestClient(daytona.url);
    daytona.fake.setTiming({ transitionDelayMs: 60_000 });

    const error = await client
      .createHandle(
        { companyId: 'acme', agentId: 'planner' },
        { waitUntilReady: true, waitTimeoutMs: 30, onWaitFailure: 'keep' },
      )
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxWaitTimeoutError);
    const sandboxId = (error as SandboxWaitTimeoutError).sandboxId;
    expect(requestsFor(sandboxId, 'DELETE')).toBe(0);
    expect(liveSandboxIds()).toEqual([sandboxId]);
    expect((error as SandboxWaitTimeoutError).tornDown).toBe(false);
  });
});

describe('waiting for ready on a stopped sandbox', () => {
  it('ends early as unreachable', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    await client.waitForStatus(handle.id, 'ready');
    await client.shutdownHandle(handle.id, { wait: true });

    const error = await client
      .waitForStatus(handle.id, 'ready', { timeoutMs: 60_000 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxStatusUnreachableError);
    expect((error as SandboxStatusUnreachableError).desiredState).toBe('stopped');
    expect((error as Error).message).toContain('startHandle');
    expect(requestsFor(handle.id, 'GET')).toBeLessThan(20);
  });

  it('waits through a start', async () => {
    const { client } = createTestClient(daytona.url);
    const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    await client.waitForStatus(handle.id, 'ready');
    await client.shutdownHandle(handle.id, { wait: true });

    await client.startHandle(handle.id);
    const ready = await client.waitForStatus(handle.id, 'ready');

    expect(ready.status).toBe('ready');
  });
});
