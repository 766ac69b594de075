import type { SandboxDesiredState } from './wire.js';

/** A desired state that a request of the spec can ask for. */
export type RequestableState = 'started' | 'stopped' | 'archived' | 'destroyed';

/** States in which the server is busy with a change and rejects most new ones. */
const CHANGING_STATES = new Set([
  'creating',
  'restoring',
  'destroying',
  'starting',
  'stopping',
  'pending_build',
  'building_snapshot',
  'pulling_snapshot',
  'archiving',
  'resizing',
  'snapshotting',
  'forking',
  'pausing',
  'resuming',
]);

// The states each desired state is accepted from, as in the Daytona v0.190.0 server.
// `started` is the odd one: it is accepted from every state except the listed ones, including
// values the spec does not know and a missing state.
const STARTED_REJECTED_FROM = new Set(['stopping', 'destroying', 'destroyed', 'pausing']);

const ACCEPTED_FROM: Record<Exclude<RequestableState, 'started'>, Set<string>> = {
  stopped: new Set([
    'started',
    'stopping',
    'stopped',
    'error',
    'build_failed',
    'resizing',
    'snapshotting',
    'forking',
    'paused',
    'pausing',
  ]),
  archived: new Set(['archived', 'archiving', 'stopped', 'error', 'build_failed']),
  destroyed: new Set([
    'destroyed',
    'destroying',
    'stopped',
    'started',
    'archived',
    'error',
    'build_failed',
    'archiving',
    'pending_build',
    'paused',
  ]),
};

/** Tells whether the server accepts `desired` for a sandbox in `state` (undefined when absent). */
export function isAccepted(state: string | undefined, desired: RequestableState): boolean {
  if (desired === 'started') {
    return state === undefined || !STARTED_REJECTED_FROM.has(state);
  }

  return state !== undefined && ACCEPTED_FROM[desired].has(state);
}

/** Returns the 409 message for a rejected change, matching Daytona's for a busy sandbox. */
export function rejectionMessage(state: string | undefined, desired: RequestableState): string {
  if (state !== undefined && CHANGING_STATES.has(state)) {
    return 'Sandbox state change in progress';
  }

  return `Sandbox in state ${state ?? '(none)'} cannot change to ${desired}`;
}

/**
 * Returns the state that follows `state` on the way to `desired`, or undefined when the sandbox
 * is at rest. The fake moves one step per transition delay, so a client polling it gets each
 * intermediate state that the real server reports.
 */
export function nextState(
  state: string | undefined,
  desired: SandboxDesiredState,
): string | undefined {
  switch (desired) {
    case 'started':
      return nextTowardsStarted(state);
    case 'stopped':
      return nextTowardsStopped(state);
    case 'archived':
      return nextTowardsArchived(state);
    case 'destroyed':
      return state === 'destroying'
        ? 'destroyed'
        : state === 'destroyed'
          ? undefined
          : 'destroying';
    case 'paused':
      return nextTowardsPaused(state);
    default:
      return undefined;
  }
}

function nextTowardsStarted(state: string | undefined): string | undefined {
  switch (state) {
    case 'started':
      return undefined;
    case 'pending_build':
      return 'building_snapshot';
    case 'building_snapshot':
    case 'pulling_snapshot':
      return 'creating';
    case 'creating':
    case 'starting':
    case 'resuming':
    case 'resizing':
    case 'snapshotting':
    case 'forking':
      return 'started';
    // An archive in progress finishes before the restore begins.
    case 'archiving':
      return 'archived';
    case 'archived':
      return 'restoring';
    case 'paused':
      return 'resuming';
    default:
      // restoring, stopped, error, build_failed, unknown, values the spec does not know and a
      // missing state all boot the sandbox again.
      return 'starting';
  }
}

function nextTowardsStopped(state: string | undefined): string | undefined {
  if (state === 'stopped') {
    return undefined;
  }

  return state === 'stopping' ? 'stopped' : 'stopping';
}

function nextTowardsPaused(state: string | undefined): string | undefined {
  if (state === 'started') {
    return 'pausing';
  }

  return state === 'pausing' ? 'paused' : undefined;
}

function nextTowardsArchived(state: string | undefined): string | undefined {
  if (state === 'archived') {
    return undefined;
  }

  return state === 'archiving' ? 'archived' : 'archiving';
}
