import { DEFAULT_PAGE_SIZE, MAX_TIMER_DELAY_MS } from '../shared/defaults.js';
import { SandboxOptionsError } from '../shared/errors.js';
import { buildOwnerLabels } from '../shared/labels.js';
import {
  daytonaStatesForStatus,
  SANDBOX_STATUSES,
  type SandboxStatus,
} from '../shared/state-mapping.js';
import type { ListHandlesFilter, ListOptions } from './options.js';
import type { DaytonaListQuery } from './pagination.js';

// Checks of the arguments of client methods. Each throws `SandboxOptionsError` naming the method
// and field, before any request is sent.

/** Rejects a sandbox id that is not a non-empty string. */
export function assertSandboxId(method: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.trim().length === 0) {
    throw new SandboxOptionsError(method, [
      { field: 'id', problem: `must be a non-empty sandbox id or name, got ${JSON.stringify(id)}` },
    ]);
  }
}

/** Rejects a duration option that is not a number of milliseconds a timer can wait. */
export function assertDurationMs(method: string, field: string, value: unknown): void {
  if (value === undefined) return;
  if (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value > 0 &&
    value <= MAX_TIMER_DELAY_MS
  ) {
    return;
  }
  throw new SandboxOptionsError(method, [
    {
      field,
      problem: `must be a number of milliseconds from 1 to ${MAX_TIMER_DELAY_MS}, got ${JSON.stringify(value)}`,
    },
  ]);
}

export function assertStatus(method: string, status: unknown): asserts status is SandboxStatus {
  if (!SANDBOX_STATUSES.includes(status as SandboxStatus)) {
    throw new SandboxOptionsError(method, [
      {
        field: 'status',
        problem: `must be one of ${SANDBOX_STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
      },
    ]);
  }
}

/** Turns `listHandles` filters into a Daytona list query, or throws naming each invalid filter. */
export function buildListQuery(filter: ListHandlesFilter, options: ListOptions): DaytonaListQuery {
  const issues: { field: string; problem: string }[] = [];
  if (typeof filter?.companyId !== 'string' || filter.companyId.trim() === '') {
    issues.push({ field: 'companyId', problem: 'is required: list one company at a time' });
  }
  for (const key of ['agentId', 'issueId'] as const) {
    const value = filter?.[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      issues.push({ field: key, problem: 'must be a non-empty string when given' });
    }
  }
  if (filter?.status !== undefined && !SANDBOX_STATUSES.includes(filter.status)) {
    issues.push({ field: 'status', problem: `must be one of ${SANDBOX_STATUSES.join(', ')}` });
  }
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 200) {
    issues.push({
      field: 'pageSize',
      problem: `must be a whole number from 1 to 200, got ${pageSize}`,
    });
  }
  if (issues.length > 0) throw new SandboxOptionsError('listHandles', issues);

  return {
    labels: buildOwnerLabels(filter),
    // Unseen states and sandboxes without a state map to `error` but match no server-side state
    // filter, so `error` is filtered here after fetching, and the other statuses on the server.
    states:
      filter.status && filter.status !== 'error'
        ? daytonaStatesForStatus(filter.status)
        : undefined,
    includeErroredDeleted: filter.includeErroredDeleted,
    pageSize,
  };
}
