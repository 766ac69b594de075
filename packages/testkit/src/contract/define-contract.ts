import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';

import { createLeakGuard, type LeakGuard } from './leak-guard.js';
import { pollUntil } from './polling.js';
import type {
  ContractListFilter,
  ContractSandbox,
  SandboxOwner,
  SandboxProvider,
  SandboxStatus,
} from './provider.js';

/**
 * Deadline for each wait and poll in the suite, in milliseconds.
 * NOTE: an estimate, not measured against any provider. It leaves room for a sandbox that starts
 * from an image the provider has not cached yet.
 */
export const DEFAULT_CONTRACT_TIMEOUT_MS = 120_000;

/** Pause between polls of a list or an existence check, in milliseconds. */
export const DEFAULT_CONTRACT_POLL_INTERVAL_MS = 1_000;

/** Sandboxes created at once by the concurrency test. */
const CONCURRENT_CREATES = 5;

/**
 * Deadlines one test or hook may spend in a row. No test waits more than three times, and the leak
 * guard waits twice, once before and once after it tears leftovers down.
 */
const DEADLINES_PER_TEST = 3;

/** The provider under test and the checks the suite needs, as returned by `setup`. */
export interface SandboxProviderContractSetup {
  /** The provider under test. */
  provider: SandboxProvider;
  /** Reports whether an error rejected by `getHandle` means that no such sandbox exists. */
  isNotFound(error: unknown): boolean;
  /**
   * Reports whether the sandbox still exists, read straight from the provider. A sandbox that
   * the provider only keeps as a deleted record does not exist.
   */
  sandboxExists(id: string): Promise<boolean>;
  /**
   * Releases what `setup` acquired, such as servers and clients. It runs after the leak guard,
   * also when tests or the guard fail.
   */
  teardown?(): Promise<void>;
  /**
   * Not read here: set `timeoutMs` on the definition, because vitest fixes each test's timeout
   * when the suite is registered, before `setup` runs.
   */
  timeoutMs?: never;
}

/** The provider to test and how to reach it. */
export interface SandboxProviderContractDefinition {
  /** Provider name, shown in the suite title. */
  name: string;
  /**
   * Prepares the provider once, before the first test. When it rejects, it must release what it
   * already acquired, because the suite only calls `teardown` after a successful setup.
   */
  setup(): SandboxProviderContractSetup | Promise<SandboxProviderContractSetup>;
  /**
   * Deadline for each wait and each poll the suite makes, in milliseconds. Each test and hook
   * may take three times as long. Default 120 000.
   */
  timeoutMs?: number;
  /** Pause between polls of lists and existence checks, in milliseconds. Default 1 000. */
  pollIntervalMs?: number;
  /** Registers the suite as skipped, for example when credentials for a live run are missing. */
  skip?: boolean;
}

interface RunningContract {
  setup: SandboxProviderContractSetup;
  guard: LeakGuard;
}

type Outcome<T> = { rejected: false; value: T } | { rejected: true; error: unknown };

/**
 * Registers a vitest suite that checks a sandbox provider against the lifecycle contract:
 * statuses through create, wait and stop, owner isolation in lists, list filters, not-found
 * errors, idempotent teardown, list removal and concurrent creates. Call it at the top level of a
 * test file.
 *
 * Every company id carries a random suffix, so runs against a shared provider do not see each
 * other's sandboxes. After all tests a leak guard checks that no sandbox the suite created still
 * exists, tears down any that do, and fails the suite naming them.
 */
