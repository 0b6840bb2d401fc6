/**
 * The engine's `decide`, with a span around it while a trace records (the engine itself knows
 * nothing of telemetry). Outside a recorded trace it is the engine's function, called directly.
 */
import { trace } from '@opentelemetry/api';
import { decide as engineDecide } from '@baton/engine';

export const decide: typeof engineDecide = (state, turn, policy) => {
  if (!trace.getActiveSpan()?.isRecording()) return engineDecide(state, turn, policy);
  return trace.getTracer('baton').startActiveSpan('engine.decide', (span) => {
    try {
      const result = engineDecide(state, turn, policy);
      span.setAttribute('baton.decision.action', result.decision.action);
      span.setAttribute('baton.decision.firings', result.decision.firings.length);
      if (result.decision.trigger) span.setAttribute('baton.decision.trigger', result.decision.trigger);
      return result;
    } finally {
      span.end();
    }
  });
};
