import { describe, expect, it } from 'vitest';

import type { ContractFault } from './fixtures/contract-faults.js';
import { runContractFixture } from './fixtures/run-contract-fixture.js';

/** Tests that `defineSandboxProviderContract` registers. */
const CONTRACT_TEST_COUNT = 9;

const leakTests = [
  'lifecycle moves from starting to ready to gone',
  'stopHandle twice succeeds',
  'torn-down sandbox leaves the list',
];

// Each row breaks one promise of the contract, and lists the tests and the suite errors that
// must catch it.
const cases: { fault: ContractFault; failedTests: string[]; suiteErrors: RegExp[] }[] = [
  {
    fault: 'leak-on-stop',
    failedTests: leakTests,
    suiteErrors: [/^\d+ sandbox\(es\) still existed after the tests that created them/],
  },
  {
    fault: 'ignore-company-filter',
    failedTests: ["company never sees another company's sandboxes"],
    suiteErrors: [],
  },
  {
    fault: 'ignore-status-filter',
    failedTests: ['list filters by status'],
    suiteErrors: [],
  },
  {
    fault: 'unrecognised-not-found',
    failedTests: [
      'lifecycle moves from starting to ready to gone',
      'getHandle rejects unknown id as not found',
      'stopHandle twice succeeds',
    ],
    suiteErrors: [],
  },
  {
    fault: 'leak-and-failing-teardown',
    failedTests: leakTests,
    suiteErrors: [/still existed after the tests that created them/, /^fixture teardown failed$/],
  },
];

describe('contract suite', () => {
  it.for(cases)('catches fault $fault', async ({ fault, failedTests, suiteErrors }) => {
    const result = await runContractFixture(fault);

    expect(result.failedTests.sort()).toEqual([...failedTests].sort());
    expect(result.passedTests.length + result.failedTests.length).toBe(CONTRACT_TEST_COUNT);
    expect(result.suiteErrors).toHaveLength(suiteErrors.length);
    suiteErrors.forEach((pattern, index) => {
      expect(result.suiteErrors[index]).toMatch(pattern);
    });
  });
});
