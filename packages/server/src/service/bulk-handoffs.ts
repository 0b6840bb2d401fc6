/**
 * One move over several handoffs: each runs as its own write (its own transaction, events and
 * routing kick), so one that fails (claimed by someone else, already resolved) costs only itself,
 * and the answer names the result of each. With an idempotency key, each item gets a key derived
 * from it, so a retried batch replays every item that succeeded and retries only those that failed.
 * What is wrong with the batch itself (a transfer to a queue that does not exist) refuses it whole,
 * before any item runs.
 */
import { BatonError } from '../errors.ts';
import { checkQueue } from './context.ts';
import type { Handoff, HandoffOutcome, Principal, Service, WriteOptions } from './types.ts';

export type BulkInput =
  | { action: 'resolve'; handoffIds: string[]; outcome: HandoffOutcome }
  | { action: 'transfer'; handoffIds: string[]; queue: string; note?: string };

export interface BulkItemResult {
  handoffId: string;
  ok: boolean;
  handoff?: Handoff;
  error?: { code: string; status: number; detail: string };
}

export interface BulkResult {
  action: BulkInput['action'];
  succeeded: number;
  failed: number;
  results: BulkItemResult[];
}

/** Runs `input.action` on each handoff in order, through the service's own (masked, audited) moves. */
export async function bulkHandoffs(
  service: Pick<Service, 'resolve' | 'transfer'>,
  principal: Principal,
  input: BulkInput,
  options: WriteOptions = {},
  logError: (error: unknown) => void = () => {},
  queues?: readonly string[],
): Promise<BulkResult> {
  if (input.action === 'transfer' && queues) checkQueue({ queues }, input.queue);
  const results: BulkItemResult[] = [];
  for (const handoffId of input.handoffIds) {
    const itemOptions: WriteOptions = options.idempotencyKey
      ? { idempotencyKey: `bulk:${options.idempotencyKey}:${handoffId}` }
      : {};
    try {
      const handoff =
        input.action === 'resolve'
          ? await service.resolve(principal, handoffId, input.outcome, itemOptions)
          : await service.transfer(
              principal,
              handoffId,
              { queue: input.queue, ...(input.note !== undefined ? { note: input.note } : {}) },
              itemOptions,
            );
      results.push({ handoffId, ok: true, handoff });
    } catch (error) {
      if (error instanceof BatonError) {
        results.push({
          handoffId,
          ok: false,
          error: { code: error.code, status: error.status, detail: error.message },
        });
      } else {
        logError(error);
        results.push({
          handoffId,
          ok: false,
          error: {
            code: 'internal',
            status: 500,
            detail: 'Something broke on our side; try this one again.',
          },
        });
      }
    }
  }
  const succeeded = results.filter((result) => result.ok).length;
  return { action: input.action, succeeded, failed: results.length - succeeded, results };
}
