/**
 * A Server-Sent Events parser over a fetch body, by hand (no EventSource: it cannot send an
 * `Authorization` header, and Node 20 has none). Follows the WHATWG rules: lines end in CRLF, LF or
 * CR; `:` starts a comment; `data:` lines join with newlines; an empty line dispatches.
 * https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation
 */

/** One dispatched message. `id` is the last id seen so far in the stream, as the spec says. */
export interface SseMessage {
  id: string | undefined;
  event: string;
  data: string;
  /**
   * The reconnection time the server last asked for, in ms: per the SSE spec it holds for the rest
   * of the stream, even when the `retry:` line came in a message without data.
   */
  retry: number | undefined;
}

/**
 * Yields each message of an SSE byte stream until it ends. `onIdOnly` hears the id of a message that
 * sets an id but has no data (no event is dispatched, yet the last event id changes).
 */
export async function* parseSse(
  body: ReadableStream<Uint8Array>,
  onIdOnly?: (id: string) => void,
): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  let buffer = '';
  let lastId: string | undefined;
  let event = '';
  let data: string[] = [];
  let retry: number | undefined;
  let first = true;
  /** Whether the message being read has an `id:` line of its own. */
  let idInMessage = false;

  const reader = body.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      if (first && buffer.length > 0) {
        if (buffer.charCodeAt(0) === 0xfeff) buffer = buffer.slice(1);
        first = false;
      }
      for (;;) {
        const end = lineEnd(buffer, done);
        if (end === undefined) break;
        const line = buffer.slice(0, end.index);
        buffer = buffer.slice(end.index + end.length);
        if (line === '') {
          if (data.length > 0) yield { id: lastId, event: event || 'message', data: data.join('\n'), retry };
          else if (idInMessage && lastId !== undefined) onIdOnly?.(lastId);
          idInMessage = false;
          event = '';
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        let value = colon < 0 ? '' : line.slice(colon + 1);
        if (value.startsWith(' ')) value = value.slice(1);
        if (field === 'data') data.push(value);
        else if (field === 'event') event = value;
        else if (field === 'id' && !value.includes('\0')) {
          lastId = value;
          idInMessage = true;
        } else if (field === 'retry' && /^\d+$/.test(value)) retry = Number(value);
      }
      // A message cut off by the end of the stream is dropped, as the spec says.
      if (done) return;
    }
  } finally {
    // The consumer stopped early (or the stream failed): let go of the connection.
    void reader.cancel().catch(() => undefined);
  }
}

/** Where the first line ends in the buffer; a lone CR at the end waits for the next chunk (it may be CRLF). */
function lineEnd(buffer: string, done: boolean): { index: number; length: number } | undefined {
  for (let index = 0; index < buffer.length; index += 1) {
    const char = buffer[index];
    if (char === '\n') return { index, length: 1 };
    if (char === '\r') {
      if (index + 1 < buffer.length) return { index, length: buffer[index + 1] === '\n' ? 2 : 1 };
      return done ? { index, length: 1 } : undefined;
    }
  }
  return undefined;
}
