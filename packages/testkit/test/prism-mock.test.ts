import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import {
  assertSupportedNode,
  defaultSpecPath,
  MINIMUM_NODE_VERSION,
  type RunningPrism,
  startPrismMock,
  startPrismProxy,
} from '../src/index.js';

const AUTHORIZATION = { authorization: 'Bearer test-key' };
const PROBLEM_JSON = 'application/problem+json';

/** A Sandbox with every required field, as an upstream would send it. */
const VALID_SANDBOX = {
  id: 'sbx-proxy-1',
  organizationId: 'org-1',
  name: 'proxy-sandbox',
  user: 'daytona',
  env: {},
  labels: { 'biro.companyId': 'acme' },
  public: false,
  networkBlockAll: false,
  target: 'us',
  cpu: 1,
  gpu: 0,
  memory: 1,
  disk: 3,
  state: 'started',
  toolboxProxyUrl: 'https://proxy.example.test/toolbox',
};

interface Violation {
  location: string[];
  severity: string;
  code: string | number;
  message: string;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

describe('startPrismMock', () => {
  let mock: RunningPrism;

  beforeAll(async () => {
    mock = await startPrismMock();
  });

  afterAll(async () => {
    await mock.close();
  });

  test('url is loopback without trailing slash', () => {
    expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('one value for an array parameter is valid', async () => {
    const response = await fetch(`${mock.url}/sandbox?states=started`, { headers: AUTHORIZATION });

    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
    const body = (await response.json()) as { items: unknown[]; nextCursor: unknown };
    expect(Array.isArray(body.items)).toBe(true);
    expect(body.nextCursor).toBeNull();
  });

  test('repeated array parameter is valid', async () => {
    const response = await fetch(`${mock.url}/sandbox?states=started&states=stopped`, {
      headers: AUTHORIZATION,
    });

    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
  });

  test.each([
    { status: 404, method: 'GET', path: '/sandbox/sbx-missing', error: 'Not Found' },
    { status: 409, method: 'DELETE', path: '/sandbox/sbx-1a2b3c', error: 'Conflict' },
    { status: 429, method: 'POST', path: '/sandbox', error: 'Too Many Requests' },
  ])('Prefer code=$status serves the spec error body', async ({ status, method, path, error }) => {
    const hasBody = method === 'POST';
    const response = await fetch(`${mock.url}${path}`, {
      method,
      headers: {
        ...AUTHORIZATION,
        prefer: `code=${status}`,
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
      },
      body: hasBody ? '{}' : undefined,
    });

    expect(response.status).toBe(status);
    const contentType = response.headers.get('content-type') ?? '';
    expect(contentType).toMatch(/^application\/json/);
    expect(contentType).not.toContain(PROBLEM_JSON);

    const body = (await response.json()) as Record<string, unknown>;
    expect(body.statusCode).toBe(status);
    expect(body.error).toBe(error);
    expect(typeof body.path).toBe('string');
    expect(typeof body.timestamp).toBe('string');
    expect(typeof body.message).toBe('string');
    // Prism's own problem bodies have these fields, but the spec's error body does not.
    expect(body).not.toHaveProperty('type');
    expect(body).not.toHaveProperty('title');
    expect(body).not.toHaveProperty('detail');
  });

  test('429 carries Retry-After seconds', async () => {
    const response = await fetch(`${mock.url}/sandbox`, {
      method: 'POST',
      headers: { ...AUTHORIZATION, prefer: 'code=429', 'content-type': 'application/json' },
      body: '{}',
    });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  test('undocumented status gets Prism 404 problem', async () => {
    const response = await fetch(`${mock.url}/sandbox/sbx-1a2b3c`, {
      headers: { ...AUTHORIZATION, prefer: 'code=409' },
    });

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain(PROBLEM_JSON);
  });

  test.each([
    { query: 'limit=0', location: ['query', 'limit'] },
    { query: 'states=bogus', location: ['query', 'states', '0'] },
    { query: 'states=started,stopped', location: ['query', 'states', '0'] },
  ])('invalid query $query gets 422', async ({ query, location }) => {
    const response = await fetch(`${mock.url}/sandbox?${query}`, { headers: AUTHORIZATION });

    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain(PROBLEM_JSON);
    const body = (await response.json()) as { status: number; validation: Violation[] };
    expect(body.status).toBe(422);
    expect(body.validation.map((violation) => violation.location)).toContainEqual(location);
  });

  test('invalid body gets 422', async () => {
    const response = await fetch(`${mock.url}/sandbox`, {
      method: 'POST',
      headers: { ...AUTHORIZATION, 'content-type': 'application/json' },
      body: JSON.stringify({ cpu: 'two' }),
    });

    expect(response.status).toBe(422);
    const body = (await response.json()) as { validation: Violation[] };
    expect(body.validation.map((violation) => violation.location)).toContainEqual(['body', 'cpu']);
  });

  test('missing bearer token gets the spec 401', async () => {
    const response = await fetch(`${mock.url}/sandbox`);

    expect(response.status).toBe(401);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.statusCode).toBe(401);
    expect(body.error).toBe('Unauthorized');
  });
});

describe('startPrismMock lifecycle', () => {
  test('close stops the server', async () => {
    const mock = await startPrismMock();
    await mock.close();

    await expect(fetch(`${mock.url}/sandbox`, { headers: AUTHORIZATION })).rejects.toThrow();
  });

  test('invalid spec example gets 500', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'prism-mock-'));
    const specPath = join(directory, 'invalid-example.json');
    writeFileSync(
      specPath,
      JSON.stringify({
        openapi: '3.0.3',
        info: { title: 'Invalid example', version: '1' },
        paths: {
          '/thing': {
            get: {
              responses: {
                '200': {
                  description: 'A thing.',
                  content: {
                    'application/json': {
                      schema: {
                        type: 'object',
                        required: ['id'],
                        properties: { id: { type: 'string' } },
                      },
                      example: { id: 5 },
                    },
                  },
                },
              },
            },
          },
        },
      }),
    );

    const mock = await startPrismMock({ spec: specPath });
    try {
      const response = await fetch(`${mock.url}/thing`);

      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toContain(PROBLEM_JSON);
      const body = (await response.json()) as { validation: Violation[] };
      expect(body.validation.map((violation) => violation.location)).toContainEqual([
        'response',
        'body',
        'id',
      ]);
    } finally {
      await mock.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });

  test('missing spec file rejects', async () => {
    await expect(startPrismMock({ spec: '/nonexistent/daytona-sandbox.yaml' })).rejects.toThrow(
      'Spec file /nonexistent/daytona-sandbox.yaml was not found',
    );
  });
});

describe('defaultSpecPath', () => {
  test('finds the repository spec', () => {
    const specPath = defaultSpecPath();

    expect(specPath).toMatch(/specs[/\\]daytona-sandbox\.yaml$/);
    expect(existsSync(specPath)).toBe(true);
  });
});

describe('assertSupportedNode', () => {
  test('rejects Node older than the minimum', () => {
    expect(() => assertSupportedNode('20.18.3')).toThrow(
      `needs Node.js ${MINIMUM_NODE_VERSION} or newer, but found Node.js 20.18.3`,
    );
    expect(() => assertSupportedNode('18.20.1')).toThrow(MINIMUM_NODE_VERSION);
    expect(() => assertSupportedNode('v19.99.0')).toThrow(MINIMUM_NODE_VERSION);
  });

  test('accepts the minimum and newer', () => {
    expect(() => assertSupportedNode('20.19.0')).not.toThrow();
    expect(() => assertSupportedNode('v22.0.0')).not.toThrow();
    expect(() => assertSupportedNode('24.1.0')).not.toThrow();
    expect(() => assertSupportedNode()).not.toThrow();
  });

  test('rejects an unparsable version', () => {
    expect(() => assertSupportedNode('latest')).toThrow('Invalid Node.js version "latest"');
  });
});

describe('pinned Prism packages', () => {
  // The minimum Node.js above is checked only for these versions, so an upgrade must be
  // checked against it and this table changed on purpose.
  const pinned: Record<string, string> = {
    '@stoplight/prism-cli': '5.14.2',
    '@stoplight/prism-core': '5.8.0',
    '@stoplight/prism-http': '5.12.0',
    '@stoplight/prism-http-server': '5.12.2',
  };
  const requireFromTestkit = createRequire(import.meta.url);

  test.each(Object.entries(pinned))('%s is installed at %s', (name, version) => {
    const manifest = readJson(requireFromTestkit.resolve(`${name}/package.json`));

    expect(manifest.version).toBe(version);
  });

  test.each(Object.keys(pinned))('%s runs on the minimum Node', (name) => {
    const manifest = readJson(requireFromTestkit.resolve(`${name}/package.json`));
    const engines = manifest.engines as { node?: string } | undefined;
    const minimum = /^>=\s*v?(\d+)\.(\d+)/.exec(engines?.node ?? '');

    expect(minimum, `${name} engines.node is "${engines?.node}"`).not.toBeNull();
    const [requiredMajor = 0, requiredMinor = 0] = MINIMUM_NODE_VERSION.split('.').map(Number);
    const major = Number(minimum?.[1]);
    const minor = Number(minimum?.[2]);
    const fitsMinimum =
      major < requiredMajor || (major === requiredMajor && minor <= requiredMinor);
    expect(fitsMinimum, `${name} needs Node.js ${engines?.node}`).toBe(true);
  });

  test('prism-cli uses the same Prism packages', () => {
    const cliManifestPath = requireFromTestkit.resolve('@stoplight/prism-cli/package.json');
    const requireFromCli = createRequire(cliManifestPath);

    for (const name of ['@stoplight/prism-core', '@stoplight/prism-http']) {
      const manifest = readJson(requireFromCli.resolve(`${name}/package.json`));
      expect(manifest.version, name).toBe(pinned[name]);
    }
    const serverPath = requireFromCli.resolve('@stoplight/prism-http-server/package.json');
    expect(dirname(serverPath)).toBe(
      dirname(requireFromTestkit.resolve('@stoplight/prism-http-server/package.json')),
    );
  });
});

describe('startPrismProxy', () => {
  let upstream: Server;
  let proxy: RunningPrism;
  let upstreamRequests: string[];
  let respond: (request: IncomingMessage, response: ServerResponse) => void;

  beforeAll(async () => {
    upstream = createServer((request, response) => {
      upstreamRequests.push(`${request.method} ${request.url}`);
      respond(request, response);
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const { port } = upstream.address() as AddressInfo;

    proxy = await startPrismProxy({ upstream: `http://127.0.0.1:${port}` });
  });

  afterAll(async () => {
    await proxy.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  beforeEach(() => {
    upstreamRequests = [];
  });

  function sendJson(status: number, body: unknown, headers: Record<string, string> = {}) {
    respond = (_request, response) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
  }

  test('upstream sandbox without id fails', async () => {
    const { id: _id, ...sandboxWithoutId } = VALID_SANDBOX;
    sendJson(200, sandboxWithoutId);

    const response = await fetch(`${proxy.url}/sandbox/x`, { headers: AUTHORIZATION });

    expect(upstreamRequests).toEqual(['GET /sandbox/x']);
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toContain(PROBLEM_JSON);
    const body = (await response.json()) as { type: string; validation: Violation[] };
    expect(body.type).toMatch(/#VIOLATIONS$/);
    expect(body.validation).toContainEqual({
      location: ['response', 'body'],
      severity: 'Error',
      code: 'required',
      message: "Response body must have required property 'id'",
    });
  });

  test('upstream header violation fails', async () => {
    sendJson(
      429,
      {
        path: '/sandbox/x',
        timestamp: '2026-01-01T00:00:00.000Z',
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'ThrottlerException Too Many Requests',
      },
      { 'retry-after': 'soon' },
    );

    const response = await fetch(`${proxy.url}/sandbox/x`, { headers: AUTHORIZATION });

    expect(response.status).toBe(500);
    const body = (await response.json()) as { validation: Violation[] };
    expect(body.validation.map((violation) => violation.location)).toContainEqual([
      'response',
      'header',
      'retry-after',
    ]);
  });

  test('valid upstream response passes unchanged', async () => {
    sendJson(200, VALID_SANDBOX, { 'x-request-id': 'req-1' });

    const response = await fetch(`${proxy.url}/sandbox/x`, { headers: AUTHORIZATION });

    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('req-1');
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(await response.json()).toEqual(VALID_SANDBOX);
  });

  test('valid upstream error passes unchanged', async () => {
    const notFound = {
      path: '/api/sandbox/x',
      timestamp: '2026-01-01T00:00:00.000Z',
      statusCode: 404,
      error: 'Not Found',
      message: 'Sandbox with ID or name x not found',
    };
    sendJson(404, notFound);

    const response = await fetch(`${proxy.url}/sandbox/x`, { headers: AUTHORIZATION });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual(notFound);
  });

  test('invalid request is not forwarded', async () => {
    sendJson(200, { items: [], nextCursor: null });

    const response = await fetch(`${proxy.url}/sandbox?limit=0`, { headers: AUTHORIZATION });

    expect(response.status).toBe(422);
    expect(upstreamRequests).toEqual([]);
  });

  test('invalid upstream URL rejects', async () => {
    await expect(startPrismProxy({ upstream: 'not a url' })).rejects.toThrow(
      'Invalid upstream URL "not a url"',
    );
  });
});
