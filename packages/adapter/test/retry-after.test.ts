import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from '../src/server/retry.js';

describe('parseRetryAfterMs', () => {
  it('reads seconds', () => {
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': '7' }))).toBe(7_000);
  });

  it('reads an HTTP date', () => {
    const now = Date.parse('2026-12-04T10:00:00Z');
    const headers = new Headers({ 'Retry-After': 'Fri, 04 Dec 2026 10:00:30 GMT' });
    expect(parseRetryAfterMs(headers, now)).toBe(30_000);
  });

  it('reads a throttler header alone', () => {
    expect(parseRetryAfterMs(new Headers({ 'Retry-After-sandbox-create': '7' }))).toBe(7_000);
  });

  it('reads Retry-After-Ms as milliseconds', () => {
    expect(parseRetryAfterMs(new Headers({ 'Retry-After-Ms': '200' }))).toBe(200);
  });

  it('takes the longest of several headers', () => {
    const headers = new Headers({ 'Retry-After': '2', 'Retry-After-sandbox-lifecycle': '9' });
    expect(parseRetryAfterMs(headers)).toBe(9_000);
  });

  it('ignores unreadable values', () => {
    expect(parseRetryAfterMs(new Headers({ 'Retry-After': 'soon' }))).toBeUndefined();
    expect(parseRetryAfterMs(new Headers())).toBeUndefined();
  });
});
