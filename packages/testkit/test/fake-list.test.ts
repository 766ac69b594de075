import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  type FakeDaytona,
  startFakeDaytona,
  type WireError,
  type WireListPage,
} from '../src/index.js';
import {
  callFake,
  createSandbox,
  delay,
  expectResponsesMatchSpec,
  waitForState,
} from './fake-support.js';

const DELAY_MS = 20;

function labelsQuery(labels: Record<string, unknown>): string {
  return `labels=${encodeURIComponent(JSON.stringify(labels))}`;
}

describe('fake Daytona list', () => {
  let fake: FakeDaytona;

  const list = (query = '') => callFake<WireListPage>(fake, 'GET', `/sandbox${query}`);
  const listNames = async (query = '') => (await list(query)).body.items.map((item) => item.name);

  beforeAll(async () => {
    fake = await startFakeDaytona({ transitionDelayMs: DELAY_MS, seed: 'list' });
  });

  afterEach(async () => {
    await expectResponsesMatchSpec(fake);
    fake.reset();
  });

  afterAll(async () => {
    await fake.close();
  });

  test('labels match by containment', async () => {
    await createSandbox(fake, { name: 'both', labels: { company: 'ac,me"', issue: '42' } });
    await createSandbox(fake, { name: 'company-only', labels: { company: 'ac,me"' } });
    await createSandbox(fake, { name: 'other-issue', labels: { company: 'ac,me"', issue: '7' } });

    const both = await listNames(`?${labelsQuery({ company: 'ac,me"', issue: '42' })}`);
    const company = await listNames(`?${labelsQuery({ company: 'ac,me"' })}`);

    expect(both).toEqual(['both']);
    expect(company.sort()).toEqual(['both', 'company-only', 'other-issue']);
  });

  test('label number never matches a string', async () => {
    await createSandbox(fake, { labels: { issue: '42' } });

    const names = await listNames(`?${labelsQuery({ issue: 42 })}`);

    expect(names).toEqual([]);
  });

  test('labels that are not JSON return 400', async () => {
    const response = await callFake<WireError>(fake, 'GET', '/sandbox?labels=company:acme');

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('Bad Request');
    expect(response.body.message).toBe('Invalid labels JSON format');
  });

  test('labels that are a JSON array return 400', async () => {
    const response = await callFake<WireError>(
      fake,
      'GET',
      `/sandbox?labels=${encodeURIComponent('["a"]')}`,
    );

    expect(response.status).toBe(400);
    expect(response.body.message).toBe('Invalid labels JSON format');
  });

  test('states filter keeps listed states', async () => {
    const running = await createSandbox(fake, { name: 'running' });
    const halted = await createSandbox(fake, { name: 'halted' });
    const fresh = await createSandbox(fake, { name: 'new' });
    fake.setState(running.id, 'started');
    fake.setState(halted.id, 'stopped');
    // Held in creating, so the test does not depend on how fast it runs.
    fake.setState(fresh.id, 'creating');

    const startedOnly = await listNames('?states=started');
    const startedOrStopped = await listNames('?states=started&states=stopped');

    expect(startedOnly).toEqual(['running']);
    expect(startedOrStopped.sort()).toEqual(['halted', 'running']);
  });

  test('comma-joined states return 400', async () => {
    const response = await callFake<WireError>(fake, 'GET', '/sandbox?states=started,stopped');

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('started,stopped');
  });

  test('unknown state returns 400', async () => {
    const response = await callFake<WireError>(fake, 'GET', '/sandbox?states=running');

    expect(response.status).toBe(400);
  });

  test('errored deleted hidden by default', async () => {
    const failed = await createSandbox(fake, { name: 'failed-delete' });
    const broken = await createSandbox(fake, { name: 'failed-build' });
    const plain = await createSandbox(fake, { name: 'plain-error' });
    fake.setState(failed.id, 'error', { desiredState: 'destroyed' });
    fake.setState(broken.id, 'build_failed', { desiredState: 'destroyed' });
    fake.setState(plain.id, 'error');

    const hidden = await listNames();
    const shown = await listNames('?includeErroredDeleted=true');

    expect(hidden).toEqual(['plain-error']);
    expect(shown.sort()).toEqual(['failed-build', 'failed-delete', 'plain-error']);
  });

  test('destroyed sandboxes are not listed', async () => {
    const created = await createSandbox(fake, { name: 'gone' });
    await waitForState(fake, created.id, 'started');
    await callFake(fake, 'DELETE', `/sandbox/${created.id}`);

    const during = await listNames();
    await delay(DELAY_MS * 3);
    const after = await listNames();

    expect(during).toHaveLength(1);
    expect(after).toEqual([]);
  });

  test('201 sandboxes give two pages', async () => {
    for (let i = 0; i < 201; i += 1) {
      await createSandbox(fake, { name: `sbx-${String(i).padStart(3, '0')}` });
    }

    const first = await list('?limit=200');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(200);
    expect(typeof first.body.nextCursor).toBe('string');

    const cursor = encodeURIComponent(first.body.nextCursor ?? '');
    const second = await list(`?limit=200&cursor=${cursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();

    const ids = [...first.body.items, ...second.body.items].map((item) => item.id);
    expect(new Set(ids).size).toBe(201);
  });

  test('default limit is 100', async () => {
    for (let i = 0; i < 101; i += 1) {
      await createSandbox(fake);
    }

    const page = await list();

    expect(page.body.items).toHaveLength(100);
    expect(page.body.nextCursor).not.toBeNull();
  });

  test('single page has null cursor', async () => {
    await createSandbox(fake);

    const page = await list();

    expect(page.body.nextCursor).toBeNull();
  });

  test.each(['0', '201', '1.5', 'ten'])('limit %s returns 400', async (limit) => {
    const response = await callFake<WireError>(fake, 'GET', `/sandbox?limit=${limit}`);

    expect(response.status).toBe(400);
    expect(response.body.message).toContain('limit must be an integer from 1 to 200');
  });

  test('invalid cursor returns 400', async () => {
    const response = await callFake<WireError>(fake, 'GET', '/sandbox?cursor=not-a-cursor');

    expect(response.status).toBe(400);
  });

  test('pages stay stable across inserts', async () => {
    for (const name of ['a', 'b', 'c', 'd']) {
      await createSandbox(fake, { name });
    }

    const first = await list('?limit=2&sort=name&order=asc');
    await createSandbox(fake, { name: 'aa' });
    const cursor = encodeURIComponent(first.body.nextCursor ?? '');
    const second = await list(`?limit=2&sort=name&order=asc&cursor=${cursor}`);

    expect(first.body.items.map((item) => item.name)).toEqual(['a', 'b']);
    expect(second.body.items.map((item) => item.name)).toEqual(['c', 'd']);
    expect(second.body.nextCursor).toBeNull();
  });

  test('sort by name in both orders', async () => {
    for (const name of ['delta', 'alpha', 'charlie', 'bravo']) {
      await createSandbox(fake, { name });
    }

    expect(await listNames('?sort=name&order=asc')).toEqual(['alpha', 'bravo', 'charlie', 'delta']);
    expect(await listNames('?sort=name&order=desc')).toEqual([
      'delta',
      'charlie',
      'bravo',
      'alpha',
    ]);
  });

  test('sort by createdAt in both orders', async () => {
    for (const name of ['first', 'second', 'third']) {
      await createSandbox(fake, { name });
      // Distinct timestamps, so the order comes from createdAt and not the tie-break.
      await delay(2);
    }

    expect(await listNames('?sort=createdAt&order=asc')).toEqual(['first', 'second', 'third']);
    expect(await listNames('?sort=createdAt&order=desc')).toEqual(['third', 'second', 'first']);
    expect(await listNames()).toEqual(['third', 'second', 'first']);
  });

  test('id and name filters match prefixes', async () => {
    const created = await createSandbox(fake, { name: 'Worker-1' });
    await createSandbox(fake, { name: 'other' });

    const byName = await listNames('?name=worker');
    const byId = await listNames(`?id=${created.id.slice(0, 8).toUpperCase()}`);

    expect(byName).toEqual(['Worker-1']);
    expect(byId).toEqual(['Worker-1']);
  });

  test('list shows only the organization', async () => {
    await createSandbox(fake, { name: 'home' });
    await createSandbox(fake, { name: 'away' }, { 'X-Daytona-Organization-ID': 'org-other' });

    const home = await listNames();
    const away = await callFake<WireListPage>(fake, 'GET', '/sandbox', {
      headers: { 'X-Daytona-Organization-ID': 'org-other' },
    });

    expect(home).toEqual(['home']);
    expect(away.body.items.map((item) => item.name)).toEqual(['away']);
  });

  test('list items leave out env', async () => {
    await createSandbox(fake, { env: { SECRET_TOKEN: 'x' } });

    const page = await list();

    expect(page.body.items[0]).not.toHaveProperty('env');
  });
});
