import { archiveSandbox, startSandbox, stopSandbox } from '@biroai/daytona-api';
import { parseSandboxConfig, type ResolvedSandboxConfig } from '../shared/config.js';
import { type CreateSandboxOptions, parseCreateSandboxOptions } from '../shared/create-options.js';
import {
  DaytonaAbortError,
  DaytonaSandboxError,
  REDACTED,
  SandboxFailedError,
  SandboxWaitTimeoutError,
} from '../shared/errors.js';
import { type SandboxHandle, toSandboxHandle } from '../shared/handle.js';
import type { SandboxStatus } from '../shared/state-mapping.js';
import { assertDurationMs, assertSandboxId, assertStatus, buildListQuery } from './arguments.js';
import { CompanySandboxClient } from './company-client.js';
import type { ClientContext } from './context.js';
import { createSandboxOnce } from './create.js';
import { silentLogger } from './logger.js';
import type {
  CallOptions,
  CreateCallOptions,
  DaytonaSandboxClientOptions,
  ListHandlesFilter,
  ListOptions,
  StateChangeOptions,
  TeardownOptions,
  TeardownResult,
  WaitOptions,
} from './options.js';
import { listSandboxPages } from './pagination.js';
import { readSandbox, sandboxPath } from './read.js';
import { type ReapOptions, type ReapReport, reapSandboxes } from './reaper.js';
import { sleepWithTimer } from './sleep.js';
import { teardownSandbox } from './teardown.js';
import { DaytonaTransport } from './transport.js';
import { pollSandbox, waitForSandboxStatus } from './wait.js';

/**
 * Provisions, inspects, changes and tears down Daytona sandboxes for a platform's agents. Every
 * method validates its input before sending anything, retries what is safe to retry, and throws
 * typed errors (all `DaytonaSandboxError`).
 */
export class DaytonaSandboxClient {
  // Private fields keep the API key out of `console.log(client)` and `JSON.stringify(client)`.
  readonly #config: ResolvedSandboxConfig;
  readonly #context: ClientContext;

  constructor(options: DaytonaSandboxClientOptions) {
    this.#config = parseSandboxConfig(options?.config);
    const sleep = options.sleep ?? sleepWithTimer;
    const logger = options.logger ?? silentLogger;
    const random = options.random ?? Math.random;

    const config = this.#config;
    const transport = new DaytonaTransport({
      apiKey: config.apiKey,
      apiUrl: config.apiUrl,
      organizationId: config.organizationId,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      maxRetryAfterMs: config.maxRetryAfterMs,
      fetchImpl: options.fetchImpl,
      logger,
      sleep,
      random,
    });
    this.#context = { transport, config, logger, sleep, random };
  }

