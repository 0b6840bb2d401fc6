/**
 * The demo's storefront assistant: a small rule-based agent (no LLM) for the Northwind Store. It
 * looks up orders (a look-up of an order ending in 7 times out, so failures are easy to show),
 * refunds up to a limit by itself and asks for a person above it, and otherwise admits it is not
 * sure. Pure: it plans a reply; `demo-agent.ts` talks to Baton.
 */

export interface ToolCall {
  name: string;
  ok: boolean;
  error?: string;
  args?: Record<string, unknown>;
  result?: unknown;
}

/** What the assistant will say and do for one customer message. */
export interface ReplyPlan {
  text: string;
  intent: string;
  confidence: number;
  toolCalls: ToolCall[];
  amount?: number;
  /** Set when the assistant itself asks for a person (a refund above its limit). */
  handoff?: { reason: string; priority: 'normal' | 'high' };
}

/** What the assistant remembers of a conversation between messages. */
export interface StorefrontMemory {
  orderId?: string;
}

/** The assistant refunds up to this many dollars by itself. */
export const REFUND_LIMIT = 100;

interface Order {
  item: string;
  total: number;
  status: 'processing' | 'shipped' | 'delivered';
  carrier?: string;
  eta?: string;
}

/** The demo's orders; any other number is "not found", and numbers ending in 7 time out. */
export const ORDERS: Readonly<Record<string, Order>> = {
  '1042': { item: 'Trail running shoes', total: 129, status: 'shipped', carrier: 'DHL', eta: 'Thursday' },
  '1043': { item: 'Rain jacket', total: 89, status: 'delivered' },
  '1045': { item: 'Espresso grinder', total: 640, status: 'processing', eta: 'next Monday' },
  '1048': { item: 'Wool socks (3 pairs)', total: 24, status: 'shipped', carrier: 'UPS', eta: 'tomorrow' },
};

/** The example messages the demo page offers as one-click suggestions. */
export const SUGGESTIONS = [
  'Where is my order 1042?',
  'Can you check order 1047?',
  'I want a refund for order 1045',
  'I want to talk to a person',
] as const;

const ORDER_NUMBER = /\b(\d{4,6})\b/;
const AMOUNT = /(?:\$\s?(\d+(?:\.\d{1,2})?))|(?:\b(\d+(?:\.\d{1,2})?)\s?(?:dollars|usd)\b)/i;

function findAmount(text: string): number | undefined {
  const match = AMOUNT.exec(text);
  const value = match ? Number(match[1] ?? match[2]) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

/** Looks an order up the way a real tool would answer: found, not found, or a timeout. */
export function lookupOrder(orderId: string): ToolCall {
  if (orderId.endsWith('7')) {
    return { name: 'lookup_order', ok: false, args: { orderId }, error: 'order service timed out after 5 s' };
  }
  const order = ORDERS[orderId];
  return {
    name: 'lookup_order',
    ok: true,
    args: { orderId },
    result: order ? { found: true, ...order } : { found: false },
  };
}

function describeOrder(orderId: string, order: Order): string {
  if (order.status === 'delivered')
    return `Order ${orderId} (${order.item}) was delivered. Is something wrong with it?`;
  if (order.status === 'processing') {
    return `Order ${orderId} (${order.item}) is still being prepared; it should ship by ${order.eta ?? 'the end of the week'}.`;
  }
  return `Order ${orderId} (${order.item}) is on its way with ${order.carrier ?? 'the carrier'}; it should arrive ${order.eta ?? 'soon'}.`;
}

function planRefund(text: string, memory: StorefrontMemory): ReplyPlan {
  const orderId = ORDER_NUMBER.exec(text)?.[1] ?? memory.orderId;
  const order = orderId ? ORDERS[orderId] : undefined;
  const amount = findAmount(text) ?? order?.total;
  if (amount === undefined) {
    return {
      text: 'I can help with a refund. Which order is it (the number is in your confirmation email)?',
      intent: 'refund',
      confidence: 0.8,
      toolCalls: [],
    };
  }
  if (amount <= REFUND_LIMIT) {
    return {
      text: `Done: I've refunded $${amount}${orderId ? ` for order ${orderId}` : ''}. It shows on your card within 3–5 days.`,
      intent: 'refund',
      confidence: 0.9,
      amount,
      toolCalls: [
        {
          name: 'refund_order',
          ok: true,
          args: { orderId, amount },
          result: { refunded: amount, currency: 'USD' },
        },
      ],
    };
  }
  return {
    text: `A refund of $${amount} is above the $${REFUND_LIMIT} I can approve myself, so I'm asking a colleague to take over.`,
    intent: 'refund',
    confidence: 0.7,
    amount,
    toolCalls: [],
    handoff: {
      reason: `Refund of $${amount}${orderId ? ` for order ${orderId}` : ''} is above the assistant's $${REFUND_LIMIT} limit`,
      priority: 'normal',
    },
  };
}

/** Plans the assistant's answer to one customer message, updating what it remembers. */
export function planReply(text: string, memory: StorefrontMemory): ReplyPlan {
  const lower = text.toLowerCase();
  const orderId = ORDER_NUMBER.exec(text)?.[1];
  if (orderId) memory.orderId = orderId;

  if (/\b(refund|money back|reimburse)/.test(lower)) return planRefund(text, memory);

  if (orderId || /\b(order|package|parcel|delivery|track|shipping)\b/.test(lower)) {
    const id = orderId ?? memory.orderId;
    if (!id) {
      return {
        text: 'Sure, what is your order number?',
        intent: 'order_status',
        confidence: 0.8,
        toolCalls: [],
      };
    }
    const call = lookupOrder(id);
    if (!call.ok) {
      return {
        text: "Sorry, I couldn't reach our order system just now. Could you try again in a moment?",
        intent: 'order_status',
        confidence: 0.3,
        toolCalls: [call],
      };
    }
    const order = ORDERS[id];
    return {
      text: order
        ? describeOrder(id, order)
        : `I couldn't find an order ${id}. Could you check the number in your confirmation email?`,
      intent: 'order_status',
      confidence: order ? 0.92 : 0.6,
      toolCalls: [call],
    };
  }

  if (/^\s*(hi|hello|hey|good (morning|afternoon|evening))\b/.test(lower)) {
    return {
      text: `Hi! I'm the Northwind Store assistant. I can track your orders and refund up to $${REFUND_LIMIT}. What can I do for you?`,
      intent: 'greeting',
      confidence: 0.95,
      toolCalls: [],
    };
  }
  if (/\b(thanks|thank you|cheers)\b/.test(lower)) {
    return {
      text: "You're welcome! Anything else I can do?",
      intent: 'thanks',
      confidence: 0.95,
      toolCalls: [],
    };
  }
  return {
    text: `I'm not sure I can help with that. I can track an order or refund up to $${REFUND_LIMIT}.`,
    intent: 'unknown',
    confidence: 0.35,
    toolCalls: [],
  };
}
