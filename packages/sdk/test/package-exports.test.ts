/**
 * Pins the sdk's public surface: each sub-path resolves by package name (as an agent's code imports
 * it) and exports exactly these runtime names. A change here is a change of the public API.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelay, isRetryableFailure, isRetryableStatus, parseRetryAfter } from '../src/client/retry.ts';

const runtimeNames = (module: Record<string, unknown>) =>
  Object.keys(module)
    .filter((name) => !name.endsWith('Schema'))
    .sort();

describe('package exports', () => {
  it('@baton/sdk', async () => {
    expect(runtimeNames(await import('@baton/sdk'))).toEqual([
      'BRIEF_VARIABLE_FACTS',
      'BatonApiError',
      'BatonClient',
      'BatonConnectionError',
      'BatonResponseError',
      'CANNED_VARIABLES',
      'VARIABLE_PATTERN',
      'askForApproval',
      'describeActions',
      'interpretTurn',
      'needsApproval',
      'observe',
      'parseSse',
      'readApproval',
      'refusalMessage',
      'reportPendingAction',
      'unknownVariables',
      'variablesIn',
      'waitForApproval',
    ]);
  });

  it('@baton/sdk/ai', async () => {
    expect(runtimeNames(await import('@baton/sdk/ai'))).toEqual([
      'HANDOFF_TOOL_DESCRIPTION',
      'batonApproval',
      'batonHandoffTool',
      'handoffToolInput',
      'readApproval',
      'resolveApprovalRequests',
    ]);
  });

  it('@baton/sdk/openai-agents', async () => {
    expect(runtimeNames(await import('@baton/sdk/openai-agents'))).toEqual([
      'batonApproval',
      'batonHandoffTool',
      'pendingActionOf',
      'readApproval',
      'resolveApprovals',
    ]);
  });

  it('@baton/sdk/testing', async () => {
    expect(runtimeNames(await import('@baton/sdk/testing'))).toEqual(['FakeBatonClient']);
  });
});

describe('retry rules', () => {
  it.each([
    [429, 'unsafe', true],
    [503, 'unsafe', false],
    [503, 'idempotent', true],
    [500, 'idempotent', true],
    [409, 'idempotent', false],
    [400, 'idempotent', false],
  ] as const)('status %i, %s → %s', (status, mode, expected) => {
    expect(isRetryableStatus(status, mode)).toBe(expected);
  });

  it('repeats an unsafe request only when the connection was refused', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    expect(isRetryableFailure(refused, 'unsafe')).toBe(true);
    expect(isRetryableFailure(reset, 'unsafe')).toBe(false);
    expect(isRetryableFailure(reset, 'idempotent')).toBe(true);
  });

  it('reads Retry-After as seconds or a date, and backs off exponentially with jitter', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    const settings = { retries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, settings, () => 0.999))).toEqual([
      99, 199, 399, 799, 999,
    ]);
    expect(backoffDelay(3, settings, () => 0)).toBe(0);
  });
});
