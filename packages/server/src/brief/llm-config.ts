/**
 * Configuration of the optional LLM summary: an OpenAI-compatible chat-completions endpoint. Read
 * once by the composition root from the environment and passed in; nothing else reads `process.env`.
 */

/** Where and how to ask an OpenAI-compatible endpoint for a brief's summary. */
export interface LlmConfig {
  /** Base URL of an OpenAI-compatible API, e.g. `http://127.0.0.1:8080/v1` (no trailing slash needed). */
  url: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  apiKey?: string;
  model: string;
  /** How long the whole call may take before the extractive brief is used instead. Default 4000. */
  timeoutMs?: number;
  /** Only the last N turns are sent. Default 40. */
  maxTurns?: number;
}

/** The defaults of the optional fields, in one place. */
export const LLM_DEFAULTS = { timeoutMs: 4000, maxTurns: 40 } satisfies Required<
  Pick<LlmConfig, 'timeoutMs' | 'maxTurns'>
>;

/** A malformed LLM setting in the environment; the message names the variable and the value. */
export class LlmConfigError extends Error {
  override name = 'LlmConfigError';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function parseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new LlmConfigError(
      `BATON_LLM_URL must be an http(s) URL such as http://127.0.0.1:8080/v1, not "${value}".`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LlmConfigError(`BATON_LLM_URL must use http or https, not "${url.protocol}" (in "${value}").`);
  }
  if (url.search !== '' || url.hash !== '') {
    // `/chat/completions` is appended to the path, so a query or fragment would end up in the wrong place.
    throw new LlmConfigError(`BATON_LLM_URL must be a base URL without a query or fragment, not "${value}".`);
  }
  return value.replace(/\/+$/, '');
}

function parsePositiveInteger(name: string, value: string, max: number): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number < 1 || number > max) {
    throw new LlmConfigError(`${name} must be a whole number from 1 to ${max}, not "${value}".`);
  }
  return number;
}

/**
 * Reads `BATON_LLM_URL`, `BATON_LLM_API_KEY`, `BATON_LLM_MODEL`, `BATON_LLM_TIMEOUT_MS` and
 * `BATON_LLM_MAX_TURNS`; null when the URL or the model is missing (the LLM is optional), and an
 * `LlmConfigError` naming the variable when a value is malformed.
 */
export function llmConfigFromEnv(env: Record<string, string | undefined>): LlmConfig | null {
  const url = nonEmpty(env['BATON_LLM_URL']);
  const model = nonEmpty(env['BATON_LLM_MODEL']);
  if (url === undefined || model === undefined) return null;
  const apiKey = nonEmpty(env['BATON_LLM_API_KEY']);
  const timeout = nonEmpty(env['BATON_LLM_TIMEOUT_MS']);
  const maxTurns = nonEmpty(env['BATON_LLM_MAX_TURNS']);
  return {
    url: parseUrl(url),
    model,
    ...(apiKey === undefined ? {} : { apiKey }),
    timeoutMs:
      timeout === undefined
        ? LLM_DEFAULTS.timeoutMs
        : parsePositiveInteger('BATON_LLM_TIMEOUT_MS', timeout, 600_000),
    maxTurns:
      maxTurns === undefined
        ? LLM_DEFAULTS.maxTurns
        : parsePositiveInteger('BATON_LLM_MAX_TURNS', maxTurns, 10_000),
  };
}
