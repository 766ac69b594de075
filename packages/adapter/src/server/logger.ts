/**
 * A console-compatible logger, called as `logger.warn(message, fields)`. Pass `console` to see
 * what the client does. Loggers that take the fields first, such as pino, need a small wrapper.
 * Log lines carry sandbox and request ids, never the API key or environment variable values.
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
