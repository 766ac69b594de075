import { existsSync } from 'node:fs';
import { getHttpOperationsFromSpec } from '@stoplight/prism-cli/dist/operations.js';
import { createLogger } from '@stoplight/prism-core';
import type { IHttpConfig } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
import { mockRejectingInvalidRequests } from './invalid-request-mocker.js';
import { defaultSpecPath } from './spec-path.js';

/** A Prism server listening on 127.0.0.1. */
export interface RunningPrism {
  /** Base URL such as `http://127.0.0.1:41234`, without a trailing slash. */
  url: string;
  /** Stops listening and resolves once the server has closed. */
  close(): Promise<void>;
}

/** Options shared by the mock and the proxy. */
export interface PrismServerOptions {
  /** Path of the OpenAPI document. Default: the repository's `specs/daytona-sandbox.yaml`. */
  spec?: string;
  /** TCP port on 127.0.0.1. Default: 0, which lets the operating system pick a free port. */
  port?: number;
  /**
   * Writes Prism's info-level JSON log lines to stderr, with the Authorization header redacted.
   * Default: false, which discards them.
   */
  verbose?: boolean;
}

const LOOPBACK_HOST = '127.0.0.1';

/**
 * Loads the spec's operations and serves them with Prism in this process, the way the
 * `prism mock` and `prism proxy` commands do, but without their log formatter and with
 * `mockRejectingInvalidRequests` in place of Prism's mocker.
 */
export async function listenPrism(
  config: IHttpConfig,
  options: PrismServerOptions,
): Promise<RunningPrism> {
  const specPath = options.spec ?? defaultSpecPath();
  if (!existsSync(specPath)) {
    throw new Error(
      `Spec file ${specPath} was not found. Pass an existing OpenAPI file as \`spec\`.`,
    );
  }

  const operations = await getHttpOperationsFromSpec(specPath);
  if (operations.length === 0) {
    throw new Error(
      `${specPath} defines no operations, so Prism has nothing to serve. Check the spec's paths.`,
    );
  }

  // Prism logs each request's headers at info level. Redaction keeps the bearer token out of
  // them, and level info leaves out Prism's debug lines, which print headers as plain text.
  const logger = createLogger(
    'PRISM',
    {
      level: options.verbose === true ? 'info' : 'silent',
      redact: { paths: ['input.headers.authorization'], censor: '[redacted]' },
    },
    process.stderr,
  );
  const server = createServer(operations, {
    cors: false,
    config,
    components: { logger, mock: mockRejectingInvalidRequests },
  });

  const address = await server.listen(options.port ?? 0, LOOPBACK_HOST);

  return {
    url: address.replace(/\/+$/, ''),
    close: () => server.close(),
  };
}
