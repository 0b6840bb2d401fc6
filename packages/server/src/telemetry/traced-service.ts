/**
 * The service as telemetry sees it: a span per use case (`service.postTurn`, `service.claim`, ...)
 * nested under the request's span, and the decision and firing counters of every turn answered.
 * Streams and waits (long-lived by design) are left as they are.
 */
import { SpanStatusCode, type Tracer } from '@opentelemetry/api';
import { BatonError } from '../errors.ts';
import type { TurnResult } from '../service/types.ts';
import type { Instruments } from './instruments.ts';

/** Methods that hold a stream or wait: a span over them would measure the client's patience. */
const UNTRACED = new Set(['waitForEvents', 'openEventStream', 'watchKey', 'close']);

/** Counts a turn's decision and each trigger that fired on it. */
export function countDecision(instruments: Instruments, result: TurnResult): void {
  const { decision } = result;
  instruments.decisions.add(1, { action: decision.action, trigger: decision.trigger ?? 'none' });
  for (const firing of decision.firings) {
    instruments.firings.add(1, {
      trigger: firing.trigger,
      action: firing.action,
      shadow: firing.shadow ? 'true' : 'false',
    });
  }
}

/** Wraps every use case of `service` in a span (when traced) and counts decisions (when measured). */
export function traceService<S extends object>(
  service: S,
  options: { tracer: Tracer | null; instruments: Instruments | null },
): S {
  const { tracer, instruments } = options;
  const traced: Record<string, unknown> = { ...(service as Record<string, unknown>) };
  for (const [name, value] of Object.entries(service)) {
    if (typeof value !== 'function' || UNTRACED.has(name)) continue;
    const method = value as (...args: unknown[]) => unknown;
    const counting = name === 'postTurn' && instruments;
    const call = counting
      ? async (...args: unknown[]) => {
          const result = (await method.apply(service, args)) as TurnResult;
          countDecision(instruments, result);
          return result;
        }
      : (...args: unknown[]) => method.apply(service, args);
    if (!tracer) {
      if (counting) traced[name] = call;
      continue;
    }
    traced[name] = (...args: unknown[]) =>
      tracer.startActiveSpan(`service.${name}`, async (span) => {
        try {
          const result = await call(...args);
          if (name === 'postTurn') {
            const decision = (result as TurnResult).decision;
            span.setAttribute('baton.decision.action', decision.action);
            if (decision.trigger) span.setAttribute('baton.decision.trigger', decision.trigger);
          }
          return result;
        } catch (error) {
          // A client's mistake is the client's; only unexpected failures mark the span an error.
          if (!(error instanceof BatonError) || error.code === 'internal') {
            span.recordException(error as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
          } else {
            span.setAttribute('baton.error.code', error.code);
          }
          throw error;
        } finally {
          span.end();
        }
      });
  }
  return traced as S;
}
