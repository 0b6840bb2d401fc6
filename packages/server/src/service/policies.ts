/**
 * Policy use cases: read the current policy, store a new version (validated by the engine), and
 * store the initial one at start-up. Versions are immutable: a version names one document.
 */
import { validatePolicy } from '@baton/engine';
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import { canonicalJson } from './canonical-json.ts';
import type { ServiceContext } from './context.ts';
import { appendEvents } from './events.ts';
import type { PolicyRecord, Principal } from './types.ts';

interface PolicyRow {
  version: string;
  document: unknown;
  created_at: Date | string;
  created_by: string;
}

function toRecord(row: PolicyRow): PolicyRecord {
  return {
    version: row.version,
    document: row.document,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
  };
}

/** The policy decisions are made with now. */
export async function getPolicy(context: ServiceContext): Promise<PolicyRecord> {
  const row = (
    await context.database.query<PolicyRow>(
      'SELECT version, document, created_at, created_by FROM policies ORDER BY activation DESC LIMIT 1',
    )
  )[0];
  if (!row) throw new Error('No policy is stored.');
  return toRecord(row);
}

/**
 * Validates `document` with the engine, or throws `invalid_policy` listing every issue; with
 * `queues`, every queue it names must be one of them.
 */
function validate(document: unknown, queues?: readonly string[]): string {
  const result = validatePolicy(document, queues ? { queues } : {});
  if (!result.ok) {
    throw new BatonError('invalid_policy', 'The policy document is not valid.', {
      errors: result.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  return result.policy.version;
}

/**
 * Makes `document` the current policy in `tx`: a new version is stored; a known version with the
 * same document is re-activated; a known version with another document is refused.
 */
async function activate(
  context: ServiceContext,
  tx: Queryable,
  document: unknown,
  author: string,
  checkQueues = true,
): Promise<{ record: PolicyRecord; changed: boolean }> {
  const version = validate(document, checkQueues ? context.queues : undefined);
  const now = context.now().toISOString();
  const existing = (
    await tx.query<PolicyRow & { current: boolean }>(
      `SELECT version, document, created_at, created_by,
              activation = (SELECT max(activation) FROM policies) AS current
       FROM policies WHERE version = $1 FOR UPDATE`,
      [version],
    )
  )[0];
  if (existing) {
    if (canonicalJson(existing.document) !== canonicalJson(document)) {
      throw new BatonError('invalid_policy', `Policy version ${version} already names another document.`, {
        errors: [
          { path: 'version', message: `version "${version}" is taken: give this document a new version` },
        ],
      });
    }
    if (existing.current) return { record: toRecord(existing), changed: false };
    await tx.query(
      `UPDATE policies SET activated_at = $2, activation = nextval('policies_activation_seq') WHERE version = $1`,
      [version, now],
    );
    return { record: toRecord(existing), changed: true };
  }
  const rows = await tx.query<PolicyRow>(
    `INSERT INTO policies (version, document, created_at, created_by, activated_at)
     VALUES ($1, $2, $3, $4, $3) RETURNING version, document, created_at, created_by`,
    [version, JSON.stringify(document), now, author],
  );
  return { record: toRecord(rows[0]!), changed: true };
}

/** Stores and activates a policy version; emits `policy-updated` when the current policy changed. */
export async function putPolicy(
  context: ServiceContext,
  principal: Principal,
  document: unknown,
): Promise<PolicyRecord> {
  validate(document, context.queues);
  const record = await context.database.transaction(async (tx) => {
    const { record, changed } = await activate(context, tx, document, principal.name);
    if (changed) {
      await appendEvents(context, tx, [
        {
          type: 'policy-updated',
          conversationId: null,
          handoffId: null,
          queue: null,
          at: context.now().toISOString(),
          data: { version: record.version, by: principal.name },
        },
      ]);
    }
    return record;
  });
  context.notifier.wake();
  return record;
}

/**
 * At start-up: a configured policy becomes current (if it is not already); with none configured,
 * `fallback` is stored only when the database holds no policy yet.
 */
export async function ensureInitialPolicy(
  context: ServiceContext,
  configured: unknown,
  fallback: unknown,
): Promise<void> {
  await context.database.transaction(async (tx) => {
    // Two instances starting at once must not both insert the first policy.
    await tx.query('SELECT pg_advisory_xact_lock($1)', [7_240_003]);
    if (configured !== undefined) {
      await activate(context, tx, configured, 'configuration');
      return;
    }
    const any = await tx.query('SELECT 1 FROM policies LIMIT 1');
    // The built-in policy names only the default queue by name; a deployment without a queue of
    // that name routes its handoffs to its own first queue instead.
    if (any.length === 0) await activate(context, tx, fallback, 'default', false);
  });
}
