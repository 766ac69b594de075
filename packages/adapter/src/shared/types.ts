// The public names of the first release live here, because platform code imports them from
// this module. Each is defined in the file named for its concept.

export {
  type ResolvedSandboxConfig,
  type SandboxConfig,
  SandboxConfigSchema,
} from './config.js';
export {
  type CreateSandboxOptions,
  CreateSandboxOptionsSchema,
} from './create-options.js';
export type { SandboxHandle } from './handle.js';
export { mapDaytonaStateToStatus, type SandboxStatus } from './state-mapping.js';
