import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SPEC_RELATIVE_PATH = join('specs', 'daytona-sandbox.yaml');

/**
 * Finds `specs/daytona-sandbox.yaml` in the nearest ancestor of this module's directory: the
 * repository's spec from `src/`, and the copy the build puts in `dist/specs/` from `dist/`.
 *
 * @throws Error when no ancestor contains the spec.
 */
export function defaultSpecPath(): string {
  const startDirectory = dirname(fileURLToPath(import.meta.url));
  let directory = startDirectory;

  for (;;) {
    const candidate = join(directory, SPEC_RELATIVE_PATH);
    if (existsSync(candidate)) {
      return candidate;
    }

    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error(
        `${SPEC_RELATIVE_PATH} was not found in ${startDirectory} or any parent directory. Pass the spec's path as the \`spec\` option.`,
      );
    }
    directory = parent;
  }
}
