/**
 * The lifecycle every sandbox provider adapter offers, in provider-neutral terms. An adapter for
 * Daytona, E2B or anything else meets it, and `defineSandboxProviderContract` tests it.
 */

/** The four statuses a platform acts on, whatever the provider calls its states. */
export type SandboxStatus = 'starting' | 'ready' | 'stopped' | 'error';

/** Owner labels that tie a sandbox to a company, an agent and optionally an issue. */
export interface SandboxOwner {
  companyId: string;
  agentId: string;
  /** The issue the agent works on; `null` or absent when there is none. */
  issueId?: string | null;
}

/** A sandbox in the contract's terms. Providers return richer objects that include these fields. */
export interface ContractSandbox {
  id: string;
  status: SandboxStatus;
  companyId: string;
  agentId: string;
  issueId: string | null;
}

/** Filters for `listHandles`; `companyId` is required so no call lists every tenant's sandboxes. */
export interface ContractListFilter {
  companyId: string;
  agentId?: string;
  issueId?: string;
  status?: SandboxStatus;
}

/** Options for calls that wait. */
export interface ContractWaitOptions {
  /** Deadline for the whole wait, in milliseconds. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** The lifecycle contract. */
export interface SandboxProvider {
  /** Creates a sandbox carrying the owner labels. It may still be starting when this resolves. */
  createHandle(owner: SandboxOwner): Promise<ContractSandbox>;
  /** Reads one sandbox; rejects with an error that the setup's `isNotFound` recognises when absent. */
  getHandle(id: string): Promise<ContractSandbox>;
  /** Lists the sandboxes matching every given filter, across all pages. */
  listHandles(filter: ContractListFilter): Promise<ContractSandbox[]>;
  /** Polls until the sandbox reaches `status`, or rejects when it cannot or the deadline passes. */
  waitForStatus(
    id: string,
    status: SandboxStatus,
    options?: ContractWaitOptions,
  ): Promise<ContractSandbox>;
  /** Tears the sandbox down for good. Succeeds when it is already gone. */
  stopHandle(id: string): Promise<unknown>;
}
