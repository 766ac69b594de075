import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  DaytonaSandboxClient,
  DaytonaSandboxError,
  type SandboxConfig,
  type SandboxLogger,
} from '../src/index.js';
import { closedPortUrl, sendJson, startStubServer } from './stub-server.js';
import {
  createTestClient,
  recordingLogger,
  startRawDaytona,
  TEST_API_KEY,
  useTestDaytona,
} from './support.js';

// The fake alone, so truncated bodies and hangs reach the client as a server would send them.
const daytona = useTestDaytona(() => startRawDaytona({ transitionDelayMs: 5 }));

/** The value of an environment variable passed to new sandboxes in these tests. */
const ENV_SECRET = 'sk-env-value-5f1c9e';

const owner = { companyId: 'acme', agentId: 'planner' };

type LogLine = ReturnType<typeof recordingLogger>['lines'][number];

/** What one error path produced: the error the call threw and every log line written. */
interface Outcome {
  error: unknown;
  lines: LogLine[];
}

/** Runs `call` with a recording logger and returns what it threw and logged. */
async function capture(
  url: string,
  call: (client: DaytonaSandboxClient) => Promise<unknown>,
  config: Partial<SandboxConfig> = {},
): Promise<Outcome> {
  const { logger, lines } = recordingLogger();
  const { client } = createTestClient(url, config, { logger });
  const error = await call(client).then(
    () => new Error('expected the call to fail'),
    (caught: unknown) => caught,
  );
  return { error, lines };
}

async function newSandboxId(): Promise<string> {
  const { client } = createTestClient(daytona.url);
  return (await client.createHandle(owner)).id;
}

/** Fails every read with `status`, and the server's message repeats the API key. */
async function statusFault(status: number): Promise<Outcome> {
  const id = await newSandboxId();
  daytona.fake.faults.add({
    operation: 'getSandbox',
    fault: { kind: 'status', status, message: `request with key ${TEST_API_KEY} failed` },
  });
  return capture(daytona.url, (client) => client.getHandle(id));
}

/** Asserts that neither the error, in any form a caller might print, nor a log line contains `secret`. */
function expectNoSecret({ error, lines }: Outcome, secret: string): void {
  expect(error).toBeInstanceOf(DaytonaSandboxError);
  const typed = error as DaytonaSandboxError;
  expect(typed.message).not.toContain(secret);
  expect(String(typed)).not.toContain(secret);
  expect(JSON.stringify(typed)).not.toContain(secret);
  expect(JSON.stringify(typed.toJSON())).not.toContain(secret);
  expect(inspect(typed, { depth: 10 })).not.toContain(secret);
  expect(inspect(lines, { depth: 10 })).not.toContain(secret);
}

const errorPaths: [string, () => Promise<Outcome>][] = [
  ['401 error', () => statusFault(401)],
  ['403 error', () => statusFault(403)],
  ['404 error', () => statusFault(404)],
  ['409 error', () => statusFault(409)],
  ['429 error', () => statusFault(429)],
  ['500 error after retries', () => statusFault(500)],
  [
    'timeout error',
    async () => {
      const id = await newSandboxId();
      daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'hang' } });
      return capture(daytona.url, (client) => client.getHandle(id), { timeoutMs: 30 });
    },
  ],
  [
    'abort error',
    () =>
      capture(daytona.url, (client) => client.getHandle('sbx-1', { signal: AbortSignal.abort() })),
  ],
  [
    'connection error',
    async () => capture(await closedPortUrl(), (client) => client.getHandle('sbx-1')),
  ],
  [
    'malformed JSON error',
    async () => {
      const id = await newSandboxId();
      daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'malformed-json' } });
      return capture(daytona.url, (client) => client.getHandle(id));
    },
  ],
  [
    'scope error',
    async () => {
      const { client } = createTestClient(daytona.url);
      const globex = await client.createHandle({ companyId: 'globex', agentId: 'planner' });
      return capture(daytona.url, (scoped) => scoped.forCompany('acme').stopHandle(globex.id));
    },
  ],
  [
    'wait timeout error',
    async () => {
      const id = await newSandboxId();
      daytona.fake.setState(id, 'creating');
      return capture(daytona.url, (client) => client.waitForStatus(id, 'ready', { timeoutMs: 30 }));
    },
  ],
  [
    'failed sandbox error',
    async () => {
      const id = await newSandboxId();
      daytona.fake.setState(id, 'error', { errorReason: 'runner lost' });
      return capture(daytona.url, (client) => client.waitForStatus(id, 'ready'));
    },
  ],
  [
    'invalid options error',
    () =>
      capture(daytona.url, async (client) =>
        client.createHandle({ ...owner, agentId: '', envVars: { '1BAD': ENV_SECRET } }),
      ),
  ],
];

