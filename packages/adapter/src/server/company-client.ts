import type { CreateSandboxOptions } from '../shared/create-options.js';
import { DaytonaNotFoundError, SandboxOptionsError, SandboxScopeError } from '../shared/errors.js';
import type { SandboxHandle } from '../shared/handle.js';
import { COMPANY_LABEL } from '../shared/labels.js';
import type { SandboxStatus } from '../shared/state-mapping.js';
import type { DaytonaSandboxClient } from './client.js';
import type {
  CallOptions,
  CreateCallOptions,
  ListHandlesFilter,
  ListOptions,
  StateChangeOptions,
  TeardownOptions,
  TeardownResult,
  WaitOptions,
} from './options.js';
import type { ReapOptions, ReapReport } from './reaper.js';

/**
 * A client that acts for one company only. It creates sandboxes with the company's label, lists
 * only that company's sandboxes, and throws `SandboxScopeError` before sending any state-changing
 * request for a sandbox without the label. Made by `DaytonaSandboxClient.forCompany`.
 */
export class CompanySandboxClient {
  readonly companyId: string;
  readonly #client: DaytonaSandboxClient;

  constructor(client: DaytonaSandboxClient, companyId: string) {
    if (typeof companyId !== 'string' || companyId.trim() === '') {
      throw new SandboxOptionsError('forCompany', [
        {
          field: 'companyId',
          problem: `must be a non-empty company id, got ${JSON.stringify(companyId)}`,
        },
      ]);
    }
    this.#client = client;
    this.companyId = companyId;
  }

  /** Creates a sandbox for this company; a different `companyId` in `options` is rejected. */
  async createHandle(
    options: Omit<CreateSandboxOptions, 'companyId'> & { companyId?: string },
    callOptions: CreateCallOptions = {},
  ): Promise<SandboxHandle> {
    if (options?.companyId !== undefined && options.companyId !== this.companyId) {
      throw new SandboxOptionsError('createHandle', [
        {
          field: 'companyId',
          problem: `is "${options.companyId}" but this client is scoped to "${this.companyId}"; omit it or use forCompany("${options.companyId}")`,
        },
      ]);
    }
    return this.#client.createHandle({ ...options, companyId: this.companyId }, callOptions);
  }

  /** Reads a sandbox of this company; throws `SandboxScopeError` for another company's. */
  async getHandle(id: string, options: CallOptions = {}): Promise<SandboxHandle> {
    const handle = await this.#client.getHandle(id, options);
    this.#assertOwned(id, handle);
    return handle;
  }

  /** Lists this company's sandboxes matching `filter`. */
  listHandles(
    filter: Omit<ListHandlesFilter, 'companyId'> = {},
    options: ListOptions = {},
  ): Promise<SandboxHandle[]> {
    return this.#client.listHandles({ ...filter, companyId: this.companyId }, options);
  }

  /** Yields this company's sandboxes page by page. */
  listHandlePages(
    filter: Omit<ListHandlesFilter, 'companyId'> = {},
    options: ListOptions = {},
  ): AsyncGenerator<SandboxHandle[], void, undefined> {
    return this.#client.listHandlePages({ ...filter, companyId: this.companyId }, options);
  }

  /** Waits for a status of a sandbox of this company. */
  async waitForStatus(
    id: string,
    status: SandboxStatus,
    options: WaitOptions = {},
  ): Promise<SandboxHandle> {
    await this.getHandle(id, options);
    return this.#client.waitForStatus(id, status, options);
  }

  /** Starts a sandbox of this company. */
  async startHandle(id: string, options: StateChangeOptions = {}): Promise<SandboxHandle> {
    await this.getHandle(id, options);
    return this.#client.startHandle(id, options);
  }

  /** Shuts down a sandbox of this company, keeping its disk. */
  async shutdownHandle(
    id: string,
    options: StateChangeOptions & { force?: boolean } = {},
  ): Promise<SandboxHandle> {
    await this.getHandle(id, options);
    return this.#client.shutdownHandle(id, options);
  }

  /** Archives a sandbox of this company. */
  async archiveHandle(id: string, options: StateChangeOptions = {}): Promise<SandboxHandle> {
    await this.getHandle(id, options);
    return this.#client.archiveHandle(id, options);
  }

  /** Tears down a sandbox of this company; one that is already gone counts as done. */
  async deleteHandle(id: string, options: TeardownOptions = {}): Promise<TeardownResult> {
    try {
      await this.getHandle(id, options);
    } catch (error) {
      if (error instanceof DaytonaNotFoundError) return { id, alreadyGone: true };
      throw error;
    }
    return this.#client.deleteHandle(id, options);
  }

  /** Tears down a sandbox of this company; the same as `deleteHandle`. */
  stopHandle(id: string, options: TeardownOptions = {}): Promise<TeardownResult> {
    return this.deleteHandle(id, options);
  }

  /** Runs the reaper over this company's sandboxes. Dry run unless `dryRun: false`. */
  reapHandles(options: Omit<ReapOptions, 'companyId'>): Promise<ReapReport> {
    return this.#client.reapHandles({ ...options, companyId: this.companyId });
  }

  #assertOwned(id: string, handle: SandboxHandle): void {
    if (handle.labels[COMPANY_LABEL] !== this.companyId) {
      throw new SandboxScopeError({ sandboxId: id, companyId: this.companyId });
    }
  }
}
