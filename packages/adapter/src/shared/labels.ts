/** Label keys the adapter owns. Callers may not set keys with this prefix themselves. */
export const BIRO_LABEL_PREFIX = 'biro.';

/** The company that owns the sandbox. */
export const COMPANY_LABEL = 'biro.companyId';

/** The agent the sandbox belongs to. */
export const AGENT_LABEL = 'biro.agentId';

/** The issue the agent works on, when there is one. */
export const ISSUE_LABEL = 'biro.issueId';

/**
 * A value unique to one `createHandle` call. After an ambiguous failure the adapter looks for
 * it to adopt a sandbox the failed try made, instead of making a second one.
 */
export const CREATE_TOKEN_LABEL = 'biro.createToken';

/** Owner fields as they appear on a handle. */
export interface SandboxOwnerLabels {
  companyId: string;
  agentId: string;
  issueId: string | null;
}

/** Builds the owner labels; `biro.issueId` is omitted when there is no issue. */
export function buildOwnerLabels(owner: {
  companyId: string;
  agentId?: string | undefined;
  issueId?: string | null | undefined;
}): Record<string, string> {
  const labels: Record<string, string> = { [COMPANY_LABEL]: owner.companyId };
  if (owner.agentId !== undefined) labels[AGENT_LABEL] = owner.agentId;
  if (owner.issueId !== undefined && owner.issueId !== null) labels[ISSUE_LABEL] = owner.issueId;
  return labels;
}

/** Reads the owner fields back from a sandbox's labels; missing ones become empty or null. */
export function readOwnerLabels(labels: Readonly<Record<string, string>>): SandboxOwnerLabels {
  return {
    companyId: labels[COMPANY_LABEL] ?? '',
    agentId: labels[AGENT_LABEL] ?? '',
    issueId: labels[ISSUE_LABEL] ?? null,
  };
}

/**
 * Encodes a label filter the way the list endpoint reads it: one JSON object as one query value.
 * The server matches by containment, so every given label must be present with the same value.
 */
export function encodeLabelFilter(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(labels);
}
