/**
 * The demo's agent, wired to Baton through the sdk's `BatonClient` exactly as a real agent is:
 * every customer message and every answer is a turn, the decision says whether to speak, a handoff
 * is announced with Baton's own words for the customer, and while an operator owns the
 * conversation the agent stays quiet. After a return it picks up with the operator's note.
 */
import type { BatonClient, Handoff } from '@baton/sdk';
import { planReply, type StorefrontMemory } from './storefront.ts';

/** The customers the demo plays, one per conversation (a real agent sends what it knows of its customer). */
const DEMO_NAMES = [
  'Sam Rivera',
  'Amina Yusuf',
  'Lukas Becker',
  'Mei Chen',
  'Diego Alvarez',
  'Priya Raman',
  'Noah Williams',
  'Fatima Haddad',
  'Kofi Mensah',
  'Sofia Rossi',
  'Yuki Tanaka',
  'Olivia Martin',
] as const;

/** The customer of a demo conversation: the same name for the same conversation, varied across them. */
export function demoCustomer(conversationId: string): {
  name: string;
  email: string;
  tier: string;
  language: string;
} {
  let hash = 0;
  for (const char of conversationId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  const name = DEMO_NAMES[hash % DEMO_NAMES.length]!;
  return {
    name,
    email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@example.com`,
    tier: hash % 5 === 0 ? 'gold' : 'standard',
    language: 'en',
  };
}

/** Conversations remembered at most (the oldest is forgotten first): the demo must not grow forever. */
const MAX_MEMORIES = 1_000;

/** What the customer's chat shows of a conversation. */
export interface DemoMessage {
  id: string;
  role: 'customer' | 'agent' | 'operator' | 'system';
  author: string | null;
  text: string;
  at: string;
}

export interface DemoConversation {
  status: 'new' | 'active' | 'waiting' | 'with_operator' | 'closed';
  /** The person handling it now, when one is. */
  operator: string | null;
  /** The open handoff waiting for a person, if any (for "leave a callback" and "leave"). */
  waitingHandoffId: string | null;
  messages: DemoMessage[];
}

export class DemoAgent {
  readonly #memories = new Map<string, StorefrontMemory>();

  constructor(private readonly baton: () => Promise<BatonClient>) {}

  #memory(conversationId: string): StorefrontMemory {
    let memory = this.#memories.get(conversationId);
    if (!memory) {
      memory = {};
      this.#memories.set(conversationId, memory);
      if (this.#memories.size > MAX_MEMORIES) this.#memories.delete(this.#memories.keys().next().value!);
    }
    return memory;
  }

  /** One customer message: report it, then answer only when Baton says the agent may. */
  async handleCustomerMessage(conversationId: string, text: string): Promise<void> {
    const baton = await this.baton();
    const said = await baton.postTurn(conversationId, {
      role: 'customer',
      text,
      customer: demoCustomer(conversationId),
    });
    // An operator owns the conversation: the turn reaches them; the agent says nothing.
    if (!said.agentShouldReply) return;
    const say = (answer: Parameters<BatonClient['postTurn']>[1]) => baton.postTurn(conversationId, answer);

    // Baton handed off (or a handoff is still waiting): its sentence for the customer is honest about
    // what happens next, so the agent says exactly that and nothing else.
    if (said.customerMessage && (said.decision.action === 'handoff' || isWaiting(said.handoff))) {
      await say({ role: 'agent', text: said.customerMessage, intent: 'handoff_notice', confidence: 1 });
      return;
    }

    const plan = planReply(text, this.#memory(conversationId));
    const welcomeBack = said.returnNote
      ? "Thanks for your patience. I'm back with you and I have my colleague's notes, so no need to repeat anything. "
      : '';
    // Baton suggests offering a person: the agent still answers, and offers (unless it asks for one itself).
    const offer = said.decision.action !== 'continue' && !plan.handoff ? said.customerMessage : null;
    // The customer declined an offer: the policy's reply to that comes first.
    const declined =
      said.decision.action === 'continue' && said.customerMessage ? `${said.customerMessage} ` : '';
    const answered = await say({
      role: 'agent',
      text: welcomeBack + declined + plan.text + (offer ? ` ${offer}` : ''),
      intent: plan.intent,
      confidence: plan.confidence,
      ...(plan.toolCalls.length > 0 ? { toolCalls: plan.toolCalls } : {}),
      ...(plan.amount !== undefined ? { amount: { value: plan.amount, currency: 'USD' } } : {}),
    });
    if (answered.decision.action === 'handoff' && answered.customerMessage) {
      // The agent's own answer tripped a trigger (a second failed look-up, a large amount).
      await say({ role: 'agent', text: answered.customerMessage, intent: 'handoff_notice', confidence: 1 });
    } else if (plan.handoff && !answered.handoff) {
      // The agent asks for a person itself (a refund above its limit), as a real agent's tool would.
      const requested = await baton.requestHandoff(conversationId, plan.handoff);
      await say({ role: 'agent', text: requested.customerMessage, intent: 'handoff_notice', confidence: 1 });
    } else if (answered.customerMessage && answered.decision.action !== 'continue') {
      await say({ role: 'agent', text: answered.customerMessage, intent: 'offer', confidence: 1 });
    }
  }

  /** The conversation as the customer sees it (no internal notes, no tool details). */
  async read(conversationId: string): Promise<DemoConversation> {
    const baton = await this.baton();
    let view;
    try {
      view = await baton.getConversation(conversationId);
    } catch (error) {
      if ((error as { code?: string }).code === 'conversation_not_found') {
        return { status: 'new', operator: null, waitingHandoffId: null, messages: [] };
      }
      throw error;
    }
    const open = view.handoffs.find((handoff) => handoff.status === 'queued' || handoff.status === 'claimed');
    return {
      status: view.status,
      operator: open?.status === 'claimed' ? open.claimedBy : null,
      waitingHandoffId: open?.status === 'queued' ? open.id : null,
      messages: view.turns.map((turn) => ({
        id: turn.id,
        role: turn.role,
        author: turn.role === 'operator' ? turn.author : null,
        text: turn.text,
        at: turn.at,
      })),
    };
  }

  /** The customer leaves while waiting: the handoff is recorded as abandoned. */
  async leave(conversationId: string): Promise<void> {
    const { waitingHandoffId } = await this.read(conversationId);
    if (waitingHandoffId)
      await (await this.baton()).abandon(waitingHandoffId, { reason: 'The customer left the chat.' });
  }

  /** Nobody came in time: the customer leaves a number or a message instead. */
  async leaveCallback(
    conversationId: string,
    callback: { phone?: string; message?: string },
  ): Promise<boolean> {
    const { waitingHandoffId } = await this.read(conversationId);
    if (!waitingHandoffId) return false;
    await (await this.baton()).leaveCallback(waitingHandoffId, callback);
    return true;
  }
}

function isWaiting(handoff: Handoff | null): boolean {
  return handoff?.status === 'queued';
}
