import { createHash } from 'node:crypto';
import { FakeHttpError } from './errors.js';
import type { WireSandbox, WireVolume } from './wire.js';

/** The snapshot a sandbox boots from when the create body names neither snapshot nor build. */
export const DEFAULT_SNAPSHOT = 'daytonaio/sandbox:0.5.0';

// Defaults of the fake for fields the create body leaves out. Interval defaults are minutes:
// auto-stop after 15 idle minutes, archive after 7 days stopped, never auto-delete.
const DEFAULTS = {
  user: 'daytona',
  target: 'us',
  cpu: 1,
  gpu: 0,
  memory: 1,
  disk: 3,
  autoStopInterval: 15,
  autoArchiveInterval: 7 * 24 * 60,
  autoDeleteInterval: -1,
} as const;

const GPU_TYPES = new Set(['H100', 'RTX-PRO-6000']);

/** The fields of a `CreateSandbox` body, after validation. */
export interface CreateSandboxBody {
  name?: string;
  snapshot?: string;
  user?: string;
  env?: Record<string, string>;
  labels?: Record<string, string>;
  public?: boolean;
  networkBlockAll?: boolean;
  networkAllowList?: string;
  domainAllowList?: string;
  target?: string;
  cpu?: number;
  gpu?: number;
  gpuType?: string[];
  memory?: number;
  disk?: number;
  autoStopInterval?: number;
  autoArchiveInterval?: number;
  autoDeleteInterval?: number;
  volumes?: WireVolume[];
  buildInfo?: { dockerfileContent: string; contextHashes?: string[] };
  linkedSandbox?: string;
}

/** Values the create handler needs besides the body. */
export interface NewSandboxContext {
  id: string;
  organizationId: string;
  /** Base URL of the fake, used to build `toolboxProxyUrl`. */
  baseUrl: string;
  /** Id of the sandbox named by `linkedSandbox`, already resolved. */
  linkedSandboxId?: string;
  now: Date;
}

/** Returns true for a JSON object that is not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Tells whether a value is an object whose every value is a string. */
export function isStringMap(value: unknown): value is Record<string, string> {
  return isJsonObject(value) && Object.values(value).every((item) => typeof item === 'string');
}

/**
 * Checks a create body field by field and raises one 400 that lists every problem, joined by
 * ", " as the Daytona server joins validation messages.
 */
export function parseCreateBody(json: unknown): CreateSandboxBody {
  if (!isJsonObject(json)) {
    throw new FakeHttpError(400, 'Request body must be a JSON object');
  }

  const problems: string[] = [];
  const check = (field: string, valid: (value: unknown) => boolean, expected: string) => {
    if (json[field] !== undefined && !valid(json[field])) {
      problems.push(`${field} must be ${expected}`);
    }
  };

  const isString = (value: unknown) => typeof value === 'string';
  const isNonEmptyString = (value: unknown) => typeof value === 'string' && value !== '';
  const isBoolean = (value: unknown) => typeof value === 'boolean';
  const isIntegerFrom = (min: number) => (value: unknown) =>
    Number.isInteger(value) && (value as number) >= min;

  check('name', isNonEmptyString, 'a non-empty string');
  for (const field of ['snapshot', 'user', 'networkAllowList', 'domainAllowList', 'target']) {
    check(field, isString, 'a string');
  }
  check('linkedSandbox', isNonEmptyString, 'a non-empty string');
  check('public', isBoolean, 'a boolean');
  check('networkBlockAll', isBoolean, 'a boolean');
  check('env', isStringMap, 'an object of string values');
  check('labels', isStringMap, 'an object of string values');
  for (const field of ['cpu', 'memory', 'disk']) {
    check(field, isIntegerFrom(1), 'an integer of at least 1');
  }
  for (const field of ['gpu', 'autoStopInterval', 'autoArchiveInterval']) {
    check(field, isIntegerFrom(0), 'an integer of at least 0');
  }
  check('autoDeleteInterval', Number.isInteger, 'an integer');
  check(
    'gpuType',
    (value) => Array.isArray(value) && value.every((item) => GPU_TYPES.has(item)),
    `an array of ${[...GPU_TYPES].join(', ')}`,
  );
  check('volumes', isVolumeList, 'an array of { volumeId, mountPath, subpath? } objects');
  check('buildInfo', isCreateBuildInfo, 'an object with a dockerfileContent string');

  if (json.snapshot !== undefined && json.buildInfo !== undefined) {
    problems.push('give either snapshot or buildInfo, not both');
  }

  if (problems.length > 0) {
    throw new FakeHttpError(400, problems.join(', '));
  }

  return json as CreateSandboxBody;
}

