/**
 * Queues as configuration: per queue its skills and languages, business hours in an IANA time zone
 * with holidays and what to do outside them, the target time to claim per priority (the SLA), the
 * overflow queue, the acceptance ladder, offer or claim mode, and routes by the customer's language
 * and segment. Stored versioned like policies (a version names one document; the newest activation
 * is current), loaded from a YAML/JSON file (`BATON_QUEUES_FILE`) or put through the admin API.
 * A queue the configuration does not mention routes as before: claim mode, always open, no skills.
 */
import { z } from 'zod';
import type { Priority } from '@baton/engine';
import { BatonError } from '../errors.ts';
import type { Queryable } from '../storage/database.ts';
import { canonicalJson } from './canonical-json.ts';
import type { ServiceContext } from './context.ts';
import { appendEvents } from './events.ts';
import type { Principal } from './types.ts';

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
type Day = (typeof DAYS)[number];

const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const Name = z.string().min(1).max(100);
const Seconds = z
  .number()
  .int()
  .min(1)
  .max(7 * 24 * 3600);

const HoursSchema = z.strictObject({
  timeZone: z.string().refine(validTimeZone, { message: 'not an IANA time zone (e.g. "Europe/Madrid")' }),
  weekly: z.partialRecord(
    z.enum(DAYS),
    z.array(
      z.string().refine((range) => {
        const match = RANGE.exec(range);
        return !!match && match[3]! + match[4]! > match[1]! + match[2]!;
      }, 'a range "HH:MM-HH:MM" that ends after it starts (24:00 is the end of the day)'),
    ),
  ),
  holidays: z.array(z.string().regex(DATE, 'a date "YYYY-MM-DD"')).default([]),
});

const LadderStepSchema = z.strictObject({
  /** When, as a multiple of the handoff's SLA target (1 = at the SLA mark). */
  atSla: z.number().min(0).max(100),
  action: z.enum(['reoffer', 'overflow', 'alert_lead', 'tell_customer']),
});
export type LadderAction = z.infer<typeof LadderStepSchema>['action'];

const QueueSchema = z.strictObject({
  /** Skills an operator must all have to take this queue's handoffs. */
  skills: z.array(Name).default([]),
  /** Languages served; a handoff in one of them goes to an operator who speaks it. */
  languages: z.array(Name).default([]),
  /** `offer`: the best free operator is offered each handoff; `claim`: operators pick from the queue. */
  mode: z.enum(['claim', 'offer']).default('claim'),
  offerTimeoutSeconds: Seconds.default(30),
  hours: HoursSchema.optional(),
  outOfHours: z
    .strictObject({
      action: z.enum(['callback', 'message', 'queue']),
      queue: Name.optional(),
      message: z.string().max(1000).optional(),
    })
    .refine((value) => value.action !== 'queue' || value.queue !== undefined, {
      message: 'action "queue" needs the queue to route to',
      path: ['queue'],
    })
    .optional(),
  /** Target seconds to claim per priority. */
  slaSeconds: z
    .strictObject({ urgent: Seconds, high: Seconds, normal: Seconds, low: Seconds })
    .partial()
    .default({}),
  overflow: Name.optional(),
  ladder: z.array(LadderStepSchema).max(10).optional(),
  /** The first route matching the customer's language and/or segment sends the handoff to its queue. */
  routes: z
    .array(
      z
        .strictObject({ language: Name.optional(), segment: Name.optional(), queue: Name })
        .refine((route) => route.language !== undefined || route.segment !== undefined, {
          message: 'a route names a language, a segment, or both',
        }),
    )
    .default([]),
});

export const QueueConfigSchema = z.strictObject({
  version: z.string().min(1).max(100),
  /**
   * Aging: seconds of waiting worth one priority rank. A normal handoff that waited this long ranks
   * with a fresh high one, and overtakes it after. Urgent handoffs always go first. Null: strict priority.
   */
  agingSecondsPerRank: Seconds.nullable().default(600),
  queues: z.record(Name, QueueSchema).default({}),
});

export type QueueConfigDocument = z.infer<typeof QueueConfigSchema>;
export type QueueSettings = z.infer<typeof QueueSchema>;

/** SLA targets (seconds to claim) of a queue that sets none. */
export const DEFAULT_SLA_SECONDS: Record<Priority, number> = { urgent: 60, high: 120, normal: 300, low: 900 };

/** The acceptance ladder of a queue that sets none. */
export const DEFAULT_LADDER: readonly { atSla: number; action: LadderAction }[] = [
  { atSla: 1, action: 'reoffer' },
  { atSla: 1.5, action: 'overflow' },
  { atSla: 2, action: 'alert_lead' },
  { atSla: 3, action: 'tell_customer' },
];

