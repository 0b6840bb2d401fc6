/**
 * Configuration files (YAML or JSON) that a person writes by hand: policies and queue
 * configurations. Parsed with positions kept, validated by the caller's schema, and every problem
 * mapped back to the file, line, column and field it came from, so an author can fix it at once.
 */
import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument } from 'yaml';

export interface ConfigFileError {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the field, e.g. `triggers[2].when.gte`; empty for a syntax error. */
  field: string;
  message: string;
}

/** What a schema says of a parsed value: accepted, or the issues with the path each sits at. */
export type Validation<T> =
  | { ok: true; value: T }
  | { ok: false; issues: readonly { path: readonly (string | number)[]; message: string }[] };

export type ConfigFileResult<T> =
  { ok: true; value: T; document: unknown } | { ok: false; errors: ConfigFileError[] };

/** `triggers[2].when.gte` for `['triggers', 2, 'when', 'gte']`. */
function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${key}` : key),
    '',
  );
}

/** Parses `text` (named `file` in the errors) and validates it with `validate`. */
export function parseConfigText<T>(
  text: string,
  file: string,
  validate: (document: unknown) => Validation<T>,
): ConfigFileResult<T> {
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
  const result = validate(value);
  if (result.ok) return { ok: true, value: result.value, document: value };
  return {
    ok: false,
    errors: result.issues.map((issue) => {
      // Point at the deepest node that exists on the issue's path (a missing field points at its parent).
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

/** Reads a file and parses it with `parse`; a missing or unreadable file is an error value too. */
export async function readConfigFile<R>(
  path: string,
  parse: (text: string, file: string) => R,
): Promise<R | { ok: false; errors: ConfigFileError[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    return { ok: false, errors: [{ file: path, line: 0, column: 0, field: '', message: reason }] };
  }
  return parse(text, path);
}
