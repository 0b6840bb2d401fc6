/** Walks and rewrites trigger conditions, for the knobs that tune thresholds written inside them. */
import type { AtomCondition, Condition } from '../policy/schema.ts';

/** Every atom of a condition, with whether it is reached through `any` only (it can fire on its own). */
export function atomsOf(condition: Condition, alone = true): { atom: AtomCondition; alone: boolean }[] {
  if ('all' in condition)
    return condition.all.flatMap((part) => atomsOf(part, alone && condition.all.length === 1));
  if ('any' in condition) return condition.any.flatMap((part) => atomsOf(part, alone));
  if ('not' in condition) return atomsOf(condition.not, false);
  return [{ atom: condition, alone }];
}

/** A copy of the condition with every atom passed through `rewrite`. */
export function mapAtoms(condition: Condition, rewrite: (atom: AtomCondition) => AtomCondition): Condition {
  if ('all' in condition) return { all: condition.all.map((part) => mapAtoms(part, rewrite)) };
  if ('any' in condition) return { any: condition.any.map((part) => mapAtoms(part, rewrite)) };
  if ('not' in condition) return { not: mapAtoms(condition.not, rewrite) };
  return rewrite(condition);
}

/** The lower bound an atom sets on its value (`gte` or `gt`), if any. */
export function lowerBound(atom: AtomCondition): number | undefined {
  return atom.gte ?? atom.gt;
}
