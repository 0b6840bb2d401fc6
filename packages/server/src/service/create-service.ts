/**
 * The composition of the use cases into the `Service` port: one factory, given a migrated database,
 * the initial policy, the queues and a clock. Stores the initial policy when the database has none.
 */
import { defaultPolicy, type MaskingRule } from '@baton/engine';
import { withMaskedInputs } from '../privacy/mask-service-inputs.ts';
import type { Database } from '../storage/database.ts';
import { abandonHandoff } from './abandon-handoff.ts';
import { addNote } from './add-note.ts';
import { authenticate, checkKey, createKey, endStreamsIfKeyDead, listKeys, revokeKey } from './api-keys.ts';
import { claimHandoff } from './claim-handoff.ts';
import type { ServiceContext, ServiceLimits } from './context.ts';
import { KnownConversations } from './known-conversations.ts';
import { EventHub, type EventHubOptions } from './event-hub.ts';
import {
  applyRetention,
  type RetentionResult,
  type RetentionRun,
  type RetentionSettings,
} from './retention.ts';
import { EventNotifier } from './event-notifier.ts';
import { EventStreams, type EventStreamLimits } from './event-streams.ts';
import { KeyCache, type KeyCacheOptions } from './key-cache.ts';
import { followKeyChanges } from './key-changes.ts';
import { KeyStreams } from './key-streams.ts';
import { readEvents, readLatestEventId } from './events.ts';
import { expireHandoffs } from './expire-handoffs.ts';
import { pruneIdempotencyKeys } from './idempotency.ts';
import { leaveCallback } from './leave-callback.ts';
import { completeFollowUp, listFollowUps } from './follow-ups.ts';
import {
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  updateCannedResponse,
} from './canned-responses.ts';
import { searchConversations } from './search-conversations.ts';
import { adoptConversations } from './adopt-conversations.ts';
import { replyToCustomer } from './operator-reply.ts';
import { ensureInitialPolicy, getPolicy, putPolicy } from './policies.ts';
import { PolicyCache } from './policy-cache.ts';
import { postTurn } from './post-turn.ts';
import { setPresence } from './presence.ts';
import { getConversation, getHandoff, listHandoffs } from './read-views.ts';
import { DEFAULT_READY_TIMEOUT_MS, probeWrite } from './readiness-probe.ts';
import { requestHandoff } from './request-handoff.ts';
import { resolveHandoff } from './resolve-handoff.ts';
import { returnToAgent } from './return-to-agent.ts';
import { transferHandoff } from './transfer-handoff.ts';
import type { Handoff, Service } from './types.ts';
// Collaboration: typing indicators, assign, take over, bulk moves.
import { bulkHandoffs } from './bulk-handoffs.ts';
import { collaborationUseCases } from './collaboration-service.ts';
import { TypingHub, type TypingSettings } from './typing-hub.ts';
// Outcomes and metrics.
import { rateConversation, recordConversationOutcome } from './outcomes/conversation-outcome.ts';
import { countReplyRepeats, countTurnRepeats } from './outcomes/count-repeats.ts';
import { readMetrics } from './outcomes/read-metrics.ts';
import { readTimeSeries } from './outcomes/read-time-series.ts';
import { refineBrief, type BriefSummarizer } from './refine-brief.ts';
import type { Brief } from '@baton/engine';
import { readStaffing } from '../staffing/read-staffing.ts';
import { protocolUseCases, type ProtocolOptions } from '../requests/protocol-service.ts';
import { QueueChanges } from '../requests/queue-changes.ts';
// Routing: queues as configuration, offers, the acceptance ladder and ETAs.
import { touchPresence } from './presence.ts';
import { putQueueConfig, queueConfigHistory } from './queue-config.ts';
import {
  acceptOffer,
  declineOffer,
  getHandoffEta,
  listQueues,
  routeSweep,
  RoutingRunner,
  type SweepResult,
} from './routing.ts';

export interface ServiceOptions {
  database: Database;
  /** A policy document to make current at start; default: keep the stored one, or the engine's default. */
  policy?: unknown;
  /** Queue names; the first is the default. Default `['general']`. */
  queues?: string[];
  /** The clock, injectable for tests. */
  now?: () => Date;
  limits?: Partial<ServiceLimits>;
  /** Adds a language model's summary to each new brief, after the handoff commits (optional). */
  summarizer?: BriefSummarizer;
  /** Caps and buffers of the live event streams. */
  eventStreams?: Partial<EventStreamLimits>;
  /** How this instance's one event reader polls. */
  eventHub?: Partial<EventHubOptions>;
  /** How long `ready()` waits for its probe write (default 1 s). */
  readyTimeoutMs?: number;
  /** A queue configuration document to make current at start (validated; see queue-config.ts). */
  queueConfig?: unknown;
  /** The rules that mask secrets in text before it is stored; default: all of the engine's. */
  maskingRules?: readonly MaskingRule[];
  /** The key lookup cache's bounds (size, TTL); the defaults suit a server. */
  keyCache?: Partial<KeyCacheOptions>;
  /** Where failures of work after the answer (repeat counts, brief summaries) are reported; default: dropped. */
  logBackgroundError?: (error: unknown, work: string) => void;
  /** Requests and the customer stream: how operators are named to customers, the wait estimate. */
  protocol?: ProtocolOptions;
  /** Typing indicators: how long one lasts, and the per-conversation rate limit. */
  typing?: Partial<TypingSettings>;
}