/** Builds the stored sandbox for a valid create body, in its first lifecycle state. */
export function newSandbox(body: CreateSandboxBody, context: NewSandboxContext): WireSandbox {
  const timestamp = context.now.toISOString();
  const build = body.buildInfo;
  const snapshotRef =
    build === undefined
      ? undefined
      : `fake-builds/${createHash('sha256').update(build.dockerfileContent).digest('hex').slice(0, 12)}`;

  const sandbox: WireSandbox = {
    id: context.id,
    organizationId: context.organizationId,
    name: body.name ?? context.id,
    snapshot: snapshotRef ?? body.snapshot ?? DEFAULT_SNAPSHOT,
    user: body.user ?? DEFAULTS.user,
    env: { ...body.env },
    labels: { ...body.labels },
    public: body.public ?? false,
    networkBlockAll: body.networkBlockAll ?? false,
    target: body.target ?? DEFAULTS.target,
    cpu: body.cpu ?? DEFAULTS.cpu,
    gpu: body.gpu ?? DEFAULTS.gpu,
    memory: body.memory ?? DEFAULTS.memory,
    disk: body.disk ?? DEFAULTS.disk,
    // A Dockerfile build first waits for, then runs, the image build.
    state: build === undefined ? 'creating' : 'pending_build',
    desiredState: 'started',
    backupState: 'None',
    autoStopInterval: body.autoStopInterval ?? DEFAULTS.autoStopInterval,
    autoArchiveInterval: body.autoArchiveInterval ?? DEFAULTS.autoArchiveInterval,
    autoDeleteInterval: body.autoDeleteInterval ?? DEFAULTS.autoDeleteInterval,
    volumes: structuredClone(body.volumes ?? []),
    createdAt: timestamp,
    updatedAt: timestamp,
    sandboxClass: 'container',
    runnerId: 'fake-runner-1',
    toolboxProxyUrl: `${context.baseUrl}/toolbox`,
  };

  // Optional fields are set only when present, so responses carry no undefined keys.
  if (body.networkAllowList !== undefined) sandbox.networkAllowList = body.networkAllowList;
  if (body.domainAllowList !== undefined) sandbox.domainAllowList = body.domainAllowList;
  if (context.linkedSandboxId !== undefined) sandbox.linkedSandboxId = context.linkedSandboxId;

  const firstGpuType = body.gpuType?.[0];
  if (sandbox.gpu > 0 && firstGpuType !== undefined) {
    sandbox.gpuType = firstGpuType as WireSandbox['gpuType'];
  }

  if (build !== undefined && snapshotRef !== undefined) {
    sandbox.buildInfo = {
      dockerfileContent: build.dockerfileContent,
      contextHashes: [...(build.contextHashes ?? [])],
      snapshotRef,
      createdAt: timestamp,
      updatedAt: timestamp,
    };
  }

  return sandbox;
}

function isVolumeList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every(
      (volume) =>
        isJsonObject(volume) &&
        typeof volume.volumeId === 'string' &&
        typeof volume.mountPath === 'string' &&
        (volume.subpath === undefined || typeof volume.subpath === 'string'),
    )
  );
}

function isCreateBuildInfo(value: unknown): boolean {
  return (
    isJsonObject(value) &&
    typeof value.dockerfileContent === 'string' &&
    (value.contextHashes === undefined ||
      (Array.isArray(value.contextHashes) &&
        value.contextHashes.every((hash) => typeof hash === 'string')))
  );
}
