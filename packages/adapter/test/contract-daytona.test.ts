import {
  defineSandboxProviderContract,
  type SandboxProvider,
  type SandboxProviderContractSetup,
} from '@biroai/sandbox-testkit/contract';
import { describe, expectTypeOf, it } from 'vitest';
import { DaytonaNotFoundError, DaytonaSandboxClient } from '../src/index.js';
import { startTestDaytona, TEST_API_KEY } from './support.js';

/** Builds the contract setup for a client; `close` releases what the setup started. */
function daytonaSetup(
  client: DaytonaSandboxClient,
  close: () => Promise<void>,
): SandboxProviderContractSetup {
  const companies = new Set<string>();
  const provider: SandboxProvider = {
    createHandle: (owner) => {
      companies.add(owner.companyId);
      return client.createHandle(owner);
    },
    getHandle: (id) => client.getHandle(id),
    listHandles: (filter) => client.listHandles(filter),
    waitForStatus: (id, status, options) => client.waitForStatus(id, status, options),
    stopHandle: (id) => client.stopHandle(id),
  };

  return {
    provider,
    isNotFound: (error) => error instanceof DaytonaNotFoundError,
    sandboxExists: async (id) => {
      try {
        const handle = await client.getHandle(id);
        return handle.state !== 'destroyed';
      } catch (error) {
        if (error instanceof DaytonaNotFoundError) return false;
        throw error;
      }
    },
    teardown: async () => {
      // Removes by label whatever the suite's companies still own, even after a failed test.
      try {
        for (const companyId of companies) {
          const report = await client.reapHandles({
            companyId,
            statuses: ['starting', 'ready', 'stopped', 'error'],
            dryRun: false,
          });
          if (report.failed.length > 0) {
            const ids = report.failed.map((failure) => failure.id).join(', ');
            throw new Error(
              `Could not remove sandboxes of ${companyId}: ${ids}. Delete them in Daytona.`,
            );
          }
        }
      } finally {
        await close();
      }
    },
  };
}

defineSandboxProviderContract({
  name: 'Daytona adapter on the spec-validated local Daytona',
  timeoutMs: 5_000,
  pollIntervalMs: 10,
  setup: async () => {
    const daytona = await startTestDaytona({ transitionDelayMs: 20 });
    const client = new DaytonaSandboxClient({
      config: { apiKey: TEST_API_KEY, apiUrl: daytona.url },
    });
    return daytonaSetup(client, () => daytona.close());
  },
});

const liveApiKey = process.env.DAYTONA_API_KEY;
const liveOptIn = process.env.DAYTONA_CONTRACT_LIVE === '1';

// Runs against a real Daytona only when asked: it creates billable sandboxes.
defineSandboxProviderContract({
  name: 'Daytona adapter on a real Daytona (DAYTONA_API_KEY and DAYTONA_CONTRACT_LIVE=1)',
  skip: !(liveApiKey && liveOptIn),
  timeoutMs: 180_000,
  pollIntervalMs: 2_000,
  setup: () => {
    const client = new DaytonaSandboxClient({
      config: {
        apiKey: liveApiKey ?? '',
        ...(process.env.DAYTONA_API_URL ? { apiUrl: process.env.DAYTONA_API_URL } : {}),
        idleTimeoutSeconds: 600,
      },
    });
    return daytonaSetup(client, async () => {});
  },
});

describe('DaytonaSandboxClient', () => {
  it('satisfies the provider contract type', () => {
    expectTypeOf<DaytonaSandboxClient>().toExtend<SandboxProvider>();
  });
});
