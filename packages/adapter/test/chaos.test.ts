import { setTimeout as delay } from 'node:timers/promises';
import type { Fault, FaultRule } from '@biroai/sandbox-testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaytonaSandboxClient, DaytonaSandboxError } from '../src/index.js';
import { recordingSleep, startRawDaytona, TEST_API_KEY, type TestDaytona } from './support.js';

const CYCLES = 200;
const CLIENT_TIMEOUT_MS = 150;
/** Longer than the client's timeout, so the client gives up before the server acts. */
const SLOW_LATENCY_MS = 200;

// Chance of each fault per request, drawn from the fake's seeded generator. Each rule draws on
// its own and the first match wins, so roughly one request in five fails in some way.
const FAULT_MIX: [number, Fault][] = [
  [0.03, { kind: 'status', status: 409 }],
  [0.03, { kind: 'status', status: 429, retryAfterSeconds: 1 }],
  [0.03, { kind: 'status', status: 500 }],
  [0.03, { kind: 'status', status: 503 }],
  [0.03, { kind: 'latency', delayMs: 20 }],
  [0.005, { kind: 'latency', delayMs: SLOW_LATENCY_MS }],
  [0.03, { kind: 'reset', when: 'before' }],
  [0.03, { kind: 'reset', when: 'after' }],
  [0.03, { kind: 'malformed-json' }],
  [0.005, { kind: 'hang' }],
];

const OPERATIONS = ['createSandbox', 'getSandbox', 'deleteSandbox', 'listSandboxes'] as const;

// The fake alone: resets, truncated bodies and hangs must reach the client as Daytona sends them.
let daytona: TestDaytona;

beforeAll(async () => {
  daytona = await startRawDaytona({ transitionDelayMs: 2, seed: 'lifecycle-chaos' });
});

afterAll(async () => {
  await daytona?.close();
});

function addFaults(): void {
  for (const operation of OPERATIONS) {
    for (const [probability, fault] of FAULT_MIX) {
      // A create the server handles after the client gave up can land after the caller tore the
      // retried sandbox down, when its name is free again. No client can see that sandbox, so
      // create-adoption tests cover it with the reaper instead.
      const slow = fault.kind === 'latency' && fault.delayMs > CLIENT_TIMEOUT_MS;
      if (operation === 'createSandbox' && slow) continue;

      const rule: FaultRule = { operation, probability, fault };
      daytona.fake.faults.add(rule);
    }
  }
}

describe('lifecycle under random faults', () => {
  it('leaks no sandbox in 200 create and teardown cycles', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);

    // Backoff and poll delays are recorded and cut to 1 ms, so 200 cycles take seconds.
    const { sleep } = recordingSleep(1);
    const client = new DaytonaSandboxClient({
      config: { apiKey: TEST_API_KEY, apiUrl: daytona.url, timeoutMs: CLIENT_TIMEOUT_MS },
      sleep,
    });
    const knownIds = new Set<string>();
    const untypedErrors: unknown[] = [];
    const remember = (error: unknown) => {
      if (!(error instanceof DaytonaSandboxError)) untypedErrors.push(error);
      const sandboxId = (error as { sandboxId?: unknown }).sandboxId;
      if (typeof sandboxId === 'string') knownIds.add(sandboxId);
    };

    try {
      addFaults();
      for (let cycle = 0; cycle < CYCLES; cycle++) {
        try {
          const handle = await client.createHandle({
            companyId: 'acme',
            agentId: `agent-${cycle}`,
          });
          knownIds.add(handle.id);
          await client.stopHandle(handle.id);
        } catch (error) {
          remember(error);
        }
      }

      // Let slow requests the client gave up on reach the fake before cleaning up.
      daytona.fake.faults.clear();
      await delay(SLOW_LATENCY_MS + 50);
      for (const id of knownIds) {
        await client.stopHandle(id).catch(remember);
      }
    } finally {
      process.off('unhandledRejection', onRejection);
    }

    const faulted = daytona.fake.requests.filter((request) => request.fault !== undefined);
    expect(faulted.length).toBeGreaterThan(CYCLES / 2);
    expect(untypedErrors).toEqual([]);
    expect(rejections).toEqual([]);
    expect(daytona.fake.sandboxes()).toEqual([]);
  });
});
