/**
 * Compiled policies by version. The current version is read from the database on every use (another
 * instance may have changed it); compiling happens once per version per process.
 */
import { compilePolicy, type CompiledPolicy } from '@baton/engine';
import type { Queryable } from '../storage/database.ts';

export class PolicyCache {
  readonly #compiled = new Map<string, CompiledPolicy>();

  /** The current policy, compiled. */
  async current(tx: Queryable): Promise<CompiledPolicy> {
    const row = (
      await tx.query<{ version: string }>('SELECT version FROM policies ORDER BY activation DESC LIMIT 1')
    )[0];
    if (!row) throw new Error('No policy is stored: createService stores the initial one.');
    return this.byVersion(tx, row.version);
  }

  /** The policy `version`, compiled (from the cache when seen before). */
  async byVersion(tx: Queryable, version: string): Promise<CompiledPolicy> {
    const cached = this.#compiled.get(version);
    if (cached) return cached;
    const row = (
      await tx.query<{ document: unknown }>('SELECT document FROM policies WHERE version = $1', [version])
    )[0];
    if (!row) throw new Error(`Policy ${version} is not stored.`);
    const compiled = compilePolicy(row.document as Parameters<typeof compilePolicy>[0]);
    this.#compiled.set(version, compiled);
    return compiled;
  }
}
