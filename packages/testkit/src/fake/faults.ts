import type { Random } from './random.js';
import type { OperationId } from './wire.js';

/**
 * Sends an error status with the spec's error body before the server acts, so no state
 * changes. The spec declares 400, 401, 403, 404, 409, 429 and 500. Other statuses, such as 503,
 * are flagged by the validating proxy.
 */
export interface StatusFault {
  kind: 'status';
  /** HTTP status to send, such as 409, 429, 500 or 503. */
  status: number;
  /** `message` of the error body; defaults to a message Daytona sends for that status. */
  message?: string;
  /** Seconds to send in the Retry-After header named by `retryAfterHeader`; none by default. */
  retryAfterSeconds?: number;
  /**
   * Header that carries `retryAfterSeconds`. Defaults to `Retry-After`. Some Daytona
   * deployments send only a per-throttler header such as `Retry-After-sandbox-create`.
   */
  retryAfterHeader?: string;
  /** Extra response headers, such as `X-RateLimit-Remaining-sandbox-create`. */
  headers?: Record<string, string>;
}

/** Waits `delayMs` milliseconds, then handles the request normally. */
export interface LatencyFault {
  kind: 'latency';
  delayMs: number;
}

/**
 * Never sends a response and does not act. The connection stays open until the client gives up (for
 * example through an AbortSignal) or the fake closes.
 */
export interface HangFault {
  kind: 'hang';
}

/**
 * Destroys the connection without a response. With `when: 'before'` (the default) the server
 * does not act. With `when: 'after'` it acts first, so a create really makes a sandbox that
 * the client never hears about.
 */
export interface ResetFault {
  kind: 'reset';
  when?: 'before' | 'after';
}

/** Acts normally, then sends the usual status with a truncated JSON body. */
export interface MalformedJsonFault {
  kind: 'malformed-json';
}

/**
 * Acts normally, then replaces `state` in every sandbox of the response with a value the spec
 * does not know. This breaks the spec on purpose: send such requests past the validating proxy
 * or expect the proxy to flag them. To give one stored sandbox such a state, use
 * `FakeDaytona.setState` instead.
 */
export interface UnknownStateFault {
  kind: 'unknown-state';
  /** The state to send; defaults to `hibernating`. */
  state?: string;
}

/**
 * Acts normally, then removes `state` from every sandbox of the response. The spec allows
 * this, because `state` is optional there.
 */
export interface MissingStateFault {
  kind: 'missing-state';
}

/**
 * Acts normally, then removes `field` from every sandbox of the response. Removing a field the
 * spec requires, such as `organizationId`, breaks the spec on purpose, so the validating proxy
 * must flag it.
 */
export interface MissingFieldFault {
  kind: 'missing-field';
  /** The sandbox property to remove, such as `id` or `organizationId`. */
  field: string;
}

/** A deliberate failure applied to a request that a fault rule matches. */
export type Fault =
  | StatusFault
  | LatencyFault
  | HangFault
  | ResetFault
  | MalformedJsonFault
  | UnknownStateFault
  | MissingStateFault
  | MissingFieldFault;

/**
 * When a fault applies. A rule with none of `calls`, `times` and `probability` applies to every
 * call of the operation. When several are given, all must allow the call.
 */
export interface FaultRule {
  /** The operationId from the spec, or `*` for every operation. */
  operation: OperationId | '*';
  /**
   * Call numbers of the operation to fault, counting from 1. Calls are counted per operation
   * over authenticated requests since the fake started or was last reset, faulted ones included.
   */
  calls?: number[];
  /** How many calls the rule faults before it retires; unlimited by default. */
  times?: number;
  /** Chance in [0, 1] that a call is faulted, drawn from the fake's seeded generator. */
  probability?: number;
  fault: Fault;
}

/** A rule added to the plan. */
export interface FaultHandle {
  /** How many requests this rule has faulted so far. */
  readonly appliedCount: number;
  /** Takes the rule out of the plan. */
  remove(): void;
}

interface ActiveRule {
  rule: FaultRule;
  appliedCount: number;
}

/** The scripted faults of a fake, and the per-operation call counters they match against. */
export class FaultPlan {
  private rules: ActiveRule[] = [];
  private readonly callCounts = new Map<OperationId, number>();

  constructor(private readonly random: () => Random) {}

  /** Adds a rule after the existing ones; the first rule that matches a call wins. */
  add(rule: FaultRule): FaultHandle {
    validateRule(rule);

    const active: ActiveRule = { rule: structuredClone(rule), appliedCount: 0 };
    this.rules.push(active);

    return {
      get appliedCount() {
        return active.appliedCount;
      },
      remove: () => {
        this.rules = this.rules.filter((candidate) => candidate !== active);
      },
    };
  }

  /** Removes every rule; call counters keep running. */
  clear(): void {
    this.rules = [];
  }

  /** Removes every rule and restarts the call counters. */
  reset(): void {
    this.rules = [];
    this.callCounts.clear();
  }

  /** Counts a call of `operation` and returns the fault to apply to it, if any. */
  takeCall(operation: OperationId): { callNumber: number; fault: Fault | undefined } {
    const callNumber = (this.callCounts.get(operation) ?? 0) + 1;
    this.callCounts.set(operation, callNumber);

    for (const active of this.rules) {
      if (this.matches(active, operation, callNumber)) {
        active.appliedCount += 1;
        return { callNumber, fault: active.rule.fault };
      }
    }

    return { callNumber, fault: undefined };
  }

  private matches(active: ActiveRule, operation: OperationId, callNumber: number): boolean {
    const { rule } = active;
    if (rule.operation !== '*' && rule.operation !== operation) {
      return false;
    }

    if (rule.calls !== undefined && !rule.calls.includes(callNumber)) {
      return false;
    }

    if (rule.times !== undefined && active.appliedCount >= rule.times) {
      return false;
    }

    // Draw last, so the sequence of draws depends only on calls the other conditions allow.
    if (rule.probability !== undefined && this.random().next() >= rule.probability) {
      return false;
    }

    return true;
  }
}

function validateRule(rule: FaultRule): void {
  const { calls, times, probability, fault } = rule;

  if (calls !== undefined && !calls.every((call) => Number.isInteger(call) && call >= 1)) {
    throw new TypeError(`Invalid fault rule: calls must be integers from 1, got ${String(calls)}`);
  }

  if (times !== undefined && !(Number.isInteger(times) && times >= 1)) {
    throw new TypeError(`Invalid fault rule: times must be an integer from 1, got ${times}`);
  }

  if (probability !== undefined && !(probability >= 0 && probability <= 1)) {
    throw new TypeError(
      `Invalid fault rule: probability must be between 0 and 1, got ${probability}`,
    );
  }

  const isErrorStatus = (status: number) =>
    Number.isInteger(status) && status >= 400 && status <= 599;
  if (fault.kind === 'status' && !isErrorStatus(fault.status)) {
    throw new TypeError(
      `Invalid status fault: status must be an HTTP error status from 400 to 599, got ${fault.status}`,
    );
  }

  if (fault.kind === 'missing-field' && !(typeof fault.field === 'string' && fault.field !== '')) {
    throw new TypeError('Invalid missing-field fault: field must name a sandbox property');
  }

  if (fault.kind === 'latency' && !(fault.delayMs >= 0)) {
    throw new TypeError(`Invalid latency fault: delayMs must be 0 or more, got ${fault.delayMs}`);
  }
}
