import { STATUS_CODES } from 'node:http';
import type { WireError } from './wire.js';

/** The message Daytona sends with a 409 for a change asked for while another one runs. */
export const STATE_CHANGE_IN_PROGRESS = 'Sandbox state change in progress';

/**
 * An HTTP error a route handler raises. The server turns it into the spec's error body, so
 * handlers never build responses for failures themselves.
 */
export class FakeHttpError extends Error {
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'FakeHttpError';
    this.status = status;
  }
}

/** Raises a 404 for a sandbox id or name that does not resolve. */
export function sandboxNotFound(idOrName: string): FakeHttpError {
  return new FakeHttpError(404, `Sandbox with ID or name ${idOrName} not found`);
}

/** Builds the error body Daytona sends, with the status's reason phrase in `error`. */
export function errorBody(path: string, status: number, message: string): WireError {
  return {
    path,
    timestamp: new Date().toISOString(),
    statusCode: status,
    error: STATUS_CODES[status] ?? 'Error',
    message,
  };
}
