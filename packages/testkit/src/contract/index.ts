export {
  DEFAULT_CONTRACT_POLL_INTERVAL_MS,
  DEFAULT_CONTRACT_TIMEOUT_MS,
  defineSandboxProviderContract,
  type SandboxProviderContractDefinition,
  type SandboxProviderContractSetup,
} from './define-contract.js';
export {
  InMemoryStatusUnreachableError,
  InMemoryWaitTimeoutError,
  type SandboxLeakDetails,
  SandboxLeakError,
  SandboxNotFoundError,
} from './errors.js';
export {
  DEFAULT_START_DELAY_MS,
  DEFAULT_WAIT_TIMEOUT_MS,
  InMemorySandboxProvider,
  type InMemorySandboxProviderOptions,
} from './in-memory-provider.js';
export {
  createLeakGuard,
  DEFAULT_LEAK_POLL_INTERVAL_MS,
  DEFAULT_LEAK_SETTLE_TIMEOUT_MS,
  type LeakGuard,
  type LeakGuardOptions,
} from './leak-guard.js';
export type {
  ContractListFilter,
  ContractSandbox,
  ContractWaitOptions,
  SandboxOwner,
  SandboxProvider,
  SandboxStatus,
} from './provider.js';
