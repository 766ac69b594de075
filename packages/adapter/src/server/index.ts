export * from '../shared/index.js';
export { DaytonaSandboxClient } from './client.js';
export { CompanySandboxClient } from './company-client.js';
export { type SandboxLogger, silentLogger } from './logger.js';
export type * from './options.js';
export type { ReapOptions, ReapReport } from './reaper.js';
export type { Sleep } from './sleep.js';
