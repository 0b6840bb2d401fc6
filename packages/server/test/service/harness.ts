/**
 * Builds a service over a test database with a clock the test moves, and principals from real keys
 * (created and authenticated through the service, as the API does).
 */
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { BatonError, type ErrorCode } from '../../src/errors.ts';
import { createService, type BatonService, type ServiceOptions } from '../../src/service/create-service.ts';
import type { Principal, Scope, TurnInput } from '../../src/service/types.ts';
import type { Database } from '../../src/storage/database.ts';

export interface TestClock {
  now: () => Date;
  /** Moves the clock forward. */
  advance(ms: number): void;
}

/** A clock starting at a fixed time that only moves when told. */
export function testClock(start = '2026-03-02T09:00:00.000Z'): TestClock {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance(ms) {
      current += ms;
    },
  };
}

/** A unique id for this test's rows (tests share one database per file and back end). */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export async function makeService(
  database: Database,
  options: Partial<ServiceOptions> = {},
): Promise<{ service: BatonService; clock: TestClock }> {
  const clock = testClock();
  const service = await createService({
    database,
    now: clock.now,
    queues: ['general', 'billing'],
    ...options,
  });
  return { service, clock };
}

/** A principal for a new key of `scope` (through createKey and authenticate). */
export async function principal(
  service: BatonService,
  scope: Scope,
  name = uniqueId(scope),
): Promise<Principal> {
  const { key } = await service.createKey({ scope, name });
  const resolved = await service.authenticate(key);
  if (!resolved) throw new Error('a key just created did not authenticate');
  return resolved;
}

/** Asserts that `promise` rejects with a BatonError of `code`; returns it for more checks. */
export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<BatonError> {
  const error = await promise.then(
    () => {
      throw new Error(`expected ${code}, but it succeeded`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BatonError);
  expect((error as BatonError).code).toBe(code);
  return error as BatonError;
}

/** A customer asking for a person (text only; the engine is not asked while an operator owns it). */
export const ASKS_FOR_PERSON = 'I want to talk to a human, please.';

/**
 * A turn that makes the default policy hand off without relying on text detection: the agent calls
 * its ask-for-a-person tool (trigger `agent-asks-for-person`).
 */
export const HANDOFF_TURN: TurnInput = {
  role: 'agent',
  text: 'Let me get a colleague for you.',
  toolCalls: [{ name: 'request_human', ok: true }],
};
