/**
 * The wire contract of `GET /v1/staffing`: the operators each queue needs per hour of the week for a
 * service-level target (Erlang C, or Erlang A where customers leave), from stored history, against
 * those online now. Kept beside schemas.ts and exported with it.
 */
import { z } from 'zod';

const share = (description: string) => z.coerce.number().gt(0).lt(1).optional().meta({ description });

export const StaffingQuerySchema = z.object({
  queue: z.string().min(1).max(200).optional().meta({ description: 'One queue; all when absent.' }),
  from: z.iso.datetime({ offset: true }).optional().meta({
    description: 'Start of the history, inclusive (rounded down to the hour); default 28 days before `to`.',
  }),
  to: z.iso.datetime({ offset: true }).optional().meta({
    description: 'End of the history, exclusive (rounded down to the hour); default now. At most 366 days.',
  }),
  serviceLevel: share('Share of handoffs to claim within `answerSeconds`; default 0.8.'),
  answerSeconds: z.coerce
    .number()
    .min(0)
    .max(86_400)
    .optional()
    .meta({ description: 'The answer time of the target, seconds; default 60 ("80% claimed within 60 s").' }),
  concurrency: z.coerce
    .number()
    .int()
    .min(1)
    .max(50)
    .optional()
    .meta({
      description:
        'Conversations one operator holds at once. Servers = operators × concurrency. Default: per queue, the ' +
        'median recorded presence `capacity` of the operators whose presence for that queue was set within the ' +
        'range (the lower middle one when even; operators without a limit are not counted); 1 when none has one.',
    }),
  maxOccupancy: z.coerce
    .number()
    .gt(0)
    .max(1)
    .optional()
    .meta({ description: 'The busiest operators may be (0–1]; default no cap.' }),
  maxAbandonment: share(
    'Erlang A only: the largest share of handoffs that may leave unclaimed; default no cap.',
  ),
  handoffRateChange: z.coerce
    .number()
    .min(-100)
    .max(1000)
    .optional()
    .meta({
      description:
        'What if the handoff rate changed by this many percent (e.g. `-15`, or a replay comparison’s ' +
        '`volumeChange.relative` × 100)? Each hour then also reports `baselineOperatorsNeeded`.',
    }),
  timeZone: z.string().min(1).max(64).optional().meta({
    description: 'IANA time zone of the hours of the week (default `UTC`).',
    example: 'Europe/Madrid',
  }),
});

const nullableNumber = z.number().nullable();

export const StaffingHourSchema = z
  .object({
    hourOfWeek: z
      .number()
      .int()
      .min(0)
      .max(167)
      .meta({ description: '0 = Monday 00:00, 167 = Sunday 23:00.' }),
    arrivals: z
      .number()
      .int()
      .meta({ description: 'Handoffs requested in this hour of the week over the range.' }),
    arrivalsPerHour: nullableNumber.meta({
      description: 'The rate the forecast uses (with the what-if change).',
    }),
    meanHandleSeconds: nullableNumber,
    meanSecondsToClaim: nullableNumber,
    measuredServiceLevel: nullableNumber.meta({
      description: 'Share claimed within the answer time, as it happened.',
    }),
    abandoned: z.number().int(),
    offeredLoad: nullableNumber.meta({ description: 'Erlangs: arrivals per second × mean handle seconds.' }),
    operatorsNeeded: z.number().int().nullable(),
    baselineOperatorsNeeded: z.number().int().nullable(),
    predictedServiceLevel: nullableNumber,
    waitProbability: nullableNumber,
    averageSpeedOfAnswer: nullableNumber.meta({ description: 'Seconds, over all handoffs.' }),
    occupancy: nullableNumber,
    abandonProbability: nullableNumber.meta({ description: 'Erlang A only.' }),
  })
  .meta({ id: 'StaffingHour' });

export const StaffingQueueSchema = z
  .object({
    queue: z.string(),
    model: z.enum(['erlang-c', 'erlang-a']),
    operatorsOnline: z.number().int().nullable(),
    concurrency: z
      .number()
      .int()
      .meta({ description: 'Conversations per operator this queue was planned with.' }),
    concurrencySource: z.enum(['given', 'presence', 'default']).meta({
      description:
        "`given`: the `concurrency` asked for; `presence`: the median recorded capacity of the queue's " +
        'operators in the range; `default`: 1 (no recorded capacity, or history from a file).',
    }),
    escalations: z.number().int(),
    abandoned: z.number().int(),
    meanHandleSeconds: nullableNumber,
    meanPatienceSeconds: nullableNumber,
    peak: z.object({ hourOfWeek: z.number().int(), operatorsNeeded: z.number().int() }).nullable(),
    hours: z.array(StaffingHourSchema),
  })
  .meta({ id: 'StaffingQueue' });

export const StaffingReportSchema = z
  .object({
    range: z.object({ from: z.string(), to: z.string(), timeZone: z.string() }),
    target: z.object({
      serviceLevel: z.number(),
      answerSeconds: z.number(),
      concurrency: z.number().int().meta({
        description: 'The `concurrency` asked for, else 1; each queue says what it was planned with.',
      }),
      maxOccupancy: nullableNumber,
      maxAbandonment: nullableNumber,
      handoffRateChange: z.number(),
    }),
    queues: z.array(StaffingQueueSchema),
    total: z.object({
      operatorsOnline: z.number().int().nullable(),
      hours: z.array(
        z.object({
          hourOfWeek: z.number().int(),
          operatorsNeeded: z.number().int().nullable(),
          baselineOperatorsNeeded: z.number().int().nullable(),
        }),
      ),
    }),
  })
  .meta({
    id: 'StaffingReport',
    description:
      'Operators needed per queue and hour of the week for the target, from the history of the range, beside ' +
      'those online now. See docs/staffing.md for the model and its assumptions.',
  });

export type StaffingQuery = z.input<typeof StaffingQuerySchema>;
export type StaffingReport = z.infer<typeof StaffingReportSchema>;
export type StaffingQueue = z.infer<typeof StaffingQueueSchema>;
export type StaffingHour = z.infer<typeof StaffingHourSchema>;
