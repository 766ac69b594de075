import { DaytonaAbortError, SandboxOptionsError } from '../shared/errors.js';
import type { SandboxHandle } from '../shared/handle.js';
import { COMPANY_LABEL } from '../shared/labels.js';
import { SANDBOX_STATUSES, type SandboxStatus } from '../shared/state-mapping.js';
import type { SandboxLogger } from './logger.js';
import type { CallOptions, TeardownOptions, TeardownResult } from './options.js';

/**
 * Criteria for the sandboxes of a company that `reapHandles` picks. At least one is required, and
 * a sandbox must meet every criterion given.
 */
export interface ReapOptions extends CallOptions {
  companyId: string;
  /** Picks sandboxes created more than this many milliseconds ago. */
  olderThanMs?: number;
  /** Picks sandboxes in any of these statuses. */
  statuses?: readonly SandboxStatus[];
  /** Reports without tearing anything down. Default true, so a mistaken call only reads. */
  dryRun?: boolean;
  /** The current time in epoch milliseconds, for age checks. Default `Date.now()`. */
  now?: number;
}

/** Report of the sandboxes `reapHandles` found and tore down. */
export interface ReapReport {
  dryRun: boolean;
  /** Sandboxes that matched the criteria. */
  candidates: SandboxHandle[];
  /** Ids torn down (empty in a dry run). */
  tornDown: string[];
  /** Teardowns that failed, with the error; these sandboxes may still be running. */
  failed: { id: string; error: unknown }[];
}

/** The client methods the reaper needs. */
export interface ReaperHost {
  listHandles(
    filter: { companyId: string; includeErroredDeleted?: boolean },
    options?: CallOptions,
  ): Promise<SandboxHandle[]>;
  deleteHandle(id: string, options?: TeardownOptions): Promise<TeardownResult>;
}

/** Teardowns running at once, to finish a large reap soon without bursting the rate limit. */
const REAP_CONCURRENCY = 4;

function validateReapOptions(options: ReapOptions): void {
  const issues: { field: string; problem: string }[] = [];
  if (typeof options?.companyId !== 'string' || options.companyId.trim() === '') {
    issues.push({
      field: 'companyId',
      problem: 'is required: the reaper works on one company at a time',
    });
  }
  if (options?.olderThanMs === undefined && options?.statuses === undefined) {
    issues.push({
      field: 'olderThanMs',
      problem:
        'give olderThanMs, statuses or both, so the reaper never picks every sandbox by accident',
    });
  }
  if (options?.now !== undefined && !Number.isFinite(options.now)) {
    issues.push({ field: 'now', problem: `must be epoch milliseconds, got ${options.now}` });
  }
  if (
    options?.olderThanMs !== undefined &&
    (!Number.isFinite(options.olderThanMs) || options.olderThanMs < 0)
  ) {
    issues.push({
      field: 'olderThanMs',
      problem: `must be 0 or more milliseconds, got ${options.olderThanMs}`,
    });
  }
  for (const status of options?.statuses ?? []) {
    if (!SANDBOX_STATUSES.includes(status)) {
      issues.push({
        field: 'statuses',
        problem: `"${status}" is not one of ${SANDBOX_STATUSES.join(', ')}`,
      });
    }
  }
  if (issues.length > 0) throw new SandboxOptionsError('reapHandles', issues);
}

function isCandidate(handle: SandboxHandle, options: ReapOptions, now: number): boolean {
  // The server filters the list by label. Checking again here means that a server which ignored
  // the filter still cannot make the reaper touch another company's sandbox.
  if (handle.labels[COMPANY_LABEL] !== options.companyId) return false;

  if (options.statuses && !options.statuses.includes(handle.status)) return false;
  if (options.olderThanMs !== undefined) {
    // Written so that an unreadable creation time never counts as old.
    const created = handle.createdAt ? Date.parse(handle.createdAt) : Number.NaN;
    if (!(now - created > options.olderThanMs)) return false;
  }
  return true;
}

/**
 * Finds a company's sandboxes that are older than a limit, in given statuses, or both (a sandbox
 * must meet every criterion given), reports them, and tears them down unless `dryRun` (the default). Sandboxes without the company's label are
 * never touched.
 */
export async function reapSandboxes(
  host: ReaperHost,
  logger: SandboxLogger,
  options: ReapOptions,
): Promise<ReapReport> {
  validateReapOptions(options);
  const dryRun = options.dryRun !== false;
  const now = options.now ?? Date.now();

  const listed = await host.listHandles(
    { companyId: options.companyId, includeErroredDeleted: true },
    { ...(options.signal ? { signal: options.signal } : {}) },
  );
  const candidates = listed.filter((handle) => isCandidate(handle, options, now));
  const report: ReapReport = { dryRun, candidates, tornDown: [], failed: [] };
  if (dryRun) return report;

  const queue = [...candidates];
  const worker = async () => {
    for (let handle = queue.shift(); handle; handle = queue.shift()) {
      try {
        await host.deleteHandle(handle.id, {
          ...(options.signal ? { signal: options.signal } : {}),
        });
        report.tornDown.push(handle.id);
        logger.info('Reaped sandbox', {
          sandboxId: handle.id,
          companyId: options.companyId,
          state: handle.state,
          createdAt: handle.createdAt,
        });
      } catch (error) {
        // The caller's abort ends the whole reap instead of marking every sandbox left as failed.
        if (error instanceof DaytonaAbortError) {
          queue.length = 0;
          throw error;
        }
        report.failed.push({ id: handle.id, error });
        logger.error('Failed to reap sandbox', {
          sandboxId: handle.id,
          companyId: options.companyId,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(REAP_CONCURRENCY, candidates.length) }, worker));
  return report;
}
