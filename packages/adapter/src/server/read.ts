import { getSandbox } from '@biroai/daytona-api';
import { type SandboxHandle, toSandboxHandle } from '../shared/handle.js';
import type { ClientContext } from './context.js';
import type { CallOptions } from './options.js';

/** Builds the request path of a sandbox for messages and logs, with the id encoded. */
export function sandboxPath(id: string, suffix = ''): string {
  return `/sandbox/${encodeURIComponent(id)}${suffix}`;
}

/** Reads one sandbox through `GET /sandbox/{id}`, the authority on whether it exists. */
export async function readSandbox(
  context: ClientContext,
  id: string,
  options: CallOptions & { timeoutMs?: number } = {},
): Promise<SandboxHandle> {
  const sandbox = await context.transport.send(
    { method: 'GET', path: sandboxPath(id), idempotent: true, sandboxId: id, expects: 'sandbox' },
    ({ client, signal }) => getSandbox({ client, signal, path: { sandboxIdOrName: id } }),
    { signal: options.signal, timeoutMs: options.timeoutMs },
  );
  return toSandboxHandle(sandbox);
}