/** The queues of a deployment that configures none. */
export const DEFAULT_QUEUES: readonly string[] = ['general'];

/** Limits unless configured: 5,000 turns per conversation; presence counts for 2 minutes. */
export const DEFAULT_LIMITS = {
  maxTurnsPerConversation: 5_000,
  presenceTtlMs: 120_000,
} satisfies ServiceLimits;

/** The service plus the operations only the server's own machinery calls (not the HTTP API). */
export interface BatonService extends Service {
  /** Expires handoffs queued longer than `maxWaitMs` (for a periodic sweep). */
  expireHandoffs(input: { maxWaitMs: number }): Promise<Handoff[]>;
  /** Forgets idempotency records older than `olderThanMs` (retries come within minutes, not days). */
  pruneIdempotencyKeys(input: { olderThanMs: number }): Promise<number>;
  /** Runs the configured summarizer over a handoff's brief now (null without a summarizer or brief). */
  refineBrief(handoffId: string): Promise<Brief | null>;
  /** Deletes events, turns and ended handoffs past their retention, in bounded batches. */
  applyRetention(settings: RetentionSettings, run?: RetentionRun): Promise<RetentionResult>;
  /** One routing round now (lapsed offers, ladder steps, new offers, ETAs), after any in flight. */
  routeNow(): Promise<SweepResult>;
}

