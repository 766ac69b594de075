/**
 * A console-compatible logger. Pass `console` to see what the client does, or any object with
 * these methods (pino, winston and the like fit). Log lines carry sandbox and request ids, never
 * the API key or environment variable values.
 */
export interface SandboxLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The default logger: writes nothing. */
export const silentLogger: SandboxLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
