import { randomBytes } from 'node:crypto';
import { DaytonaSandboxClient, type SandboxHandle } from '@biroai/adapter-daytona-sandbox';
import { formatHandleTable } from '@biroai/adapter-daytona-sandbox/cli';
import { startFakeDaytona } from '@biroai/sandbox-testkit';

/** Target of the demo: a real Daytona when DAYTONA_API_KEY is set, a local fake otherwise. */
interface Target {
  description: string;
  apiKey: string;
  apiUrl: string | undefined;
  close(): Promise<void>;
}

async function openTarget(): Promise<Target> {
  const apiKey = process.env.DAYTONA_API_KEY;
  if (apiKey) {
    const apiUrl = process.env.DAYTONA_API_URL;
    return {
      description: `Daytona at ${apiUrl ?? 'https://app.daytona.io/api'} (DAYTONA_API_KEY is set)`,
      apiKey,
      apiUrl,
      close: async () => {},
    };
  }

  const fakeApiKey = 'demo-api-key';
  const fake = await startFakeDaytona({ apiKey: fakeApiKey, transitionDelayMs: 300 });
  return {
    description: `the local Daytona fake at ${fake.url} (set DAYTONA_API_KEY to use a real Daytona)`,
    apiKey: fakeApiKey,
    apiUrl: fake.url,
    close: () => fake.close(),
  };
}

function printStep(title: string, handles: readonly SandboxHandle[]): void {
  console.log(`\n== ${title}`);
  console.log(formatHandleTable(handles));
}

async function main(): Promise<void> {
  const target = await openTarget();
  console.log(`Running the sandbox lifecycle against ${target.description}.`);

  const client = new DaytonaSandboxClient({
    config: {
      apiKey: target.apiKey,
      ...(target.apiUrl ? { apiUrl: target.apiUrl } : {}),
      idleTimeoutSeconds: 900,
    },
  });
  // A suffix keeps runs against a shared Daytona apart from each other.
  const run = randomBytes(3).toString('hex');
  const acme = `acme-${run}`;
  const globex = `globex-${run}`;
  const created: SandboxHandle[] = [];

  try {
    created.push(await client.createHandle({ companyId: acme, agentId: 'planner', issueId: '42' }));
    created.push(await client.createHandle({ companyId: acme, agentId: 'coder' }));
    created.push(
      await client.createHandle({ companyId: globex, agentId: 'reviewer', issueId: '7' }),
    );
    printStep('Created three sandboxes (Daytona accepted them; they are not ready yet)', created);

    const ready = await Promise.all(
      created.map((handle) => client.waitForStatus(handle.id, 'ready', { timeoutMs: 120_000 })),
    );
    printStep('Waited until every sandbox is ready', ready);

    printStep(`Listed company ${acme}`, await client.listHandles({ companyId: acme }));
    printStep(
      `Listed agent planner of ${acme}`,
      await client.listHandles({ companyId: acme, agentId: 'planner' }),
    );
    printStep(
      `Listed ready sandboxes of ${globex}`,
      await client.listHandles({ companyId: globex, status: 'ready' }),
    );

    const first = created[0];
    if (first) printStep(`Got sandbox ${first.id}`, [await client.getHandle(first.id)]);

    console.log(
      '\n== Tore down every sandbox (confirmed by GET /sandbox/{id}, not by the lagging list)',
    );
    while (created.length > 0) {
      const handle = created[0] as SandboxHandle;
      const result = await client.stopHandle(handle.id);
      created.shift();
      console.log(`${result.id}: ${result.alreadyGone ? 'already gone' : 'gone'}`);
    }
    printStep(
      `Listed company ${acme} after teardown`,
      await client.listHandles({ companyId: acme }),
    );
  } finally {
    // After a failure, still remove what the demo made, so nothing keeps running and costing money.
    for (const handle of created) {
      await client.stopHandle(handle.id).catch((error: unknown) => {
        console.error(`Could not tear down ${handle.id}; remove it in Daytona: ${String(error)}`);
      });
    }
    await target.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
