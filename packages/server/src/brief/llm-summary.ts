/**
 * The optional LLM summary of a brief: one call to an OpenAI-compatible chat-completions endpoint,
 * bounded by a timeout, with the extractive brief as the answer whenever anything goes wrong.
 *
 * PII: the caller passes turns whose text is already masked by the engine's rule set. Unmasked text
 * must never be sent out; the card guard here is a last line of defence, not the masking itself.
 */
import type { Turn } from '@baton/engine';
import { maskCardNumbers } from './card-guard.ts';
import { groundFacts, type BriefFact, type ExtractiveFact } from './ground-facts.ts';
import { parseChatAnswer } from './llm-answer.ts';
import { LLM_DEFAULTS, type LlmConfig } from './llm-config.ts';
import { buildLlmMessages } from './llm-prompt.ts';

export { llmConfigFromEnv, LlmConfigError, LLM_DEFAULTS, type LlmConfig } from './llm-config.ts';
export type { BriefFact, ExtractiveFact } from './ground-facts.ts';

/** The conversation (masked) and what the extractive brief made of it. */
export interface LlmSummaryInput {
  turns: Turn[];
  extractive: { ask: string; summary: string; facts: ExtractiveFact[] };
}

/** Why the extractive brief was used instead of the model's answer. */
export type LlmFallbackReason = 'timeout' | 'http_error' | 'malformed' | 'network' | 'refused';

/**
 * The model's ask, summary and grounded facts; or why the extractive brief stands. `refused` is the
 * model declining to answer (a `refusal` or a content filter); a refused connection is `network`.
 */
export type LlmSummaryResult =
  | {
      source: 'llm';
      ask: string;
      summary: string;
      /** The extractive facts, plus the model's facts that were found in the turns. */
      facts: BriefFact[];
      /** Facts the model stated that are in no turn it could have read them from. */
      droppedFacts: number;
      model: string;
      latencyMs: number;
    }
  | { source: 'extractive'; reason: LlmFallbackReason; detail: string; latencyMs: number };

export interface LlmSummaryOptions {
  /** The fetch to use; the global one by default. */
  fetch?: typeof fetch;
  /** Aborting it ends the call early, with the `timeout` fallback. */
  signal?: AbortSignal;
}

type Fallback = { source: 'extractive'; reason: LlmFallbackReason; detail: string };

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // undici hides the useful part ("ECONNREFUSED 127.0.0.1:9") in the cause of "fetch failed".
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message}: ${typeof code === 'string' ? `${code} ` : ''}${cause.message}`.trim();
  }
  return error.message;
}

async function requestSummary(
  input: LlmSummaryInput,
  config: LlmConfig,
  fetcher: typeof fetch,
  signal: AbortSignal,
): Promise<Fallback | Omit<Extract<LlmSummaryResult, { source: 'llm' }>, 'latencyMs'>> {
  const maxTurns = Math.max(1, config.maxTurns ?? LLM_DEFAULTS.maxTurns);
  // The model reads and the facts are checked against the same guarded text.
  const turns = input.turns.map((turn, index) => ({
    turn: index,
    role: turn.role,
    text: maskCardNumbers(turn.text),
  }));
  const sent = turns.slice(-maxTurns);
  const messages = buildLlmMessages(sent, turns.length - sent.length, input.extractive);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (config.apiKey !== undefined) headers['authorization'] = `Bearer ${config.apiKey}`;
  let status: number;
  let body: string;
  try {
    const response = await fetcher(`${config.url.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        model: config.model,
        messages,
        temperature: 0,
        response_format: { type: 'json_object' },
      }),
      signal,
    });
    status = response.status;
    body = await response.text();
  } catch (error) {
    if (signal.aborted)
      return { source: 'extractive', reason: 'timeout', detail: describeError(signal.reason) };
    return { source: 'extractive', reason: 'network', detail: describeError(error) };
  }
  if (status < 200 || status > 299) {
    return { source: 'extractive', reason: 'http_error', detail: `HTTP ${status}: ${body.slice(0, 200)}` };
  }
  const answer = parseChatAnswer(body);
  if (!answer.ok) return { source: 'extractive', reason: answer.reason, detail: answer.detail };
  const grounded = groundFacts(input.extractive.facts, answer.facts, turns);
  return {
    source: 'llm',
    ask: maskCardNumbers(answer.ask === '' ? input.extractive.ask : answer.ask),
    summary: maskCardNumbers(answer.summary),
    facts: grounded.facts,
    // A fact too malformed to check is as unfounded as one that is not in the turns.
    droppedFacts: grounded.dropped + answer.invalidFacts,
    model: answer.model ?? config.model,
  };
}

/**
 * Asks the configured model for the brief's ask, summary and facts; never throws and never takes
 * longer than the timeout: on any failure it returns the `extractive` variant with the reason.
 */
export async function summarizeWithLlm(
  input: LlmSummaryInput,
  config: LlmConfig,
  options: LlmSummaryOptions = {},
): Promise<LlmSummaryResult> {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  const timeoutMs = config.timeoutMs ?? LLM_DEFAULTS.timeoutMs;
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onCallerAbort: (() => void) | undefined;
  // Settles on the deadline even if a custom fetch ignores the abort signal, so the call cannot hang.
  const deadline = new Promise<Fallback>((resolve) => {
    const stop = (detail: string): void => {
      resolve({ source: 'extractive', reason: 'timeout', detail });
      controller.abort(new Error(detail));
    };
    timer = setTimeout(() => stop(`no complete answer within ${timeoutMs} ms`), timeoutMs);
    onCallerAbort = () => stop(`aborted by the caller: ${describeError(options.signal?.reason)}`);
    if (options.signal?.aborted) onCallerAbort();
    else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  });
  try {
    const result = await Promise.race([
      requestSummary(input, config, options.fetch ?? fetch, controller.signal),
      deadline,
    ]);
    return { ...result, latencyMs: elapsed() };
  } catch (error) {
    // Nothing above should throw; if something does, the extractive brief still stands.
    return {
      source: 'extractive',
      reason: 'malformed',
      detail: `unexpected error: ${describeError(error)}`,
      latencyMs: elapsed(),
    };
  } finally {
    clearTimeout(timer);
    if (onCallerAbort !== undefined) options.signal?.removeEventListener('abort', onCallerAbort);
  }
}
