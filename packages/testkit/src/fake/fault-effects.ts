import { isJsonObject } from './create.js';
import { STATE_CHANGE_IN_PROGRESS } from './errors.js';
import type { Fault, StatusFault } from './faults.js';

/** The state an unknown-state fault sends when the rule names none. */
export const DEFAULT_UNKNOWN_STATE = 'hibernating';

const DEFAULT_MESSAGES: Record<number, string> = {
  409: STATE_CHANGE_IN_PROGRESS,
  429: 'ThrottlerException: Too Many Requests',
  500: 'Internal server error',
  503: 'Service Unavailable',
};

/** Returns the error message a status fault sends. */
export function statusFaultMessage(fault: StatusFault): string {
  return fault.message ?? DEFAULT_MESSAGES[fault.status] ?? `Injected ${fault.status} response`;
}

/** Returns the extra headers a status fault sends, with lower-case names. */
export function statusFaultHeaders(fault: StatusFault): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(fault.headers ?? {})) {
    headers[name.toLowerCase()] = value;
  }

  if (fault.retryAfterSeconds !== undefined) {
    const name = (fault.retryAfterHeader ?? 'Retry-After').toLowerCase();
    headers[name] = String(fault.retryAfterSeconds);
  }

  return headers;
}

/**
 * Applies a fault that changes a successful response body: unknown-state, missing-state and
 * missing-field rewrite the sandbox or every sandbox of a list page. Other faults leave the body
 * as it is.
 */
export function rewriteBody(body: unknown, fault: Fault | undefined): unknown {
  if (
    fault?.kind !== 'unknown-state' &&
    fault?.kind !== 'missing-state' &&
    fault?.kind !== 'missing-field'
  ) {
    return body;
  }

  const rewrite = (sandbox: Record<string, unknown>) => {
    if (fault.kind === 'missing-state') {
      delete sandbox.state;
    } else if (fault.kind === 'missing-field') {
      delete sandbox[fault.field];
    } else {
      sandbox.state = fault.state ?? DEFAULT_UNKNOWN_STATE;
    }
  };

  if (isJsonObject(body) && Array.isArray(body.items)) {
    for (const item of body.items) {
      if (isJsonObject(item)) rewrite(item);
    }
  } else if (isJsonObject(body) && typeof body.id === 'string') {
    rewrite(body);
  }

  return body;
}

/**
 * Cuts a JSON object's text in half. Any proper prefix of an object's text lacks the closing
 * brace, so the result never parses.
 */
export function truncateJson(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}
