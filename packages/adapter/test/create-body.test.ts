import { describe, expect, it } from 'vitest';
import {
  parseCreateSandboxOptions,
  parseSandboxConfig,
  SandboxOptionsError,
} from '../src/index.js';
import { buildCreateBody } from '../src/server/create.js';

const identity = { token: 'token-1', name: 'biro-token-1' };

function body(config: Record<string, unknown>, options: Record<string, unknown>) {
  return buildCreateBody(
    parseSandboxConfig({ apiKey: 'k', ...config }),
    parseCreateSandboxOptions({ companyId: 'acme', agentId: 'a1', ...options }),
    identity,
  );
}

function optionsError(options: Record<string, unknown>): SandboxOptionsError {
  try {
    parseCreateSandboxOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(SandboxOptionsError);
    return error as SandboxOptionsError;
  }
  throw new Error('expected the options to be rejected');
}

describe('create body', () => {
  it('sends idle 1800 s as 30 minutes', () => {
    expect(body({ idleTimeoutSeconds: 1800 }, {}).autoStopInterval).toBe(30);
  });

  it('sends idle 0 as auto-stop off', () => {
    expect(body({ idleTimeoutSeconds: 0 }, {}).autoStopInterval).toBe(0);
  });

  it('rounds idle seconds up to minutes', () => {
    expect(body({ idleTimeoutSeconds: 61 }, {}).autoStopInterval).toBe(2);
    expect(body({ idleTimeoutSeconds: 1 }, {}).autoStopInterval).toBe(1);
  });

  it('leaves auto-stop to Daytona when unset', () => {
    expect(body({}, {})).not.toHaveProperty('autoStopInterval');
  });

  it('never sends auto-delete', () => {
    expect(body({ idleTimeoutSeconds: 0 }, {})).not.toHaveProperty('autoDeleteInterval');
    expect(body({ idleTimeoutSeconds: 1800 }, { image: 'node:22' })).not.toHaveProperty(
      'autoDeleteInterval',
    );
  });

  it('labels owner and create token', () => {
    expect(body({}, { issueId: '42', labels: { team: 'infra' } }).labels).toEqual({
      team: 'infra',
      'biro.companyId': 'acme',
      'biro.agentId': 'a1',
      'biro.issueId': '42',
      'biro.createToken': 'token-1',
    });
  });

  it('omits the issue label for null issue', () => {
    expect(body({}, { issueId: null }).labels).not.toHaveProperty('biro.issueId');
    expect(body({}, {}).labels).not.toHaveProperty('biro.issueId');
  });

  it('turns an image into a Dockerfile', () => {
    const created = body({}, { image: 'ghcr.io/acme/agent:1.2' });
    expect(created.buildInfo).toEqual({ dockerfileContent: 'FROM ghcr.io/acme/agent:1.2' });
    expect(created).not.toHaveProperty('snapshot');
  });

  it('sends a snapshot as snapshot', () => {
    const created = body({ defaultImage: 'node:22' }, { snapshot: 'agent-base' });
    expect(created.snapshot).toBe('agent-base');
    expect(created).not.toHaveProperty('buildInfo');
  });

  it('falls back to the default image', () => {
    expect(body({ defaultImage: 'node:22' }, {}).buildInfo?.dockerfileContent).toBe('FROM node:22');
  });

  it('sends env vars and target', () => {
    const created = body({ target: 'eu' }, { envVars: { NODE_ENV: 'test' } });
    expect(created.env).toEqual({ NODE_ENV: 'test' });
    expect(created.target).toBe('eu');
    expect(created.name).toBe('biro-token-1');
  });

  it('does not change the caller options', () => {
    const labels = { team: 'infra' };
    const options = { companyId: 'acme', agentId: 'a1', labels };
    body({}, options);
    expect(labels).toEqual({ team: 'infra' });
  });
});

describe('create options', () => {
  it('rejects biro-prefixed extra labels', () => {
    const error = optionsError({
      companyId: 'acme',
      agentId: 'a1',
      labels: { 'biro.companyId': 'other' },
    });
    expect(error.message).toContain('biro.');
    expect(error.message).toContain('labels');
  });

  it('rejects an invalid env var name', () => {
    const error = optionsError({ companyId: 'acme', agentId: 'a1', envVars: { '1BAD-NAME': 'x' } });
    expect(error.message).toContain('environment variable name');
  });

  it('never echoes env var values', () => {
    const error = optionsError({ companyId: 'acme', agentId: 'a1', envVars: { TOKEN: 42 } });
    expect(error.message).toContain('envVars.TOKEN');
    expect(error.message).not.toContain('42');
  });

  it('rejects an image with a line break', () => {
    const error = optionsError({
      companyId: 'acme',
      agentId: 'a1',
      image: 'node:22\nRUN rm -rf /',
    });
    expect(error.issues[0]?.field).toBe('image');
  });

  it('rejects image and snapshot together', () => {
    expect(
      optionsError({ companyId: 'acme', agentId: 'a1', image: 'node:22', snapshot: 's' }).message,
    ).toContain('not both');
  });

  it('requires company and agent', () => {
    const fields = optionsError({}).issues.map((issue) => issue.field);
    expect(fields).toEqual(['companyId', 'agentId']);
  });
});

describe('create options typos', () => {
  it('rejects an unknown option', () => {
    const error = optionsError({ companyId: 'acme', agentId: 'a1', imgae: 'node:22' });
    expect(error.issues).toEqual([
      { field: 'imgae', problem: 'unknown option; check the spelling' },
    ]);
  });
});