export function defineSandboxProviderContract(definition: SandboxProviderContractDefinition): void {
  const timeoutMs = definition.timeoutMs ?? DEFAULT_CONTRACT_TIMEOUT_MS;
  const pollIntervalMs = definition.pollIntervalMs ?? DEFAULT_CONTRACT_POLL_INTERVAL_MS;
  requirePositive('timeoutMs', timeoutMs);
  requirePositive('pollIntervalMs', pollIntervalMs);

  const pollOptions = { timeoutMs, intervalMs: pollIntervalMs };
  const testOptions = { timeout: timeoutMs * DEADLINES_PER_TEST };
  const runId = randomUUID().slice(0, 8);

  describe.skipIf(definition.skip === true)(
    `${definition.name} meets the sandbox provider contract`,
    () => {
      let running: RunningContract | undefined;

      beforeAll(async () => {
        const setup = await definition.setup();
        if (setup.timeoutMs !== undefined) {
          await setup.teardown?.();
          throw new TypeError(
            `Setup for ${definition.name} returned timeoutMs, which the suite does not read. ` +
              'Pass timeoutMs to defineSandboxProviderContract instead.',
          );
        }
        const guard = createLeakGuard(setup.provider, {
          sandboxExists: (id) => setup.sandboxExists(id),
          settleTimeoutMs: timeoutMs,
          pollIntervalMs,
        });
        running = { setup, guard };
      }, testOptions.timeout);

      afterAll(async () => {
        // When setup failed, vitest already reports its error and there is nothing to release.
        if (running === undefined) {
          return;
        }

        await checkThenTeardown(definition.name, running);
      }, testOptions.timeout);

      function contract(): RunningContract {
        if (running === undefined) {
          throw new Error(
            `Setup for ${definition.name} did not finish, so the test cannot run. See the beforeAll error.`,
          );
        }
        return running;
      }

      function provider(): SandboxProvider {
        return contract().guard.provider;
      }

      function ownerFor(tenant: string, agentId: string, issueId?: string | null): SandboxOwner {
        return { companyId: `contract-${runId}-${tenant}`, agentId, issueId };
      }

      /** Creates a sandbox that is torn down if the test fails before it stops the sandbox. */
      async function createSandbox(
        context: TestContext,
        owner: SandboxOwner,
      ): Promise<ContractSandbox> {
        const sandbox = await provider().createHandle(owner);
        context.onTestFailed(() => stopQuietly(sandbox.id));
        return sandbox;
      }

      async function stopQuietly(id: string): Promise<void> {
        try {
          await provider().stopHandle(id);
        } catch {
          // The leak guard reports any sandbox that this call failed to remove.
        }
      }

      /** Lists until `accept` approves the result or the deadline passes, and returns the last list. */
      async function pollList(
        filter: ContractListFilter,
        accept: (ids: string[]) => boolean,
      ): Promise<ContractSandbox[]> {
        let sandboxes: ContractSandbox[] = [];
        await pollUntil(async () => {
          sandboxes = await provider().listHandles(filter);
          return accept(idsOf(sandboxes));
        }, pollOptions);
        return sandboxes;
      }

      async function isAbsent(id: string): Promise<boolean> {
        const outcome = await settle(provider().getHandle(id));
        if (outcome.rejected) {
          if (contract().setup.isNotFound(outcome.error)) {
            return true;
          }
          throw outcome.error;
        }

        // The provider still returns a record, so it must not count as existing.
        return !(await contract().setup.sandboxExists(id));
      }

      it('lifecycle moves from starting to ready to gone', testOptions, async (context) => {
        const owner = ownerFor('lifecycle', 'agent-1', 'issue-1');
        const labels = { companyId: owner.companyId, agentId: 'agent-1', issueId: 'issue-1' };

        const created = await createSandbox(context, owner);
        expect(['starting', 'ready']).toContain(created.status);
        expect(created).toMatchObject(labels);

        const ready = await provider().waitForStatus(created.id, 'ready', { timeoutMs });
        expect(ready.id).toBe(created.id);
        expect(ready.status).toBe('ready');

        const fetched = await provider().getHandle(created.id);
        expect(fetched).toMatchObject({ id: created.id, status: 'ready', ...labels });

        await provider().stopHandle(created.id);

        const absent = await pollUntil(() => isAbsent(created.id), pollOptions);
        expect(absent, `sandbox ${created.id} still exists ${timeoutMs} ms after stopHandle`).toBe(
          true,
        );
      });

      it("company never sees another company's sandboxes", testOptions, async (context) => {
        const ownerA = ownerFor('tenant-a', 'agent-shared');
        const ownerB = ownerFor('tenant-b', 'agent-shared');
        const sandboxA = await createSandbox(context, ownerA);
        const sandboxB = await createSandbox(context, ownerB);

        const listA = await pollList({ companyId: ownerA.companyId }, (ids) =>
          ids.includes(sandboxA.id),
        );
        expect(idsOf(listA)).toContain(sandboxA.id);
        expect(idsOf(listA)).not.toContain(sandboxB.id);
        for (const sandbox of listA) {
          expect(sandbox.companyId).toBe(ownerA.companyId);
        }

        const listB = await pollList({ companyId: ownerB.companyId }, (ids) =>
          ids.includes(sandboxB.id),
        );
        expect(idsOf(listB)).toContain(sandboxB.id);
        expect(idsOf(listB)).not.toContain(sandboxA.id);
        for (const sandbox of listB) {
          expect(sandbox.companyId).toBe(ownerB.companyId);
        }

        await stopAll([sandboxA, sandboxB]);
      });

      it('agent list holds only its own sandboxes', testOptions, async (context) => {
        const ownerX = ownerFor('agents', 'agent-x');
        const ownerY = ownerFor('agents', 'agent-y');
        const sandboxX = await createSandbox(context, ownerX);
        const sandboxY = await createSandbox(context, ownerY);

        const listX = await pollList({ companyId: ownerX.companyId, agentId: 'agent-x' }, (ids) =>
          ids.includes(sandboxX.id),
        );
        expect(idsOf(listX)).toEqual([sandboxX.id]);
        for (const sandbox of listX) {
          expect(sandbox.agentId).toBe('agent-x');
        }

        const listAll = await pollList({ companyId: ownerX.companyId }, (ids) =>
          ids.includes(sandboxY.id),
        );
        expect(idsOf(listAll)).toEqual(expect.arrayContaining([sandboxX.id, sandboxY.id]));

        await stopAll([sandboxX, sandboxY]);
      });

      it('list filters by issueId', testOptions, async (context) => {
        const companyOwner = ownerFor('issues', 'agent-1');
        const first = await createSandbox(context, { ...companyOwner, issueId: 'issue-1' });
        const second = await createSandbox(context, { ...companyOwner, issueId: 'issue-2' });
        const withoutIssue = await createSandbox(context, { ...companyOwner, issueId: null });
        expect(first.issueId).toBe('issue-1');
        expect(withoutIssue.issueId).toBeNull();

        const filter = { companyId: companyOwner.companyId, issueId: 'issue-1' };
        const listed = await pollList(filter, (ids) => ids.includes(first.id));
        expect(idsOf(listed)).toEqual([first.id]);
        for (const sandbox of listed) {
          expect(sandbox.issueId).toBe('issue-1');
        }

        await stopAll([first, second, withoutIssue]);
      });

      it('list filters by status', testOptions, async (context) => {
        const owner = ownerFor('statuses', 'agent-1');
        const created = await createSandbox(context, owner);
        await provider().waitForStatus(created.id, 'ready', { timeoutMs });

        const readyList = await pollList({ companyId: owner.companyId, status: 'ready' }, (ids) =>
          ids.includes(created.id),
        );
        expect(idsOf(readyList)).toContain(created.id);

        const otherStatuses: SandboxStatus[] = ['starting', 'stopped', 'error'];
        for (const status of otherStatuses) {
          const listed = await provider().listHandles({ companyId: owner.companyId, status });
          expect(idsOf(listed), `list filtered by status ${status}`).not.toContain(created.id);
          for (const sandbox of listed) {
            expect(sandbox.status).toBe(status);
          }
        }

        await stopAll([created]);
      });

      it('getHandle rejects unknown id as not found', testOptions, async () => {
        // A well-formed id, because a provider may reject a malformed one with a validation error.
        const missingId = randomUUID();

        const outcome = await settle(provider().getHandle(missingId));
        expect(outcome.rejected, `getHandle resolved for ${missingId}, which never existed`).toBe(
          true,
        );
        if (outcome.rejected) {
          expect(
            contract().setup.isNotFound(outcome.error),
            `isNotFound returned false for ${String(outcome.error)}`,
          ).toBe(true);
        }
        expect(await contract().setup.sandboxExists(missingId)).toBe(false);
      });

      it('stopHandle twice succeeds', testOptions, async (context) => {
        const created = await createSandbox(context, ownerFor('double-stop', 'agent-1'));
        await provider().waitForStatus(created.id, 'ready', { timeoutMs });

        await provider().stopHandle(created.id);
        await provider().stopHandle(created.id);

        const absent = await pollUntil(() => isAbsent(created.id), pollOptions);
        expect(absent, `sandbox ${created.id} still exists after two stopHandle calls`).toBe(true);
      });

      it('torn-down sandbox leaves the list', testOptions, async (context) => {
        const owner = ownerFor('list-removal', 'agent-1');
        const created = await createSandbox(context, owner);
        await provider().waitForStatus(created.id, 'ready', { timeoutMs });

        const before = await pollList({ companyId: owner.companyId }, (ids) =>
          ids.includes(created.id),
        );
        expect(idsOf(before)).toContain(created.id);

        await provider().stopHandle(created.id);

        const after = await pollList(
          { companyId: owner.companyId },
          (ids) => !ids.includes(created.id),
        );
        expect(
          idsOf(after),
          `sandbox ${created.id} still listed ${timeoutMs} ms after stopHandle`,
        ).not.toContain(created.id);
      });

      it('concurrent creates get separate sandboxes', testOptions, async (context) => {
        const owners = Array.from({ length: CONCURRENT_CREATES }, (_, index) =>
          ownerFor('concurrent', 'agent-1', `issue-${index}`),
        );

        const outcomes = await Promise.allSettled(
          owners.map((owner) => createSandbox(context, owner)),
        );
        const created = outcomes.flatMap((outcome) =>
          outcome.status === 'fulfilled' ? [outcome.value] : [],
        );
        const failures = outcomes.flatMap((outcome) =>
          outcome.status === 'rejected' ? [String(outcome.reason)] : [],
        );
        expect(failures, 'concurrent createHandle calls that failed').toEqual([]);

        const ids = idsOf(created);
        expect(new Set(ids).size, `ids ${ids.join(', ')}`).toBe(CONCURRENT_CREATES);
        created.forEach((sandbox, index) => {
          expect(sandbox.issueId).toBe(owners[index]?.issueId);
        });

        const companyId = owners[0]?.companyId ?? '';
        const listed = await pollList({ companyId }, (listedIds) =>
          ids.every((id) => listedIds.includes(id)),
        );
        expect(idsOf(listed)).toEqual(expect.arrayContaining(ids));

        await stopAll(created);
      });

      async function stopAll(sandboxes: ContractSandbox[]): Promise<void> {
        await Promise.all(sandboxes.map((sandbox) => provider().stopHandle(sandbox.id)));
      }
    },
  );
}

/**
 * Runs the leak guard, then the setup's teardown even when the guard fails. When both fail, it
 * throws an `AggregateError`, which vitest 4 reports as its separate errors, so neither the leaked
 * ids nor the teardown failure goes unseen.
 */
async function checkThenTeardown(name: string, running: RunningContract): Promise<void> {
  const guardOutcome = await settle(running.guard.check());
  const teardownOutcome = await settle(running.setup.teardown?.() ?? Promise.resolve());

  if (guardOutcome.rejected && teardownOutcome.rejected) {
    throw new AggregateError(
      [guardOutcome.error, teardownOutcome.error],
      `Leak guard and teardown for ${name} both failed.`,
    );
  }
  if (guardOutcome.rejected) {
    throw guardOutcome.error;
  }
  if (teardownOutcome.rejected) {
    throw teardownOutcome.error;
  }
}

function idsOf(sandboxes: ContractSandbox[]): string[] {
  return sandboxes.map((sandbox) => sandbox.id);
}

async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { rejected: false, value: await promise };
  } catch (error) {
    return { rejected: true, error };
  }
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Invalid ${name} ${value}: pass a positive number of milliseconds.`);
  }
}
