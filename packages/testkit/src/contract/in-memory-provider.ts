import { randomUUID } from 'node:crypto';

import {
  InMemoryStatusUnreachableError,
  InMemoryWaitTimeoutError,
  SandboxNotFoundError,
} from './errors.js';
import { sleep } from './polling.js';
import type {
  ContractListFilter,
  ContractSandbox,
  ContractWaitOptions,
  SandboxOwner,
  SandboxProvider,
  SandboxStatus,
} from './provider.js';

/**
 * Time a new sandbox stays `starting`, in milliseconds. It is long enough for a caller to see
 * `starting` and short enough for fast tests.
 */
export const DEFAULT_START_DELAY_MS = 5;

/** Deadline for `waitForStatus`, in milliseconds, when the caller gives none. */
export const DEFAULT_WAIT_TIMEOUT_MS = 10_000;

/** Options for `InMemorySandboxProvider`. */
export interface InMemorySandboxProviderOptions {
  /** Time a new sandbox stays `starting` before it is `ready`, in milliseconds. Default 5. */
  startDelayMs?: number;
  /**
   * Makes `stopHandle` resolve without removing anything, to simulate a provider that leaks
   * sandboxes. Default false.
   */
  leakOnStop?: boolean;
  /**
   * Makes `stopHandle` keep a `stopped` record that `getHandle` still returns, as providers do
   * that show deleted sandboxes for a while. Lists and `exists` leave such records out.
   * Default false.
   */
  keepTombstones?: boolean;
}

interface SandboxRecord {
  id: string;
  companyId: string;
  agentId: string;
  issueId: string | null;
  /** `performance.now()` value from which the sandbox reports `ready`. */
  readyAtMs: number;
  stopped: boolean;
}

/**
 * A sandbox provider that keeps sandboxes in a `Map` in this process. It runs no code and calls
 * no network, so it suits tests of code that provisions sandboxes, and it shows what the contract
 * suite expects from a real adapter.
 */
export class InMemorySandboxProvider implements SandboxProvider {
  readonly #sandboxes = new Map<string, SandboxRecord>();
  readonly #startDelayMs: number;
  readonly #leakOnStop: boolean;
  readonly #keepTombstones: boolean;

  constructor(options: InMemorySandboxProviderOptions = {}) {
    const startDelayMs = options.startDelayMs ?? DEFAULT_START_DELAY_MS;
    if (!Number.isFinite(startDelayMs) || startDelayMs < 0) {
      throw new RangeError(
        `Invalid startDelayMs ${startDelayMs}: pass a finite number of milliseconds, 0 or more.`,
      );
    }

    this.#startDelayMs = startDelayMs;
    this.#leakOnStop = options.leakOnStop ?? false;
    this.#keepTombstones = options.keepTombstones ?? false;
  }

  async createHandle(owner: SandboxOwner): Promise<ContractSandbox> {
    requireText('owner.companyId', owner.companyId);
    requireText('owner.agentId', owner.agentId);

    const record: SandboxRecord = {
      id: randomUUID(),
      companyId: owner.companyId,
      agentId: owner.agentId,
      issueId: owner.issueId ?? null,
      readyAtMs: performance.now() + this.#startDelayMs,
      stopped: false,
    };
    this.#sandboxes.set(record.id, record);

    return toSandbox(record);
  }

  async getHandle(id: string): Promise<ContractSandbox> {
    return toSandbox(this.#require(id));
  }

  async listHandles(filter: ContractListFilter): Promise<ContractSandbox[]> {
    requireText('filter.companyId', filter.companyId);

    const matches: ContractSandbox[] = [];
    for (const record of this.#sandboxes.values()) {
      const sandbox = toSandbox(record);
      if (!record.stopped && matchesFilter(sandbox, filter)) {
        matches.push(sandbox);
      }
    }
    return matches;
  }

  async waitForStatus(
    id: string,
    status: SandboxStatus,
    options: ContractWaitOptions = {},
  ): Promise<ContractSandbox> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS;
    const deadlineMs = performance.now() + timeoutMs;

    for (;;) {
      options.signal?.throwIfAborted();

      // Read the record on every pass, because stopHandle may run while this call sleeps.
      const record = this.#require(id);
      const current = statusOf(record);
      if (current === status) {
        return toSandbox(record);
      }
      if (current !== 'starting' || status !== 'ready') {
        throw new InMemoryStatusUnreachableError(id, current, status);
      }

      const nowMs = performance.now();
      const remainingMs = deadlineMs - nowMs;
      if (remainingMs <= 0) {
        throw new InMemoryWaitTimeoutError(id, status, timeoutMs);
      }

      // The only move left is starting to ready at a known time, so sleep until then.
      await sleep(Math.ceil(Math.min(record.readyAtMs - nowMs, remainingMs)), options.signal);
    }
  }

  async stopHandle(id: string): Promise<void> {
    if (this.#leakOnStop) {
      return;
    }

    const record = this.#sandboxes.get(id);
    if (record === undefined) {
      return;
    }
    if (this.#keepTombstones) {
      record.stopped = true;
      return;
    }
    this.#sandboxes.delete(id);
  }

  /** Reports whether a sandbox with this id exists and has not been torn down. */
  exists(id: string): boolean {
    const record = this.#sandboxes.get(id);
    return record !== undefined && !record.stopped;
  }

  /** Number of sandboxes that exist and have not been torn down. */
  get size(): number {
    let count = 0;
    for (const record of this.#sandboxes.values()) {
      if (!record.stopped) {
        count += 1;
      }
    }
    return count;
  }

  #require(id: string): SandboxRecord {
    const record = this.#sandboxes.get(id);
    if (record === undefined) {
      throw new SandboxNotFoundError(id);
    }
    return record;
  }
}

function statusOf(record: SandboxRecord): SandboxStatus {
  if (record.stopped) {
    return 'stopped';
  }
  return performance.now() >= record.readyAtMs ? 'ready' : 'starting';
}

/** Copies a record so callers cannot change the stored sandbox. */
function toSandbox(record: SandboxRecord): ContractSandbox {
  return {
    id: record.id,
    status: statusOf(record),
    companyId: record.companyId,
    agentId: record.agentId,
    issueId: record.issueId,
  };
}

function matchesFilter(sandbox: ContractSandbox, filter: ContractListFilter): boolean {
  return (
    sandbox.companyId === filter.companyId &&
    (filter.agentId === undefined || sandbox.agentId === filter.agentId) &&
    (filter.issueId === undefined || sandbox.issueId === filter.issueId) &&
    (filter.status === undefined || sandbox.status === filter.status)
  );
}

function requireText(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`Invalid ${name} ${JSON.stringify(value)}: pass a non-empty string.`);
  }
}
