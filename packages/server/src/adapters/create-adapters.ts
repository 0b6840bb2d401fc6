/**
 * The platform adapters of one instance, from the environment: what the routes need, and each
 * configured adapter's relay (started once the server listens, stopped before the database closes).
 */
import type { PlatformAdapters } from '../http/routes/adapters.ts';
import type { Database } from '../storage/database.ts';
import { botFrameworkOutbound, type BotFrameworkConfig } from './bot-framework.ts';
import { Relay } from './relay.ts';

export interface AdaptersConfig {
  /** BATON_BOTFRAMEWORK_BOT_URL (the bot's messaging endpoint) and BATON_BOTFRAMEWORK_TOKEN. */
  botFramework?: BotFrameworkConfig;
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
  return {
    ...(botUrl ? { botFramework: { botUrl, ...(token ? { token } : {}) } } : {}),
    allowPrivate: env['BATON_ADAPTERS_ALLOW_PRIVATE'] === '1',
  };
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
  const relay = (adapter: ReturnType<typeof botFrameworkOutbound>) =>
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
  const relays = [botFramework].filter((entry): entry is Relay => entry !== undefined);
  return {
    routes: {
      database: options.database,
      queues: options.queues,
      ...(options.now ? { now: options.now } : {}),
      ...(botFramework ? { botFramework: { kick: () => botFramework.kick() } } : {}),
    },
    relays,
    start: () => relays.forEach((entry) => entry.start()),
    stop: async () => {
      await Promise.all(relays.map((entry) => entry.stop()));
    },
  };
}
