import { assertSupportedNode } from './node-version.js';
import { listenPrism, type PrismServerOptions, type RunningPrism } from './prism-server.js';

/** Options of `startPrismProxy`. */
export interface PrismProxyOptions extends PrismServerOptions {
  /** Base URL of the server to forward to, such as `http://127.0.0.1:41235`. */
  upstream: string;
}

/**
 * Starts Prism on 127.0.0.1 as a validating proxy in front of `upstream`, in this process.
 *
 * What Prism 5.14.2 does in this mode, with request and response validation and its `errors`
 * mode on:
 * - A request that violates the spec gets 422 `application/problem+json` with a `validation`
 *   list and is not forwarded. A request without `Authorization: Bearer ...` gets a 401 problem
 *   body and is not forwarded either.
 * - An upstream response with a documented status whose headers or body violate the spec (a
 *   missing required field, a wrong type) is replaced by a 500 `application/problem+json` body
 *   with `type` ending in `#VIOLATIONS` and a `validation` list of `{ location, severity, code,
 *   message }`. Only violations of severity `Error` do this.
 * - An upstream response with a status the operation does not document is passed through, with
 *   only a warning in the `sl-violations` response header.
 * - A valid upstream response is passed through with its status, headers and body, minus
 *   hop-by-hop headers.
 * - A request to a path the spec does not define gets Prism's 404 problem body.
 * - An upstream 501 is replaced by a response built from the spec's examples, as the mock
 *   builds it.
 */
export async function startPrismProxy(options: PrismProxyOptions): Promise<RunningPrism> {
  assertSupportedNode();

  const upstream = parseUpstream(options.upstream);

  return listenPrism(
    {
      isProxy: true,
      upstream,
      checkSecurity: true,
      validateRequest: true,
      validateResponse: true,
      errors: true,
      upstreamProxy: undefined,
      mock: { dynamic: false },
    },
    options,
  );
}

function parseUpstream(upstream: string): URL {
  try {
    return new URL(upstream);
  } catch (error) {
    throw new Error(
      `Invalid upstream URL "${upstream}" for startPrismProxy. Pass an absolute URL such as http://127.0.0.1:8080.`,
      { cause: error },
    );
  }
}