  /** The settings in force, defaults applied, with the API key replaced by `[redacted]`. */
  get config(): Readonly<ResolvedSandboxConfig> {
    return { ...this.#config, apiKey: REDACTED };
  }

  /**
   * Creates a sandbox labelled with its owner. Resolves as soon as Daytona accepts it, usually
   * with status `starting`, unless `waitUntilReady` is set. At most one sandbox is made per call,
   * even when a try fails in a way that leaves its outcome unknown.
   */
  async createHandle(
    options: CreateSandboxOptions,
    callOptions: CreateCallOptions = {},
  ): Promise<SandboxHandle> {
    const valid = parseCreateSandboxOptions(options);
    assertDurationMs('createHandle', 'waitTimeoutMs', callOptions.waitTimeoutMs);
    const handle = await createSandboxOnce(this.#context, valid, callOptions);
    if (!callOptions.waitUntilReady) return handle;

    try {
      return await waitForSandboxStatus(this.#context, handle.id, 'ready', {
        signal: callOptions.signal,
        timeoutMs: callOptions.waitTimeoutMs,
      });
    } catch (error) {
      if (callOptions.onWaitFailure === 'keep') throw withSandbox(error, handle.id, false);

      if (error instanceof DaytonaAbortError) {
        // The caller asked to stop now, so the teardown goes on without holding the caller.
        void this.discardAfterFailedWait(handle.id, error);
        throw withSandbox(error, handle.id, false);
      }
      const tornDown = await this.discardAfterFailedWait(handle.id, error);
      throw withSandbox(error, handle.id, tornDown);
    }
  }

  /** Reads one sandbox. Throws `DaytonaNotFoundError` when it does not exist. */
  async getHandle(id: string, options: CallOptions = {}): Promise<SandboxHandle> {
    assertSandboxId('getHandle', id);
    return readSandbox(this.#context, id, { signal: options.signal });
  }

  /**
   * Yields the sandboxes matching `filter` page by page, following the server's cursor to the
   * end. Stops with `DaytonaPaginationError` if the server repeats a cursor.
   */
  async *listHandlePages(
    filter: ListHandlesFilter,
    options: ListOptions = {},
  ): AsyncGenerator<SandboxHandle[], void, undefined> {
    const query = buildListQuery(filter, options);

    for await (const items of listSandboxPages(this.#context.transport, query, options.signal)) {
      const handles = items.map(toSandboxHandle);
      yield filter.status ? handles.filter((handle) => handle.status === filter.status) : handles;
    }
  }

  /** Lists every sandbox matching `filter`, across all pages. */
  async listHandles(
    filter: ListHandlesFilter,
    options: ListOptions = {},
  ): Promise<SandboxHandle[]> {
    const handles: SandboxHandle[] = [];
    for await (const page of this.listHandlePages(filter, options)) handles.push(...page);
    return handles;
  }

  /**
   * Polls the sandbox until it has `status`. Ends early with `SandboxFailedError` when it fails,
   * with `SandboxStatusUnreachableError` when it waits for ready on a sandbox Daytona keeps
   * stopped, and with `SandboxWaitTimeoutError` after `timeoutMs` (default 5 minutes).
   */
  async waitForStatus(
    id: string,
    status: SandboxStatus,
    options: WaitOptions = {},
  ): Promise<SandboxHandle> {
    assertSandboxId('waitForStatus', id);
    assertStatus('waitForStatus', status);
    assertDurationMs('waitForStatus', 'timeoutMs', options.timeoutMs);
    return waitForSandboxStatus(this.#context, id, status, options);
  }

  /** Starts a stopped, archived or paused sandbox; with `wait`, resolves once it is ready. */
  async startHandle(id: string, options: StateChangeOptions = {}): Promise<SandboxHandle> {
    assertSandboxId('startHandle', id);
    assertDurationMs('startHandle', 'timeoutMs', options.timeoutMs);
    const sandbox = await this.#context.transport.send(
      {
        method: 'POST',
        path: sandboxPath(id, '/start'),
        idempotent: true,
        sandboxId: id,
        expects: 'sandbox',
      },
      ({ client, signal }) => startSandbox({ client, signal, path: { sandboxIdOrName: id } }),
      { signal: options.signal },
    );
    if (!options.wait) return toSandboxHandle(sandbox);
    // Right after a start, a failed sandbox can still report its old failed state.
    return waitForSandboxStatus(this.#context, id, 'ready', { ...options, afterStart: true });
  }

  /**
   * Shuts a sandbox down and keeps its disk, so `startHandle` can bring it back. To remove a
   * sandbox, use `stopHandle` or `deleteHandle`.
   */
  async shutdownHandle(
    id: string,
    options: StateChangeOptions & { force?: boolean } = {},
  ): Promise<SandboxHandle> {
    assertSandboxId('shutdownHandle', id);
    assertDurationMs('shutdownHandle', 'timeoutMs', options.timeoutMs);
    const sandbox = await this.#context.transport.send(
      {
        method: 'POST',
        path: sandboxPath(id, '/stop'),
        idempotent: true,
        sandboxId: id,
        expects: 'sandbox',
      },
      ({ client, signal }) =>
        stopSandbox({
          client,
          signal,
          path: { sandboxIdOrName: id },
          ...(options.force ? { query: { force: true } } : {}),
        }),
      { signal: options.signal },
    );
    if (!options.wait) return toSandboxHandle(sandbox);
    return this.waitForState(id, 'stopped', options);
  }

  /** Archives a stopped sandbox, moving its disk to cheaper storage. */
  async archiveHandle(id: string, options: StateChangeOptions = {}): Promise<SandboxHandle> {
    assertSandboxId('archiveHandle', id);
    assertDurationMs('archiveHandle', 'timeoutMs', options.timeoutMs);
    const sandbox = await this.#context.transport.send(
      {
        method: 'POST',
        path: sandboxPath(id, '/archive'),
        idempotent: true,
        sandboxId: id,
        expects: 'sandbox',
      },
      ({ client, signal }) => archiveSandbox({ client, signal, path: { sandboxIdOrName: id } }),
      { signal: options.signal },
    );
    if (!options.wait) return toSandboxHandle(sandbox);
    return this.waitForState(id, 'archived', options);
  }

  /**
   * Tears a sandbox down for good. A sandbox that is already gone counts as done, and by default
   * the call resolves only once `GET /sandbox/{id}` confirms it is gone.
   */
  async deleteHandle(id: string, options: TeardownOptions = {}): Promise<TeardownResult> {
    assertSandboxId('deleteHandle', id);
    assertDurationMs('deleteHandle', 'timeoutMs', options.timeoutMs);
    return teardownSandbox(this.#context, id, options);
  }

  /** Tears a sandbox down for good; the name platform code has always used for `deleteHandle`. */
  async stopHandle(id: string, options: TeardownOptions = {}): Promise<TeardownResult> {
    assertSandboxId('stopHandle', id);
    assertDurationMs('stopHandle', 'timeoutMs', options.timeoutMs);
    return teardownSandbox(this.#context, id, options);
  }

  /** Returns a client that acts only on `companyId`'s sandboxes. */
  forCompany(companyId: string): CompanySandboxClient {
    return new CompanySandboxClient(this, companyId);
  }

  /**
   * Finds a company's sandboxes older than `olderThanMs`, in `statuses`, or both (every criterion
   * given must hold), and tears them down unless `dryRun` (the default). Never touches a sandbox
   * without the company's label.
   */
  reapHandles(options: ReapOptions): Promise<ReapReport> {
    return reapSandboxes(this, this.#context.logger, options);
  }

  private async waitForState(
    id: string,
    state: string,
    options: WaitOptions,
  ): Promise<SandboxHandle> {
    return pollSandbox(this.#context, id, state, (handle) => handle.state === state, options);
  }

  /** Tears down a sandbox whose wait for ready failed; returns whether the teardown succeeded. */
  private async discardAfterFailedWait(id: string, reason: unknown): Promise<boolean> {
    try {
      await teardownSandbox(this.#context, id);
      this.#context.logger.warn('Tore down a sandbox that did not become ready', {
        sandboxId: id,
        error: reason instanceof Error ? reason.name : String(reason),
      });
      return true;
    } catch (error) {
      this.#context.logger.error('Failed to tear down a sandbox that did not become ready', {
        sandboxId: id,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }
}

/**
 * Records on a wait error which sandbox it concerns and whether it was torn down. Wait errors
 * whose message advises on the sandbox are rebuilt, so the advice matches what happened.
 */
function withSandbox(error: unknown, sandboxId: string, tornDown: boolean): unknown {
  if (tornDown && error instanceof SandboxWaitTimeoutError) {
    return new SandboxWaitTimeoutError({ ...error, sandboxId, tornDown });
  }
  if (tornDown && error instanceof SandboxFailedError) {
    return new SandboxFailedError({ ...error, sandboxId, tornDown });
  }
  if (
    error instanceof DaytonaSandboxError &&
    !(error instanceof SandboxWaitTimeoutError || error instanceof SandboxFailedError)
  ) {
    error.sandboxId = sandboxId;
    error.tornDown = tornDown;
  }
  return error;
}
