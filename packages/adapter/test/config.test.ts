import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DaytonaSandboxClient, SandboxConfigError, SandboxOptionsError } from '../src/index.js';

const SECRET = 'dtn_secret_key_123456';

function configError(config: unknown): SandboxConfigError {
  let requests = 0;
  const fetchImpl = (async () => {
    requests++;
    throw new Error('no request may be sent for an invalid config');
  }) as typeof fetch;

  try {
    new DaytonaSandboxClient({ config: config as never, fetchImpl });
  } catch (error) {
    expect(requests).toBe(0);
    expect(error).toBeInstanceOf(SandboxConfigError);
    return error as SandboxConfigError;
  }
  throw new Error('expected the config to be rejected');
}

describe('SandboxConfigSchema', () => {
  it('applies the defaults', () => {
    const client = new DaytonaSandboxClient({ config: { apiKey: SECRET } });
    expect(client.config.apiUrl).toBe('https://app.daytona.io/api');
    expect(client.config.maxRetries).toBe(2);
    expect(client.config.timeoutMs).toBe(30_000);
  });

  it('rejects a missing api key', () => {
    const error = configError({});
    expect(error.issues.map((issue) => issue.field)).toEqual(['apiKey']);
    expect(error.message).toContain('DAYTONA_API_KEY');
  });

  it('rejects an empty api key', () => {
    expect(configError({ apiKey: '  ' }).message).toContain('apiKey: is empty');
  });

  it('rejects plain http to a remote host', () => {
    const error = configError({ apiKey: SECRET, apiUrl: 'http://daytona.example.com/api' });
    expect(error.message).toContain('apiUrl');
    expect(error.message).toContain('https');
  });

  it.each([
    'http://localhost:3000',
    'http://127.0.0.1:8080/api',
    'https://daytona.example.com/api',
  ])('accepts api url %s', (apiUrl) => {
    expect(new DaytonaSandboxClient({ config: { apiKey: SECRET, apiUrl } }).config.apiUrl).toBe(
      apiUrl,
    );
  });

  it('names every invalid field at once', () => {
    const error = configError({
      apiKey: SECRET,
      apiUrl: 'ftp://x',
      idleTimeoutSeconds: -5,
      defaultImage: 'node:22\nRUN curl example.com',
    });
    const fields = error.issues.map((issue) => issue.field).sort();
    expect(fields).toEqual(['apiUrl', 'defaultImage', 'idleTimeoutSeconds']);
  });

  it('rejects image and snapshot together', () => {
    const error = configError({ apiKey: SECRET, defaultImage: 'node:22', defaultSnapshot: 'snap' });
    expect(error.message).toContain('not both');
  });

  it('rejects unknown keys', () => {
    const error = configError({ apiKey: SECRET, idleTimeoutSecs: 60 });
    expect(error.issues[0]?.field).toBe('idleTimeoutSecs');
  });

  it('never echoes the api key', () => {
    const error = configError({
      apiKey: SECRET,
      apiUrl: 'http://remote',
      idleTimeoutSeconds: 'x',
      extra: SECRET,
    });
    expect(error.message).not.toContain(SECRET);
    expect(String(error)).not.toContain(SECRET);
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });
});

describe('config messages', () => {
  it('names the type of a non-string api key', () => {
    const error = configError({ apiKey: 123 });
    expect(error.message).toContain('apiKey: must be a string, got number');
  });

  it('explains a missing config object', () => {
    const error = configError(undefined);
    expect(error.issues[0]?.field).toBe('config');
    expect(error.message).toContain('new DaytonaSandboxClient({ config: { apiKey } })');
  });

  it('shows an example for a bad timeout', () => {
    expect(configError({ apiKey: SECRET, timeoutMs: '30s' }).message).toContain('such as 30000');
  });

  it('keeps the api key out of the client', () => {
    const client = new DaytonaSandboxClient({ config: { apiKey: SECRET } });
    expect(client.config.apiKey).toBe('[redacted]');
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain(SECRET);
    expect(JSON.stringify(client)).not.toContain(SECRET);
    expect(JSON.stringify(client.config)).not.toContain(SECRET);
    expect(String(client)).not.toContain(SECRET);
  });
});

describe('header-safe api key', () => {
  it('rejects a key with a line break', () => {
    const error = configError({ apiKey: 'dtn_abc\ndef' });
    expect(error.message).toContain('apiKey: contains spaces, line breaks');
    expect(error.message).not.toContain('dtn_abc');
  });

  it('rejects a timeout no timer can wait', () => {
    expect(configError({ apiKey: SECRET, timeoutMs: Number.MAX_SAFE_INTEGER }).message).toContain(
      'timeoutMs: must be at most',
    );
  });
});

describe('per-call durations', () => {
  const client = new DaytonaSandboxClient({
    config: { apiKey: SECRET, apiUrl: 'http://127.0.0.1:9' },
  });

  it.each([Number.NaN, 0, -5, '60000', Number.POSITIVE_INFINITY])(
    'rejects timeoutMs %s',
    async (timeoutMs) => {
      await expect(
        client.stopHandle('sbx-1', { timeoutMs: timeoutMs as number }),
      ).rejects.toBeInstanceOf(SandboxOptionsError);
      await expect(
        client.waitForStatus('sbx-1', 'ready', { timeoutMs: timeoutMs as number }),
      ).rejects.toBeInstanceOf(SandboxOptionsError);
      await expect(
        client.createHandle(
          { companyId: 'acme', agentId: 'a1' },
          { waitTimeoutMs: timeoutMs as number },
        ),
      ).rejects.toBeInstanceOf(SandboxOptionsError);
    },
  );
});
