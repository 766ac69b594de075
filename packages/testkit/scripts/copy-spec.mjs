// Copies the repository's spec into `dist/specs/`, so the published package carries the spec
// it was built and tested against, and `defaultSpecPath()` finds it from `dist/`.
import { copyFile, mkdir } from 'node:fs/promises';

const source = new URL('../../../specs/daytona-sandbox.yaml', import.meta.url);
const targetDirectory = new URL('../dist/specs/', import.meta.url);

await mkdir(targetDirectory, { recursive: true });
await copyFile(source, new URL('daytona-sandbox.yaml', targetDirectory));
