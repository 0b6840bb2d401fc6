/**
 * The platform adapters of one instance, from the environment: what the routes need, and each
 * configured adapter's relay (started once the server listens, stopped before the database closes).
 */
import type { PlatformAdapters } from '../http/routes/adapters.ts';
import type { Database } from '../storage/database.ts';
import { botFrameworkOutbound, type BotFrameworkConfig } from './bot-framework.ts';
import { metaOutbound, type MetaConfig } from './meta-handover.ts';
import { Relay, type OutboundAdapter } from './relay.ts';

export interface AdaptersConfig {
  /** BATON_BOTFRAMEWORK_BOT_URL (the bot's messaging endpoint) and BATON_BOTFRAMEWORK_TOKEN. */
  botFramework?: BotFrameworkConfig;
  /** BATON_META_APP_SECRET, _VERIFY_TOKEN, _PAGE_TOKEN, _PRIMARY_APP_ID, _AGENT_KEY, _GRAPH_URL. */
  meta?: MetaConfig;
  /** BATON_ADAPTERS_ALLOW_PRIVATE=1: calls may reach loopback and private addresses. */
  allowPrivate: boolean;
}

/** Reads the adapters' settings; throws an Error naming the variable when one is wrong. */
export function readAdaptersConfig(env: NodeJS.ProcessEnv): AdaptersConfig {
  const botUrl = env['BATON_BOTFRAMEWORK_BOT_URL']?.trim();
  const token = env['BATON_BOTFRAMEWORK_TOKEN']?.trim();
  if (botUrl) {
    let url: URL;
    try {
      url = new URL(botUrl);
    } catch {
      throw new Error(`BATON_BOTFRAMEWORK_BOT_URL is not a URL: "${botUrl}".`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`BATON_BOTFRAMEWORK_BOT_URL must be http(s): "${botUrl}".`);
    }
  }
  const metaConfig = readMetaConfig(env);
  return {
    ...(botUrl ? { botFramework: { botUrl, ...(token ? { token } : {}) } } : {}),
    ...(metaConfig ? { meta: metaConfig } : {}),
    allowPrivate: env['BATON_ADAPTERS_ALLOW_PRIVATE'] === '1',
  };
}

const META_VARIABLES = {
  appSecret: 'BATON_META_APP_SECRET',
  verifyToken: 'BATON_META_VERIFY_TOKEN',
  pageToken: 'BATON_META_PAGE_TOKEN',
  primaryAppId: 'BATON_META_PRIMARY_APP_ID',
  agentKey: 'BATON_META_AGENT_KEY',
} as const;

/** Meta's settings: all or none (a partial set names what is missing). */
function readMetaConfig(env: NodeJS.ProcessEnv): MetaConfig | undefined {
  const values = Object.fromEntries(
    Object.entries(META_VARIABLES).map(([field, variable]) => [field, env[variable]?.trim() ?? '']),
  ) as Record<keyof typeof META_VARIABLES, string>;
  const missing = Object.entries(META_VARIABLES)
    .filter(([field]) => values[field as keyof typeof META_VARIABLES] === '')
    .map(([, variable]) => variable);
  if (missing.length === Object.keys(META_VARIABLES).length) return undefined;
  if (missing.length > 0) {
    throw new Error(`Meta's handover adapter needs ${missing.join(', ')} as well.`);
  }
  const graphUrl = env['BATON_META_GRAPH_URL']?.trim() || 'https://graph.facebook.com/v21.0';
  try {
    new URL(graphUrl);
  } catch {
    throw new Error(`BATON_META_GRAPH_URL is not a URL: "${graphUrl}".`);
  }
  return { ...values, graphUrl };
}

export interface RunningAdapters {
  routes: PlatformAdapters;
  relays: Relay[];
  start(): void;
  stop(): Promise<void>;
}

/** Builds the configured adapters over `database` (their relays not started). */
export function createAdapters(options: {
  database: Database;
  config: AdaptersConfig;
  queues: readonly string[];
  now?: () => Date;
  waitForEvents?: (signal: AbortSignal) => Promise<void>;
  logError?: (error: unknown, context: Record<string, unknown>) => void;
}): RunningAdapters {
  const relay = (adapter: OutboundAdapter) =>
    new Relay({
      database: options.database,
      adapter,
      allowPrivate: options.config.allowPrivate,
      ...(options.now ? { now: options.now } : {}),
      ...(options.waitForEvents ? { waitForEvents: options.waitForEvents } : {}),
      ...(options.logError ? { logError: options.logError } : {}),
    });
  const botFramework = options.config.botFramework
    ? relay(botFrameworkOutbound(options.config.botFramework))
    : undefined;
  const meta = options.config.meta ? relay(metaOutbound(options.config.meta)) : undefined;
  const relays = [botFramework, meta].filter((entry): entry is Relay => entry !== undefined);
  return {
    routes: {
      database: options.database,
      queues: options.queues,
      ...(options.now ? { now: options.now } : {}),
      ...(botFramework ? { botFramework: { kick: () => botFramework.kick() } } : {}),
      ...(meta && options.config.meta
        ? { meta: { config: options.config.meta, kick: () => meta.kick() } }
        : {}),
    },
    relays,
    start: () => relays.forEach((entry) => entry.start()),
    stop: async () => {
      await Promise.all(relays.map((entry) => entry.stop()));
    },
  };
}
