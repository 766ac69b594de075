import {
  type FakeDaytona,
  type FakeDaytonaOptions,
  startFakeDaytona,
  startValidatedFakeDaytona,
} from '@biroai/sandbox-testkit';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { DaytonaSandboxClient, type SandboxConfig, type SandboxLogger } from '../src/index.js';

/** The API key every test fake accepts. */
export const TEST_API_KEY = 'dtn_test_key_0123456789abcdef';

/** A running fake and the URL a client should use: the validating proxy's, or the fake's own. */
export interface TestDaytona {
  url: string;
  fake: FakeDaytona;
  close(): Promise<void>;
}

/**
 * Starts the fake behind Prism's validating proxy, so a request or response that breaks the spec
 * fails the test. Faults that break the spec or the transport on purpose need `startRawDaytona`.
 */
export async function startTestDaytona(options: FakeDaytonaOptions = {}): Promise<TestDaytona> {
  return startValidatedFakeDaytona({ apiKey: TEST_API_KEY, transitionDelayMs: 20, ...options });
}

/** Starts the fake alone, for faults that must reach the client as the real server sends them. */
export async function startRawDaytona(options: FakeDaytonaOptions = {}): Promise<TestDaytona> {
  const fake = await startFakeDaytona({ apiKey: TEST_API_KEY, transitionDelayMs: 20, ...options });
  return { url: fake.url, fake, close: () => fake.close() };
}

/** Builds a sleep that records each requested delay and waits at most a few real milliseconds. */
export function recordingSleep(maxRealMs = 5) {
  const delays: number[] = [];
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      delays.push(ms);
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }

      // The listener goes when the timer fires, so one long-lived signal does not collect them.
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.min(ms, maxRealMs),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  return { sleep, delays };
}

/** Builds a logger that keeps every line, so tests can check what was logged and that no secret was. */
export function recordingLogger() {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const record =
    (level: string) =>
    (message: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, message, ...(fields ? { fields } : {}) });
    };
  const logger: SandboxLogger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  return { logger, lines };
}

/** Builds a client for `url` with fast retries and a recording sleep. */
export function createTestClient(
  url: string,
  config: Partial<SandboxConfig> = {},
  extra: { logger?: SandboxLogger; fetchImpl?: typeof fetch } = {},
) {
  const recorder = recordingSleep();
  const client = new DaytonaSandboxClient({
    config: { apiKey: TEST_API_KEY, apiUrl: url, timeoutMs: 2_000, ...config },
    sleep: recorder.sleep,
    ...extra,
  });
  return { client, delays: recorder.delays };
}

/**
 * Starts a Daytona before the tests of the enclosing file or `describe` block, resets it before
 * each test and closes it after the last. Returns a view whose `url` and `fake` are read once
 * the servers run.
 */
export function useTestDaytona(start: () => Promise<TestDaytona>): Omit<TestDaytona, 'close'> {
  let running: TestDaytona | undefined;

  beforeAll(async () => {
    running = await start();
  });
  afterAll(async () => {
    await running?.close();
  });
  beforeEach(() => {
    running?.fake.reset();
  });

  const current = (): TestDaytona => {
    if (!running) throw new Error('The test Daytona is not running: use it inside a test or hook.');
    return running;
  };
  return {
    get url() {
      return current().url;
    },
    get fake() {
      return current().fake;
    },
  };
}
