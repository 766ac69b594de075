import type { SandboxStatus } from './provider.js';

/** Raised by `InMemorySandboxProvider` when no sandbox has the requested id. */
export class SandboxNotFoundError extends Error {
  override readonly name = 'SandboxNotFoundError';
  readonly sandboxId: string;

  constructor(sandboxId: string) {
    super(`Sandbox ${sandboxId} not found. It was never created or has been torn down.`);
    this.sandboxId = sandboxId;
  }
}

/** Raised by `InMemorySandboxProvider.waitForStatus` when the deadline passes first. */
export class InMemoryWaitTimeoutError extends Error {
  override readonly name = 'InMemoryWaitTimeoutError';
  readonly sandboxId: string;
  readonly expectedStatus: SandboxStatus;
  readonly timeoutMs: number;

  constructor(sandboxId: string, expectedStatus: SandboxStatus, timeoutMs: number) {
    super(
      `Waiting for sandbox ${sandboxId} to become ${expectedStatus} timed out after ${timeoutMs} ms. ` +
        'Pass a larger timeoutMs or a shorter startDelayMs.',
    );
    this.sandboxId = sandboxId;
    this.expectedStatus = expectedStatus;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Raised by `InMemorySandboxProvider.waitForStatus` when the sandbox can never reach the status,
 * so the caller does not wait out the deadline for nothing.
 */
export class InMemoryStatusUnreachableError extends Error {
  override readonly name = 'InMemoryStatusUnreachableError';
  readonly sandboxId: string;
  readonly status: SandboxStatus;
  readonly expectedStatus: SandboxStatus;

  constructor(sandboxId: string, status: SandboxStatus, expectedStatus: SandboxStatus) {
    super(
      `Sandbox ${sandboxId} is ${status} and can never become ${expectedStatus}: in-memory sandboxes ` +
        'only move from starting to ready. Wait for ready, or call stopHandle to tear one down.',
    );
    this.sandboxId = sandboxId;
    this.status = status;
    this.expectedStatus = expectedStatus;
  }
}

/** Sandboxes that outlived the tests that created them, as found by the leak guard. */
export interface SandboxLeakDetails {
  /** Every tracked sandbox that still existed when the guard ran, in creation order. */
  leakedIds: string[];
  /** The subset of `leakedIds` that still existed after the guard tried to tear them down. */
  remainingIds: string[];
  /** Errors from `stopHandle` or `sandboxExists` calls the guard made, with the sandbox id. */
  errors: { sandboxId: string; error: unknown }[];
}

/** Raised by the leak guard when sandboxes created through it still exist. */
export class SandboxLeakError extends Error implements SandboxLeakDetails {
  override readonly name = 'SandboxLeakError';
  readonly leakedIds: string[];
  readonly remainingIds: string[];
  readonly errors: { sandboxId: string; error: unknown }[];

  constructor(details: SandboxLeakDetails) {
    const cause =
      details.errors.length > 0
        ? new AggregateError(
            details.errors.map((entry) => entry.error),
            `${details.errors.length} guard calls failed`,
          )
        : undefined;
    super(describeLeak(details), cause === undefined ? undefined : { cause });
    this.leakedIds = details.leakedIds;
    this.remainingIds = details.remainingIds;
    this.errors = details.errors;
  }
}

function describeLeak({ leakedIds, remainingIds }: SandboxLeakDetails): string {
  const removedIds = leakedIds.filter((id) => !remainingIds.includes(id));
  const lines = [
    `${leakedIds.length} sandbox(es) still existed after the tests that created them: ${leakedIds.join(', ')}.`,
  ];

  if (remainingIds.length === 0) {
    lines.push('The leak guard tore them all down.');
  } else if (removedIds.length === 0) {
    lines.push(
      'The leak guard could not tear any of them down. Delete them in the provider by hand.',
    );
  } else {
    lines.push(
      `The leak guard tore down ${removedIds.join(', ')} but could not tear down ` +
        `${remainingIds.join(', ')}. Delete those in the provider by hand.`,
    );
  }

  lines.push(
    'Check that stopHandle removes the sandbox, and that sandboxExists returns false once it is gone.',
  );
  return lines.join(' ');
}
