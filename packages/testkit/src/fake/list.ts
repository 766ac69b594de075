import { isJsonObject } from './create.js';
import { FakeHttpError } from './errors.js';
import {
  SANDBOX_CLASSES,
  SANDBOX_STATES,
  SORT_FIELDS,
  type SortField,
  type WireListPage,
  type WireSandboxListItem,
} from './wire.js';

/** Page size when the request gives no `limit`. */
const DEFAULT_LIMIT = 100;
/** Largest page size the server accepts. */
const MAX_LIMIT = 200;

/** A list request's query, after validation. */
export interface ListQuery {
  cursor?: CursorKey;
  limit: number;
  idPrefix?: string;
  namePrefix?: string;
  labels?: Record<string, unknown>;
  includeErroredDeleted: boolean;
  states?: string[];
  snapshots?: string[];
  sandboxClasses?: string[];
  /** Epoch milliseconds; keeps sandboxes created strictly after it. */
  createdAfterMs?: number;
  /** Epoch milliseconds; keeps sandboxes created strictly before it. */
  createdBeforeMs?: number;
  sort: SortField;
  order: 'asc' | 'desc';
}

/** A list item with the creation order that breaks ties between equal sort values. */
export interface ListCandidate {
  item: WireSandboxListItem;
  seq: number;
}

/** The position after the last item of a page. */
interface CursorKey {
  value: string | number;
  seq: number;
  sort: SortField;
  order: 'asc' | 'desc';
}

/**
 * Parses the list query and raises one 400 listing every invalid parameter. `labels` is one
 * JSON object in one query value; `states` and the other arrays are repeated parameters.
 */
export function parseListQuery(query: URLSearchParams): ListQuery {
  const problems: string[] = [];

  const sort = query.get('sort') ?? 'createdAt';
  if (!(SORT_FIELDS as readonly string[]).includes(sort)) {
    problems.push(`sort must be one of: ${SORT_FIELDS.join(', ')}`);
  }

  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    problems.push('order must be one of: asc, desc');
  }

  const limit = parseLimit(query.get('limit'), problems);
  const includeErroredDeleted = parseBoolean(query, 'includeErroredDeleted', problems);
  const states = parseEnumList(query, 'states', SANDBOX_STATES, problems);
  const sandboxClasses = parseEnumList(query, 'sandboxClasses', SANDBOX_CLASSES, problems);
  const createdAfterMs = parseDateTime(query, 'createdAtAfter', problems);
  const createdBeforeMs = parseDateTime(query, 'createdAtBefore', problems);
  const labels = parseLabels(query.get('labels'), problems);

  if (problems.length > 0) {
    throw new FakeHttpError(400, problems.join(', '));
  }

  const parsed: ListQuery = {
    limit,
    includeErroredDeleted: includeErroredDeleted ?? false,
    sort: sort as SortField,
    order: order as 'asc' | 'desc',
  };

  const cursorText = query.get('cursor');
  if (cursorText !== null) {
    parsed.cursor = decodeCursor(cursorText, parsed.sort, parsed.order);
  }

  const idPrefix = query.get('id');
  const namePrefix = query.get('name');
  const snapshots = query.getAll('snapshots');
  if (idPrefix !== null) parsed.idPrefix = idPrefix.toLowerCase();
  if (namePrefix !== null) parsed.namePrefix = namePrefix.toLowerCase();
  if (labels !== undefined) parsed.labels = labels;
  if (states !== undefined) parsed.states = states;
  if (snapshots.length > 0) parsed.snapshots = snapshots;
  if (sandboxClasses !== undefined) parsed.sandboxClasses = sandboxClasses;
  if (createdAfterMs !== undefined) parsed.createdAfterMs = createdAfterMs;
  if (createdBeforeMs !== undefined) parsed.createdBeforeMs = createdBeforeMs;

  return parsed;
}