describe('API key stays out of errors and logs', () => {
  it.each(errorPaths)('%s hides the key', async (_path, run) => {
    expectNoSecret(await run(), TEST_API_KEY);
  });

  it('401 for an unknown key hides that key', async () => {
    const unknownKey = 'dtn_unknown_key_9a8b7c6d5e';
    const outcome = await capture(daytona.url, (client) => client.getHandle('sbx-1'), {
      apiKey: unknownKey,
    });

    expectNoSecret(outcome, unknownKey);
  });

  it('invalid config error hides the key', () => {
    const configs: Record<string, unknown>[] = [
      { apiKey: TEST_API_KEY, timeoutMs: -1 },
      { apiKey: TEST_API_KEY, apiUrl: 'ftp://127.0.0.1' },
      { apiKey: TEST_API_KEY, maxRetries: 99, apiKeyTypo: TEST_API_KEY },
    ];
    for (const config of configs) {
      let error: unknown;
      try {
        new DaytonaSandboxClient({ config: config as SandboxConfig });
      } catch (caught) {
        error = caught;
      }
      expectNoSecret({ error, lines: [] }, TEST_API_KEY);
    }
  });

  it('failed teardown log hides the key', async () => {
    daytona.fake.faults.add({
      operation: 'deleteSandbox',
      fault: { kind: 'status', status: 500, message: `bad key ${TEST_API_KEY}` },
    });

    const outcome = await capture(
      daytona.url,
      (client) => client.createHandle(owner, { waitUntilReady: true, waitTimeoutMs: 1 }),
      { maxRetries: 0 },
    );

    expect(outcome.lines.some((line) => line.level === 'error')).toBe(true);
    expectNoSecret(outcome, TEST_API_KEY);
  });
});

describe('API key echoed by the server', () => {
  const echoes: [string, (response: import('node:http').ServerResponse) => void][] = [
    [
      'in message',
      (response) =>
        sendJson(response, 401, {
          statusCode: 401,
          error: 'Unauthorized',
          message: `bad key ${TEST_API_KEY}`,
        }),
    ],
    [
      'in error',
      (response) =>
        sendJson(response, 401, { statusCode: 401, error: `Unauthorized ${TEST_API_KEY}` }),
    ],
    [
      'in a plain-text body',
      (response) => {
        response.writeHead(401, { 'content-type': 'text/plain' });
        response.end(`bad key ${TEST_API_KEY}`);
      },
    ],
    [
      'in a 500 that is retried',
      (response) =>
        sendJson(response, 500, { statusCode: 500, message: `bad key ${TEST_API_KEY}` }),
    ],
    [
      'in a 200 body that is not JSON',
      (response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(`bad key ${TEST_API_KEY}`);
      },
    ],
  ];

  it.each(echoes)('key echoed %s is redacted', async (_where, respond) => {
    const stub = await startStubServer((_request, response) => respond(response));
    try {
      expectNoSecret(await capture(stub.url, (client) => client.getHandle('sbx-1')), TEST_API_KEY);
    } finally {
      await stub.close();
    }
  });
});

describe('environment variable values stay out of logs', () => {
  /** Renders every log line, with its fields, as one searchable text. */
  function logText(lines: LogLine[]): string {
    return inspect(lines, { depth: 10 });
  }

  async function createWithEnv(logger: SandboxLogger, config: Partial<SandboxConfig> = {}) {
    const { client } = createTestClient(daytona.url, config, { logger });
    return client
      .createHandle({ ...owner, envVars: { OPENAI_API_KEY: ENV_SECRET } })
      .catch((caught: unknown) => caught);
  }

  it('adopted create logs no value', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'reset', when: 'after' },
    });
    const { logger, lines } = recordingLogger();

    await createWithEnv(logger);

    expect(lines.length).toBeGreaterThan(0);
    expect(logText(lines)).not.toContain(ENV_SECRET);
  });

  it('retried create logs no value', async () => {
    daytona.fake.faults.add({
      operation: 'createSandbox',
      calls: [1],
      fault: { kind: 'status', status: 503 },
    });
    const { logger, lines } = recordingLogger();

    await createWithEnv(logger);

    expect(lines.length).toBeGreaterThan(0);
    expect(logText(lines)).not.toContain(ENV_SECRET);
  });

  it('failed create logs no value', async () => {
    daytona.fake.faults.add({ operation: 'createSandbox', fault: { kind: 'malformed-json' } });
    daytona.fake.faults.add({ operation: 'getSandbox', fault: { kind: 'status', status: 500 } });
    const { logger, lines } = recordingLogger();

    const error = await createWithEnv(logger);

    expect(error).toBeInstanceOf(DaytonaSandboxError);
    expect(logText(lines)).not.toContain(ENV_SECRET);
    expect(inspect(error, { depth: 10 })).not.toContain(ENV_SECRET);
  });
});
