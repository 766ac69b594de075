import { describe, expect, it } from 'vitest';
import {
  DAYTONA_STATE_TO_STATUS,
  daytonaStatesForStatus,
  mapDaytonaStateToStatus,
  toSandboxHandle,
} from '../src/index.js';

// The expected status of every current Daytona state, written out again on purpose: a change to
// the table must change this test too.
const EXPECTED: Record<string, string> = {
  creating: 'starting',
  restoring: 'starting',
  destroyed: 'stopped',
  destroying: 'stopped',
  started: 'ready',
  stopped: 'stopped',
  starting: 'starting',
  stopping: 'stopped',
  error: 'error',
  build_failed: 'error',
  pending_build: 'starting',
  building_snapshot: 'starting',
  unknown: 'error',
  pulling_snapshot: 'starting',
  archived: 'stopped',
  archiving: 'stopped',
  resizing: 'starting',
  snapshotting: 'starting',
  forking: 'starting',
  pausing: 'stopped',
  paused: 'stopped',
  resuming: 'starting',
};

describe('mapDaytonaStateToStatus', () => {
  it('covers all 22 current states', () => {
    expect(Object.keys(DAYTONA_STATE_TO_STATUS).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(DAYTONA_STATE_TO_STATUS)).toHaveLength(22);
  });

  it.each(Object.entries(EXPECTED))('maps %s to %s', (state, status) => {
    expect(mapDaytonaStateToStatus(state)).toBe(status);
  });

  it.each([
    ['deleting', 'stopped'],
    ['deleted', 'stopped'],
    ['build_pending', 'starting'],
    ['running', 'ready'],
  ])('accepts legacy name %s as %s', (state, status) => {
    expect(mapDaytonaStateToStatus(state)).toBe(status);
  });

  it.each([['hibernating'], ['STARTED'], [''], ['toString'], ['__proto__']])(
    'maps unseen value %j to error',
    (state) => {
      expect(mapDaytonaStateToStatus(state)).toBe('error');
    },
  );

  it('maps a missing state to error', () => {
    expect(mapDaytonaStateToStatus(undefined)).toBe('error');
    expect(mapDaytonaStateToStatus(null)).toBe('error');
  });

  it('lists the states behind each status', () => {
    expect(daytonaStatesForStatus('ready')).toEqual(['started']);
    expect(daytonaStatesForStatus('error')).toEqual(['error', 'build_failed', 'unknown']);
    expect(daytonaStatesForStatus('stopped')).toContain('paused');
  });
});

describe('toSandboxHandle', () => {
  const base = {
    id: 'sbx-1',
    name: 'one',
    labels: { 'biro.companyId': 'acme', 'biro.agentId': 'a1' },
  };

  it('maps paused to stopped', () => {
    expect(toSandboxHandle({ ...base, state: 'paused' }).status).toBe('stopped');
  });

  it('maps recoverable error to error', () => {
    const handle = toSandboxHandle({
      ...base,
      state: 'error',
      recoverable: true,
      errorReason: 'disk full',
    });
    expect(handle.status).toBe('error');
    expect(handle.recoverable).toBe(true);
    expect(handle.errorReason).toBe('disk full');
  });

  it('keeps an unseen state as the raw state', () => {
    const handle = toSandboxHandle({ ...base, state: 'hibernating' });
    expect(handle.status).toBe('error');
    expect(handle.state).toBe('hibernating');
  });

  it('maps a record without state', () => {
    const handle = toSandboxHandle(base);
    expect(handle.status).toBe('error');
    expect(handle.state).toBeNull();
  });

  it('reads owner labels and null issue', () => {
    const handle = toSandboxHandle({ ...base, state: 'started' });
    expect(handle.companyId).toBe('acme');
    expect(handle.agentId).toBe('a1');
    expect(handle.issueId).toBeNull();
    expect(handle.labels).toEqual(base.labels);
  });
});
