import { startPrismProxy } from '../prism/prism-proxy.js';
import type { PrismServerOptions } from '../prism/prism-server.js';
import { type FakeDaytona, type FakeDaytonaOptions, startFakeDaytona } from './server.js';

/** Options of `startValidatedFakeDaytona`: the fake's options plus the proxy's. */
export interface ValidatedFakeDaytonaOptions extends FakeDaytonaOptions {
  /** Options of the Prism proxy; its `port` is the port clients connect to. */
  proxy?: PrismServerOptions;
}

/** A fake Daytona behind a Prism proxy that validates every request and response. */
export interface ValidatedFakeDaytona {
  /** The proxy's base URL; point the client here. */
  url: string;
  /** The fake behind the proxy, for faults, the request log and stored sandboxes. */
  fake: FakeDaytona;
  /** Stops the proxy, then the fake. */
  close(): Promise<void>;
}

/**
 * Starts the fake and a validating Prism proxy in front of it. What reaches a client of `url`:
 * - A request that breaks the spec gets Prism's 422 and never reaches the fake.
 * - A response that breaks the spec, such as one carrying an unknown state, becomes a 500
 *   problem body whose `type` ends in `#VIOLATIONS`.
 * - A status the spec does not declare, such as a 503 fault, passes with a warning in the
 *   `sl-violations` header.
 * - A reset or malformed-json fault becomes Prism's 500 `FetchError` problem body. A hang keeps
 *   the request open until the client gives up, or until the fake closes, which also gives
 *   that 500.
 *
 * Send requests to `fake.url` when the client under test must see a fault as the real server
 * would send it.
 */
export async function startValidatedFakeDaytona(
  options: ValidatedFakeDaytonaOptions = {},
): Promise<ValidatedFakeDaytona> {
  const { proxy: proxyOptions, ...fakeOptions } = options;
  const fake = await startFakeDaytona(fakeOptions);

  try {
    const proxy = await startPrismProxy({ ...proxyOptions, upstream: fake.url });
    return {
      url: proxy.url,
      fake,
      close: async () => {
        await proxy.close();
        await fake.close();
      },
    };
  } catch (error) {
    await fake.close();
    throw error;
  }
}
