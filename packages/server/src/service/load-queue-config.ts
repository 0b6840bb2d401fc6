/**
 * Reads a queue configuration file (YAML or JSON) and validates it, mapping every issue back to the
 * file, line, column and field it came from, as policy files are (policy/load-policy.ts).
 */
import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { PolicyFileError } from '../policy/load-policy.ts';
import { validateQueueConfig, type QueueConfigDocument } from './queue-config.ts';

export type QueueConfigLoadResult =
  { ok: true; config: QueueConfigDocument; document: unknown } | { ok: false; errors: PolicyFileError[] };

function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${key}` : key),
    '',
  );
}

/** Parses and validates queue configuration text; `file` names it in the errors. */
export function parseQueueConfigText(
  text: string,
  file: string,
  queues: readonly string[],
): QueueConfigLoadResult {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    return {
      ok: false,
      errors: document.errors.map((error) => {
        const position = lineCounter.linePos(error.pos[0]);
        return {
          file,
          line: position.line,
          column: position.col,
          field: '',
          message: error.message.split('\n')[0]!,
        };
      }),
    };
  }
  const value: unknown = document.toJS();
  const result = validateQueueConfig(value, queues);
  if (result.ok) return { ok: true, config: result.config, document: value };
  return {
    ok: false,
    errors: result.issues.map((issue) => {
      // The deepest node that exists on the issue's path (a missing field points at its parent).
      let offset = 0;
      for (let depth = issue.path.length; depth >= 0; depth--) {
        const node = document.getIn(issue.path.slice(0, depth), true);
        if (isNode(node) && node.range) {
          offset = node.range[0];
          break;
        }
      }
      const position = lineCounter.linePos(offset);
      return {
        file,
        line: position.line,
        column: position.col,
        field: fieldName(issue.path),
        message: issue.message,
      };
    }),
  };
}

/** Reads and validates a queue configuration file; a missing file is an error value too. */
export async function loadQueueConfigFile(
  path: string,
  queues: readonly string[],
): Promise<QueueConfigLoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    return { ok: false, errors: [{ file: path, line: 0, column: 0, field: '', message: reason }] };
  }
  return parseQueueConfigText(text, path, queues);
}
