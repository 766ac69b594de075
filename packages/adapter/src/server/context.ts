import type { ResolvedSandboxConfig } from '../shared/config.js';
import type { SandboxLogger } from './logger.js';
import type { Sleep } from './sleep.js';
import type { DaytonaTransport } from './transport.js';

/** State shared by the operation modules: one transport, the config, the logger and the clock. */
export interface ClientContext {
  transport: DaytonaTransport;
  config: ResolvedSandboxConfig;
  logger: SandboxLogger;
  sleep: Sleep;
  random: () => number;
}
