export { parseSandboxConfig } from './config.js';
export { parseCreateSandboxOptions, type ValidCreateSandboxOptions } from './create-options.js';
export * from './defaults.js';
export * from './errors.js';
export { type DaytonaSandboxRecord, toSandboxHandle } from './handle.js';
export { dockerfileFromImage } from './image.js';
export * from './labels.js';
export {
  DAYTONA_STATE_TO_STATUS,
  daytonaStatesForStatus,
  isKnownDaytonaState,
  LEGACY_STATE_TO_STATUS,
  SANDBOX_STATUSES,
} from './state-mapping.js';
export * from './types.js';
