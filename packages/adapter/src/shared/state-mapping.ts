import type { SandboxState } from '@biroai/daytona-api';

/** The four statuses a platform acts on, whatever Daytona calls the state. */
export type SandboxStatus = 'starting' | 'ready' | 'stopped' | 'error';

/** Every status, in lifecycle order. */
export const SANDBOX_STATUSES: readonly SandboxStatus[] = ['starting', 'ready', 'stopped', 'error'];

/**
 * The status of each current Daytona state. `satisfies Record<SandboxState, ...>` makes the
 * typecheck fail when a regenerated client adds a state this table lacks.
 */
export const DAYTONA_STATE_TO_STATUS = {
  // Provisioning or coming back: the sandbox is on its way to `started`.
  creating: 'starting',
  pending_build: 'starting',
  building_snapshot: 'starting',
  pulling_snapshot: 'starting',
  starting: 'starting',
  restoring: 'starting',
  resuming: 'starting',
  // Busy with an operation that ends in `started` or `stopped`; not usable until then.
  resizing: 'starting',
  snapshotting: 'starting',
  forking: 'starting',
  // The only state in which the sandbox accepts work.
  started: 'ready',
  // Not running, or on the way there. Torn-down sandboxes count as stopped too.
  stopping: 'stopped',
  stopped: 'stopped',
  pausing: 'stopped',
  paused: 'stopped',
  archiving: 'stopped',
  archived: 'stopped',
  destroying: 'stopped',
  destroyed: 'stopped',
  // Failed, whatever the value of `recoverable`, because a platform must act before the
  // sandbox is usable.
  error: 'error',
  build_failed: 'error',
  // Daytona's own "state cannot be determined".
  unknown: 'error',
} as const satisfies Record<SandboxState, SandboxStatus>;

/**
 * Names that were never sandbox states (they belong to volumes, images and an older product)
 * but that older integrations pass in. Accepted so those integrations keep working.
 */
export const LEGACY_STATE_TO_STATUS: Readonly<Record<string, SandboxStatus>> = {
  deleting: 'stopped',
  deleted: 'stopped',
  build_pending: 'starting',
  running: 'ready',
};

function isOwnKey<T extends object>(table: T, key: string): key is Extract<keyof T, string> {
  return Object.hasOwn(table, key);
}

/**
 * Maps a Daytona sandbox state to one of the four statuses. A state this version does not know,
 * and a missing state, map to `error`: a platform must not treat a sandbox it cannot read as
 * ready.
 */
export function mapDaytonaStateToStatus(state: string | null | undefined): SandboxStatus {
  if (typeof state !== 'string') return 'error';

  if (isOwnKey(DAYTONA_STATE_TO_STATUS, state)) return DAYTONA_STATE_TO_STATUS[state];
  if (Object.hasOwn(LEGACY_STATE_TO_STATUS, state)) return LEGACY_STATE_TO_STATUS[state] ?? 'error';
  return 'error';
}

/** Lists the current Daytona states that map to `status`, in table order. */
export function daytonaStatesForStatus(status: SandboxStatus): SandboxState[] {
  const states: SandboxState[] = [];
  for (const [state, mapped] of Object.entries(DAYTONA_STATE_TO_STATUS)) {
    if (mapped === status) states.push(state as SandboxState);
  }
  return states;
}

/** Tells whether `state` is a current Daytona state, so callers can flag unseen values. */
export function isKnownDaytonaState(state: string | null | undefined): state is SandboxState {
  return typeof state === 'string' && isOwnKey(DAYTONA_STATE_TO_STATUS, state);
}
