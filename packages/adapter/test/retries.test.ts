import { describe, expect, it } from 'vitest';
import {
  DaytonaAuthenticationError,
  DaytonaBadRequestError,
  DaytonaNotFoundError,
  DaytonaPermissionError,
  DaytonaRateLimitError,
  DaytonaSandboxClient,
  DaytonaServerError,
  DEFAULT_RETRY_BASE_MS,
  DEFAULT_RETRY_MAX_MS,
  type SandboxConfig,
} from '../src/index.js';
import {
  createTestClient,
  recordingLogger,
  recordingSleep,
  startRawDaytona,
  TEST_API_KEY,
  useTestDaytona,
} from './support.js';

// The fake alone, without the validating proxy: 408, 502, 503 and 504 are not in the spec, and
// these tests are about how the client treats each status, not about the spec.
const daytona = useTestDaytona(() => startRawDaytona({ transitionDelayMs: 5 }));

async function newSandboxId(): Promise<string> {
  const { client } = createTestClient(daytona.url);
  const handle = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
  return handle.id;
}

function reads(id: string) {
  return daytona.fake.requests.filter(
    (request) => request.operation === 'getSandbox' && request.path === `/sandbox/${id}`,
  );
}

/** Builds a client whose backoff jitter is fixed by `random`, with a recording sleep. */
function clientWithRandom(random: () => number, config: Partial<SandboxConfig> = {}) {
  const recorder = recordingSleep();
  const client = new DaytonaSandboxClient({
    config: { apiKey: TEST_API_KEY, apiUrl: daytona.url, timeoutMs: 2_000, ...config },
    sleep: recorder.sleep,
    random,
  });
  return { client, delays: recorder.delays };
}

describe('retry policy', () => {
  it('retries a 500 and then succeeds', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({
      operation: 'getSandbox',
      calls: [1],
      fault: { kind: 'status', status: 500 },
    });
    const { client, delays } = createTestClient(daytona.url);

    const handle = await client.getHandle(id);

    expect(handle.id).toBe(id);
    expect(reads(id).map((request) => request.status)).toEqual([500, 200]);
    expect(delays).toHaveLength(1);
  });

  it.each([408, 409, 429, 500, 502, 503, 504])('retries status %i', async (status) => {
    const id = await newSandboxId();
    daytona.fake.faults.add({
      operation: 'getSandbox',
      calls: [1],
      fault: { kind: 'status', status },
    });
    const { client } = createTestClient(daytona.url);

    await client.getHandle(id);

    expect(reads(id).map((request) => request.status)).toEqual([status, 200]);
  });

  it.each([
    [400, DaytonaBadRequestError],
    [401, DaytonaAuthenticationError],
    [403, DaytonaPermissionError],
    [404, DaytonaNotFoundError],
  ])('never retries status %i', async (status, errorClass) => {
    const id = await newSandboxId();
    daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'status', status } });
    const { client, delays } = createTestClient(daytona.url);

    const error = await client.getHandle(id).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(errorClass);
    expect(reads(id)).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('an unknown API key is not retried', async () => {
    const id = await newSandboxId();
    const { client } = createTestClient(daytona.url, { apiKey: 'dtn_unknown_key' });

    const error = await client.getHandle(id).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaAuthenticationError);
    expect(reads(id)).toHaveLength(1);
  });

  it('stops after maxRetries with a typed error', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'status', status: 500 } });
    const { client, delays } = createTestClient(daytona.url);

    const error = await client.getHandle(id).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaServerError);
    expect((error as DaytonaServerError).status).toBe(500);
    expect(reads(id)).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it('maxRetries 0 sends one request', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'status', status: 503 } });
    const { client, delays } = createTestClient(daytona.url, { maxRetries: 0 });

    const error = await client.getHandle(id).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaServerError);
    expect(reads(id)).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('retries a reset connection', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({ operation: 'getSandbox', calls: [1], fault: { kind: 'reset' } });
    const { client } = createTestClient(daytona.url);

    const handle = await client.getHandle(id);

    expect(handle.id).toBe(id);
    expect(reads(id)).toHaveLength(2);
  });

  it('retries a malformed body', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({
      operation: 'getSandbox',
      calls: [1],
      fault: { kind: 'malformed-json' },
    });
    const { client } = createTestClient(daytona.url);

    const handle = await client.getHandle(id);

    expect(handle.id).toBe(id);
    expect(reads(id)).toHaveLength(2);
  });

  it('retries a try that timed out', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({ operation: 'getSandbox', calls: [1], fault: { kind: 'hang' } });
    const { client } = createTestClient(daytona.url, { timeoutMs: 100 });

    const handle = await client.getHandle(id);

    expect(handle.id).toBe(id);
    expect(reads(id)).toHaveLength(2);
  });

  it('logs each retry with the request id', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({
      operation: 'getSandbox',
      calls: [1],
      fault: { kind: 'status', status: 503, headers: { 'X-Request-Id': 'req-7f3a' } },
    });
    const { logger, lines } = recordingLogger();
    const { client } = createTestClient(daytona.url, {}, { logger });

    await client.getHandle(id);

    expect(lines).toHaveLength(1);
    expect(lines[0]?.level).toBe('warn');
    expect(lines[0]?.fields?.requestId).toBe('req-7f3a');
    expect(lines[0]?.fields?.sandboxId).toBe(id);
    expect(lines[0]?.fields?.status).toBe(503);
    expect(lines[0]?.fields?.attempt).toBe(1);
  });
});

