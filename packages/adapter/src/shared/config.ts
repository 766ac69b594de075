import { z } from 'zod';
import {
  DEFAULT_API_URL,
  DEFAULT_MAX_RETRIES,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  MAX_TIMER_DELAY_MS,
} from './defaults.js';
import { SandboxConfigError } from './errors.js';
import { IMAGE_REFERENCE_PATTERN } from './image.js';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isAllowedApiUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }

  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
}

/** Settings of a `DaytonaSandboxClient`. Unknown keys are rejected, to catch typos. */
export const SandboxConfigSchema = z
  .object({
    /** Daytona API key, sent as a bearer token. */
    apiKey: z
      .string({
        error: (issue) =>
          issue.input === undefined
            ? 'is required: pass your Daytona API key (DAYTONA_API_KEY)'
            : `must be a string, got ${typeof issue.input}: pass your Daytona API key (DAYTONA_API_KEY)`,
      })
      .trim()
      .min(1, { error: 'is empty: pass your Daytona API key (DAYTONA_API_KEY)' })
      // The key travels in an HTTP header, which cannot carry spaces, line breaks or non-ASCII.
      .regex(/^[\x21-\x7e]+$/, {
        error: 'contains spaces, line breaks or non-ASCII characters: copy the key again',
      }),
    /** API base URL. https, or plain http on localhost and 127.0.0.1 only. */
    apiUrl: z
      .string({ error: 'must be a URL string' })
      .refine(isAllowedApiUrl, {
        error: (issue) =>
          `"${String(issue.input)}" is not allowed: use an https URL, or http only for localhost and 127.0.0.1`,
      })
      .default(DEFAULT_API_URL),
    /** Container image for new sandboxes, such as `node:22-bookworm`. */
    defaultImage: z
      .string()
      .regex(IMAGE_REFERENCE_PATTERN, {
        error: 'must be an image reference without spaces or line breaks, such as node:22-bookworm',
      })
      .optional(),
    /** Daytona snapshot for new sandboxes. */
    defaultSnapshot: z
      .string()
      .trim()
      .min(1, { error: 'is empty: omit it or name a snapshot' })
      .optional(),
    /**
     * Idle seconds before Daytona stops a sandbox. Sent as `autoStopInterval` in whole minutes,
     * rounded up; 0 disables auto-stop. Unset leaves Daytona's default.
     */
    idleTimeoutSeconds: z
      .number({ error: 'must be a number of seconds' })
      .int({ error: 'must be a whole number of seconds' })
      .min(0, { error: 'must be 0 (auto-stop off) or more' })
      .optional(),
    /** Organization id, sent as `X-Daytona-Organization-ID`; needed with a JWT. */
    organizationId: z
      .string()
      .trim()
      .min(1, { error: 'is empty: omit it or pass the id' })
      .optional(),
    /** Region for new sandboxes, such as `us` or `eu`. */
    target: z.string().trim().min(1, { error: 'is empty: omit it or name a region' }).optional(),
    /** Deadline of one HTTP request, in milliseconds. */
    timeoutMs: z
      .number({ error: 'must be a whole number of milliseconds, such as 30000' })
      .int({ error: 'must be a whole number of milliseconds' })
      .positive({ error: 'must be more than 0' })
      .max(MAX_TIMER_DELAY_MS, { error: `must be at most ${MAX_TIMER_DELAY_MS} (about 24 days)` })
      .default(DEFAULT_REQUEST_TIMEOUT_MS),
    /** Retries after the first try of a retryable request. */
    maxRetries: z
      .number({ error: 'must be a whole number of retries from 0 to 10, such as 2' })
      .int({ error: 'must be a whole number' })
      .min(0, { error: 'must be 0 or more' })
      .max(10, { error: 'must be 10 or less' })
      .default(DEFAULT_MAX_RETRIES),
    /** Longest `Retry-After` to wait for, in milliseconds; longer waits fail with the 429. */
    maxRetryAfterMs: z
      .number({ error: 'must be a whole number of milliseconds, such as 60000' })
      .int({ error: 'must be a whole number of milliseconds' })
      .min(0, { error: 'must be 0 or more' })
      .max(MAX_TIMER_DELAY_MS, { error: `must be at most ${MAX_TIMER_DELAY_MS} (about 24 days)` })
      .default(DEFAULT_MAX_RETRY_AFTER_MS),
  })
  .strict()
  .refine((config) => !(config.defaultImage && config.defaultSnapshot), {
    error: 'set defaultImage or defaultSnapshot, not both',
    path: ['defaultImage'],
  });

/** Settings as callers pass them. */
export type SandboxConfig = z.input<typeof SandboxConfigSchema>;

/** Settings with defaults applied. */
export type ResolvedSandboxConfig = z.output<typeof SandboxConfigSchema>;

/** Validates `config`, or throws `SandboxConfigError` naming each invalid field. */
export function parseSandboxConfig(config: unknown): ResolvedSandboxConfig {
  if (typeof config !== 'object' || config === null) {
    throw new SandboxConfigError([
      {
        field: 'config',
        problem: 'is missing: call new DaytonaSandboxClient({ config: { apiKey } })',
      },
    ]);
  }

  const result = SandboxConfigSchema.safeParse(config);
  if (result.success) return result.data;

  const issues = result.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(', '), problem: 'unknown option; check the spelling' };
    }
    const field = issue.path.length > 0 ? issue.path.join('.') : 'config';
    return { field, problem: issue.message };
  });
  throw new SandboxConfigError(issues);
}