/** The configuration of a deployment that stores none. */
export const DEFAULT_QUEUE_CONFIG: QueueConfigDocument = QueueConfigSchema.parse({ version: 'default' });

/** A queue's settings, with the defaults for a queue the configuration does not name. */
export function queueSettings(config: QueueConfigDocument, queue: string): QueueSettings {
  return config.queues[queue] ?? QueueSchema.parse({});
}

/** The SLA target of `priority` in `queue`, in seconds. */
export function slaSeconds(config: QueueConfigDocument, queue: string, priority: Priority): number {
  return queueSettings(config, queue).slaSeconds[priority] ?? DEFAULT_SLA_SECONDS[priority];
}

/** The ladder of `queue`, in order of its marks. */
export function ladderOf(
  config: QueueConfigDocument,
  queue: string,
): { atSla: number; action: LadderAction }[] {
  return [...(queueSettings(config, queue).ladder ?? DEFAULT_LADDER)].sort((a, b) => a.atSla - b.atSla);
}

export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

/** Validates a document: its shape, then that every queue it names is a configured queue. */
export function validateQueueConfig(
  document: unknown,
  queues: readonly string[],
): { ok: true; config: QueueConfigDocument } | { ok: false; issues: ConfigIssue[] } {
  const parsed = QueueConfigSchema.safeParse(document);
  if (!parsed.success) {
    return {
      ok: false,
      issues: parsed.error.issues.map((issue) => ({
        path: issue.path.map((key) => (typeof key === 'symbol' ? String(key) : key)),
        message: issue.message,
      })),
    };
  }
  const issues: ConfigIssue[] = [];
  const known = (name: string | undefined, path: (string | number)[]) => {
    if (name !== undefined && !queues.includes(name)) {
      issues.push({ path, message: `no queue named "${name}" (configured: ${queues.join(', ')})` });
    }
  };
  for (const [name, queue] of Object.entries(parsed.data.queues)) {
    known(name, ['queues', name]);
    known(queue.overflow, ['queues', name, 'overflow']);
    if (queue.overflow === name)
      issues.push({ path: ['queues', name, 'overflow'], message: 'a queue cannot overflow into itself' });
    known(queue.outOfHours?.queue, ['queues', name, 'outOfHours', 'queue']);
    queue.routes.forEach((route, index) => known(route.queue, ['queues', name, 'routes', index, 'queue']));
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, config: parsed.data };
}

// --- Business hours ------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The local weekday, date and minute of the day at `at` in `timeZone` (DST-correct through Intl). */
export function localTime(at: Date, timeZone: string): { day: Day; date: string; minute: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return {
    day: parts['weekday']!.toLowerCase().slice(0, 3) as Day,
    date: `${parts['year']}-${parts['month']}-${parts['day']}`,
    minute: Number(parts['hour']) * 60 + Number(parts['minute']),
  };
}

/** Whether `queue` is open at `at`: always without hours; closed on holidays and outside the ranges. */
export function isOpen(settings: QueueSettings, at: Date): boolean {
  const hours = settings.hours;
  if (!hours) return true;
  const local = localTime(at, hours.timeZone);
  if (hours.holidays.includes(local.date)) return false;
  return (hours.weekly[local.day] ?? []).some((range) => {
    const match = RANGE.exec(range)!;
    const from = Number(match[1]) * 60 + Number(match[2]);
    const to = Number(match[3]) * 60 + Number(match[4]);
    return local.minute >= from && local.minute < to;
  });
}

export interface RoutingInput {
  queue: string;
  language: string | null;
  segment: string | null;
}

export interface RoutedQueue {
  /** Where the handoff waits. */
  queue: string;
  /** Why it is not the queue asked for, in order, for the decision's record. */
  steps: string[];
  /** The queue is closed and routes nowhere else: what the customer is offered instead. */
  closed: { action: 'callback' | 'message'; message: string | null } | null;
}

/**
 * Where a handoff for `input.queue` waits: the first matching language/segment route, then (when
 * that queue is closed) its out-of-hours queue. At most a few hops; a loop stops where it started.
 */
export function routeHandoff(config: QueueConfigDocument, input: RoutingInput, at: Date): RoutedQueue {
  const steps: string[] = [];
  let queue = input.queue;
  const route = queueSettings(config, queue).routes.find(
    (candidate) =>
      (candidate.language === undefined || candidate.language === input.language) &&
      (candidate.segment === undefined || candidate.segment === input.segment),
  );
  if (route && route.queue !== queue) {
    steps.push(
      `routed from ${queue} to ${route.queue} for ${[
        route.language !== undefined ? `language ${route.language}` : null,
        route.segment !== undefined ? `segment ${route.segment}` : null,
      ]
        .filter(Boolean)
        .join(' and ')}`,
    );
    queue = route.queue;
  }
  const seen = new Set<string>([queue]);
  for (;;) {
    const settings = queueSettings(config, queue);
    if (isOpen(settings, at)) return { queue, steps, closed: null };
    const action = settings.outOfHours ?? { action: 'callback' as const };
    if (action.action === 'queue' && action.queue && !seen.has(action.queue)) {
      steps.push(`${queue} is closed; routed to ${action.queue}`);
      seen.add(action.queue);
      queue = action.queue;
      continue;
    }
    steps.push(`${queue} is closed`);
    return {
      queue,
      steps,
      closed: {
        action: action.action === 'message' ? 'message' : 'callback',
        message: action.message ?? null,
      },
    };
  }
}

