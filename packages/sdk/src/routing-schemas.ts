/** Wire schemas of routing: the queues' live state, the queue configuration, offers and ETAs. */
import { z } from 'zod';

const Priorities = z.object({ urgent: z.number(), high: z.number(), normal: z.number(), low: z.number() });

export const QueueStateSchema = z
  .object({
    name: z.string(),
    mode: z.enum(['claim', 'offer']),
    open: z.boolean().meta({ description: 'Within business hours now (always, without hours).' }),
    skills: z.array(z.string()),
    languages: z.array(z.string()),
    overflow: z.string().nullable(),
    depth: z.number().int().meta({ description: 'Handoffs waiting now.' }),
    oldestWaitSeconds: z.number().nullable(),
    operatorsOnline: z.number().int().meta({ description: 'Online operators who may take this queue.' }),
    freeSlots: z.number().int(),
    sla: z.object({
      state: z.enum(['ok', 'at_risk', 'breached']),
      breached: z.number().int(),
      targetSeconds: Priorities,
    }),
  })
  .meta({ id: 'QueueState' });

export const QueueListSchema = z
  .object({ version: z.string(), queues: z.array(QueueStateSchema) })
  .meta({ id: 'QueueList' });

export const QueueConfigDocumentSchema = z.record(z.string(), z.unknown()).meta({
  id: 'QueueConfigDocument',
  description: 'A queue configuration; validated on `PUT` (docs/routing.md).',
});

export const QueueConfigRecordSchema = z
  .object({
    version: z.string(),
    document: z.unknown(),
    createdAt: z.string(),
    createdBy: z.string(),
    activatedAt: z.string(),
  })
  .meta({ id: 'QueueConfigRecord' });

export const QueueConfigHistorySchema = z
  .object({ current: QueueConfigRecordSchema.nullable(), versions: z.array(QueueConfigRecordSchema) })
  .meta({ id: 'QueueConfigHistory' });

export const DeclineOfferRequestSchema = z
  .object({ reason: z.string().max(2000).optional() })
  .meta({ id: 'DeclineOfferRequest' });

export const EtaSchema = z
  .object({
    position: z.number().int(),
    lowSeconds: z.number().nullable(),
    highSeconds: z.number().nullable(),
    confidence: z.enum(['low', 'medium', 'high']).nullable(),
    basis: z.enum(['nobody_online', 'no_data', 'free_operator', 'handle_time']),
    samples: z.number().int(),
    operatorsSlots: z.number().int(),
  })
  .meta({ id: 'Eta' });

export const HandoffEtaSchema = z
  .object({
    eta: EtaSchema.nullable().meta({ description: 'Null once the handoff no longer waits.' }),
    message: z.string().nullable().meta({ description: 'The ETA as the customer reads it.' }),
  })
  .meta({ id: 'HandoffEta' });

export type QueueState = z.infer<typeof QueueStateSchema>;
export type QueueList = z.infer<typeof QueueListSchema>;
export type QueueConfigRecord = z.infer<typeof QueueConfigRecordSchema>;
export type QueueConfigHistory = z.infer<typeof QueueConfigHistorySchema>;
export type Eta = z.infer<typeof EtaSchema>;
export type HandoffEta = z.infer<typeof HandoffEtaSchema>;
