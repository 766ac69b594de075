import { FakeHttpError } from './errors.js';
import type { OperationId } from './wire.js';

/** A request matched to an operation of the spec. */
export interface RouteMatch {
  operation: OperationId;
  /** The `sandboxIdOrName` path parameter, percent-decoded; absent for `/sandbox`. */
  idOrName?: string;
  /** The `interval` path parameter of setAutostopInterval, as sent. */
  interval?: string;
}

const ACTIONS: Record<string, OperationId> = {
  start: 'startSandbox',
  stop: 'stopSandbox',
  archive: 'archiveSandbox',
};

/** Matches a method and path to an operation of the spec, or returns undefined. */
export function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  const segments = pathname.split('/').slice(1);
  if (segments[0] !== 'sandbox') {
    return undefined;
  }

  const rawIdOrName = segments[1];
  if (segments.length === 1) {
    return matchCollection(method);
  }

  if (rawIdOrName === undefined || rawIdOrName === '') {
    return undefined;
  }

  const idOrName = decodeSegment(rawIdOrName);
  const rest = segments.slice(2);

  if (rest.length === 0) {
    if (method === 'GET') return { operation: 'getSandbox', idOrName };
    if (method === 'DELETE') return { operation: 'deleteSandbox', idOrName };
    return undefined;
  }

  const action = ACTIONS[rest[0] ?? ''];
  if (rest.length === 1 && method === 'POST' && action !== undefined) {
    return { operation: action, idOrName };
  }

  if (rest.length === 1 && rest[0] === 'labels' && method === 'PUT') {
    return { operation: 'replaceLabels', idOrName };
  }

  if (rest.length === 2 && rest[0] === 'autostop' && method === 'POST') {
    return { operation: 'setAutostopInterval', idOrName, interval: rest[1] };
  }

  return undefined;
}

function matchCollection(method: string): RouteMatch | undefined {
  if (method === 'GET') return { operation: 'listSandboxes' };
  if (method === 'POST') return { operation: 'createSandbox' };
  return undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new FakeHttpError(400, `Invalid percent-encoding in path segment ${segment}`);
  }
}
