/**
 * The names a policy uses must name real things: every signal a condition reads is one the engine
 * measures, and every queue a trigger or the defaults name is one the deployment has. The engine
 * knows its signals; only the caller knows the queues, so they are an input.
 */
import { SIGNAL_NAMES } from '../types.ts';
import type { PolicyIssue } from './schema.ts';

export interface PolicyNameOptions {
  /** The deployment's queues; when absent, queue names are not checked. */
  queues?: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KNOWN_SIGNALS: ReadonlySet<string> = new Set(SIGNAL_NAMES);

/** One issue per unknown signal inside a condition (through `all`, `any` and `not`). */
function conditionIssues(condition: unknown, path: (string | number)[], issues: PolicyIssue[]): void {
  if (!isRecord(condition)) return;
  if (typeof condition['signal'] === 'string' && !KNOWN_SIGNALS.has(condition['signal'])) {
    issues.push({
      path: [...path, 'signal'],
      message: `unknown signal "${condition['signal']}"; the signals are ${SIGNAL_NAMES.join(', ')}`,
    });
  }
  for (const group of ['all', 'any'] as const) {
    const members = condition[group];
    if (Array.isArray(members)) {
      members.forEach((member, index) => conditionIssues(member, [...path, group, index], issues));
    }
  }
  if ('not' in condition) conditionIssues(condition['not'], [...path, 'not'], issues);
}

/** One issue when `queue` is a string that is not among `queues`. */
function queueIssue(queue: unknown, path: (string | number)[], queues: readonly string[]): PolicyIssue[] {
  if (typeof queue !== 'string' || queues.includes(queue)) return [];
  return [{ path, message: `unknown queue "${queue}"; the queues are ${queues.join(', ')}` }];
}

/**
 * The unknown names in a policy document as written (before the schema), each with the path of its
 * field and what is allowed there.
 */
export function policyNameIssues(input: unknown, options: PolicyNameOptions = {}): PolicyIssue[] {
  if (!isRecord(input)) return [];
  const issues: PolicyIssue[] = [];
  const queues = options.queues;
  if (queues && isRecord(input['defaults'])) {
    issues.push(...queueIssue(input['defaults']['queue'], ['defaults', 'queue'], queues));
  }
  const triggers = input['triggers'];
  if (Array.isArray(triggers)) {
    triggers.forEach((trigger, index) => {
      if (!isRecord(trigger)) return;
      conditionIssues(trigger['when'], ['triggers', index, 'when'], issues);
      if (queues) issues.push(...queueIssue(trigger['queue'], ['triggers', index, 'queue'], queues));
    });
  }
  return issues;
}