/** Builds the service over a migrated database. */
export async function createService(options: ServiceOptions): Promise<BatonService> {
  const queues =
    options.queues && options.queues.length > 0 ? [...new Set(options.queues)] : [...DEFAULT_QUEUES];
  const context: ServiceContext = {
    database: options.database,
    now: options.now ?? (() => new Date()),
    queues,
    policies: new PolicyCache(),
    notifier: new EventNotifier(options.database),
    keys: new KeyCache(options.keyCache),
    keyStreams: new KeyStreams(),
    conversations: new KnownConversations(),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
  };
  await ensureInitialPolicy(context, options.policy, defaultPolicy);
  const routing = new RoutingRunner((scope) => routeSweep(context, scope));
  if (options.queueConfig !== undefined) await putQueueConfig(context, null, options.queueConfig);
  /** After a change that frees or takes an operator's place: a routing round in the background. */
  const rerouted = <T>(value: T): T => {
    routing.kick();
    return value;
  };
  const hub = new EventHub(options.database, context.notifier, options.eventHub);
  const streams = new EventStreams(options.database, hub, options.eventStreams);
  // Customer streams recompute position and wait when their queue changes (queue-changes.ts).
  const queueChanges = new QueueChanges(hub, options.protocol?.queueChanges);
  await queueChanges.start(options.database, (error) =>
    options.logBackgroundError?.(error, 'listening for presence changes'),
  );
  const stopFollowingKeys = await followKeyChanges(context);
  const typing = new TypingHub(options.database, context.now, options.typing);
  await typing.start((error) => options.logBackgroundError?.(error, 'listening for typing indicators'));
  const summarizer = options.summarizer;
  const background = (work: string) => (error: unknown) => options.logBackgroundError?.(error, work);
  const refine = (handoffId: string) =>
    summarizer ? refineBrief(context, summarizer, handoffId) : Promise.resolve(null);
  /** After a new handoff committed: refine its brief in the background (failures only lose the extra). */
  const refineInBackground = (handoff: Handoff | null, isNew: boolean) => {
    if (summarizer && handoff && isNew) refine(handoff.id).catch(background('refining a brief'));
  };

  // Bulk moves go through the finished service, so each item is masked and kicks routing like one move.
  // Free text is masked here, before any use case stores it (privacy/mask-service-inputs.ts).
  const finished: BatonService = withMaskedInputs<BatonService>(
    {
      // Requests (consult, approval, handoff, transfer), promises and the customer stream.
      ...protocolUseCases(context, streams, { ...options.protocol, typing }, queueChanges),
      ...collaborationUseCases(context, typing, rerouted),
      bulkHandoffs: (principal, input, writeOptions) =>
        bulkHandoffs(finished, principal, input, writeOptions, background('a bulk move'), context.queues),
      postTurn: async (principal, input) => {
        const result = await postTurn(context, principal, input);
        // Repeats against the brief after the claim; idempotent per turn, so retries add nothing. The
        // turn is already stored: a failure here costs a metric, never the agent's answer.
        await countTurnRepeats(context.database, result).catch(background('counting turn repeats'));
        // A handoff decided on this turn whose brief has no model summary yet (a new one, in practice).
        const brief = result.handoff?.brief as Brief | null | undefined;
        refineInBackground(result.handoff, result.decision.action === 'handoff' && !!brief && !brief.llm);
        if (result.handoff?.status === 'queued') routing.kick();
        return result;
      },
      requestHandoff: async (principal, input) => {
        const result = await requestHandoff(context, principal, input);
        refineInBackground(result.handoff, true);
        routing.kick();
        return result;
      },
      getConversation: (principal, conversationId) => getConversation(context, principal, conversationId),
      listHandoffs: (principal, filter) => listHandoffs(context, principal, filter),
      getHandoff: (principal, handoffId) => getHandoff(context, principal, handoffId),
      claim: (principal, handoffId, options) =>
        claimHandoff(context, principal, handoffId, options).then(rerouted),
      reply: async (principal, handoffId, input, options) => {
        const turn = await replyToCustomer(context, principal, handoffId, input, options);
        await countReplyRepeats(context.database, handoffId, turn).catch(
          background('counting reply repeats'),
        );
        return turn;
      },
      addNote: (principal, handoffId, input, options) =>
        addNote(context, principal, handoffId, input, options),
      transfer: (principal, handoffId, input, options) =>
        transferHandoff(context, principal, handoffId, input, options).then(rerouted),
      returnToAgent: (principal, handoffId, input, options) =>
        returnToAgent(context, principal, handoffId, input, options).then(rerouted),
      resolve: (principal, handoffId, input, options) =>
        resolveHandoff(context, principal, handoffId, input, options).then(rerouted),
      abandon: (principal, handoffId, input, options) =>
        abandonHandoff(context, principal, handoffId, input, options).then(rerouted),
      leaveCallback: (principal, handoffId, input) => leaveCallback(context, principal, handoffId, input),
      listFollowUps: (principal, query) => listFollowUps(context, principal, query),
      completeFollowUp: (principal, handoffId) => completeFollowUp(context, principal, handoffId),
      listCannedResponses: (query) => listCannedResponses(context, query),
      createCannedResponse: (principal, input, options) =>
        createCannedResponse(context, principal, input, options),
      updateCannedResponse: (principal, id, input) => updateCannedResponse(context, principal, id, input),
      deleteCannedResponse: (id, version) => deleteCannedResponse(context, id, version),
      searchConversations: (principal, query) => searchConversations(context, principal, query),
      adoptConversations: (principal, input) => adoptConversations(context, principal, input),
      events: (filter) => readEvents(context, filter),
      latestEventId: () => readLatestEventId(context),
      waitForEvents: (signal) => context.notifier.wait(signal),
      openEventStream: (principal, input) => streams.open(principal, input),
      getPolicy: () => getPolicy(context),
      putPolicy: (principal, document) => putPolicy(context, principal, document),
      authenticate: (presentedKey) => authenticate(context, presentedKey),
      checkKey: (presentedKey) => checkKey(context, presentedKey),
      createKey: (input) => createKey(context, input),
      listKeys: () => listKeys(context),
      watchKey: (principal) => {
        const expiresAt = principal.expiresAt === undefined ? undefined : Date.parse(principal.expiresAt);
        const stream = context.keyStreams.open(
          principal.keyId,
          expiresAt === undefined ? undefined : expiresAt - context.now().getTime(),
        );
        endStreamsIfKeyDead(context, principal.keyId).catch(background('checking a watched key'));
        return stream;
      },
      setPresence: async (principal, input) => {
        await setPresence(context, principal, input);
        queueChanges.presenceChanged(input.queues);
        routing.kick();
      },
      touchPresence: (keyIds) => touchPresence(context, keyIds),
      listQueues: () => listQueues(context),
      getQueueConfig: () => queueConfigHistory(context),
      putQueueConfig: async (principal, document) => {
        const record = await putQueueConfig(context, principal, document);
        routing.kick();
        return record;
      },
      acceptOffer: (principal, handoffId, options) => acceptOffer(context, principal, handoffId, options),
      declineOffer: async (principal, handoffId, input) => {
        const handoff = await declineOffer(context, principal, handoffId, input);
        routing.kick();
        return handoff;
      },
      handoffEta: (principal, handoffId) => getHandoffEta(context, principal, handoffId),
      routeNow: () => routing.now(),
      expireHandoffs: (input) => expireHandoffs(context, input),
      revokeKey: (keyId) => revokeKey(context, keyId),
      pruneIdempotencyKeys: (input) => pruneIdempotencyKeys(context, input),
      rateConversation: (principal, conversationId, input) =>
        rateConversation(context, principal, conversationId, input),
      recordConversationOutcome: (principal, conversationId, input) =>
        recordConversationOutcome(context, principal, conversationId, input),
      metrics: (_principal, filter) => readMetrics(context, filter),
      metricsTimeSeries: (_principal, filter) => readTimeSeries(context, filter),
      staffing: (_principal, query) => readStaffing(context, query),
      refineBrief: refine,
      applyRetention: (settings, run) => applyRetention(context.database, settings, context.now(), run),
      ready: () => probeWrite(context, options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS),
      async close() {
        // The database belongs to the caller (main.ts opens and closes it); only our listeners stop here.
        streams.closeAll('shutdown');
        await routing.idle();
        await queueChanges.close();
        hub.close();
        await context.notifier.close();
        await stopFollowingKeys();
        await typing.close();
      },
    },
    options.maskingRules,
  );
  return finished;
}