/** Filters, sorts and cuts one page from the items the list index shows. */
export function listPage(candidates: ListCandidate[], query: ListQuery): WireListPage {
  const direction = query.order === 'asc' ? 1 : -1;
  const keyOf = (candidate: ListCandidate): CursorKey => ({
    value: sortValue(candidate.item, query.sort),
    seq: candidate.seq,
    sort: query.sort,
    order: query.order,
  });

  const ordered = candidates
    .filter((candidate) => matchesFilters(candidate.item, query))
    .sort((a, b) => direction * compareKeys(keyOf(a), keyOf(b)));

  // Keyset pagination: the page starts after the cursor's key, so sandboxes created or removed
  // between two pages neither shift nor repeat the items that follow.
  const { cursor } = query;
  const remaining =
    cursor === undefined
      ? ordered
      : ordered.filter((candidate) => direction * compareKeys(keyOf(candidate), cursor) > 0);

  const page = remaining.slice(0, query.limit);
  const last = page.at(-1);
  const hasMore = remaining.length > page.length;

  return {
    items: page.map((candidate) => candidate.item),
    nextCursor: hasMore && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

function matchesFilters(item: WireSandboxListItem, query: ListQuery): boolean {
  const erroredDeleted =
    (item.state === 'error' || item.state === 'build_failed') && item.desiredState === 'destroyed';
  if (erroredDeleted && !query.includeErroredDeleted) return false;

  if (query.idPrefix !== undefined && !item.id.toLowerCase().startsWith(query.idPrefix)) {
    return false;
  }

  if (query.namePrefix !== undefined && !item.name.toLowerCase().startsWith(query.namePrefix)) {
    return false;
  }

  if (query.labels !== undefined && !containsLabels(item.labels, query.labels)) return false;
  if (query.states !== undefined && !query.states.includes(item.state ?? '')) return false;

  if (query.snapshots !== undefined && !query.snapshots.includes(item.snapshot ?? '')) {
    return false;
  }

  if (
    query.sandboxClasses !== undefined &&
    !query.sandboxClasses.includes(item.sandboxClass ?? '')
  ) {
    return false;
  }

  const createdMs = Date.parse(item.createdAt ?? '');
  if (query.createdAfterMs !== undefined && !(createdMs > query.createdAfterMs)) return false;
  if (query.createdBeforeMs !== undefined && !(createdMs < query.createdBeforeMs)) return false;

  return true;
}

/**
 * JSON containment, as the server's database query does it: every wanted label must be present
 * with an equal value. A number never equals a string, so `{"issue": 42}` does not match "42".
 */
function containsLabels(labels: Record<string, string>, wanted: Record<string, unknown>): boolean {
  return Object.entries(wanted).every(
    ([key, value]) => Object.hasOwn(labels, key) && labels[key] === value,
  );
}

function sortValue(item: WireSandboxListItem, sort: SortField): string | number {
  switch (sort) {
    case 'name':
      return item.name;
    case 'cpu':
      return item.cpu;
    case 'memoryGib':
      return item.memory;
    case 'diskGib':
      return item.disk;
    case 'lastActivityAt':
      return item.lastActivityAt ?? '';
    case 'createdAt':
      return item.createdAt ?? '';
  }
}

function compareKeys(a: CursorKey, b: CursorKey): number {
  if (a.value < b.value) return -1;
  if (a.value > b.value) return 1;
  return a.seq - b.seq;
}

// The cursor is opaque to clients: base64url of the last item's sort key, tied to the sort it
// was made for.
function encodeCursor(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(text: string, sort: SortField, order: 'asc' | 'desc'): CursorKey {
  const invalid = new FakeHttpError(
    400,
    'Invalid cursor: pass the nextCursor of the previous page with the same sort and order',
  );

  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }

  if (
    !isJsonObject(decoded) ||
    (typeof decoded.value !== 'string' && typeof decoded.value !== 'number') ||
    typeof decoded.seq !== 'number' ||
    decoded.sort !== sort ||
    decoded.order !== order
  ) {
    throw invalid;
  }

  return { value: decoded.value, seq: decoded.seq, sort, order };
}

function parseLimit(text: string | null, problems: string[]): number {
  if (text === null) return DEFAULT_LIMIT;

  const limit = Number(text);
  if (text.trim() === '' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    problems.push(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${text}`);
    return DEFAULT_LIMIT;
  }

  return limit;
}

function parseBoolean(
  query: URLSearchParams,
  name: string,
  problems: string[],
): boolean | undefined {
  const text = query.get(name);
  if (text === null) return undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;

  problems.push(`${name} must be true or false, got ${text}`);
  return undefined;
}

function parseEnumList(
  query: URLSearchParams,
  name: string,
  allowed: readonly string[],
  problems: string[],
): string[] | undefined {
  const values = query.getAll(name);
  if (values.length === 0) return undefined;

  const invalid = values.filter((value) => !allowed.includes(value));
  if (invalid.length > 0) {
    // A comma-joined value such as "started,stopped" is one unknown value, as on the server.
    problems.push(
      `${name} has invalid values (${invalid.join('; ')}); repeat the parameter once per value, each one of: ${allowed.join(', ')}`,
    );
  }

  return values;
}

function parseDateTime(
  query: URLSearchParams,
  name: string,
  problems: string[],
): number | undefined {
  const text = query.get(name);
  if (text === null) return undefined;

  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    problems.push(`${name} must be an ISO 8601 date-time, got ${text}`);
    return undefined;
  }

  return ms;
}

function parseLabels(text: string | null, problems: string[]): Record<string, unknown> | undefined {
  if (text === null) return undefined;

  let labels: unknown;
  try {
    labels = JSON.parse(text);
  } catch {
    labels = undefined;
  }

  if (!isJsonObject(labels)) {
    problems.push('Invalid labels JSON format');
    return undefined;
  }

  return labels;
}
