import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  type FakeDaytona,
  STATE_CHANGE_IN_PROGRESS,
  startFakeDaytona,
  type WireError,
  type WireSandbox,
} from '../src/index.js';
import {
  callFake,
  createSandbox,
  delay,
  expectResponsesMatchSpec,
  waitForState,
} from './fake-support.js';

const DELAY_MS = 20;

describe('fake Daytona lifecycle', () => {
  let fake: FakeDaytona;

  beforeAll(async () => {
    fake = await startFakeDaytona({ transitionDelayMs: DELAY_MS, seed: 'lifecycle' });
  });

  afterEach(async () => {
    await expectResponsesMatchSpec(fake);
    fake.reset();
  });

  afterAll(async () => {
    await fake.close();
  });

  test('create starts in creating, then started', async () => {
    const created = await createSandbox(fake, { name: 'first' });

    expect(created.state).toBe('creating');
    expect(created.desiredState).toBe('started');

    const started = await waitForState(fake, created.id, 'started');
    // The fake's own timestamps, so a slow test machine does not count against the delay.
    const creatingMs = Date.parse(started.updatedAt ?? '') - Date.parse(created.createdAt ?? '');
    expect(creatingMs).toBeGreaterThanOrEqual(DELAY_MS - 1);
    expect(creatingMs).toBeLessThan(DELAY_MS + 250);
    expect(started.desiredState).toBe('started');
    expect(started.lastActivityAt).toBeDefined();
  });

  test('create with a Dockerfile passes the build states', async () => {
    const created = await createSandbox(fake, {
      buildInfo: { dockerfileContent: 'FROM node:22-bookworm' },
    });

    expect(created.state).toBe('pending_build');
    expect(created.buildInfo?.dockerfileContent).toBe('FROM node:22-bookworm');
    expect(created.buildInfo?.snapshotRef).toMatch(/^fake-builds\//);

    await waitForState(fake, created.id, 'building_snapshot');
    await waitForState(fake, created.id, 'started');
  });

  test('create honours the body fields', async () => {
    const body = {
      name: 'acme-agent-7',
      labels: { 'biro.companyId': 'acme', 'biro.issueId': '42' },
      env: { NODE_ENV: 'production' },
      snapshot: 'daytonaio/sandbox:0.6.0',
      target: 'eu',
      cpu: 2,
      memory: 4,
      disk: 10,
      autoStopInterval: 30,
      autoArchiveInterval: 60,
      autoDeleteInterval: 120,
    };
    const created = await createSandbox(fake, body);

    expect(created).toMatchObject(body);
    expect(created.organizationId).toBe(fake.organizationId);
    expect(created.toolboxProxyUrl).toBe(`${fake.url}/toolbox`);
  });

  test('create records the raw body', async () => {
    await createSandbox(fake, { name: 'logged', labels: { team: 'a' } });

    const [request] = fake.requests;
    expect(request?.operation).toBe('createSandbox');
    expect(request?.body).toBe('{"name":"logged","labels":{"team":"a"}}');
    expect(request?.status).toBe(200);
  });

  test('create with invalid fields returns 400', async () => {
    const response = await callFake<WireError>(fake, 'POST', '/sandbox', {
      body: { labels: { issue: 42 }, cpu: 'two' },
    });

    expect(response.status).toBe(400);
    expect(response.body.error).toBe('Bad Request');
    expect(response.body.message).toContain('labels must be an object of string values');
    expect(response.body.message).toContain('cpu must be an integer of at least 1');
    expect(fake.sandboxes()).toEqual([]);
  });

  test('create with snapshot and buildInfo returns 400', async () => {
    const response = await callFake<WireError>(fake, 'POST', '/sandbox', {
      body: { snapshot: 'x', buildInfo: { dockerfileContent: 'FROM alpine' } },
    });

    expect(response.status).toBe(400);
  });

  test('duplicate name returns 409', async () => {
    await createSandbox(fake, { name: 'taken' });
    const response = await callFake<WireError>(fake, 'POST', '/sandbox', {
      body: { name: 'taken' },
    });

    expect(response.status).toBe(409);
    expect(response.body.error).toBe('Conflict');
    expect(response.body.message).toBe('Sandbox with name taken already exists');
    expect(fake.sandboxes()).toHaveLength(1);
  });

  test('same name in another organization is allowed', async () => {
    await createSandbox(fake, { name: 'shared' });
    const other = await createSandbox(
      fake,
      { name: 'shared' },
      { 'X-Daytona-Organization-ID': 'org-other' },
    );

    expect(other.organizationId).toBe('org-other');
  });

  test('organization header scopes lookups', async () => {
    const created = await createSandbox(fake, { name: 'mine' });

    const fromOther = await callFake(fake, 'GET', `/sandbox/${created.id}`, {
      headers: { 'X-Daytona-Organization-ID': 'org-other' },
    });
    const fromOwn = await callFake(fake, 'GET', `/sandbox/${created.id}`, {
      headers: { 'X-Daytona-Organization-ID': fake.organizationId },
    });

    expect(fromOther.status).toBe(404);
    expect(fromOwn.status).toBe(200);
  });

  test('path accepts id or name', async () => {
    const created = await createSandbox(fake, { name: 'by-name' });

    const byId = await callFake<WireSandbox>(fake, 'GET', `/sandbox/${created.id}`);
    const byName = await callFake<WireSandbox>(fake, 'GET', '/sandbox/by-name');

    expect(byId.body.id).toBe(created.id);
    expect(byName.body.id).toBe(created.id);
  });

  test('path tries the id before the name', async () => {
    const first = await createSandbox(fake, { name: 'alpha' });
    // A second sandbox named after the first one's id must not shadow it.
    await createSandbox(fake, { name: first.id });

    const response = await callFake<WireSandbox>(fake, 'GET', `/sandbox/${first.id}`);

    expect(response.body.id).toBe(first.id);
  });

  test('name defaults to the id', async () => {
    const created = await createSandbox(fake);

    expect(created.name).toBe(created.id);
  });

  test('unknown sandbox returns 404', async () => {
    const response = await callFake<WireError>(fake, 'GET', '/sandbox/sbx-missing');

    expect(response.status).toBe(404);
    expect(response.body.message).toBe('Sandbox with ID or name sbx-missing not found');
  });

  test('delete passes destroying, then 404', async () => {
    const created = await createSandbox(fake, { name: 'doomed' });
    await waitForState(fake, created.id, 'started');

    const deleted = await callFake<WireSandbox>(fake, 'DELETE', `/sandbox/${created.id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.state).toBe('destroying');
    expect(deleted.body.desiredState).toBe('destroyed');
    expect(deleted.body.name).toMatch(/^DESTROYED_doomed_\d+$/);

    const during = await callFake<WireSandbox>(fake, 'GET', `/sandbox/${created.id}`);
    expect(during.body.state).toBe('destroying');

    await delay(DELAY_MS * 3);
    const after = await callFake<WireError>(fake, 'GET', `/sandbox/${created.id}`);
    expect(after.status).toBe(404);

    const again = await callFake<WireError>(fake, 'DELETE', `/sandbox/${created.id}`);
    expect(again.status).toBe(404);

    expect(fake.sandboxes()).toEqual([]);
    const [stored] = fake.sandboxes({ includeDestroyed: true });
    expect(stored?.state).toBe('destroyed');
  });

  test('failed delete can be retried', async () => {
    const created = await createSandbox(fake, { name: 'stubborn' });
    await waitForState(fake, created.id, 'started');
    const first = await callFake<WireSandbox>(fake, 'DELETE', `/sandbox/${created.id}`);
    fake.setState(created.id, 'error', { errorReason: 'runner unreachable' });

    const retried = await callFake<WireSandbox>(fake, 'DELETE', `/sandbox/${created.id}`);

    expect(retried.status).toBe(200);
    expect(retried.body.state).toBe('destroying');
    expect(retried.body.name).toBe(first.body.name);
    await delay(DELAY_MS * 3);
    expect((await callFake(fake, 'GET', `/sandbox/${created.id}`)).status).toBe(404);
  });

  test('delete frees the name at once', async () => {
    const created = await createSandbox(fake, { name: 'reused' });
    await waitForState(fake, created.id, 'started');
    await callFake(fake, 'DELETE', '/sandbox/reused');

    const byOldName = await callFake(fake, 'GET', '/sandbox/reused');
    const second = await createSandbox(fake, { name: 'reused' });

    expect(byOldName.status).toBe(404);
    expect(second.id).not.toBe(created.id);
  });

  test('delete during creating returns 409', async () => {
    const created = await createSandbox(fake);

    const response = await callFake<WireError>(fake, 'DELETE', `/sandbox/${created.id}`);

    expect(response.status).toBe(409);
    expect(response.body.message).toBe(STATE_CHANGE_IN_PROGRESS);
    expect(fake.sandboxes()[0]?.desiredState).toBe('started');
  });

  test('stop then start passes each state', async () => {
    const created = await createSandbox(fake);
    await waitForState(fake, created.id, 'started');

    const stopping = await callFake<WireSandbox>(fake, 'POST', `/sandbox/${created.id}/stop`);
    expect(stopping.body.state).toBe('stopping');
    expect(stopping.body.desiredState).toBe('stopped');
    await waitForState(fake, created.id, 'stopped');

    const starting = await callFake<WireSandbox>(fake, 'POST', `/sandbox/${created.id}/start`);
    expect(starting.body.state).toBe('starting');
    expect(starting.body.desiredState).toBe('started');
    await waitForState(fake, created.id, 'started');
  });

  test('stop with force is accepted', async () => {
    const created = await createSandbox(fake);
    await waitForState(fake, created.id, 'started');

    const response = await callFake(fake, 'POST', `/sandbox/${created.id}/stop?force=true`);

    expect(response.status).toBe(200);
    await waitForState(fake, created.id, 'stopped');
  });

  test('stop during starting returns 409', async () => {
    const created = await createSandbox(fake);
    await waitForState(fake, created.id, 'started');
    await callFake(fake, 'POST', `/sandbox/${created.id}/stop`);
    await waitForState(fake, created.id, 'stopped');
    await callFake(fake, 'POST', `/sandbox/${created.id}/start`);

    const response = await callFake<WireError>(fake, 'POST', `/sandbox/${created.id}/stop`);

    expect(response.status).toBe(409);
    expect(response.body.message).toBe(STATE_CHANGE_IN_PROGRESS);
  });

  test('start during stopping returns 409', async () => {
    const created = await createSandbox(fake);
    await waitForState(fake, created.id, 'started');
    await callFake(fake, 'POST', `/sandbox/${created.id}/stop`);

    const response = await callFake<WireError>(fake, 'POST', `/sandbox/${created.id}/start`);

    expect(response.status).toBe(409);
  });

  test('start of a started sandbox changes nothing', async () => {
    const created = await createSandbox(fake);
    await waitForState(fake, created.id, 'started');

    const response = await callFake<WireSandbox>(fake, 'POST', `/sandbox/${created.id}/start`);

    expect(response.status).toBe(200);
    expect(response.body.state).toBe('started');
  });

  test('archive of a started sandbox returns 409', async () => {
    const created = await createSandbox(fake);
    await waitForState(fake, created.id, 'started');

    const response = await callFake<WireError>(fake, 'POST', `/sandbox/${created.id}/archive`);

    expect(response.status).toBe(409);
  });

  test('archive then start restores', async () => {
    const created = await createSandbox(fake);
    await waitForState(fake, created.id, 'started');
    await callFake(fake, 'POST', `/sandbox/${created.id}/stop`);
    await waitForState(fake, created.id, 'stopped');

    const archiving = await callFake<WireSandbox>(fake, 'POST', `/sandbox/${created.id}/archive`);
    expect(archiving.body.state).toBe('archiving');
    expect(archiving.body.desiredState).toBe('archived');
    await waitForState(fake, created.id, 'archived');

    const restoring = await callFake<WireSandbox>(fake, 'POST', `/sandbox/${created.id}/start`);
    expect(restoring.body.state).toBe('restoring');
    await waitForState(fake, created.id, 'started');
  });

  test('auto-delete 0 deletes on stop', async () => {
    const created = await createSandbox(fake, { autoDeleteInterval: 0 });
    await waitForState(fake, created.id, 'started');
    await callFake(fake, 'POST', `/sandbox/${created.id}/stop`);

    await delay(DELAY_MS * 5);
    const response = await callFake(fake, 'GET', `/sandbox/${created.id}`);

    expect(response.status).toBe(404);
  });

  test('replaceLabels sets exactly the given labels', async () => {
    const created = await createSandbox(fake, { labels: { old: '1', kept: 'x' } });

    const response = await callFake(fake, 'PUT', `/sandbox/${created.id}/labels`, {
      body: { labels: { kept: 'y', added: '2' } },
    });
    const after = await callFake<WireSandbox>(fake, 'GET', `/sandbox/${created.id}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ labels: { kept: 'y', added: '2' } });
    expect(after.body.labels).toEqual({ kept: 'y', added: '2' });
  });

  test('replaceLabels without a labels map returns 400', async () => {
    const created = await createSandbox(fake);

    const response = await callFake(fake, 'PUT', `/sandbox/${created.id}/labels`, {
      body: { kept: 'y' },
    });

    expect(response.status).toBe(400);
  });

  test('setAutostopInterval stores minutes', async () => {
    const created = await createSandbox(fake);

    const response = await callFake<WireSandbox>(fake, 'POST', `/sandbox/${created.id}/autostop/0`);

    expect(response.status).toBe(200);
    expect(response.body.autoStopInterval).toBe(0);
  });

  test('setAutostopInterval rejects a fraction', async () => {
    const created = await createSandbox(fake);

    const response = await callFake(fake, 'POST', `/sandbox/${created.id}/autostop/1.5`);

    expect(response.status).toBe(400);
  });

  test('setState stores a state and stops steps', async () => {
    const created = await createSandbox(fake);

    fake.setState(created.id, 'error', { errorReason: 'disk full', recoverable: true });
    await delay(DELAY_MS * 3);
    const response = await callFake<WireSandbox>(fake, 'GET', `/sandbox/${created.id}`);

    expect(response.body.state).toBe('error');
    expect(response.body.errorReason).toBe('disk full');
    expect(response.body.recoverable).toBe(true);
  });
});

