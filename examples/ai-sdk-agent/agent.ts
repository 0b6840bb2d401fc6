/**
 * A minimal support agent with the Vercel AI SDK and Baton. Each customer message goes to Baton
 * first: while a person owns the conversation the agent stays quiet; when Baton decides to hand
 * off, the customer hears Baton's message. Otherwise the model answers, with a `request_person`
 * tool to ask for a person itself, and its draft goes to Baton before the customer sees it.
 */
import { generateText, stepCountIs, type LanguageModel, type ModelMessage } from 'ai';
import type { BatonClient } from '@baton/sdk';
import { batonHandoffTool, type HandoffToolResult } from '@baton/sdk/ai';

/** What the agent needs of Baton: the real client, or `FakeBatonClient` from `@baton/sdk/testing`. */
export type BatonForAgent = Pick<BatonClient, 'observe' | 'requestHandoff'>;

export interface SupportAgentOptions {
  baton: BatonForAgent;
  model: LanguageModel;
  instructions?: string;
}

/** The agent's answer to one customer message: what to send, and why. */
export interface AgentReply {
  /** The text for the customer, or null to send nothing (an operator is talking). */
  text: string | null;
  by: 'model' | 'baton' | 'nobody';
}

const INSTRUCTIONS =
  'You are the support assistant of an online shop. Answer briefly. If the customer needs something ' +
  'you cannot do, call request_person with the reason.';

/** Builds the agent; it keeps each conversation's history in memory. */
export function createSupportAgent(options: SupportAgentOptions) {
  const histories = new Map<string, ModelMessage[]>();

  return {
    /** Handles one customer message and returns what to send back. */
    async handle(conversationId: string, customerText: string): Promise<AgentReply> {
      const history = histories.get(conversationId) ?? [];
      histories.set(conversationId, history);
      history.push({ role: 'user', content: customerText });

      const observer = options.baton.observe(conversationId);
      const seen = await observer.customer(customerText);
      if (!seen.shouldReply) return seen.say ? { text: seen.say, by: 'baton' } : { text: null, by: 'nobody' };

      // After an operator hands the conversation back, their note tells the model what happened.
      const system = seen.returnNote
        ? `${options.instructions ?? INSTRUCTIONS}\nA colleague just handed this conversation back to you with this note: ${seen.returnNote}`
        : (options.instructions ?? INSTRUCTIONS);
      const result = await generateText({
        model: options.model,
        system,
        messages: history,
        tools: { request_person: batonHandoffTool(options.baton, conversationId) },
        stopWhen: stepCountIs(3),
      });
      history.push(...result.response.messages);

      const handoff = result.steps
        .flatMap((step) => step.toolResults)
        .find((toolResult) => toolResult.toolName === 'request_person');
      if (handoff) return { text: (handoff.output as HandoffToolResult).customerMessage, by: 'baton' };

      const drafted = await observer.agent(result.text);
      if (drafted.shouldReply) return { text: result.text, by: 'model' };
      return { text: drafted.say, by: drafted.say ? 'baton' : 'nobody' };
    },
  };
}
