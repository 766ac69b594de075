import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaytonaBadRequestError } from '../src/index.js';
import {
  createTestClient,
  startRawDaytona,
  startTestDaytona,
  TEST_API_KEY,
  type TestDaytona,
  useTestDaytona,
} from './support.js';

const daytona = useTestDaytona(() => startTestDaytona());

/** Creates a sandbox straight through the API, with exactly the given labels. */
async function createRaw(url: string, labels: Record<string, string>): Promise<string> {
  const response = await fetch(`${url}/sandbox`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ labels }),
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { id: string }).id;
}

function listRequests() {
  return daytona.fake.requests.filter((request) => request.operation === 'listSandboxes');
}

/** A fetch that records the URL of every request the client sends, before any proxy receives it. */
function urlRecordingFetch() {
  const urls: string[] = [];
  const fetchImpl: typeof fetch = (input, init) => {
    urls.push(input instanceof Request ? input.url : String(input));
    return fetch(input, init);
  };
  return { fetchImpl, urls };
}

describe('listHandles', () => {
  it('sends labels as one JSON query value', async () => {
    const recorder = urlRecordingFetch();
    const { client } = createTestClient(daytona.url, {}, { fetchImpl: recorder.fetchImpl });
    const labels = { 'biro.companyId': 'ac,me"', 'biro.issueId': '42' };
    const both = await createRaw(daytona.url, { ...labels, 'biro.agentId': 'a1' });
    await createRaw(daytona.url, {
      'biro.companyId': 'ac,me"',
      'biro.issueId': '43',
      'biro.agentId': 'a1',
    });
    await createRaw(daytona.url, {
      'biro.companyId': 'ac,me',
      'biro.issueId': '42',
      'biro.agentId': 'a1',
    });

    const handles = await client.listHandles({ companyId: 'ac,me"', issueId: '42' });

    expect(handles.map((handle) => handle.id)).toEqual([both]);
    const [url] = recorder.urls;
    const rawQuery = new URL(url ?? 'http://invalid').search;
    expect(rawQuery).toContain(`labels=${encodeURIComponent(JSON.stringify(labels))}`);
    expect(new URLSearchParams(rawQuery).getAll('labels')).toEqual([JSON.stringify(labels)]);
    expect(rawQuery).not.toMatch(/labels%5B|labels\[/i);
    expect(decodeURIComponent(rawQuery)).not.toContain('biro.companyId:');
    expect(listRequests()[0]?.query.labels).toEqual([JSON.stringify(labels)]);
  });

  it('sends label values as strings', async () => {
    const { client } = createTestClient(daytona.url);

    await client.listHandles({ companyId: 'acme', issueId: '42' });

    const [labels] = listRequests()[0]?.query.labels ?? [];
    expect(JSON.parse(labels ?? '')).toEqual({ 'biro.companyId': 'acme', 'biro.issueId': '42' });
  });

  it('sends a status as repeated states', async () => {
    const recorder = urlRecordingFetch();
    const { client } = createTestClient(daytona.url, {}, { fetchImpl: recorder.fetchImpl });

    await client.listHandles({ companyId: 'acme', status: 'stopped' });

    const expected = [
      'stopping',
      'stopped',
      'pausing',
      'paused',
      'archiving',
      'archived',
      'destroying',
      'destroyed',
    ];
    const rawQuery = new URL(recorder.urls[0] ?? 'http://invalid').search;
    expect(new URLSearchParams(rawQuery).getAll('states')).toEqual(expected);
    expect(rawQuery).toContain('states=stopping&states=stopped');
    expect(rawQuery).not.toMatch(/states=[^&]*(%2C|,)/i);
    expect(listRequests()[0]?.query.states).toEqual(expected);
  });

  it('filters by company, agent and status', async () => {
    const { client } = createTestClient(daytona.url);
    const planner = await client.createHandle({ companyId: 'acme', agentId: 'planner' });
    const coder = await client.createHandle({ companyId: 'acme', agentId: 'coder' });
    const other = await client.createHandle({ companyId: 'globex', agentId: 'planner' });
    await client.waitForStatus(planner.id, 'ready');
    await client.shutdownHandle(planner.id, { wait: true });
    await client.waitForStatus(coder.id, 'ready');

    const acme = await client.listHandles({ companyId: 'acme' });
    expect(acme.map((handle) => handle.id).sort()).toEqual([planner.id, coder.id].sort());

    const agent = await client.listHandles({ companyId: 'acme', agentId: 'planner' });
    expect(agent.map((handle) => handle.id)).toEqual([planner.id]);

    const stopped = await client.listHandles({ companyId: 'acme', status: 'stopped' });
    expect(stopped.map((handle) => handle.id)).toEqual([planner.id]);

    const ready = await client.listHandles({ companyId: 'acme', status: 'ready' });
    expect(ready.map((handle) => handle.id)).toEqual([coder.id]);

    const globex = await client.listHandles({ companyId: 'globex' });
    expect(globex.map((handle) => handle.id)).toEqual([other.id]);
  });

  it('follows nextCursor across two pages', async () => {
    const { client } = createTestClient(daytona.url);
    for (let index = 0; index < 201; index++) {
      await createRaw(daytona.url, { 'biro.companyId': 'bulk', 'biro.agentId': `agent-${index}` });
    }

    const handles = await client.listHandles({ companyId: 'bulk' });

    expect(handles).toHaveLength(201);
    expect(new Set(handles.map((handle) => handle.id)).size).toBe(201);
    const requests = listRequests();
    expect(requests).toHaveLength(2);
    const first = requests[0]?.query ?? {};
    const second = requests[1]?.query ?? {};
    expect(first.limit).toEqual(['200']);
    expect(first.cursor).toBeUndefined();
    const firstPage = JSON.parse(requests[0]?.response?.body ?? '') as {
      nextCursor: string | null;
      items: unknown[];
    };
    expect(firstPage.items).toHaveLength(200);
    expect(typeof firstPage.nextCursor).toBe('string');
    expect(second.cursor).toEqual([firstPage.nextCursor]);
    const secondPage = JSON.parse(requests[1]?.response?.body ?? '') as {
      nextCursor: string | null;
    };
    expect(secondPage.nextCursor).toBeNull();
    expect(daytona.fake.requests.some((request) => request.path.includes('/paginated'))).toBe(
      false,
    );
  });

  it('a 400 for bad labels is an error, not an empty list', async () => {
    daytona.fake.faults.add({
      operation: 'listSandboxes',
      times: 1,
      fault: { kind: 'status', status: 400, message: 'Invalid labels JSON format' },
    });
    const { client } = createTestClient(daytona.url);

    const error = await client
      .listHandles({ companyId: 'acme' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DaytonaBadRequestError);
    expect((error as DaytonaBadRequestError).serverMessage).toBe('Invalid labels JSON format');
    expect(listRequests()).toHaveLength(1);
  });

  it('rejects a list without a company before any request', async () => {
    const { client } = createTestClient(daytona.url);

    await expect(client.listHandles({ companyId: '' })).rejects.toThrow(/companyId/);
    await expect(
      client.listHandles({ companyId: 'acme', status: 'running' as never }),
    ).rejects.toThrow(/status/);
    expect(listRequests()).toHaveLength(0);
  });
});

describe('listHandles with states the spec does not know', () => {
  // An unseen state breaks the spec on purpose, so the validating proxy would reject it: these
  // responses go to the client exactly as a newer Daytona would send them.
  let raw: TestDaytona;

  beforeAll(async () => {
    raw = await startRawDaytona();
  });

  afterAll(async () => {
    await raw?.close();
  });

  it('maps every state and still loads the page', async () => {
    const { client } = createTestClient(raw.url);
    const ids = {
      paused: await createRaw(raw.url, { 'biro.companyId': 'mixed', 'biro.agentId': 'a' }),
      recoverable: await createRaw(raw.url, { 'biro.companyId': 'mixed', 'biro.agentId': 'b' }),
      unseen: await createRaw(raw.url, { 'biro.companyId': 'mixed', 'biro.agentId': 'c' }),
      missing: await createRaw(raw.url, { 'biro.companyId': 'mixed', 'biro.agentId': 'd' }),
      started: await createRaw(raw.url, { 'biro.companyId': 'mixed', 'biro.agentId': 'e' }),
    };
    raw.fake.setState(ids.paused, 'paused', { desiredState: 'paused' });
    raw.fake.setState(ids.recoverable, 'error', { errorReason: 'runner lost', recoverable: true });
    raw.fake.setState(ids.unseen, 'hibernating');
    raw.fake.setState(ids.missing, null);
    raw.fake.setState(ids.started, 'started');

    const handles = await client.listHandles({ companyId: 'mixed' });
    const byId = new Map(handles.map((handle) => [handle.id, handle]));

    expect(handles).toHaveLength(5);
    expect(byId.get(ids.paused)?.status).toBe('stopped');
    expect(byId.get(ids.recoverable)?.status).toBe('error');
    expect(byId.get(ids.recoverable)?.recoverable).toBe(true);
    expect(byId.get(ids.unseen)?.status).toBe('error');
    expect(byId.get(ids.unseen)?.state).toBe('hibernating');
    expect(byId.get(ids.missing)?.status).toBe('error');
    expect(byId.get(ids.missing)?.state).toBeNull();
    expect(byId.get(ids.started)?.status).toBe('ready');
  });

  it('the error status includes unseen and missing states', async () => {
    const { client } = createTestClient(raw.url);

    const errored = await client.listHandles({ companyId: 'mixed', status: 'error' });

    expect(errored.map((handle) => handle.state).sort()).toEqual(
      ['error', 'hibernating', null].sort(),
    );
  });
});
