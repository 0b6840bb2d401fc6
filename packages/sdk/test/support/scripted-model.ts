/** The AI SDK's own mock model (`ai/test`), answering from a script: text, or a tool call. */
import type { LanguageModelV3GenerateResult } from '@ai-sdk/provider';
import { MockLanguageModelV3 } from 'ai/test';

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: 5, text: 5, reasoning: undefined },
};

/** A model answer with text. */
export function textAnswer(text: string): LanguageModelV3GenerateResult {
  return {
    content: [{ type: 'text', text }],
    finishReason: { unified: 'stop', raw: 'stop' },
    usage,
    warnings: [],
  };
}

/** A model answer that calls a tool. */
export function toolCallAnswer(
  toolName: string,
  input: unknown,
  toolCallId = 'call-1',
): LanguageModelV3GenerateResult {
  return {
    content: [{ type: 'tool-call', toolCallId, toolName, input: JSON.stringify(input) }],
    finishReason: { unified: 'tool-calls', raw: 'tool_calls' },
    usage,
    warnings: [],
  };
}

/** A mock model that gives the scripted answers in order and fails when the script runs out. */
export function scriptedModel(): MockLanguageModelV3 & { script: LanguageModelV3GenerateResult[] } {
  const script: LanguageModelV3GenerateResult[] = [];
  const model = new MockLanguageModelV3({
    doGenerate: async () => {
      const next = script.shift();
      if (!next) throw new Error('the scripted model was called more often than scripted');
      return next;
    },
  });
  return Object.assign(model, { script });
}

/** The system prompt of one recorded model call. */
export function systemPromptOf(model: MockLanguageModelV3, call: number): string {
  const prompt = model.doGenerateCalls[call]?.prompt ?? [];
  return prompt
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n');
}
