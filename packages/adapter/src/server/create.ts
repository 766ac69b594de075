import { randomUUID } from 'node:crypto';
import { type CreateSandbox, createSandbox } from '@biroai/daytona-api';
import type { ResolvedSandboxConfig } from '../shared/config.js';
import type { ValidCreateSandboxOptions } from '../shared/create-options.js';
import { DEFAULT_RETRY_BASE_MS, DEFAULT_RETRY_MAX_MS } from '../shared/defaults.js';
import {
  DaytonaAbortError,
  DaytonaApiError,
  DaytonaConflictError,
  DaytonaNotFoundError,
  DaytonaRateLimitError,
  DaytonaSandboxError,
} from '../shared/errors.js';
import { type SandboxHandle, toSandboxHandle } from '../shared/handle.js';
import { dockerfileFromImage } from '../shared/image.js';
import { buildOwnerLabels, CREATE_TOKEN_LABEL } from '../shared/labels.js';
import type { ClientContext } from './context.js';
import type { CallOptions } from './options.js';
import { listSandboxPages } from './pagination.js';
import { readSandbox } from './read.js';
import { backoffDelayMs, isRetryableError } from './retry.js';
import { teardownSandbox } from './teardown.js';

/** Converts idle seconds to Daytona's whole minutes, rounding up so a sandbox never stops early. */
export function idleSecondsToAutoStopMinutes(seconds: number): number {
  return Math.ceil(seconds / 60);
}

/** Builds the `POST /sandbox` body. Never sends `autoDeleteInterval`: 0 would delete on stop. */
export function buildCreateBody(
  config: ResolvedSandboxConfig,
  options: ValidCreateSandboxOptions,
  identity: { token: string; name: string },
): CreateSandbox {
  const body: CreateSandbox = {
    name: identity.name,
    labels: {
      ...options.labels,
      ...buildOwnerLabels(options),
      [CREATE_TOKEN_LABEL]: identity.token,
    },
  };

  if (options.envVars && Object.keys(options.envVars).length > 0) body.env = { ...options.envVars };

  const snapshot = options.snapshot ?? (options.image ? undefined : config.defaultSnapshot);
  const image = options.image ?? (options.snapshot ? undefined : config.defaultImage);
  if (snapshot) body.snapshot = snapshot;
  else if (image) body.buildInfo = { dockerfileContent: dockerfileFromImage(image) };

  if (config.idleTimeoutSeconds !== undefined) {
    body.autoStopInterval = idleSecondsToAutoStopMinutes(config.idleTimeoutSeconds);
  }
  if (config.target) body.target = config.target;
  return body;
}

/**
 * Failures after which the server may or may not have made the sandbox: no response, a timeout, a
 * body that could not be read, 5xx and 429. A 429 normally means nothing was made, but checking
 * is cheap and proves it.
 */
function isAmbiguous(error: unknown): boolean {
  if (error instanceof DaytonaApiError)
    return error.status === 429 || error.status >= 500 || error.status === 408;
  return isRetryableError(error);
}

/**
 * Creates a sandbox so that at most one exists per call while the call runs (see the NOTE for
 * the one exception after it ends). The call's sandbox gets
 * a unique name and a `biro.createToken` label. After an ambiguous failure the adapter looks the
 * name up (the per-id endpoint accepts names and does not lag) and then the label, adopts what it
 * finds, and only sends the create again when neither exists. A retried create that meets its
 * own earlier try gets a 409 for the taken name, and is adopted the same way. When the lookup
 * itself fails, the create is still retried, because that name guard keeps the retry from making
 * a second sandbox.
 *
 * NOTE: a try that timed out on the client but reaches the server after the call has ended makes
 * a sandbox if its name is free by then, for example because the caller already tore the adopted
 * sandbox down. No client sees that sandbox, but it carries the owner labels, so `reapHandles`
 * removes it.
 */
