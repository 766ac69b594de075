export {
  InMemoryStatusUnreachableError,
  InMemoryWaitTimeoutError,
  type SandboxLeakDetails,
  SandboxLeakError,
  SandboxNotFoundError,
} from './contract/errors.js';
export {
  InMemorySandboxProvider,
  type InMemorySandboxProviderOptions,
} from './contract/in-memory-provider.js';
export { createLeakGuard, type LeakGuard, type LeakGuardOptions } from './contract/leak-guard.js';
export type {
  ContractListFilter,
  ContractSandbox,
  ContractWaitOptions,
  SandboxOwner,
  SandboxProvider,
  SandboxStatus,
} from './contract/provider.js';
export * from './fake/index.js';
export { assertSupportedNode, MINIMUM_NODE_VERSION } from './prism/node-version.js';
export { type PrismMockOptions, startPrismMock } from './prism/prism-mock.js';
export { type PrismProxyOptions, startPrismProxy } from './prism/prism-proxy.js';
export type { PrismServerOptions, RunningPrism } from './prism/prism-server.js';
export { defaultSpecPath } from './prism/spec-path.js';
