/**
 * The platform adapters of one instance, from the environment: what the routes need, and each
 * configured adapter's relay (started once the server listens, stopped before the database closes).
 */
import type { PlatformAdapters } from '../http/routes/adapters.ts';
import type { Database } from '../storage/database.ts';
import { botFrameworkOutbound, type BotFrameworkConfig } from './bot-framework.ts';
import {
  BOT_FRAMEWORK_OPENID_URL,
  connectorTokenVerifier,
  type ConnectorAuthConfig,
} from './bot-framework-auth.ts';
import { metaOutbound, type MetaConfig } from './meta-handover.ts';
import { sunshineOutbound, type SunshineConfig } from './sunshine.ts';
import { Relay, type OutboundAdapter } from './relay.ts';

export interface AdaptersConfig {
  /**
   * BATON_BOTFRAMEWORK_BOT_URL (the bot's messaging endpoint) and BATON_BOTFRAMEWORK_TOKEN; with
   * BATON_BOTFRAMEWORK_APP_ID and _AGENT_KEY (and _OPENID_URL), the Connector's JWTs are accepted.
   */
  botFramework?: BotFrameworkConfig & { connector?: BotFrameworkConnectorConfig };
  /** BATON_META_APP_SECRET, _VERIFY_TOKEN, _PAGE_TOKEN, _PRIMARY_APP_ID, _AGENT_KEY, _GRAPH_URL. */
  meta?: MetaConfig;
  /** BATON_SUNSHINE_APP_ID, _KEY_ID, _KEY_SECRET, _WEBHOOK_SECRET, _AGENT_KEY; _INTEGRATION, _BOT_INTEGRATION, _API_URL. */
  sunshine?: SunshineConfig;
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
  const connector = readConnectorConfig(env);
  if (connector && !botUrl) {
    throw new Error('BATON_BOTFRAMEWORK_APP_ID needs BATON_BOTFRAMEWORK_BOT_URL as well.');
  }
  const metaConfig = readMetaConfig(env);
  const sunshineConfig = readSunshineConfig(env);
  return {
    ...(sunshineConfig ? { sunshine: sunshineConfig } : {}),
    ...(botUrl
      ? { botFramework: { botUrl, ...(token ? { token } : {}), ...(connector ? { connector } : {}) } }
      : {}),
    ...(metaConfig ? { meta: metaConfig } : {}),
    allowPrivate: env['BATON_ADAPTERS_ALLOW_PRIVATE'] === '1',
  };
}

/** Connector authentication: the bot's app id, and the agent key the accepted activities act as. */
export interface BotFrameworkConnectorConfig extends ConnectorAuthConfig {
  agentKey: string;
}

const CONNECTOR_VARIABLES = {
  appId: 'BATON_BOTFRAMEWORK_APP_ID',
  agentKey: 'BATON_BOTFRAMEWORK_AGENT_KEY',
} as const;

/** The Bot Framework Connector's authentication settings, when the app id is set. */
function readConnectorConfig(env: NodeJS.ProcessEnv): BotFrameworkConnectorConfig | undefined {
  const values = readAllOrNone(env, CONNECTOR_VARIABLES, "Bot Framework's Connector authentication");
  if (!values) return undefined;
  return { ...values, openIdUrl: readUrl(env, 'BATON_BOTFRAMEWORK_OPENID_URL', BOT_FRAMEWORK_OPENID_URL) };
}

const META_VARIABLES = {
  appSecret: 'BATON_META_APP_SECRET',
  verifyToken: 'BATON_META_VERIFY_TOKEN',
  pageToken: 'BATON_META_PAGE_TOKEN',
  primaryAppId: 'BATON_META_PRIMARY_APP_ID',
  agentKey: 'BATON_META_AGENT_KEY',
} as const;

const SUNSHINE_VARIABLES = {
  appId: 'BATON_SUNSHINE_APP_ID',
  keyId: 'BATON_SUNSHINE_KEY_ID',
  keySecret: 'BATON_SUNSHINE_KEY_SECRET',
  webhookSecret: 'BATON_SUNSHINE_WEBHOOK_SECRET',
  agentKey: 'BATON_SUNSHINE_AGENT_KEY',
} as const;

/** A set of required settings: all or none (a partial set names what is missing). */
function readAllOrNone<Field extends string>(
  env: NodeJS.ProcessEnv,
  variables: Record<Field, string>,
  adapter: string,
): Record<Field, string> | undefined {
  const entries = Object.entries(variables) as [Field, string][];
  const values = Object.fromEntries(
    entries.map(([field, variable]) => [field, env[variable]?.trim() ?? '']),
  ) as Record<Field, string>;
  const missing = entries.filter(([field]) => values[field] === '').map(([, variable]) => variable);
  if (missing.length === entries.length) return undefined;
  if (missing.length > 0) throw new Error(`${adapter} needs ${missing.join(', ')} as well.`);
  return values;
}

function readUrl(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const value = env[variable]?.trim() || fallback;
  try {
    new URL(value);
  } catch {
    throw new Error(`${variable} is not a URL: "${value}".`);
  }
  return value;
}

/** Meta's settings. */
function readMetaConfig(env: NodeJS.ProcessEnv): MetaConfig | undefined {
  const values = readAllOrNone(env, META_VARIABLES, "Meta's handover adapter");
  if (!values) return undefined;
  return { ...values, graphUrl: readUrl(env, 'BATON_META_GRAPH_URL', 'https://graph.facebook.com/v21.0') };
}

/** Sunshine Conversations' settings. */
function readSunshineConfig(env: NodeJS.ProcessEnv): SunshineConfig | undefined {
  const values = readAllOrNone(env, SUNSHINE_VARIABLES, "Sunshine Conversations' adapter");
  if (!values) return undefined;
  return {
    ...values,
    integration: env['BATON_SUNSHINE_INTEGRATION']?.trim() || 'baton',
    botIntegration: env['BATON_SUNSHINE_BOT_INTEGRATION']?.trim() || 'next',
    apiUrl: readUrl(env, 'BATON_SUNSHINE_API_URL', 'https://api.smooch.io'),
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
  const sunshine = options.config.sunshine ? relay(sunshineOutbound(options.config.sunshine)) : undefined;
  const relays = [botFramework, meta, sunshine].filter((entry): entry is Relay => entry !== undefined);
  return {
    routes: {
      database: options.database,
      queues: options.queues,
      ...(options.now ? { now: options.now } : {}),
      ...(botFramework && options.config.botFramework
        ? {
            botFramework: {
              kick: () => botFramework.kick(),
              ...(options.config.botFramework.connector
                ? {
                    connector: {
                      verify: connectorTokenVerifier(options.config.botFramework.connector, options.now),
                      agentKey: options.config.botFramework.connector.agentKey,
                    },
                  }
                : {}),
            },
          }
        : {}),
      ...(meta && options.config.meta
        ? { meta: { config: options.config.meta, kick: () => meta.kick() } }
        : {}),
      ...(sunshine && options.config.sunshine
        ? { sunshine: { config: options.config.sunshine, kick: () => sunshine.kick() } }
        : {}),
    },
    relays,
    start: () => relays.forEach((entry) => entry.start()),
    stop: async () => {
      await Promise.all(relays.map((entry) => entry.stop()));
    },
  };
}
