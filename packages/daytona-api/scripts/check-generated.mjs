// Regenerates the client into a temporary folder and compares it with the committed `src`,
// so a spec change that was not followed by `pnpm generate` fails the test command.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createClient } from '@hey-api/openapi-ts';
import { generatorConfig } from '../openapi-ts.config.mjs';

const FIX_COMMAND = 'pnpm generate';

async function listFiles(root) {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

const fresh = await mkdtemp(join(tmpdir(), 'daytona-api-'));
try {
  await createClient({
    ...generatorConfig,
    output: { ...generatorConfig.output, path: fresh },
    logs: { level: 'silent' },
  });

  const committedFiles = await listFiles('src');
  const freshFiles = await listFiles(fresh);
  const problems = [];

  for (const file of freshFiles) {
    if (!committedFiles.includes(file)) {
      problems.push(`missing: src/${file}`);
      continue;
    }
    const [committed, expected] = await Promise.all([
      readFile(join('src', file), 'utf8'),
      readFile(join(fresh, file), 'utf8'),
    ]);
    if (committed !== expected) problems.push(`changed: src/${file}`);
  }
  for (const file of committedFiles) {
    if (!freshFiles.includes(file)) problems.push(`not generated: src/${file}`);
  }

  if (problems.length > 0) {
    console.error(
      'The generated Daytona client is stale; it no longer matches specs/daytona-sandbox.yaml:',
    );
    for (const problem of problems) console.error(`  ${problem}`);
    console.error(`Run \`${FIX_COMMAND}\` at the repository root and commit the result.`);
    process.exitCode = 1;
  } else {
    console.log(
      `The generated Daytona client matches specs/daytona-sandbox.yaml (${freshFiles.length} files).`,
    );
  }
} finally {
  await rm(fresh, { recursive: true, force: true });
}
