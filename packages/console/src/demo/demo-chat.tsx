/**
 * The customer's side of the demo: a storefront chat. The assistant is the built-in demo agent;
 * when Baton hands the conversation to a person, their replies appear here in the same thread.
 * New messages arrive by polling the storefront's backend once a second (a chat widget's usual way;
 * the operator console, by contrast, is pushed events). Status changes (queued, position, a person
 * joined or left, back with the assistant) come from Baton's customer stream, read with a
 * short-lived token the storefront's agent mints for this conversation.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  demoApi,
  newConversationId,
  postTyping,
  type CustomerStatus,
  type DemoConversation,
  type DemoMessage,
} from './demo-api.ts';

const STORAGE_KEY = 'baton.demo.conversation';
const POLL_MS = 1000;
/** The customer's typing indicator is sent again at most this often, and ends after this pause. */
const TYPING_RESEND_MS = 3_000;
const TYPING_IDLE_MS = 4_000;

function conversationIdForTab(): string {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (stored) return stored;
  const created = newConversationId();
  sessionStorage.setItem(STORAGE_KEY, created);
  return created;
}

function speaker(message: DemoMessage): string {
  if (message.role === 'customer') return 'You';
  if (message.role === 'operator') return `${message.author ?? 'A person'} (a person from our team)`;
  if (message.role === 'agent') return 'Store assistant (AI)';
  return 'Notice';
}

function Banner({ conversation }: { conversation: DemoConversation }) {
  if (conversation.status === 'with_operator' && conversation.operator) {
    return (
      <p className="banner person">You're chatting with {conversation.operator}, a person from our team.</p>
    );
  }
  if (conversation.status === 'waiting')
    return <p className="banner waiting">Waiting for a person to join…</p>;
  return null;
}

