import type { SandboxRecord, SandboxStore } from './store.js';
import { nextState } from './transitions.js';
import type { SandboxDesiredState } from './wire.js';

/** Timing the lifecycle reads on every step, so tests can change it while the fake runs. */
export interface LifecycleTiming {
  /** Time each intermediate state lasts, in milliseconds. */
  transitionDelayMs: number;
  /** How far the list index trails the truth, in milliseconds. */
  listLagMs: number;
}

const SOFT_DELETED_PREFIX = 'DESTROYED_';

/** Returns the name Daytona gives a deleted sandbox so that its old name is free again. */
export function softDeletedName(name: string, nowMs: number): string {
  return `${SOFT_DELETED_PREFIX}${name}_${nowMs}`;
}

/**
 * Moves sandboxes towards their desired state one step per transition delay, the way the
 * Daytona server's reconciler does. A sandbox whose `autoDeleteInterval` is 0 is deleted as
 * soon as it stops.
 */
export class Lifecycle {
  constructor(
    private readonly store: SandboxStore,
    private readonly timing: LifecycleTiming,
  ) {}

  /**
   * Sets the sandbox's desired state and takes the first step at once, so the response to the
   * request already shows the change beginning. The caller has checked that it is accepted.
   */
  request(record: SandboxRecord, desired: SandboxDesiredState): void {
    const { sandbox } = record;
    if (sandbox.desiredState === desired && (record.timer !== undefined || !this.canStep(record))) {
      return;
    }

    const now = Date.now();

    // A sandbox whose earlier delete failed into error keeps the name that delete gave it.
    const alreadyRenamed =
      sandbox.desiredState === 'destroyed' && sandbox.name.startsWith(SOFT_DELETED_PREFIX);
    if (desired === 'destroyed' && !alreadyRenamed) {
      sandbox.name = softDeletedName(sandbox.name, now);
    }

    sandbox.desiredState = desired;

    // A step already scheduled picks up the new desired state when it runs.
    if (record.timer === undefined) {
      this.applyNext(record);
    }

    this.store.touch(record, now, this.timing.listLagMs);
    this.scheduleIfMoving(record);
  }

  /**
   * Stores a state directly and cancels any pending step; `null` removes the state field.
   * The sandbox then rests until the next accepted request.
   */
  force(
    record: SandboxRecord,
    state: string | null,
    details: { desiredState?: SandboxDesiredState; errorReason?: string; recoverable?: boolean },
  ): void {
    clearTimeout(record.timer);
    record.timer = undefined;

    const { sandbox } = record;
    if (state === null) {
      delete sandbox.state;
    } else {
      sandbox.state = state;
    }

    if (details.desiredState !== undefined) {
      sandbox.desiredState = details.desiredState;
    }

    if (details.errorReason !== undefined) {
      sandbox.errorReason = details.errorReason;
    }

    if (details.recoverable !== undefined) {
      sandbox.recoverable = details.recoverable;
    }

    this.store.touch(record, Date.now(), this.timing.listLagMs);
  }

  /** Starts moving a newly created sandbox towards its desired state. */
  begin(record: SandboxRecord): void {
    this.scheduleIfMoving(record);
  }

  private canStep(record: SandboxRecord): boolean {
    const { state, desiredState } = record.sandbox;
    return desiredState !== undefined && nextState(state, desiredState) !== undefined;
  }

  private applyNext(record: SandboxRecord): void {
    const { sandbox } = record;
    if (sandbox.desiredState === undefined) {
      return;
    }

    const next = nextState(sandbox.state, sandbox.desiredState);
    if (next === undefined) {
      return;
    }

    sandbox.state = next;
    if (next === 'started') {
      sandbox.lastActivityAt = new Date().toISOString();
    }
  }

  private scheduleIfMoving(record: SandboxRecord): void {
    if (record.timer !== undefined || !this.canStep(record)) {
      return;
    }

    record.timer = setTimeout(() => this.step(record), this.timing.transitionDelayMs);
    // Pending steps must not keep a test process alive after the fake is forgotten.
    record.timer.unref();
  }

  private step(record: SandboxRecord): void {
    record.timer = undefined;
    this.applyNext(record);

    this.store.touch(record, Date.now(), this.timing.listLagMs);

    const { sandbox } = record;
    const deleteOnStop =
      sandbox.state === 'stopped' &&
      sandbox.desiredState === 'stopped' &&
      sandbox.autoDeleteInterval === 0;
    if (deleteOnStop) {
      this.request(record, 'destroyed');
      return;
    }

    this.scheduleIfMoving(record);
  }
}
