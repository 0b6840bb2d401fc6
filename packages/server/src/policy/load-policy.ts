/**
 * Reads a policy file (YAML or JSON) and validates it with the engine's schema, mapping every
 * issue back to the file, line, column and field it came from, so an author can fix it at once.
 */
import { validatePolicy, type Policy, type PolicyNameOptions } from '@baton/engine';
import { parseConfigText, readConfigFile, type ConfigFileError } from '../config-file.ts';

export type PolicyFileError = ConfigFileError;

export type PolicyLoadResult = { ok: true; policy: Policy } | { ok: false; errors: PolicyFileError[] };

/**
 * Parses and validates policy text; `file` names it in the errors. With `options.queues`, a queue
 * the policy names must be one of them.
 */
export function parsePolicyText(
  text: string,
  file: string,
  options: PolicyNameOptions = {},
): PolicyLoadResult {
  const result = parseConfigText(text, file, (document) => {
    const checked = validatePolicy(document, options);
    return checked.ok ? { ok: true, value: checked.policy } : checked;
  });
  return result.ok ? { ok: true, policy: result.value } : result;
}

/** Reads and validates a policy file. A missing or unreadable file is an error value too. */
export function loadPolicyFile(path: string, options: PolicyNameOptions = {}): Promise<PolicyLoadResult> {
  return readConfigFile(path, (text, file) => parsePolicyText(text, file, options));
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