describe('fake Daytona seed', () => {
  test('same seed gives same ids', async () => {
    const createIds = async () => {
      const fake = await startFakeDaytona({ seed: 42 });
      try {
        const first = await createSandbox(fake);
        const second = await createSandbox(fake);
        return [first.id, second.id];
      } finally {
        await fake.close();
      }
    };

    const firstRun = await createIds();
    const secondRun = await createIds();

    expect(secondRun).toEqual(firstRun);
    expect(firstRun[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(firstRun[0]).not.toBe(firstRun[1]);
  });

  test('other seed gives other ids', async () => {
    const firstFake = await startFakeDaytona({ seed: 1 });
    const secondFake = await startFakeDaytona({ seed: 2 });
    try {
      const fromOne = await createSandbox(firstFake);
      const fromTwo = await createSandbox(secondFake);
      expect(fromOne.id).not.toBe(fromTwo.id);
    } finally {
      await firstFake.close();
      await secondFake.close();
    }
  });

  test('reset restarts the id sequence', async () => {
    const fake = await startFakeDaytona({ seed: 'reset' });
    try {
      const before = await createSandbox(fake);
      fake.reset();
      const after = await createSandbox(fake);

      expect(after.id).toBe(before.id);
      expect(fake.sandboxes()).toHaveLength(1);
      expect(fake.requests).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
