/**
 * The wire shapes of the Daytona sandbox API that the fake sends and reads, written out here
 * from `specs/daytona-sandbox.yaml` so the testkit does not depend on the generated client.
 */

/** The 22 sandbox states the spec defines (Daytona v0.190.0). */
export const SANDBOX_STATES = [
  'creating',
  'restoring',
  'destroyed',
  'destroying',
  'started',
  'stopped',
  'starting',
  'stopping',
  'error',
  'build_failed',
  'pending_build',
  'building_snapshot',
  'unknown',
  'pulling_snapshot',
  'archived',
  'archiving',
  'resizing',
  'snapshotting',
  'forking',
  'pausing',
  'paused',
  'resuming',
] as const;

/** A state from the spec's `SandboxState` enum. */
export type SandboxState = (typeof SANDBOX_STATES)[number];

/** The states the server may be moving a sandbox towards. */
export const SANDBOX_DESIRED_STATES = [
  'destroyed',
  'started',
  'stopped',
  'resized',
  'archived',
  'paused',
] as const;

/** A value of the spec's `SandboxDesiredState` enum. */
export type SandboxDesiredState = (typeof SANDBOX_DESIRED_STATES)[number];

/** The values of the spec's `SandboxClass` enum. */
export const SANDBOX_CLASSES = ['linux-vm', 'container', 'android', 'windows'] as const;

/** The fields the list can be sorted by. */
export const SORT_FIELDS = [
  'name',
  'cpu',
  'memoryGib',
  'diskGib',
  'lastActivityAt',
  'createdAt',
] as const;

/** A value of the spec's `SandboxListSortField` enum. */
export type SortField = (typeof SORT_FIELDS)[number];

/** The operationIds of `specs/daytona-sandbox.yaml`, which name operations in faults and logs. */
export type OperationId =
  | 'createSandbox'
  | 'listSandboxes'
  | 'getSandbox'
  | 'deleteSandbox'
  | 'startSandbox'
  | 'stopSandbox'
  | 'archiveSandbox'
  | 'replaceLabels'
  | 'setAutostopInterval';

/** A mounted volume. */
export interface WireVolume {
  volumeId: string;
  mountPath: string;
  subpath?: string;
}

/** The build a sandbox's image came from. */
export interface WireBuildInfo {
  dockerfileContent?: string;
  contextHashes?: string[];
  createdAt: string;
  updatedAt: string;
  snapshotRef: string;
}

/**
 * A sandbox as the per-sandbox endpoints return it. `state` is a plain string because
 * `FakeDaytona.setState` can store a value the spec does not define, or remove the field.
 */
export interface WireSandbox {
  id: string;
  organizationId: string;
  name: string;
  snapshot?: string;
  user: string;
  env: Record<string, string>;
  labels: Record<string, string>;
  public: boolean;
  networkBlockAll: boolean;
  networkAllowList?: string;
  domainAllowList?: string;
  target: string;
  cpu: number;
  gpu: number;
  gpuType?: 'H100' | 'RTX-PRO-6000';
  /** Memory in GB. */
  memory: number;
  /** Disk size in GB. */
  disk: number;
  state?: string;
  desiredState?: SandboxDesiredState;
  errorReason?: string;
  recoverable?: boolean;
  backupState?: 'None' | 'Pending' | 'InProgress' | 'Completed' | 'Error';
  /** Idle minutes before an automatic stop; 0 means never. */
  autoStopInterval?: number;
  /** Minutes stopped before the sandbox is archived. */
  autoArchiveInterval?: number;
  /** Minutes stopped before the sandbox is deleted; negative means never, 0 at once. */
  autoDeleteInterval?: number;
  volumes?: WireVolume[];
  buildInfo?: WireBuildInfo;
  createdAt?: string;
  updatedAt?: string;
  lastActivityAt?: string;
  sandboxClass?: (typeof SANDBOX_CLASSES)[number];
  daemonVersion?: string;
  runnerId?: string;
  linkedSandboxId?: string;
  toolboxProxyUrl: string;
}

/** A sandbox as `GET /sandbox` returns it: no env, volumes, build details or network lists. */
export type WireSandboxListItem = Omit<
  WireSandbox,
  | 'env'
  | 'networkBlockAll'
  | 'networkAllowList'
  | 'domainAllowList'
  | 'volumes'
  | 'buildInfo'
  | 'linkedSandboxId'
>;

/** One page of `GET /sandbox`. */
export interface WireListPage {
  items: WireSandboxListItem[];
  /** Cursor of the next page; null on the last page. */
  nextCursor: string | null;
}

/** The body of every error response. */
export interface WireError {
  path: string;
  timestamp: string;
  statusCode: number;
  /** The HTTP reason phrase, such as `Not Found`. */
  error: string;
  message: string;
}
