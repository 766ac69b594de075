import type { SandboxState } from '@biroai/daytona-api';
import { readOwnerLabels } from './labels.js';
import { mapDaytonaStateToStatus, type SandboxStatus } from './state-mapping.js';

/** A Daytona sandbox in the platform's terms: owner, status and the raw state behind it. */
export interface SandboxHandle {
  /** Daytona's sandbox id. */
  id: string;
  /** The sandbox's name, unique in the organization. */
  name: string;
  /** One of the four platform statuses, mapped from `state`. */
  status: SandboxStatus;
  /**
   * Daytona's raw state, kept so callers see the truth behind `status`. A value this version does
   * not know is passed through as is; `null` when the server sent none.
   */
  state: SandboxState | (string & {}) | null;
  /** The state Daytona is moving the sandbox towards, or `null`. */
  desiredState: string | null;
  /** Value of the `biro.companyId` label; empty when the sandbox has none. */
  companyId: string;
  /** Value of the `biro.agentId` label; empty when the sandbox has none. */
  agentId: string;
  /** Value of the `biro.issueId` label, or `null`. */
  issueId: string | null;
  /** All labels of the sandbox, including the `biro.*` ones. */
  labels: Record<string, string>;
  /** Daytona's reason for the error state, or `null`. */
  errorReason: string | null;
  /** Daytona's verdict on whether the error is recoverable, or `null` when it sent none. */
  recoverable: boolean | null;
  /** ISO 8601 creation time, or `null` when the server sent none. */
  createdAt: string | null;
  /** ISO 8601 time of the last change, or `null`. */
  updatedAt: string | null;
  /** The snapshot the sandbox was made from, or `null`. */
  snapshot: string | null;
  /** The region the sandbox runs in, or `null`. */
  target: string | null;
}

/** The fields of a Daytona `Sandbox` or `SandboxListItem` that a handle is made from. */
export interface DaytonaSandboxRecord {
  id: string;
  name: string;
  labels?: Record<string, string> | undefined;
  state?: string | undefined;
  desiredState?: string | undefined;
  errorReason?: string | undefined;
  recoverable?: boolean | undefined;
  createdAt?: string | undefined;
  updatedAt?: string | undefined;
  snapshot?: string | undefined;
  target?: string | undefined;
}

/** Maps a Daytona sandbox record to a handle. Never throws on an unseen or missing state. */
export function toSandboxHandle(record: DaytonaSandboxRecord): SandboxHandle {
  const labels = { ...(record.labels ?? {}) };
  const owner = readOwnerLabels(labels);

  return {
    id: record.id,
    name: record.name,
    status: mapDaytonaStateToStatus(record.state),
    state: record.state ?? null,
    desiredState: record.desiredState ?? null,
    companyId: owner.companyId,
    agentId: owner.agentId,
    issueId: owner.issueId,
    labels,
    errorReason: record.errorReason ?? null,
    recoverable: record.recoverable ?? null,
    createdAt: record.createdAt ?? null,
    updatedAt: record.updatedAt ?? null,
    snapshot: record.snapshot ?? null,
    target: record.target ?? null,
  };
}
