import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect, it } from 'vitest';

const sourceRoot = fileURLToPath(new URL('../src/', import.meta.url));
const importPattern =
  /(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Follows relative imports from `entry` and returns every other specifier the files import. */
function packagesImportedFrom(entry: string): Set<string> {
  const visited = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];

  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (visited.has(file)) {
      continue;
    }
    visited.add(file);

    for (const match of readFileSync(file, 'utf8').matchAll(importPattern)) {
      const specifier = match[1] ?? match[2] ?? '';
      if (specifier.startsWith('.')) {
        // Sources import each other with the `.js` extension that the build emits.
        pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      } else {
        packages.add(specifier);
      }
    }
  }
  return packages;
}

it('main entry never imports vitest', () => {
  const packages = [...packagesImportedFrom(resolve(sourceRoot, 'index.ts'))];

  expect(packages.filter((name) => name === 'vitest' || name.startsWith('vitest/'))).toEqual([]);
});

it('contract entry imports vitest', () => {
  const packages = packagesImportedFrom(resolve(sourceRoot, 'contract/index.ts'));

  expect(packages).toContain('vitest');
});
