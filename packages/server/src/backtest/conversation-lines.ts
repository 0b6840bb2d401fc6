/** Reads recorded conversations from JSON lines, reporting bad lines instead of stopping. */
import { parseReplayLine, type ReplayConversation } from '../replay/replay-format.ts';

export type ConversationLine =
  | { kind: 'conversation'; line: number; conversation: ReplayConversation }
  | { kind: 'error'; line: number; message: string };

/** Parses each non-blank line; a malformed one is an error value with its line number. */
export async function* readConversations(lines: AsyncIterable<string>): AsyncGenerator<ConversationLine> {
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    const parsed = parseReplayLine(text);
    yield parsed.ok
      ? { kind: 'conversation', line, conversation: parsed.conversation }
      : { kind: 'error', line, message: parsed.message };
  }
}

/** Opens the same input again for each pass: calibration and discovery read their file twice. */
export type LineSource = () => Promise<AsyncIterable<string>>;
