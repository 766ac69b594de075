// @ts-check
import { defineConfig } from '@hey-api/openapi-ts';

/**
 * Generator settings shared by `pnpm generate` and the freshness check. Paths are relative to
 * this package, so both must run with it as the working directory.
 *
 * The spec names a schema ListSandboxesResponse, which is also the generator's default name for
 * the listSandboxes response type. Naming operation responses `...Result` keeps every generated
 * name unique, so no `...Response2` appears.
 */
export const generatorConfig = {
  input: '../../specs/daytona-sandbox.yaml',
  output: { path: 'src', postProcess: [] },
  plugins: [
    '@hey-api/client-fetch',
    { name: '@hey-api/typescript', responses: { response: '{{name}}Result' } },
    { name: 'zod', responses: { name: 'z{{name}}Result' } },
    { name: '@hey-api/sdk', validator: false },
  ],
};

export default defineConfig(generatorConfig);
