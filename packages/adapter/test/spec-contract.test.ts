import { startPrismMock } from '@biroai/sandbox-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaytonaApiError, DaytonaSandboxClient } from '../src/index.js';

// Prism validates every request against specs/daytona-sandbox.yaml and returns 422 (or 401 for
// missing auth) when one does not match. The client turns those into DaytonaApiError, so each
// call below passing proves the adapter sent a request the spec allows.
let mock: Awaited<ReturnType<typeof startPrismMock>>;
let client: DaytonaSandboxClient;
const seen: { method: string; url: string; status: number }[] = [];

beforeAll(async () => {
  mock = await startPrismMock();
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    const request = input instanceof Request ? input : new Request(input, init);
    seen.push({ method: request.method, url: request.url, status: response.status });
    return response;
  };
  client = new DaytonaSandboxClient({
    config: {
      apiKey: 'spec-contract-key',
      apiUrl: mock.url,
      idleTimeoutSeconds: 1800,
      organizationId: 'org-9f8e',
      target: 'us',
      maxRetries: 0,
    },
    fetchImpl: recordingFetch,
  });
});

afterAll(async () => {
  await mock?.close();
});

function expectAccepted(): void {
  const rejected = seen.filter((entry) => entry.status === 422 || entry.status === 401);
  expect(rejected).toEqual([]);
}

describe('adapter requests against the spec mock', () => {
  it('createHandle with image sends a valid body', async () => {
    const handle = await client.createHandle({
      companyId: 'acme',
      agentId: 'agent-7',
      issueId: '42',
      envVars: { NODE_ENV: 'production' },
      labels: { team: 'infra' },
      image: 'node:22-bookworm',
    });
    expect(handle.id).toBe('sbx-1a2b3c');
    expectAccepted();
  });

  it('createHandle with snapshot sends a valid body', async () => {
    await client.createHandle({ companyId: 'acme', agentId: 'agent-7', snapshot: 'agent-base' });
    expectAccepted();
  });

  it('getHandle sends a valid request', async () => {
    const handle = await client.getHandle('sbx-1a2b3c');
    expect(handle.status).toBe('ready');
    expectAccepted();
  });

  it.each([
    [{ companyId: 'acme' }],
    [{ companyId: 'acme', agentId: 'agent-7', issueId: '42' }],
    [{ companyId: 'acme', status: 'ready' as const }],
    [{ companyId: 'acme', status: 'stopped' as const }],
    [{ companyId: 'acme', status: 'starting' as const }],
    [{ companyId: 'acme', status: 'error' as const, includeErroredDeleted: true }],
  ])('listHandles %j sends a valid query', async (filter) => {
    await client.listHandles(filter);
    expectAccepted();
  });

  it('state changes send valid requests', async () => {
    await client.startHandle('sbx-1a2b3c');
    await client.shutdownHandle('sbx-1a2b3c', { force: true });
    await client.archiveHandle('sbx-1a2b3c');
    await client.stopHandle('sbx-1a2b3c', { waitUntilGone: false });
    expectAccepted();
  });

  it('a missing api key is rejected by the mock', async () => {
    const response = await fetch(`${mock.url}/sandbox`);
    expect(response.status).toBe(401);
  });

  it('a spec violation fails the call', async () => {
    // Rewrites the query so it breaks the spec, to show such a request cannot pass unnoticed.
    const breakingFetch: typeof fetch = (input, init) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const url = new URL(request.url);
      url.searchParams.set('states', 'bogus');
      return fetch(new Request(url, request));
    };
    const broken = new DaytonaSandboxClient({
      config: { apiKey: 'k', apiUrl: mock.url, maxRetries: 0 },
      fetchImpl: breakingFetch,
    });

    const error = await broken
      .listHandles({ companyId: 'acme' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DaytonaApiError);
    expect((error as DaytonaApiError).status).toBe(422);
  });
});
