import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type FakeDaytona, startFakeDaytona, type WireError } from '../src/index.js';
import { callFake, expectResponsesMatchSpec } from './fake-support.js';

describe('fake Daytona auth', () => {
  let fake: FakeDaytona;

  beforeAll(async () => {
    fake = await startFakeDaytona({ apiKey: 'key-for-auth-tests' });
  });

  afterEach(async () => {
    await expectResponsesMatchSpec(fake);
    fake.reset();
  });

  afterAll(async () => {
    await fake.close();
  });

  test('url is loopback with a port', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('missing token returns 401', async () => {
    const response = await callFake<WireError>(fake, 'GET', '/sandbox', { authorized: false });

    expect(response.status).toBe(401);
    expect(response.body.statusCode).toBe(401);
    expect(response.body.error).toBe('Unauthorized');
    expect(response.body.message).toBe('Unauthorized');
    expect(response.body.path).toBe('/sandbox');
    expect(Number.isNaN(Date.parse(response.body.timestamp))).toBe(false);
  });

  test('wrong token returns 401', async () => {
    const response = await callFake<WireError>(fake, 'POST', '/sandbox', {
      authorized: false,
      headers: { authorization: 'Bearer not-the-key' },
      body: {},
    });

    expect(response.status).toBe(401);
    expect(fake.sandboxes()).toEqual([]);
  });

  test('right token is accepted', async () => {
    const response = await callFake(fake, 'GET', '/sandbox');

    expect(response.status).toBe(200);
  });

  test('request log hides the token', async () => {
    await callFake(fake, 'GET', '/sandbox');

    const [request] = fake.requests;
    expect(request?.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(fake.requests)).not.toContain('key-for-auth-tests');
  });

  test('unknown path returns 404', async () => {
    const response = await callFake<WireError>(fake, 'GET', '/snapshots');

    expect(response.status).toBe(404);
    expect(response.body.error).toBe('Not Found');
    expect(fake.requests[0]?.operation).toBeUndefined();
  });
});
