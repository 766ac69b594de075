import { type RunningPrism, startPrismMock } from '@biroai/sandbox-testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { z } from 'zod';
import { type Client, createClient } from '../src/client/index.js';
import {
  archiveSandbox,
  createSandbox,
  deleteSandbox,
  getSandbox,
  listSandboxes,
  replaceLabels,
  setAutostopInterval,
  startSandbox,
  stopSandbox,
} from '../src/index.js';
import {
  zArchiveSandboxResult,
  zCreateSandboxResult,
  zDeleteSandboxResult,
  zGetSandboxResult,
  zListSandboxesResult,
  zReplaceLabelsResult,
  zSetAutostopIntervalResult,
  zStartSandboxResult,
  zStopSandboxResult,
} from '../src/zod.gen.js';

interface RoundTrip {
  operation: string;
  call(client: Client): Promise<{ data?: unknown; error?: unknown; response: Response }>;
  schema: z.ZodType;
}

const path = { sandboxIdOrName: 'sbx-1a2b3c' };

const ROUND_TRIPS: RoundTrip[] = [
  {
    operation: 'listSandboxes',
    call: (client) =>
      listSandboxes({
        client,
        query: {
          limit: 50,
          labels: JSON.stringify({ 'biro.companyId': 'acme', 'biro.agentId': 'agent-7' }),
          states: ['started', 'stopped'],
          sandboxClasses: ['container'],
          includeErroredDeleted: false,
          createdAtAfter: '2026-01-01T00:00:00.000Z',
          sort: 'createdAt',
          order: 'desc',
        },
      }),
    schema: zListSandboxesResult,
  },
  {
    operation: 'createSandbox',
    call: (client) =>
      createSandbox({
        client,
        body: {
          name: 'acme-agent-7',
          labels: { 'biro.companyId': 'acme', 'biro.agentId': 'agent-7' },
          buildInfo: { dockerfileContent: 'FROM node:22-bookworm' },
          autoStopInterval: 30,
          autoDeleteInterval: -1,
        },
      }),
    schema: zCreateSandboxResult,
  },
  {
    operation: 'getSandbox',
    call: (client) => getSandbox({ client, path, query: { verbose: true } }),
    schema: zGetSandboxResult,
  },
  {
    operation: 'deleteSandbox',
    call: (client) => deleteSandbox({ client, path }),
    schema: zDeleteSandboxResult,
  },
  {
    operation: 'startSandbox',
    call: (client) => startSandbox({ client, path }),
    schema: zStartSandboxResult,
  },
  {
    operation: 'stopSandbox',
    call: (client) => stopSandbox({ client, path, query: { force: true } }),
    schema: zStopSandboxResult,
  },
  {
    operation: 'archiveSandbox',
    call: (client) => archiveSandbox({ client, path }),
    schema: zArchiveSandboxResult,
  },
  {
    operation: 'replaceLabels',
    call: (client) =>
      replaceLabels({
        client,
        path,
        body: { labels: { 'biro.companyId': 'acme', 'biro.issueId': '42' } },
      }),
    schema: zReplaceLabelsResult,
  },
  {
    operation: 'setAutostopInterval',
    call: (client) => setAutostopInterval({ client, path: { ...path, interval: 15 } }),
    schema: zSetAutostopIntervalResult,
  },
];

describe('generated client against the Prism mock', () => {
  let mock: RunningPrism;
  let client: Client;

  beforeAll(async () => {
    mock = await startPrismMock();
    client = createClient({ baseUrl: mock.url, auth: 'test-key' });
  });

  afterAll(async () => {
    await mock.close();
  });

  test('covers every SDK operation', () => {
    expect(ROUND_TRIPS.map((roundTrip) => roundTrip.operation).sort()).toEqual(
      [
        'archiveSandbox',
        'createSandbox',
        'deleteSandbox',
        'getSandbox',
        'listSandboxes',
        'replaceLabels',
        'setAutostopInterval',
        'startSandbox',
        'stopSandbox',
      ].sort(),
    );
  });

  test.each(ROUND_TRIPS.map((roundTrip) => [roundTrip.operation, roundTrip] as const))(
    '%s round-trips',
    async (_operation, { call, schema }) => {
      const { data, error, response } = await call(client);

      // A 422 here means the client sent a request that violates the spec. The assertion message
      // shows Prism's list of violations.
      expect(response.status, JSON.stringify(error)).toBe(200);
      expect(response.headers.get('sl-violations')).toBeNull();
      expect(error).toBeUndefined();
      expect(schema.safeParse(data).error).toBeUndefined();
    },
  );
});