export function DemoChat() {
  const [conversationId, setConversationId] = useState(conversationIdForTab);
  const [conversation, setConversation] = useState<DemoConversation | null>(null);
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [callbackOpen, setCallbackOpen] = useState(false);
  const [phone, setPhone] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const end = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<CustomerStatus | null>(null);
  // "Ana is typing…" from the operator (ephemeral: it ends by itself), and the customer's own indicator.
  const [operatorTyping, setOperatorTyping] = useState<string | null>(null);
  const eventsUrl = useRef<string | null>(null);
  const typingSent = useRef(0);
  const typingIdle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const stopTyping = () => {
    clearTimeout(typingIdle.current);
    if (typingSent.current === 0 || !eventsUrl.current) return;
    typingSent.current = 0;
    void postTyping(eventsUrl.current, false);
  };
  const typed = () => {
    if (!eventsUrl.current) return;
    if (Date.now() - typingSent.current >= TYPING_RESEND_MS) {
      typingSent.current = Date.now();
      void postTyping(eventsUrl.current, true);
    }
    clearTimeout(typingIdle.current);
    typingIdle.current = setTimeout(stopTyping, TYPING_IDLE_MS);
  };
  const started = conversation !== null && conversation.status !== 'new';

  useEffect(() => {
    if (!started) return;
    let source: EventSource | null = null;
    let active = true;
    let typingEnds: ReturnType<typeof setTimeout> | undefined;
    demoApi.statusStream(conversationId).then(
      (stream) => {
        if (!active) return;
        eventsUrl.current = stream.eventsUrl;
        source = new EventSource(stream.eventsUrl);
        source.onmessage = (event: MessageEvent<string>) => {
          const parsed = JSON.parse(event.data) as CustomerStatus;
          if (parsed.type === 'operator-typing') {
            clearTimeout(typingEnds);
            const typing = parsed.data?.typing === true;
            setOperatorTyping(typing ? parsed.message : null);
            if (typing)
              typingEnds = setTimeout(() => setOperatorTyping(null), parsed.data?.expiresInMs ?? 6_000);
            return;
          }
          setStatus({ type: parsed.type, message: parsed.message });
        };
      },
      () => undefined,
    );
    return () => {
      active = false;
      clearTimeout(typingEnds);
      eventsUrl.current = null;
      source?.close();
    };
  }, [conversationId, started]);

  useEffect(() => {
    demoApi.suggestions().then(
      (result) => setSuggestions(result.suggestions),
      () => undefined,
    );
  }, []);

  useEffect(() => {
    let active = true;
    const poll = () =>
      demoApi.read(conversationId).then(
        (next) => active && setConversation(next),
        () => undefined,
      );
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      active = false;
      clearInterval(timer);
    };
  }, [conversationId]);

  const count = conversation?.messages.length ?? 0;
  // Braces matter: newer browsers return a promise from scrollIntoView, and an effect may only return a cleanup.
  useEffect(() => {
    void end.current?.scrollIntoView({ block: 'end' });
  }, [count]);

  async function send(message: string, event?: FormEvent) {
    event?.preventDefault();
    if (message.trim() === '' || busy) return;
    setBusy(true);
    setError(null);
    setText('');
    stopTyping();
    // Shown at once; the next read replaces it with the stored turn.
    setConversation((current) => ({
      status: current?.status ?? 'active',
      operator: current?.operator ?? null,
      waitingHandoffId: current?.waitingHandoffId ?? null,
      messages: [
        ...(current?.messages ?? []),
        { id: 'pending', role: 'customer', author: null, text: message, at: new Date().toISOString() },
      ],
    }));
    try {
      setConversation(await demoApi.send(conversationId, message.trim()));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  async function leave() {
    await demoApi.leave(conversationId).catch(() => undefined);
    startOver();
    setNotice('You left the chat. The person who would have joined sees that you left.');
  }

  function startOver() {
    const created = newConversationId();
    sessionStorage.setItem(STORAGE_KEY, created);
    setConversationId(created);
    setConversation(null);
    setCallbackOpen(false);
    setNotice(null);
  }

  async function leaveCallback(event: FormEvent) {
    event.preventDefault();
    try {
      await demoApi.callback(conversationId, {
        phone,
        message: 'Please call me back about this conversation.',
      });
      setCallbackOpen(false);
      setNotice(`Thanks. We'll call you back on ${phone}, and you won't need to repeat anything.`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  const waiting = conversation?.status === 'waiting' && conversation.waitingHandoffId;
  return (
    <div className="demo">
      <header className="demo-head">
        <div>
          <h1>Northwind Store</h1>
          <p className="tagline">Customer chat: a demo of Baton</p>
        </div>
        <a href="/" target="_blank" rel="noopener" className="console-link">
          Open the operator console ↗
        </a>
      </header>
      <aside className="demo-help" aria-label="How to try it">
        <p>
          Chat with the store's AI assistant. Ask for a person, have a look-up fail twice (orders ending in 7
          time out), or ask for a refund above $100: Baton hands the conversation over. Open the{' '}
          <a href="/">operator console</a> in a second window to claim it and reply; your answer arrives here.
        </p>
      </aside>
      <main className="chat" aria-label="Chat">
        {conversation ? <Banner conversation={conversation} /> : null}
        <ol className="messages" aria-live="polite" aria-label="Messages">
          {conversation?.messages.length === 0 ? (
            <li className="message role-agent">
              <span className="speaker">Store assistant (AI)</span>
              <p>Hi! I can track your orders and refund up to $100. How can I help?</p>
            </li>
          ) : null}
          {conversation?.messages.map((message) => (
            <li key={message.id} className={`message role-${message.role}`} data-role={message.role}>
              <span className="speaker">{speaker(message)}</span>
              <p>{message.text}</p>
            </li>
          ))}
        </ol>
        <div ref={end} />
        {operatorTyping ? (
          <p className="typing-indicator" role="status" data-testid="operator-typing">
            {operatorTyping}
          </p>
        ) : null}
        {status ? (
          <p className="customer-status" data-customer-event={status.type} aria-live="polite">
            {status.message}
          </p>
        ) : null}
        {notice ? (
          <p role="status" className="notice">
            {notice}
          </p>
        ) : null}
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        {waiting ? (
          <div className="waiting-actions">
            <button
              type="button"
              onClick={() => setCallbackOpen((open) => !open)}
              aria-expanded={callbackOpen}
            >
              Leave a number for a callback instead
            </button>
            <button type="button" onClick={() => void leave()}>
              Leave the chat
            </button>
          </div>
        ) : null}
        {callbackOpen ? (
          <form className="callback" onSubmit={leaveCallback}>
            <label htmlFor="callback-phone">Your phone number</label>
            <input
              id="callback-phone"
              type="tel"
              autoComplete="tel"
              required
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
            />
            <button type="submit">Call me back</button>
          </form>
        ) : null}
        <div className="suggestions" role="group" aria-label="Try saying">
          {suggestions.map((suggestion) => (
            <button type="button" key={suggestion} onClick={() => void send(suggestion)} disabled={busy}>
              {suggestion}
            </button>
          ))}
        </div>
        <form className="send" onSubmit={(event) => void send(text, event)}>
          <label htmlFor="chat-input" className="visually-hidden">
            Your message
          </label>
          <input
            id="chat-input"
            value={text}
            placeholder="Type a message…"
            autoComplete="off"
            maxLength={2000}
            onChange={(event) => {
              setText(event.target.value);
              typed();
            }}
            onBlur={stopTyping}
          />
          <button type="submit" className="primary" disabled={busy || text.trim() === ''}>
            Send
          </button>
        </form>
        <button type="button" className="link" onClick={startOver}>
          Start a new conversation
        </button>
      </main>
    </div>
  );
}
