import type { IncomingMessage } from 'node:http';
import type { Fault } from './faults.js';
import type { OperationId } from './wire.js';

/** The response the fake sent for a request. */
export interface RecordedResponse {
  status: number;
  /** Response headers the fake set, with lower-case names. */
  headers: Record<string, string>;
  /** The body text exactly as sent, which a malformed-json fault leaves truncated. */
  body: string;
}

/** One request the fake received, recorded on arrival and completed when the response is sent. */
export interface RecordedRequest {
  method: string;
  /** The path without the query string, as sent (still percent-encoded). */
  path: string;
  /** Every query parameter with all its values in the order sent. */
  query: Record<string, string[]>;
  /** Request headers with lower-case names; the value of `authorization` is replaced. */
  headers: Record<string, string>;
  /** The raw request body text; empty when there was none. */
  body: string;
  /** The operationId of the matched route; undefined for a path the spec does not have. */
  operation: OperationId | undefined;
  /** Call number of `operation`, counting from 1; undefined when authentication failed. */
  callNumber: number | undefined;
  /** The kind of fault applied to this request, if any. */
  fault: Fault['kind'] | undefined;
  /** The status sent; undefined while pending and for requests that hung or were reset. */
  status: number | undefined;
  response: RecordedResponse | undefined;
  /** When the request arrived, in epoch milliseconds. */
  receivedAt: number;
}

/** Placeholder that replaces the `authorization` header value in the log. */
export const REDACTED = '[redacted]';

/** Starts the log entry for a request, before routing. */
export function recordRequest(request: IncomingMessage, url: URL, body: string): RecordedRequest {
  const query: Record<string, string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    query[key] = url.searchParams.getAll(key);
  }

  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }

  // The API key must never reach test output or snapshots.
  if (headers.authorization !== undefined) {
    headers.authorization = REDACTED;
  }

  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    query,
    headers,
    body,
    operation: undefined,
    callNumber: undefined,
    fault: undefined,
    status: undefined,
    response: undefined,
    receivedAt: Date.now(),
  };
}