// --- Storage -------------------------------------------------------------------------------------

export interface QueueConfigRecord {
  version: string;
  document: QueueConfigDocument;
  createdAt: string;
  createdBy: string;
  activatedAt: string;
}

interface ConfigRow {
  version: string;
  document: QueueConfigDocument;
  created_at: Date | string;
  created_by: string;
  activated_at: Date | string;
}

function toRecord(row: ConfigRow): QueueConfigRecord {
  return {
    version: row.version,
    document: row.document,
    createdAt: new Date(row.created_at).toISOString(),
    createdBy: row.created_by,
    activatedAt: new Date(row.activated_at).toISOString(),
  };
}

/** The configuration routing uses now (the newest activation), or the defaults when none is stored. */
export async function currentQueueConfig(tx: Queryable): Promise<QueueConfigDocument> {
  const row = (
    await tx.query<{ document: unknown }>(
      'SELECT document FROM queue_configs ORDER BY activation DESC LIMIT 1',
    )
  )[0];
  // Stored documents were validated; parsing again fills defaults added since.
  return row ? QueueConfigSchema.parse(row.document) : DEFAULT_QUEUE_CONFIG;
}

/** The current record (null when none was ever stored) and every version, newest activation first. */
export async function queueConfigHistory(
  context: ServiceContext,
): Promise<{ current: QueueConfigRecord | null; versions: QueueConfigRecord[] }> {
  const rows = await context.database.query<ConfigRow>(
    `SELECT version, document, created_at, created_by, activated_at FROM queue_configs ORDER BY activation DESC LIMIT 200`,
  );
  const versions = rows.map(toRecord);
  return { current: versions[0] ?? null, versions };
}

/**
 * Validates and activates `document`: a new version is stored, a known version with the same
 * document is re-activated, a known version with another document is refused. Emits
 * `queues-updated` when the current configuration changed.
 */
export async function putQueueConfig(
  context: ServiceContext,
  principal: Principal | null,
  document: unknown,
): Promise<QueueConfigRecord> {
  const result = validateQueueConfig(document, context.queues);
  if (!result.ok) {
    throw new BatonError('invalid_queue_config', 'The queue configuration is not valid.', {
      errors: result.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  const config = result.config;
  const author = principal?.name ?? 'configuration';
  const at = context.now().toISOString();
  const record = await context.database.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [7_240_007]);
    const existing = (
      await tx.query<ConfigRow & { current: boolean }>(
        `SELECT version, document, created_at, created_by, activated_at,
                activation = (SELECT max(activation) FROM queue_configs) AS current
         FROM queue_configs WHERE version = $1`,
        [config.version],
      )
    )[0];
    let stored: QueueConfigRecord;
    if (existing) {
      if (canonicalJson(existing.document) !== canonicalJson(config)) {
        throw new BatonError(
          'invalid_queue_config',
          `Queue configuration version ${config.version} already names another document.`,
          {
            errors: [
              {
                path: 'version',
                message: `version "${config.version}" is taken: give this document a new version`,
              },
            ],
          },
        );
      }
      if (existing.current) return toRecord(existing);
      const rows = await tx.query<ConfigRow>(
        `UPDATE queue_configs SET activated_at = $2, activation = nextval('queue_configs_activation_seq')
         WHERE version = $1 RETURNING version, document, created_at, created_by, activated_at`,
        [config.version, at],
      );
      stored = toRecord(rows[0]!);
    } else {
      const rows = await tx.query<ConfigRow>(
        `INSERT INTO queue_configs (version, document, created_at, created_by, activated_at)
         VALUES ($1, $2, $3, $4, $3) RETURNING version, document, created_at, created_by, activated_at`,
        [config.version, JSON.stringify(config), at, author],
      );
      stored = toRecord(rows[0]!);
    }
    await appendEvents(context, tx, [
      {
        type: 'queues-updated',
        conversationId: null,
        handoffId: null,
        queue: null,
        at,
        data: { version: stored.version, by: author },
      },
    ]);
    return stored;
  });
  context.notifier.wake();
  return record;
}