export async function createSandboxOnce(
  context: ClientContext,
  options: ValidCreateSandboxOptions,
  callOptions: CallOptions = {},
): Promise<SandboxHandle> {
  const token = randomUUID();
  const name = options.name ?? `biro-${token}`;
  const body = buildCreateBody(context.config, options, { token, name });
  const operation = {
    method: 'POST',
    path: '/sandbox',
    idempotent: false,
    expects: 'sandbox',
  } as const;
  let lastError: unknown;
  let outcomeUnknown = false;

  let sentTries = 0;

  for (let retry = 0; retry <= context.config.maxRetries; retry++) {
    try {
      if (!callOptions.signal?.aborted) sentTries++;
      const sandbox = await context.transport.sendOnce(
        operation,
        ({ client, signal }) => createSandbox({ client, signal, body }),
        { signal: callOptions.signal },
      );
      return toSandboxHandle(sandbox);
    } catch (error) {
      lastError = error;
      if (error instanceof DaytonaAbortError) {
        // A try already sent may still make a sandbox on the server that no caller knows of.
        if (sentTries > 0) reclaimAbandonedCreate(context, name, token);
        throw withSandboxName(error, name);
      }

      const nameTaken = error instanceof DaytonaConflictError && retry > 0;
      if (!isAmbiguous(error) && !nameTaken) throw error;

      const lookup = await lookUpCreatedSandbox(context, name, token, callOptions.signal);
      const adopted = lookup.sandbox;
      if (adopted) {
        context.logger.info('Adopted the sandbox of an earlier create try', {
          sandboxId: adopted.id,
          sandboxName: name,
          error: error instanceof Error ? error.name : String(error),
          requestId: error instanceof DaytonaApiError ? error.requestId : undefined,
        });
        return adopted;
      }
      // A checked lookup that finds nothing means another sandbox has the caller's name.
      if (nameTaken && lookup.checked) throw error;
      outcomeUnknown = !lookup.checked;
      if (retry === context.config.maxRetries) break;

      const delayMs = retryDelay(context, error, retry);
      if (delayMs === undefined) break;
      const retryMessage = lookup.checked
        ? 'Retrying sandbox create; no sandbox was made by the failed try'
        : 'Retrying sandbox create; the retry finds any sandbox of the failed try by its name';
      context.logger.warn(retryMessage, {
        sandboxName: name,
        attempt: retry + 1,
        delayMs,
        error: error instanceof Error ? error.name : String(error),
        status: error instanceof DaytonaApiError ? error.status : undefined,
        requestId: error instanceof DaytonaApiError ? error.requestId : undefined,
      });
      try {
        await context.sleep(delayMs, callOptions.signal);
      } catch (cause) {
        reclaimAbandonedCreate(context, name, token);
        throw withSandboxName(new DaytonaAbortError({ ...operation, cause }), name);
      }
    }
  }

  const failureMessage = outcomeUnknown
    ? 'Sandbox create failed, and whether it made a sandbox is unknown'
    : 'Sandbox create failed; no sandbox of this call was found';
  context.logger.error(failureMessage, {
    sandboxName: name,
    createToken: token,
    error: lastError instanceof Error ? lastError.name : String(lastError),
  });
  throw withSandboxName(lastError, name);
}

/** Records on a typed error the name of the sandbox the failed create may have made. */
function withSandboxName(error: unknown, name: string): unknown {
  if (error instanceof DaytonaSandboxError) error.sandboxName = name;
  return error;
}

/**
 * Pauses, in milliseconds, between lookups for a sandbox that an abandoned create may still make.
 * NOTE: an estimate of how long a server can take to act on a request whose client went away.
 */
const RECLAIM_LOOKUP_DELAYS_MS = [0, 1_000, 2_000, 4_000, 8_000];

/**
 * Looks for a sandbox that a create the caller gave up on made after all, and tears it down. Runs
 * in the background, so the caller's abort takes effect at once, and logs instead of throwing.
 */
function reclaimAbandonedCreate(context: ClientContext, name: string, token: string): void {
  const reclaim = async () => {
    for (const delayMs of RECLAIM_LOOKUP_DELAYS_MS) {
      await context.sleep(delayMs);
      const found = await findCreatedSandbox(context, name, token, undefined);
      if (!found) continue;

      await teardownSandbox(context, found.id, { waitUntilGone: false });
      context.logger.warn('Tore down the sandbox of an aborted create', {
        sandboxId: found.id,
        sandboxName: name,
      });
      return;
    }
  };

  reclaim().catch((error: unknown) => {
    context.logger.error('Failed to reclaim the sandbox of an aborted create; find it by name', {
      sandboxName: name,
      error: error instanceof Error ? error.message : String(error),
    });
  });
}

function retryDelay(context: ClientContext, error: unknown, retry: number): number | undefined {
  const backoff = backoffDelayMs(
    retry,
    { baseMs: DEFAULT_RETRY_BASE_MS, maxMs: DEFAULT_RETRY_MAX_MS },
    context.random,
  );
  if (!(error instanceof DaytonaRateLimitError) || error.retryAfterMs === undefined) return backoff;

  if (error.retryAfterMs > context.config.maxRetryAfterMs) return undefined;
  return Math.max(error.retryAfterMs, backoff);
}

/**
 * Looks for the sandbox a failed create try may have made. `checked` is false when the lookup
 * itself failed, which leaves the outcome of the try unknown.
 */
async function lookUpCreatedSandbox(
  context: ClientContext,
  name: string,
  token: string,
  signal: AbortSignal | undefined,
): Promise<{ sandbox: SandboxHandle | undefined; checked: boolean }> {
  try {
    return { sandbox: await findCreatedSandbox(context, name, token, signal), checked: true };
  } catch (error) {
    if (error instanceof DaytonaAbortError) throw error;

    context.logger.warn('Could not check whether a failed create try made a sandbox', {
      sandboxName: name,
      error: error instanceof Error ? error.name : String(error),
      requestId: error instanceof DaytonaApiError ? error.requestId : undefined,
    });
    return { sandbox: undefined, checked: false };
  }
}

/** Finds the sandbox a failed create try made, by name first and then by its token label. */
async function findCreatedSandbox(
  context: ClientContext,
  name: string,
  token: string,
  signal: AbortSignal | undefined,
): Promise<SandboxHandle | undefined> {
  try {
    const byName = await readSandbox(context, name, { signal });
    if (byName.labels[CREATE_TOKEN_LABEL] === token) return byName;
  } catch (error) {
    if (!(error instanceof DaytonaNotFoundError)) throw error;
  }

  for await (const page of listSandboxPages(
    context.transport,
    { labels: { [CREATE_TOKEN_LABEL]: token }, pageSize: 10, includeErroredDeleted: true },
    signal,
  )) {
    const match = page.find((item) => item.labels?.[CREATE_TOKEN_LABEL] === token);
    if (match) return toSandboxHandle(match);
  }
  return undefined;
}