describe('backoff', () => {
  it('doubles per retry up to its cap', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'status', status: 500 } });
    // With the random part at its maximum, each delay is the whole exponential ceiling.
    const { client, delays } = clientWithRandom(() => 1, { maxRetries: 6 });

    await client.getHandle(id).catch(() => undefined);

    const expected = [0, 1, 2, 3, 4, 5].map((retry) =>
      Math.min(DEFAULT_RETRY_BASE_MS * 2 ** retry, DEFAULT_RETRY_MAX_MS),
    );
    expect(delays).toEqual(expected);
    expect(delays.at(-1)).toBe(DEFAULT_RETRY_MAX_MS);
  });

  it('jitter keeps at least half the delay', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'status', status: 500 } });
    const { client, delays } = clientWithRandom(() => 0, { maxRetries: 3 });

    await client.getHandle(id).catch(() => undefined);

    expect(delays).toEqual([
      DEFAULT_RETRY_BASE_MS / 2,
      DEFAULT_RETRY_BASE_MS,
      DEFAULT_RETRY_BASE_MS * 2,
    ]);
  });
});

describe('Retry-After', () => {
  it('waits at least Retry-After seconds', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({
      operation: 'getSandbox',
      calls: [1],
      fault: { kind: 'status', status: 429, retryAfterSeconds: 7 },
    });
    const { client, delays } = createTestClient(daytona.url);

    await client.getHandle(id);

    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(7_000);
  });

  it('honours a per-throttler Retry-After header alone', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({
      operation: 'startSandbox',
      calls: [1],
      fault: {
        kind: 'status',
        status: 429,
        retryAfterSeconds: 7,
        retryAfterHeader: 'Retry-After-sandbox-lifecycle',
      },
    });
    const { client, delays } = createTestClient(daytona.url);

    await client.startHandle(id);

    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(7_000);
  });

  it('fails fast when Retry-After exceeds maxRetryAfterMs', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({
      operation: 'getSandbox',
      fault: { kind: 'status', status: 429, retryAfterSeconds: 7 },
    });
    const { client, delays } = createTestClient(daytona.url, { maxRetryAfterMs: 5_000 });

    const error = await client.getHandle(id).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaRateLimitError);
    expect((error as DaytonaRateLimitError).retryAfterMs).toBe(7_000);
    expect((error as Error).message).toContain('Daytona asked to wait 7000 ms');
    expect((error as Error).message).toContain('maxRetryAfterMs');
    expect(reads(id)).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('a 429 without Retry-After uses backoff', async () => {
    const id = await newSandboxId();
    daytona.fake.faults.add({
      operation: 'getSandbox',
      calls: [1],
      fault: { kind: 'status', status: 429 },
    });
    const { client, delays } = clientWithRandom(() => 1);

    await client.getHandle(id);

    expect(delays).toEqual([DEFAULT_RETRY_BASE_MS]);
  });
});
