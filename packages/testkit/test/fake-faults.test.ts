import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  type FakeDaytona,
  startFakeDaytona,
  type WireError,
  type WireListPage,
  type WireSandbox,
} from '../src/index.js';
import { callFake, createSandbox, delay, waitForState } from './fake-support.js';

const DELAY_MS = 20;

describe('fake Daytona faults', () => {
  let fake: FakeDaytona;

  const createRaw = (body: unknown = {}) =>
    fetch(`${fake.url}/sandbox`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    fake = await startFakeDaytona({ transitionDelayMs: DELAY_MS, seed: 'faults' });
  });

  afterEach(() => {
    fake.reset();
    fake.setTiming({ listLagMs: 0 });
  });

  afterAll(async () => {
    await fake.close();
  });

  test('429 sends Retry-After', async () => {
    fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'status', status: 429, retryAfterSeconds: 7 },
    });

    const limited = await callFake<WireError>(fake, 'POST', '/sandbox', { body: {} });
    const retried = await callFake(fake, 'POST', '/sandbox', { body: {} });

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.body.error).toBe('Too Many Requests');
    expect(limited.body.statusCode).toBe(429);
    expect(retried.status).toBe(200);
    expect(fake.sandboxes()).toHaveLength(1);
  });

  test('429 sends only a throttler header', async () => {
    fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: {
        kind: 'status',
        status: 429,
        retryAfterSeconds: 7,
        retryAfterHeader: 'Retry-After-sandbox-create',
      },
    });

    const limited = await callFake<WireError>(fake, 'POST', '/sandbox', { body: {} });

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after-sandbox-create')).toBe('7');
    expect(limited.headers.has('retry-after')).toBe(false);
    expect(fake.sandboxes()).toEqual([]);
  });

  test.each([
    [500, 'Internal Server Error'],
    [503, 'Service Unavailable'],
  ])('%i fault leaves state unchanged', async (status, reason) => {
    fake.faults.add({ operation: 'createSandbox', fault: { kind: 'status', status } });

    const response = await callFake<WireError>(fake, 'POST', '/sandbox', { body: {} });

    expect(response.status).toBe(status);
    expect(response.body.error).toBe(reason);
    expect(response.body.path).toBe('/sandbox');
    expect(fake.sandboxes()).toEqual([]);
    expect(fake.requests[0]?.fault).toBe('status');
  });

  test('409 leaves the sandbox alone', async () => {
    const created = await createSandbox(fake);
    await waitForState(fake, created.id, 'started');
    fake.faults.add({
      operation: 'deleteSandbox',
      calls: [1],
      fault: { kind: 'status', status: 409 },
    });

    const refused = await callFake<WireError>(fake, 'DELETE', `/sandbox/${created.id}`);
    const accepted = await callFake<WireSandbox>(fake, 'DELETE', `/sandbox/${created.id}`);

    expect(refused.status).toBe(409);
    expect(refused.body.message).toBe('Sandbox state change in progress');
    expect(accepted.status).toBe(200);
    expect(accepted.body.state).toBe('destroying');
  });

  test('status fault counts calls per operation', async () => {
    const created = await createSandbox(fake);
    fake.faults.add({
      operation: 'getSandbox',
      calls: [2],
      fault: { kind: 'status', status: 500 },
    });

    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await callFake(fake, 'GET', `/sandbox/${created.id}`)).status);
    }

    expect(statuses).toEqual([200, 500, 200]);
    expect(fake.requests.map((request) => request.callNumber)).toEqual([1, 1, 2, 3]);
  });

  test('times limits how often a rule applies', async () => {
    const handle = fake.faults.add({
      operation: '*',
      times: 2,
      fault: { kind: 'status', status: 503 },
    });

    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await callFake(fake, 'GET', '/sandbox')).status);
    }

    expect(statuses).toEqual([503, 503, 200]);
    expect(handle.appliedCount).toBe(2);
  });

  test('removed rule stops applying', async () => {
    const handle = fake.faults.add({
      operation: 'listSandboxes',
      fault: { kind: 'status', status: 500 },
    });

    const before = await callFake(fake, 'GET', '/sandbox');
    handle.remove();
    const after = await callFake(fake, 'GET', '/sandbox');

    expect(before.status).toBe(500);
    expect(after.status).toBe(200);
  });

  test('probability is the same for the same seed', async () => {
    const runFaultSequence = async () => {
      const seeded = await startFakeDaytona({ seed: 'probability' });
      try {
        seeded.faults.add({
          operation: 'listSandboxes',
          probability: 0.5,
          fault: { kind: 'status', status: 500 },
        });
        const statuses: number[] = [];
        for (let i = 0; i < 20; i += 1) {
          statuses.push((await callFake(seeded, 'GET', '/sandbox')).status);
        }
        return statuses;
      } finally {
        await seeded.close();
      }
    };

    const first = await runFaultSequence();
    const second = await runFaultSequence();

    expect(second).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
  });

  test('invalid rule is rejected', () => {
    expect(() =>
      fake.faults.add({ operation: 'getSandbox', calls: [0], fault: { kind: 'hang' } }),
    ).toThrow(TypeError);
    expect(() =>
      fake.faults.add({ operation: 'getSandbox', fault: { kind: 'status', status: 200 } }),
    ).toThrow(TypeError);
  });

  test('latency delays a normal response', async () => {
    fake.faults.add({ operation: 'listSandboxes', fault: { kind: 'latency', delayMs: 150 } });

    const startedAt = Date.now();
    const response = await callFake(fake, 'GET', '/sandbox');

    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(140);
    expect(response.status).toBe(200);
  });

  test('hang ends by AbortSignal', async () => {
    fake.faults.add({ operation: 'createSandbox', fault: { kind: 'hang' } });

    const call = callFake(fake, 'POST', '/sandbox', {
      body: {},
      signal: AbortSignal.timeout(100),
    });

    await expect(call).rejects.toThrow(/aborted|timeout/i);
    expect(fake.sandboxes()).toEqual([]);
    expect(fake.requests[0]?.fault).toBe('hang');
    expect(fake.requests[0]?.status).toBeUndefined();
  });

  test('hang ends when the fake closes', async () => {
    const closing = await startFakeDaytona();
    closing.faults.add({ operation: 'listSandboxes', fault: { kind: 'hang' } });

    const call = callFake(closing, 'GET', '/sandbox');
    await delay(50);
    await closing.close();

    await expect(call).rejects.toThrow();
  });

  test('reset before acting creates nothing', async () => {
    fake.faults.add({ operation: 'createSandbox', fault: { kind: 'reset', when: 'before' } });

    await expect(createRaw({ name: 'never' })).rejects.toThrow(/fetch failed/);
    expect(fake.sandboxes()).toEqual([]);
    expect(fake.requests[0]?.fault).toBe('reset');
  });

  test('reset after acting leaves the sandbox', async () => {
    fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'reset', when: 'after' },
    });

    await expect(createRaw({ name: 'orphan', labels: { attempt: 'a1' } })).rejects.toThrow(
      /fetch failed/,
    );

    const stored = fake.sandboxes();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.name).toBe('orphan');
    expect(stored[0]?.labels).toEqual({ attempt: 'a1' });
    expect(fake.requests[0]?.status).toBeUndefined();

    const found = await callFake<WireSandbox>(fake, 'GET', '/sandbox/orphan');
    expect(found.status).toBe(200);
  });

  test('malformed JSON after acting', async () => {
    fake.faults.add({ operation: 'createSandbox', fault: { kind: 'malformed-json' } });

    const response = await createRaw({ name: 'garbled' });
    const text = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
    expect(fake.sandboxes()).toHaveLength(1);
  });

  test('unknown-state fault rewrites responses only', async () => {
    const created = await createSandbox(fake);
    await waitForState(fake, created.id, 'started');
    fake.faults.add({ operation: 'getSandbox', times: 1, fault: { kind: 'unknown-state' } });

    const faulted = await callFake<WireSandbox>(fake, 'GET', `/sandbox/${created.id}`);
    const truthful = await callFake<WireSandbox>(fake, 'GET', `/sandbox/${created.id}`);

    expect(faulted.body.state).toBe('hibernating');
    expect(truthful.body.state).toBe('started');
  });

  test('unknown-state fault covers every list item', async () => {
    await createSandbox(fake);
    await createSandbox(fake);
    fake.faults.add({
      operation: 'listSandboxes',
      fault: { kind: 'unknown-state', state: 'frozen' },
    });

    const page = await callFake<WireListPage>(fake, 'GET', '/sandbox');

    expect(page.body.items.map((item) => item.state)).toEqual(['frozen', 'frozen']);
  });

  test('stored unknown state shows in get and list', async () => {
    const odd = await createSandbox(fake, { name: 'odd' });
    const normal = await createSandbox(fake, { name: 'normal' });
    await waitForState(fake, normal.id, 'started');
    fake.setState(odd.id, 'hibernating');

    const got = await callFake<WireSandbox>(fake, 'GET', '/sandbox/odd');
    const page = await callFake<WireListPage>(fake, 'GET', '/sandbox?sort=name&order=asc');

    expect(got.body.state).toBe('hibernating');
    expect(page.body.items.map((item) => [item.name, item.state])).toEqual([
      ['normal', 'started'],
      ['odd', 'hibernating'],
    ]);
  });

  test('start recovers from unknown state', async () => {
    const created = await createSandbox(fake);
    fake.setState(created.id, 'hibernating');

    const response = await callFake<WireSandbox>(fake, 'POST', `/sandbox/${created.id}/start`);

    expect(response.body.state).toBe('starting');
    await waitForState(fake, created.id, 'started');
  });

  test('missing-state fault drops the field', async () => {
    const created = await createSandbox(fake);
    fake.faults.add({ operation: 'getSandbox', fault: { kind: 'missing-state' } });

    const response = await callFake<WireSandbox>(fake, 'GET', `/sandbox/${created.id}`);

    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('state');
    expect(response.body.id).toBe(created.id);
  });

  test('stored missing state shows in the list', async () => {
    const created = await createSandbox(fake);
    fake.setState(created.id, null);

    const page = await callFake<WireListPage>(fake, 'GET', '/sandbox');

    expect(page.body.items).toHaveLength(1);
    expect(page.body.items[0]).not.toHaveProperty('state');
  });

  test('list lag shows the old state', async () => {
    fake.setTiming({ listLagMs: 200 });
    const created = await createSandbox(fake, { name: 'lagging' });
    await waitForState(fake, created.id, 'started');
    // Past the lag, so the list has caught up with the started sandbox before the delete.
    await delay(220);

    await callFake(fake, 'DELETE', `/sandbox/${created.id}`);
    await delay(DELAY_MS * 3);

    const byId = await callFake(fake, 'GET', `/sandbox/${created.id}`);
    const lagged = await callFake<WireListPage>(fake, 'GET', '/sandbox');
    expect(byId.status).toBe(404);
    expect(lagged.body.items.map((item) => [item.name, item.state])).toEqual([
      ['lagging', 'started'],
    ]);

    await delay(200);
    const caughtUp = await callFake<WireListPage>(fake, 'GET', '/sandbox');
    expect(caughtUp.body.items).toEqual([]);
  });

  test('list lag hides a new sandbox', async () => {
    fake.setTiming({ listLagMs: 100 });
    const created = await createSandbox(fake);

    const early = await callFake<WireListPage>(fake, 'GET', '/sandbox');
    const byId = await callFake(fake, 'GET', `/sandbox/${created.id}`);
    await delay(150);
    const late = await callFake<WireListPage>(fake, 'GET', '/sandbox');

    expect(early.body.items).toEqual([]);
    expect(byId.status).toBe(200);
    expect(late.body.items.map((item) => item.id)).toEqual([created.id]);
  });
});

describe('reset during a delayed request', () => {
  test('drops the request so it cannot act', async () => {
    const fake = await startFakeDaytona({ transitionDelayMs: 5 });
    try {
      fake.faults.add({ operation: 'createSandbox', fault: { kind: 'latency', delayMs: 100 } });
      const pending = fetch(`${fake.url}/sandbox`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fake.apiKey}`, 'content-type': 'application/json' },
        body: '{}',
      }).catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 20));

      fake.reset();
      const outcome = await pending;
      await new Promise((resolve) => setTimeout(resolve, 120));

      expect(outcome).toBeInstanceOf(Error);
      expect(fake.sandboxes()).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});
