import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  startValidatedFakeDaytona,
  type ValidatedFakeDaytona,
  type WireListPage,
  type WireSandbox,
} from '../src/index.js';
import { type CallOptions, callFake, type FakeResponse } from './fake-support.js';

const DELAY_MS = 20;

describe('fake Daytona behind the validating proxy', () => {
  let stack: ValidatedFakeDaytona;

  // Prism sets sl-violations on any response it finds fault with, including warnings.
  const callProxy = async <T>(
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<FakeResponse<T>> => {
    const response = await callFake<T>(stack.fake, method, path, {
      ...options,
      baseUrl: stack.url,
    });
    expect(response.headers.get('sl-violations')).toBeNull();
    return response;
  };

  const waitThroughProxy = async (id: string, state: string): Promise<void> => {
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline) {
      const response = await callProxy<WireSandbox>('GET', `/sandbox/${id}`);
      if (response.body.state === state) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`Sandbox ${id} did not reach ${state} through the proxy in 2000 ms`);
  };

  beforeAll(async () => {
    stack = await startValidatedFakeDaytona({ transitionDelayMs: DELAY_MS, seed: 'proxy' });
  });

  afterEach(() => {
    stack.fake.reset();
  });

  afterAll(async () => {
    await stack.close();
  });

  test('proxy url differs from the fake', () => {
    expect(stack.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.url).not.toBe(stack.fake.url);
  });

  test('full lifecycle passes validation', async () => {
    const created = await callProxy<WireSandbox>('POST', '/sandbox', {
      body: { name: 'checked', labels: { 'biro.companyId': 'acme' }, autoStopInterval: 30 },
    });
    expect(created.status).toBe(200);
    const { id } = created.body;
    await waitThroughProxy(id, 'started');

    const labels = encodeURIComponent(JSON.stringify({ 'biro.companyId': 'acme' }));
    const listed = await callProxy<WireListPage>(
      'GET',
      `/sandbox?labels=${labels}&states=started&limit=10`,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((item) => item.id)).toEqual([id]);

    const relabelled = await callProxy('PUT', `/sandbox/${id}/labels`, {
      body: { labels: { 'biro.companyId': 'acme', extra: '1' } },
    });
    expect(relabelled.status).toBe(200);

    const autostop = await callProxy('POST', `/sandbox/${id}/autostop/0`);
    expect(autostop.status).toBe(200);

    expect((await callProxy('POST', `/sandbox/${id}/stop`)).status).toBe(200);
    await waitThroughProxy(id, 'stopped');
    expect((await callProxy('POST', `/sandbox/${id}/archive`)).status).toBe(200);
    await waitThroughProxy(id, 'archived');
    expect((await callProxy('POST', `/sandbox/${id}/start`)).status).toBe(200);
    await waitThroughProxy(id, 'started');

    const deleted = await callProxy<WireSandbox>('DELETE', `/sandbox/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.state).toBe('destroying');
  });

  test('error responses pass validation', async () => {
    const missing = await callProxy('GET', '/sandbox/sbx-missing');
    const badLabels = await callProxy('GET', '/sandbox?labels=not-json');
    await callProxy('POST', '/sandbox', { body: { name: 'twice' } });
    const duplicate = await callProxy('POST', '/sandbox', { body: { name: 'twice' } });
    const unauthorized = await callFake(stack.fake, 'GET', '/sandbox/x', {
      baseUrl: stack.url,
      authorized: false,
    });

    expect(missing.status).toBe(404);
    expect(badLabels.status).toBe(400);
    expect(duplicate.status).toBe(409);
    expect(unauthorized.status).toBe(401);
  });

  test('429 fault passes validation', async () => {
    stack.fake.faults.add({
      operation: 'createSandbox',
      fault: { kind: 'status', status: 429, retryAfterSeconds: 7 },
    });

    const response = await callProxy('POST', '/sandbox', { body: {} });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });

  test('unknown state is flagged by the proxy', async () => {
    const created = await callProxy<WireSandbox>('POST', '/sandbox', { body: {} });
    stack.fake.setState(created.body.id, 'hibernating');

    const response = await callFake<{ type: string }>(
      stack.fake,
      'GET',
      `/sandbox/${created.body.id}`,
      { baseUrl: stack.url },
    );

    expect(response.status).toBe(500);
    expect(response.body.type).toMatch(/VIOLATIONS$/);
  });

  test.each([
    ['getSandbox', 'GET', 'organizationId'],
    ['getSandbox', 'GET', 'id'],
    ['listSandboxes', 'GET', 'name'],
  ] as const)('%s without %s is flagged', async (operation, method, field) => {
    const created = await callProxy<WireSandbox>('POST', '/sandbox', {
      body: { labels: { 'biro.companyId': 'acme' } },
    });
    stack.fake.faults.add({ operation, fault: { kind: 'missing-field', field } });
    const path = operation === 'getSandbox' ? `/sandbox/${created.body.id}` : '/sandbox';

    const response = await callFake<{ type: string; validation?: { message: string }[] }>(
      stack.fake,
      method,
      path,
      { baseUrl: stack.url },
    );

    expect(response.status).toBe(500);
    expect(response.body.type).toMatch(/VIOLATIONS$/);
    expect(JSON.stringify(response.body.validation)).toContain(field);
  });

  test('missing-field reaches a direct client', async () => {
    const created = await callProxy<WireSandbox>('POST', '/sandbox', { body: {} });
    stack.fake.faults.add({
      operation: 'getSandbox',
      times: 1,
      fault: { kind: 'missing-field', field: 'organizationId' },
    });

    const response = await callFake<WireSandbox>(stack.fake, 'GET', `/sandbox/${created.body.id}`);

    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty('organizationId');
    expect(response.body.id).toBe(created.body.id);
  });

  test('503 fault passes with a warning', async () => {
    stack.fake.faults.add({ operation: 'listSandboxes', fault: { kind: 'status', status: 503 } });

    const response = await callFake(stack.fake, 'GET', '/sandbox', { baseUrl: stack.url });

    expect(response.status).toBe(503);
    expect(response.headers.get('sl-violations')).not.toBeNull();
  });
});
