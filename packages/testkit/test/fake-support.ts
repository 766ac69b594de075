import { getHttpOperationsFromSpec } from '@stoplight/prism-cli/dist/operations.js';
import { validateOutput } from '@stoplight/prism-http/dist/validator/index.js';
import { expect } from 'vitest';
import { defaultSpecPath, type FakeDaytona, type WireSandbox } from '../src/index.js';

/** A response read by `callFake`, with the body parsed when it is JSON. */
export interface FakeResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

/** Options of `callFake`. */
export interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** Sends no Authorization header when false; default true. */
  authorized?: boolean;
  signal?: AbortSignal;
  /** Base URL to call in place of the fake's, such as a proxy in front of it. */
  baseUrl?: string;
}

/** Sends one request to the fake with its API key, the way a client would. */
export async function callFake<T = unknown>(
  fake: FakeDaytona,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<FakeResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorized !== false) {
    headers.authorization = `Bearer ${fake.apiKey}`;
  }

  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }

  if (options.signal !== undefined) {
    init.signal = options.signal;
  }

  const response = await fetch(`${options.baseUrl ?? fake.url}${path}`, init);
  const text = await response.text();
  const body = (text === '' ? undefined : JSON.parse(text)) as T;
  return { status: response.status, headers: response.headers, body };
}

/** Creates a sandbox and returns the response body, failing the test on any other status. */
export async function createSandbox(
  fake: FakeDaytona,
  body: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<WireSandbox> {
  const response = await callFake<WireSandbox>(fake, 'POST', '/sandbox', { body, headers });
  expect(response.status).toBe(200);
  return response.body;
}

/** Polls GET /sandbox/{id} until the sandbox reaches `state`, or fails after `timeoutMs`. */
export async function waitForState(
  fake: FakeDaytona,
  idOrName: string,
  state: string,
  timeoutMs = 2_000,
): Promise<WireSandbox> {
  const deadline = Date.now() + timeoutMs;
  let last: FakeResponse<WireSandbox> | undefined;

  while (Date.now() < deadline) {
    last = await callFake<WireSandbox>(fake, 'GET', `/sandbox/${encodeURIComponent(idOrName)}`);
    if (last.status === 200 && last.body.state === state) {
      return last.body;
    }

    await new Promise((resolve) => setTimeout(resolve, 5));
  }

  throw new Error(
    `Sandbox ${idOrName} did not reach ${state} in ${timeoutMs} ms; last status ${last?.status}, state ${last?.body?.state}`,
  );
}

/** Waits for `ms` milliseconds. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

let operationsPromise: ReturnType<typeof getHttpOperationsFromSpec> | undefined;

/**
 * Checks every response in the fake's request log against specs/daytona-sandbox.yaml with
 * Prism's response validator, the one the validating proxy runs. Warnings count too, so a
 * status the operation does not declare fails the check.
 */
export async function expectResponsesMatchSpec(fake: FakeDaytona): Promise<void> {
  operationsPromise ??= getHttpOperationsFromSpec(defaultSpecPath());
  const operations = await operationsPromise;
  const problems: string[] = [];

  for (const request of fake.requests) {
    const { response, operation: operationId } = request;
    if (response === undefined || operationId === undefined) continue;

    const where = `${request.method} ${request.path} -> ${response.status}`;
    const operation = operations.find((candidate) => candidate.iid === operationId);
    if (operation === undefined) {
      problems.push(`${where}: the spec has no operation ${operationId}`);
      continue;
    }

    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      problems.push(`${where}: body is not JSON`);
      continue;
    }

    const result = validateOutput({
      resource: operation,
      element: { statusCode: response.status, headers: response.headers, body },
    });
    if (result._tag === 'Left') {
      for (const diagnostic of result.left) {
        problems.push(`${where}: ${diagnostic.message}`);
      }
    }
  }

  expect(problems).toEqual([]);
}
