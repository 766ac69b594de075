import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type Client, createClient } from '../src/client/index.js';
import { listSandboxes } from '../src/index.js';

/** Label values with a comma and a double quote, which break naive encodings. */
const LABELS_JSON = JSON.stringify({ 'biro.companyId': 'ac,me"', 'biro.issueId': '42' });

/** Splits a raw query string into undecoded name and value pairs, in order. */
function rawQueryPairs(rawUrl: string): [string, string][] {
  const query = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?') + 1) : '';
  if (query === '') {
    return [];
  }
  return query.split('&').map((pair) => {
    const separator = pair.indexOf('=');
    return separator === -1 ? [pair, ''] : [pair.slice(0, separator), pair.slice(separator + 1)];
  });
}

describe('listSandboxes query encoding', () => {
  let server: Server;
  let client: Client;
  let requestUrls: string[];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requestUrls.push(request.url ?? '');
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ items: [], nextCursor: null }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;

    client = createClient({ baseUrl: `http://127.0.0.1:${port}`, auth: 'test-key' });
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(() => {
    requestUrls = [];
  });

  async function sentQuery(): Promise<[string, string][]> {
    const { response } = await listSandboxes({
      client,
      query: { labels: LABELS_JSON, states: ['started', 'stopped'] },
    });

    expect(response.status).toBe(200);
    expect(requestUrls).toHaveLength(1);
    return rawQueryPairs(requestUrls[0] ?? '');
  }

  test('labels is one JSON query value', async () => {
    const pairs = await sentQuery();
    const labelValues = pairs.filter(([name]) => name === 'labels').map(([, value]) => value);

    expect(labelValues).toHaveLength(1);
    expect(decodeURIComponent(labelValues[0] ?? '')).toBe(LABELS_JSON);
    expect(
      pairs.map(([name]) => decodeURIComponent(name)).filter((name) => name.startsWith('labels[')),
    ).toEqual([]);
    expect(pairs.map(([name]) => decodeURIComponent(name))).not.toContain('biro.companyId');
  });

  test('states repeats once per value', async () => {
    const pairs = await sentQuery();
    const stateValues = pairs.filter(([name]) => name === 'states').map(([, value]) => value);

    expect(stateValues).toEqual(['started', 'stopped']);
    expect(requestUrls[0]).toContain('states=started&states=stopped');
    expect(requestUrls[0]).not.toMatch(/states=started(,|%2C)stopped/i);
  });
});
