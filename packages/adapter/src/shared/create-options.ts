import { z } from 'zod';
import { ENV_VAR_NAME_PATTERN } from './env-vars.js';
import { SandboxOptionsError } from './errors.js';
import { IMAGE_REFERENCE_PATTERN } from './image.js';
import { BIRO_LABEL_PREFIX } from './labels.js';

// Owner ids are kept exactly as given, because lists and scoped clients match labels exactly.
const ownerId = (what: string) =>
  z
    .string({ error: `is required: pass the ${what} as a non-empty string` })
    .refine((value) => value.trim() !== '', { error: `is empty: pass the ${what}` });

/** Arguments of `createHandle`. */
export const CreateSandboxOptionsSchema = z
  .object({
    /** The company that owns the sandbox; stored as the `biro.companyId` label. */
    companyId: ownerId('company id'),
    /** The agent the sandbox is for; stored as the `biro.agentId` label. */
    agentId: ownerId('agent id'),
    /** The issue the agent works on; stored as `biro.issueId`, omitted when null or absent. */
    issueId: z
      .union(
        [
          z.string().refine((value) => value.trim() !== '', {
            error: 'is empty: pass null when there is no issue',
          }),
          z.null(),
        ],
        {
          error: 'must be a string, or null when there is no issue',
        },
      )
      .optional(),
    /** Environment variables set in the sandbox. Values are never logged. */
    envVars: z
      .record(
        z.string().regex(ENV_VAR_NAME_PATTERN, {
          error:
            'is not a valid environment variable name: use letters, digits and _, not starting with a digit',
        }),
        z.string({ error: 'must be a string' }),
      )
      .optional(),
    /** Extra labels. Keys may not start with `biro.`, which the adapter owns. */
    labels: z
      .record(
        z
          .string()
          .min(1, { error: 'label keys may not be empty' })
          .refine((key) => !key.startsWith(BIRO_LABEL_PREFIX), {
            error: `uses the reserved prefix "${BIRO_LABEL_PREFIX}"; pass companyId, agentId and issueId as options, and pick another key for your own labels`,
          }),
        z.string({ error: 'label values must be strings' }),
      )
      .optional(),
    /** Container image to build the sandbox from, such as `node:22-bookworm`. */
    image: z
      .string()
      .regex(IMAGE_REFERENCE_PATTERN, {
        error: 'must be an image reference without spaces or line breaks, such as node:22-bookworm',
      })
      .optional(),
    /** Daytona snapshot to boot the sandbox from. */
    snapshot: z
      .string()
      .trim()
      .min(1, { error: 'is empty: omit it or name a snapshot' })
      .optional(),
    /** Sandbox name, unique in the organization. Generated from the create token when absent. */
    name: z.string().trim().min(1, { error: 'is empty: omit it or pass a name' }).optional(),
  })
  .strict()
  .refine((options) => !(options.image && options.snapshot), {
    error: 'pass image or snapshot, not both',
    path: ['image'],
  });

/** Arguments of `createHandle`, as callers pass them. */
export type CreateSandboxOptions = z.input<typeof CreateSandboxOptionsSchema>;

/** Validated arguments of `createHandle`. */
export type ValidCreateSandboxOptions = z.output<typeof CreateSandboxOptionsSchema>;

/** Turns zod issues into `{ field, problem }` pairs for the option errors. */
export function describeIssues(error: z.ZodError): { field: string; problem: string }[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return { field: issue.keys.join(', '), problem: 'unknown option; check the spelling' };
    }
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'options';
    // A rejected record key carries the key schema's own messages one level down.
    if (issue.code === 'invalid_key') {
      return { field, problem: issue.issues.map((inner) => inner.message).join('; ') };
    }
    return { field, problem: issue.message };
  });
}

/** Validates `createHandle` arguments, or throws `SandboxOptionsError` naming each bad field. */
export function parseCreateSandboxOptions(options: unknown): ValidCreateSandboxOptions {
  const result = CreateSandboxOptionsSchema.safeParse(options);
  if (!result.success) throw new SandboxOptionsError('createHandle', describeIssues(result.error));
  return result.data;
}
