/**
 * Reads a policy file (YAML or JSON) and validates it with the engine's schema, mapping every
 * issue back to the file, line, column and field it came from, so an author can fix it at once.
 */
import { readFile } from 'node:fs/promises';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { validatePolicy, type Policy, type PolicyNameOptions } from '@baton/engine';

export interface PolicyFileError {
  file: string;
  line: number;
  column: number;
  /** Dotted path of the field, e.g. `triggers[2].when.gte`; empty for a syntax error. */
  field: string;
  message: string;
}

export type PolicyLoadResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyFileError[] };

function fieldName(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${key}` : key),
    '',
  );
}

/**
 * Parses and validates policy text; `file` names it in the errors. With `options.queues`, a queue
 * the policy names must be one of them.
 */
export function parsePolicyText(
  text: string,
  file: string,
  options: PolicyNameOptions = {},
): PolicyLoadResult {
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
  const result = validatePolicy(document.toJS(), options);
  if (result.ok) return result;
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

/** Reads and validates a policy file. A missing or unreadable file is an error value too. */
export async function loadPolicyFile(
  path: string,
  options: PolicyNameOptions = {},
): Promise<PolicyLoadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String(error);
    return { ok: false, errors: [{ file: path, line: 0, column: 0, field: '', message: reason }] };
  }
  return parsePolicyText(text, path, options);
}

/** One line per error, `file:line:column field: message`, the way compilers print them. */
export function formatPolicyErrors(errors: readonly PolicyFileError[]): string {
  return errors
    .map(
      (error) =>
        `${error.file}:${error.line}:${error.column} ${error.field ? `${error.field}: ` : ''}${error.message}`,
    )
    .join('\n');
}
