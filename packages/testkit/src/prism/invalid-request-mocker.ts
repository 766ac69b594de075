import { createRequire } from 'node:module';
import type { IPrismDiagnostic } from '@stoplight/prism-core';
import {
  type PrismHttpComponents,
  ProblemJsonError,
  UNPROCESSABLE_ENTITY,
} from '@stoplight/prism-http';

type MockComponent = PrismHttpComponents['mock'];

// Loaded with require() because the module is CommonJS with an `exports.default`, which Node's
// ESM loader and vitest expose under different names.
const prismMocker = createRequire(import.meta.url)(
  '@stoplight/prism-http/dist/mocker/index.js',
) as {
  default: MockComponent;
};

/** Names of `DiagnosticSeverity` of `@stoplight/types`, indexed by its numeric values. */
const SEVERITY_NAMES = ['Error', 'Warning', 'Information', 'Hint'] as const;
const SEVERITY_ERROR = 0;

/** The code Prism's security validator gives a request without valid credentials. */
const SECURITY_VIOLATION_CODE = 401;

/**
 * Prism's mock component, except that a request with spec violations gets a 422
 * `application/problem+json` body that lists them, in the shape Prism's proxy uses.
 *
 * For an invalid request, Prism 5.12's mocker returns the spec's 422 or 400 response when the
 * operation defines one. Our spec documents a 400 for every operation, so stock Prism would
 * return the 400 example ("Invalid labels JSON format") for a malformed query, which hides the
 * real violation. Security violations keep Prism's behaviour: the spec's 401 example.
 */
export const mockRejectingInvalidRequests: MockComponent = (options) => {
  const violations = options.input.validations;
  const hasErrors = violations.some((violation) => violation.severity === SEVERITY_ERROR);
  const hasSecurityViolation = violations.some(
    (violation) => violation.code === SECURITY_VIOLATION_CODE,
  );

  if (!hasErrors || hasSecurityViolation) {
    return prismMocker.default(options);
  }

  const problem = ProblemJsonError.fromTemplate(
    UNPROCESSABLE_ENTITY,
    'The request violates the spec, so the Prism mock rejects it. The validation list names each violation.',
    { validation: violations.map(describeViolation) },
  );
  return () => ({ _tag: 'Left', left: problem });
};

function describeViolation(violation: IPrismDiagnostic) {
  return {
    location: violation.path ?? [],
    severity: SEVERITY_NAMES[violation.severity] ?? String(violation.severity),
    code: violation.code,
    message: violation.message,
  };
}
