import type { SandboxHandle } from '../shared/handle.js';

/** A column of `formatHandleTable`: its heading and how to read the cell from a handle. */
export interface HandleColumn {
  heading: string;
  value: (handle: SandboxHandle) => string;
}

/** The columns `formatHandleTable` prints when none are given. */
export const DEFAULT_HANDLE_COLUMNS: readonly HandleColumn[] = [
  { heading: 'id', value: (handle) => handle.id },
  { heading: 'status', value: (handle) => handle.status },
  { heading: 'state', value: (handle) => handle.state ?? '(none)' },
  { heading: 'company', value: (handle) => handle.companyId },
  { heading: 'agent', value: (handle) => handle.agentId },
  { heading: 'issue', value: (handle) => handle.issueId ?? '-' },
];

/**
 * Formats handles as a plain-text table with aligned columns, for terminals and logs. Returns
 * `(no sandboxes)` for an empty list so a reader sees the list was empty, not missing.
 */
export function formatHandleTable(
  handles: readonly SandboxHandle[],
  columns: readonly HandleColumn[] = DEFAULT_HANDLE_COLUMNS,
): string {
  if (handles.length === 0) return '(no sandboxes)';

  const rows = handles.map((handle) => columns.map((column) => column.value(handle)));
  const widths = columns.map((column, index) =>
    Math.max(column.heading.length, ...rows.map((row) => row[index]?.length ?? 0)),
  );
  const formatRow = (cells: readonly string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 0))
      .join('  ')
      .trimEnd();

  const header = formatRow(columns.map((column) => column.heading));
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [header, rule, ...rows.map(formatRow)].join('\n');
}
