import { describe, expect, it } from 'vitest';
import {
  COMPANY_LABEL,
  type CompanySandboxClient,
  type DaytonaSandboxClient,
  SandboxOptionsError,
  SandboxScopeError,
} from '../src/index.js';
import { createTestClient, startTestDaytona, TEST_API_KEY, useTestDaytona } from './support.js';

const daytona = useTestDaytona(() => startTestDaytona());

async function readySandbox(client: DaytonaSandboxClient, companyId: string): Promise<string> {
  const handle = await client.createHandle(
    { companyId, agentId: 'planner' },
    { waitUntilReady: true },
  );
  return handle.id;
}

/** Requests that would change the sandbox: start, stop, archive and delete. */
function stateChangesOf(id: string): string[] {
  return daytona.fake.requests
    .filter(
      (request) =>
        request.path.startsWith(`/sandbox/${id}`) &&
        (request.method === 'POST' || request.method === 'DELETE'),
    )
    .map((request) => `${request.method} ${request.path}`);
}

/** Creates a sandbox with no labels at all, as another tool on the same account might. */
async function createUnlabelledSandbox(): Promise<string> {
  const response = await fetch(`${daytona.fake.url}/sandbox`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'someone-elses-box' }),
  });
  const sandbox = (await response.json()) as { id: string };
  return sandbox.id;
}

/** Every scoped method that reads or changes one sandbox. */
const SCOPED_CALLS: [string, (scoped: CompanySandboxClient, id: string) => Promise<unknown>][] = [
  ['startHandle', (scoped, id) => scoped.startHandle(id)],
  ['shutdownHandle', (scoped, id) => scoped.shutdownHandle(id)],
  ['archiveHandle', (scoped, id) => scoped.archiveHandle(id)],
  ['deleteHandle', (scoped, id) => scoped.deleteHandle(id)],
  ['stopHandle', (scoped, id) => scoped.stopHandle(id)],
  ['waitForStatus', (scoped, id) => scoped.waitForStatus(id, 'stopped')],
];

describe('company-scoped client', () => {
  it('creates with the company label', async () => {
    const { client } = createTestClient(daytona.url);

    const handle = await client.forCompany('acme').createHandle({ agentId: 'planner' });

    expect(handle.companyId).toBe('acme');
    const stored = daytona.fake.sandboxes().find((sandbox) => sandbox.id === handle.id);
    expect(stored?.labels[COMPANY_LABEL]).toBe('acme');
  });

  it("lists only the company's sandboxes", async () => {
    const { client } = createTestClient(daytona.url);
    const acme = await client.forCompany('acme').createHandle({ agentId: 'planner' });
    await client.forCompany('globex').createHandle({ agentId: 'planner' });
    await createUnlabelledSandbox();

    const listed = await client.forCompany('acme').listHandles();

    expect(listed.map((handle) => handle.id)).toEqual([acme.id]);
  });

  it("reads its own company's sandbox", async () => {
    const { client } = createTestClient(daytona.url);
    const id = await readySandbox(client, 'acme');

    const handle = await client.forCompany('acme').getHandle(id);

    expect(handle.id).toBe(id);
  });

  it("getHandle rejects another company's sandbox", async () => {
    const { client } = createTestClient(daytona.url);
    const id = await readySandbox(client, 'globex');

    const error = await client
      .forCompany('acme')
      .getHandle(id)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxScopeError);
    expect((error as SandboxScopeError).sandboxId).toBe(id);
    expect((error as SandboxScopeError).companyId).toBe('acme');
  });

  it('rejects an unlabelled sandbox', async () => {
    const { client } = createTestClient(daytona.url);
    const id = await createUnlabelledSandbox();

    const error = await client
      .forCompany('acme')
      .stopHandle(id)
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxScopeError);
    expect(stateChangesOf(id)).toEqual([]);
  });

  it.each(SCOPED_CALLS)("%s never touches another company's sandbox", async (_method, call) => {
    const { client } = createTestClient(daytona.url);
    const id = await readySandbox(client, 'globex');

    const error = await call(client.forCompany('acme'), id).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxScopeError);
    expect(stateChangesOf(id)).toEqual([]);
    expect(daytona.fake.sandboxes().find((sandbox) => sandbox.id === id)?.state).toBe('started');
  });

  it('createHandle rejects another companyId before any request', async () => {
    const { client } = createTestClient(daytona.url);

    const error = await client
      .forCompany('acme')
      .createHandle({ companyId: 'globex', agentId: 'planner' })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SandboxOptionsError);
    expect((error as SandboxOptionsError).issues[0]?.field).toBe('companyId');
    expect(daytona.fake.requests).toHaveLength(0);
  });

  it('createHandle accepts its own companyId', async () => {
    const { client } = createTestClient(daytona.url);

    const handle = await client
      .forCompany('acme')
      .createHandle({ companyId: 'acme', agentId: 'planner' });

    expect(handle.companyId).toBe('acme');
  });

  it('forCompany rejects an empty company id', () => {
    const { client } = createTestClient(daytona.url);

    expect(() => client.forCompany(' ')).toThrow(SandboxOptionsError);
  });

  it('deleteHandle of a gone sandbox counts as done', async () => {
    const { client } = createTestClient(daytona.url);

    const result = await client.forCompany('acme').deleteHandle('sbx-gone');

    expect(result).toEqual({ id: 'sbx-gone', alreadyGone: true });
  });

  it('tears down its own sandbox', async () => {
    const { client } = createTestClient(daytona.url);
    const id = await readySandbox(client, 'acme');

    await client.forCompany('acme').stopHandle(id);

    expect(daytona.fake.sandboxes()).toEqual([]);
  });
});
