import { assertSupportedNode } from './node-version.js';
import { listenPrism, type PrismServerOptions, type RunningPrism } from './prism-server.js';

/** Options of `startPrismMock`. */
export interface PrismMockOptions extends PrismServerOptions {
  /**
   * Generates random bodies from the schemas. Default: false, which serves the spec's examples
   * so every response is the same from run to run.
   */
  dynamic?: boolean;
}

/**
 * Starts a Prism mock of the spec on 127.0.0.1, in this process.
 *
 * The mock checks each request against the spec and its bearer security scheme. A request that
 * violates the spec gets 422 `application/problem+json` with a `validation` list, and a request
 * without `Authorization: Bearer ...` gets the spec's 401 example. A `Prefer: code=404` header
 * picks which documented response to serve, and asking for an undocumented status gets Prism's
 * own 404 problem body. Because Prism's `errors` mode is on, a served response that violates the
 * spec (a bad example in the spec) becomes a 500 `application/problem+json` response.
 */
export async function startPrismMock(options: PrismMockOptions = {}): Promise<RunningPrism> {
  assertSupportedNode();

  return listenPrism(
    {
      isProxy: false,
      checkSecurity: true,
      validateRequest: true,
      validateResponse: true,
      errors: true,
      upstreamProxy: undefined,
      mock: { dynamic: options.dynamic ?? false },
    },
    options,
  );
}
