import {
  defineSandboxProviderContract,
  InMemorySandboxProvider,
  type InMemorySandboxProviderOptions,
  SandboxNotFoundError,
  type SandboxProviderContractSetup,
} from '../src/contract/index.js';

function inMemorySetup(options: InMemorySandboxProviderOptions): SandboxProviderContractSetup {
  const provider = new InMemorySandboxProvider(options);
  return {
    provider,
    isNotFound: (error) => error instanceof SandboxNotFoundError,
    sandboxExists: async (id) => provider.exists(id),
  };
}

defineSandboxProviderContract({
  name: 'InMemorySandboxProvider',
  timeoutMs: 2_000,
  pollIntervalMs: 5,
  setup: () => inMemorySetup({ startDelayMs: 5 }),
});

// Some providers keep returning a deleted sandbox for a while, which takes the suite's other
// branch after stopHandle.
defineSandboxProviderContract({
  name: 'InMemorySandboxProvider with tombstones',
  timeoutMs: 2_000,
  pollIntervalMs: 5,
  setup: () => inMemorySetup({ startDelayMs: 5, keepTombstones: true }),
});

// A live run registers like this when its credentials are missing: the tests show as skipped and
// setup never runs.
defineSandboxProviderContract({
  name: 'provider without credentials',
  skip: true,
  setup: () => {
    throw new Error('setup must not run for a skipped suite');
  },
});
