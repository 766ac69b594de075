import { listSandboxes, type SandboxListItem, type SandboxState } from '@biroai/daytona-api';
import { DaytonaPaginationError } from '../shared/errors.js';
import { encodeLabelFilter } from '../shared/labels.js';
import type { DaytonaTransport } from './transport.js';

/** Filters of one list query, in Daytona's terms. */
export interface DaytonaListQuery {
  labels: Record<string, string>;
  states?: SandboxState[] | undefined;
  includeErroredDeleted?: boolean | undefined;
  /** Sandboxes per page, 1 to 200. */
  pageSize: number;
}

/**
 * Yields the pages of `GET /sandbox` for `query`, following `nextCursor` until it is null. Stops
 * with `DaytonaPaginationError` when the server returns a cursor it already returned, which would
 * otherwise loop forever.
 */
export async function* listSandboxPages(
  transport: DaytonaTransport,
  query: DaytonaListQuery,
  signal?: AbortSignal,
): AsyncGenerator<SandboxListItem[], void, undefined> {
  const seenCursors = new Set<string>();
  let cursor: string | undefined;

  do {
    const page = await transport.send(
      { method: 'GET', path: '/sandbox', idempotent: true, expects: 'page' },
      ({ client, signal: requestSignal }) =>
        listSandboxes({
          client,
          signal: requestSignal,
          query: {
            labels: encodeLabelFilter(query.labels),
            limit: query.pageSize,
            ...(query.states ? { states: query.states } : {}),
            ...(query.includeErroredDeleted ? { includeErroredDeleted: true } : {}),
            ...(cursor ? { cursor } : {}),
          },
        }),
      { signal },
    );

    yield Array.isArray(page.items) ? page.items : [];

    const next = page.nextCursor ?? undefined;
    if (next !== undefined) {
      if (seenCursors.has(next)) throw new DaytonaPaginationError(next);
      seenCursors.add(next);
    }
    cursor = next;
  } while (cursor !== undefined);
}
