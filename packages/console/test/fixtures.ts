/** Small builders for the console's unit tests: a handoff and an event with sensible defaults. */
import type { BatonEvent, Handoff } from '@baton/sdk';

export function handoff(overrides: Partial<Handoff> = {}): Handoff {
  return {
    id: 'ho_1',
    conversationId: 'conv-1',
    status: 'queued',
    priority: 'normal',
    queue: 'general',
    trigger: 'customer-asks-for-person',
    reason: 'The customer asked for a person.',
    signal: 'human_request',
    firings: [],
    requestedAt: '2026-11-25T10:00:00.000Z',
    claimedAt: null,
    claimedBy: null,
    endedAt: null,
    outcome: null,
    callback: null,
    brief: null,
    policyVersion: 'default-1',
    ...overrides,
  };
}

let nextId = 1;
export function event(
  type: BatonEvent['type'],
  handoffId: string | null,
  data: Record<string, unknown> = {},
): BatonEvent {
  return {
    id: String(nextId++),
    type,
    conversationId: 'conv-1',
    handoffId,
    queue: 'general',
    at: '2026-11-25T10:00:00.000Z',
    data,
  };
}
