import { expectTypeOf, test } from 'vitest';

import {
  createLeakGuard,
  defineSandboxProviderContract,
  InMemorySandboxProvider,
  type LeakGuard,
  type SandboxProvider,
  type SandboxProviderContractDefinition,
} from '../src/contract/index.js';

// These checks run in `pnpm typecheck`. At test time expectTypeOf does nothing.
test('InMemorySandboxProvider satisfies SandboxProvider', () => {
  expectTypeOf<InMemorySandboxProvider>().toExtend<SandboxProvider>();
  expectTypeOf<Omit<InMemorySandboxProvider, 'stopHandle'>>().not.toExtend<SandboxProvider>();
});

test('leak guard wraps any SandboxProvider', () => {
  expectTypeOf(createLeakGuard).parameter(0).toEqualTypeOf<SandboxProvider>();
  expectTypeOf(createLeakGuard).returns.toEqualTypeOf<LeakGuard>();
  expectTypeOf<LeakGuard['provider']>().toEqualTypeOf<SandboxProvider>();
});

test('contract definition takes a sync or async setup', () => {
  expectTypeOf(defineSandboxProviderContract)
    .parameter(0)
    .toEqualTypeOf<SandboxProviderContractDefinition>();
  expectTypeOf(defineSandboxProviderContract).returns.toBeVoid();

  const provider = new InMemorySandboxProvider();
  const setup = {
    provider,
    isNotFound: () => true,
    sandboxExists: async () => false,
  };
  expectTypeOf({ name: 'sync', setup: () => setup }).toExtend<SandboxProviderContractDefinition>();
  expectTypeOf({
    name: 'async',
    setup: async () => setup,
  }).toExtend<SandboxProviderContractDefinition>();
  expectTypeOf({ name: 'no setup' }).not.toExtend<SandboxProviderContractDefinition>();
});
