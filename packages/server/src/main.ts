/**
 * The composition root: reads the configuration once (environment, then flags), opens the database
 * (PGlite in a data folder by default, PostgreSQL with DATABASE_URL), creates the service, serves
 * the HTTP API, and shuts down gracefully. Nothing else reads `process.env` or picks a backend.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Server, ServerResponse } from 'node:http';
import path from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { createApp } from './http/app.ts';
import type { RateLimitConfig } from './http/rate-limit.ts';
import { formatPolicyErrors, loadPolicyFile } from './policy/load-policy.ts';
import { createService, DEFAULT_QUEUES, type BatonService } from './service/create-service.ts';
import { HOUSEKEEPING_DEFAULTS, startHousekeeping, startRouting } from './service/housekeeping.ts';
import { loadQueueConfigFile } from './service/load-queue-config.ts';
import type { EventStreamLimits } from './service/event-streams.ts';
import type { RetentionSettings } from './service/retention.ts';
import { readRetention, readStreamLimits, SettingError } from './service/retention-config.ts';
import { llmConfigFromEnv, LlmConfigError, summarizeWithLlm, type LlmConfig } from './brief/llm-summary.ts';
import type { Service } from './service/types.ts';
import {
  DEFAULT_DATA_DIR,
  DEFAULT_DATABASE_TIMEOUTS,
  openDatabase,
  type Database,
  type DatabaseTimeouts,
} from './storage/database.ts';
import { privacyConfigFromEnv, type PrivacyConfig } from './privacy/privacy-config.ts';
import type { WebhookConfig } from './webhooks/config.ts';
import { createWebhooks } from './webhooks/create-webhooks.ts';
import { createAdapters, readAdaptersConfig, type AdaptersConfig } from './adapters/create-adapters.ts';
import { readTelemetryConfig, type TelemetryConfig } from './telemetry/config.ts';
import { observeServer } from './telemetry/gauges.ts';
import { createTelemetry, type Telemetry } from './telemetry/telemetry.ts';
import { traceDatabase } from './telemetry/traced-database.ts';
import { traceService } from './telemetry/traced-service.ts';

export interface ServerConfig {
  port: number;
  host: string;
  /** The embedded database's folder; unused when `databaseUrl` is set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** A policy file (YAML or JSON); the engine's default policy when absent. */
  policyPath: string | undefined;
  /** Queue names; the first is the default. The service's default (`general`) when absent. */
  queues: string[] | undefined;
  /** Webhook settings; `allowPrivateUrls` from BATON_WEBHOOKS_ALLOW_PRIVATE=1. */
  webhooks?: Partial<WebhookConfig>;
  /** An OpenAI-compatible endpoint for brief summaries (BATON_LLM_URL, _MODEL, _API_KEY, _TIMEOUT_MS). */
  llm?: LlmConfig | null;
  /** BATON_RATE_LIMIT: requests per second per key (per address without a key), per instance; null is off. */
  rateLimit?: RateLimitConfig | null;
  /** Handoffs queued longer than this expire (BATON_HANDOFF_MAX_WAIT_MINUTES); null: never. */
  handoffMaxWaitMs?: number | null;
  /** BATON_RETENTION_DAYS and per kind (service/retention-config.ts). */
  retention?: RetentionSettings;
  /** BATON_MAX_STREAMS, BATON_MAX_STREAMS_PER_KEY, BATON_STREAM_BUFFER_EVENTS. */
  eventStreams?: EventStreamLimits;
  /** Time limits of every database connection (BATON_DB_*_TIMEOUT_MS). */
  databaseTimeouts?: DatabaseTimeouts;
  /** What is masked at rest (BATON_MASK_RULES) and where contacts go out in clear (BATON_EXPOSE_CONTACTS). */
  privacy?: PrivacyConfig;
  /** Platform adapters (BATON_BOTFRAMEWORK_*, BATON_ADAPTERS_ALLOW_PRIVATE). */
  adapters?: AdaptersConfig;
  /** BATON_DEMO: serve `/demo` and its agent (on by default, for the quick start); off removes both. */
  demo?: boolean;
  /** BATON_LOG_LEVEL, BATON_METRICS, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME (docs/operations.md). */
  telemetry?: TelemetryConfig;
  /** How operators are named to customers (BATON_CUSTOMER_OPERATOR_NAME: first, full, none). */
  customerOperatorName?: 'first' | 'full' | 'none';
  /** A queue configuration file (BATON_QUEUES_FILE, YAML or JSON; docs/routing.md). */
  queueConfigPath?: string | undefined;
}

/** Flags of `baton serve`, which win over the environment. */
export type ServerFlags = Partial<
  Record<'port' | 'host' | 'dataDir' | 'databaseUrl' | 'policy' | 'queues', string>
>;

/** Every default in one place. */
export const CONFIG_DEFAULTS = {
  port: 3000,
  host: '127.0.0.1',
  dataDir: DEFAULT_DATA_DIR,
  // Generous on purpose: a guard against a runaway client, far above what one key does in normal use
  // (and above the single-key load of scripts/bench/api.ts, ~600 turns/s), not a quota.
  rateLimit: { perSecond: 1000, burst: 4000 },
  databaseTimeouts: DEFAULT_DATABASE_TIMEOUTS,
  demo: true,
} satisfies Partial<ServerConfig>;

/** `BATON_DEMO`: `on` or `off` (also `1`/`0`, `true`/`false`); absent is the default. */
export function parseDemo(value: string | undefined): boolean {
  if (value === undefined) return CONFIG_DEFAULTS.demo;
  const normalized = value.toLowerCase();
  if (['on', '1', 'true'].includes(normalized)) return true;
  if (['off', '0', 'false'].includes(normalized)) return false;
  throw new ConfigError(`BATON_DEMO must be "on" or "off", not "${value}".`);
}

/** The environment variable of each database time limit. */
const DATABASE_TIMEOUT_VARIABLES = {
  statementMs: 'BATON_DB_STATEMENT_TIMEOUT_MS',
  lockMs: 'BATON_DB_LOCK_TIMEOUT_MS',
  idleInTransactionMs: 'BATON_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
  connectMs: 'BATON_DB_CONNECT_TIMEOUT_MS',
} as const satisfies Record<keyof DatabaseTimeouts, string>;

/** The database time limits: each from its variable (whole milliseconds, 0 is off) or its default. */
function parseDatabaseTimeouts(env: NodeJS.ProcessEnv): DatabaseTimeouts {
  const timeouts = { ...CONFIG_DEFAULTS.databaseTimeouts };
  for (const [field, variable] of Object.entries(DATABASE_TIMEOUT_VARIABLES) as [
    keyof DatabaseTimeouts,
    string,
  ][]) {
    const value = nonEmpty(env[variable]);
    if (value === undefined) continue;
    const ms = Number(value);
    if (!/^\d+$/.test(value) || ms > 3_600_000) {
      throw new ConfigError(
        `${variable} must be whole milliseconds from 0 (off) to 3600000, not "${value}".`,
      );
    }
    timeouts[field] = ms;
  }
  return timeouts;
}

/** A configuration mistake: printed as is, exit code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value.trim()) || port > 65_535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535, not "${value}".`);
  }
  return port;
}

/** `BATON_RATE_LIMIT`: `rate` or `rate:burst` (burst defaults to 4 × rate); `0` turns it off. */
export function parseRateLimit(value: string): RateLimitConfig | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?::\s*(\d+)\s*)?$/.exec(value);
  const perSecond = Number(match?.[1]);
  const burst = match?.[2] === undefined ? Math.max(1, Math.ceil(perSecond * 4)) : Number(match[2]);
  if (!match || (perSecond > 0 && burst < 1)) {
    throw new ConfigError(
      `BATON_RATE_LIMIT must be requests per second, optionally with a burst ("50" or "50:200"; "0" is off), not "${value}".`,
    );
  }
  return perSecond === 0 ? null : { perSecond, burst };
}

/** Minutes a handoff may wait before it expires; absent or 0 means never. */
function parseMaxWait(value: string | undefined): number | null {
  if (value === undefined) return null;
  const minutes = Number(value);
  if (!/^\d+$/.test(value) || minutes > 7 * 24 * 60) {
    throw new ConfigError(
      `BATON_HANDOFF_MAX_WAIT_MINUTES must be whole minutes from 0 to 10080, not "${value}".`,
    );
  }
  return minutes === 0 ? null : minutes * 60_000;
}

/** BATON_CUSTOMER_OPERATOR_NAME: how the customer stream names operators. */
function parseOperatorNameSetting(value: string | undefined): Pick<ServerConfig, 'customerOperatorName'> {
  if (value === undefined) return {};
  if (value === 'first' || value === 'full' || value === 'none') return { customerOperatorName: value };
  throw new ConfigError(`BATON_CUSTOMER_OPERATOR_NAME must be first, full or none, not ${value}.`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Reads the configuration from the environment and the flags, once. */
export function readConfig(env: NodeJS.ProcessEnv, flags: ServerFlags = {}): ServerConfig {
  const port = nonEmpty(flags.port ?? env['PORT']);
  const queues = nonEmpty(flags.queues ?? env['BATON_QUEUES']);
  const rateLimit = nonEmpty(env['BATON_RATE_LIMIT']);
  let retention: RetentionSettings;
  let eventStreams: EventStreamLimits;
  let privacy: PrivacyConfig;
  let adapters: AdaptersConfig;
  let telemetry: TelemetryConfig;
  try {
    adapters = readAdaptersConfig(env);
    telemetry = readTelemetryConfig(env);
    retention = readRetention(env);
    eventStreams = readStreamLimits(env);
    privacy = privacyConfigFromEnv(env);
  } catch (error) {
    if (error instanceof SettingError) throw new ConfigError(error.message);
    throw new ConfigError((error as Error).message);
  }
  let llm: LlmConfig | null;
  try {
    llm = llmConfigFromEnv(env);
  } catch (error) {
    if (error instanceof LlmConfigError) throw new ConfigError(error.message);
    throw error;
  }
  return {
    telemetry,
    llm,
    adapters,
    retention,
    eventStreams,
    port: port === undefined ? CONFIG_DEFAULTS.port : parsePort(port),
    rateLimit: rateLimit === undefined ? CONFIG_DEFAULTS.rateLimit : parseRateLimit(rateLimit),
    handoffMaxWaitMs: parseMaxWait(nonEmpty(env['BATON_HANDOFF_MAX_WAIT_MINUTES'])),
    ...parseOperatorNameSetting(nonEmpty(env['BATON_CUSTOMER_OPERATOR_NAME'])),
    databaseTimeouts: parseDatabaseTimeouts(env),
    webhooks: {
      allowPrivateUrls: env['BATON_WEBHOOKS_ALLOW_PRIVATE'] === '1',
      exposeContacts: privacy.exposeContacts.has('webhooks'),
    },
    privacy,
    demo: parseDemo(nonEmpty(env['BATON_DEMO'])),
    host: nonEmpty(flags.host ?? env['HOST']) ?? CONFIG_DEFAULTS.host,
    dataDir: nonEmpty(flags.dataDir ?? env['BATON_DATA_DIR']) ?? CONFIG_DEFAULTS.dataDir,
    databaseUrl: nonEmpty(flags.databaseUrl ?? env['DATABASE_URL']),
    policyPath: nonEmpty(flags.policy ?? env['BATON_POLICY']),
    queueConfigPath: nonEmpty(env['BATON_QUEUES_FILE']),
    queues: queues
      ?.split(',')
      .map((queue) => queue.trim())
      .filter((queue) => queue !== ''),
  };
}

/** The storage as a person reads it, with any password hidden. */
export function describeStorage(config: Pick<ServerConfig, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return `PGlite (embedded) in ${path.resolve(config.dataDir)}`;
  try {
    const url = new URL(config.databaseUrl);
    if (url.password) url.password = '***';
    return `PostgreSQL at ${url.toString()}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/**
 * The policy document from the configured file, or undefined for the default; invalid files throw,
 * and so does a file naming a queue that is not among `queues`.
 */
export async function loadConfiguredPolicy(
  policyPath: string | undefined,
  queues: readonly string[] = DEFAULT_QUEUES,
): Promise<unknown> {
  if (!policyPath) return undefined;
  const loaded = await loadPolicyFile(policyPath, { queues });
  if (!loaded.ok) throw new ConfigError(`The policy file is invalid:\n${formatPolicyErrors(loaded.errors)}`);
  return loaded.policy;
}

/** The queue configuration from its file, or undefined without one; an invalid file throws (file:line:column field). */
export async function loadConfiguredQueues(
  path: string | undefined,
  queues: readonly string[],
): Promise<unknown> {
  if (!path) return undefined;
  const loaded = await loadQueueConfigFile(path, queues);
  if (!loaded.ok)
    throw new ConfigError(`The queue configuration file is invalid:\n${formatPolicyErrors(loaded.errors)}`);
  return loaded.document;
}

/** Opens the configured database and builds the service over it (what `serve` and `keys` share). */
export async function openService(
  config: ServerConfig,
  telemetry?: Telemetry,
): Promise<{ service: BatonService; database: Database }> {
  const policy = await loadConfiguredPolicy(
    config.policyPath,
    config.queues && config.queues.length > 0 ? config.queues : DEFAULT_QUEUES,
  );
  const queueConfig = await loadConfiguredQueues(
    config.queueConfigPath,
    config.queues && config.queues.length > 0 ? config.queues : DEFAULT_QUEUES,
  );
  const database = await openDatabase({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    ...(config.databaseTimeouts ? { timeouts: config.databaseTimeouts } : {}),
    ...(telemetry ? { log: telemetry.logger } : {}),
  });
  try {
    const llm = config.llm;
    // Spans, statement logs and pool use around the database, when something reads them.
    const observed =
      telemetry && (telemetry.tracer || telemetry.metricsEnabled || telemetry.logger.isLevelEnabled('debug'))
        ? traceDatabase(database, telemetry)
        : database;
    const service = await createService({
      database: observed,
      ...(telemetry
        ? {
            logBackgroundError: (error: unknown, work: string) =>
              telemetry.logger.warn({ err: error, work }, 'work after the answer failed'),
            eventHub: {
              logError: (error) => telemetry.logger.error({ err: error }, 'reading new events failed'),
            },
          }
        : {}),
      ...(llm ? { summarizer: (input) => summarizeWithLlm(input, llm) } : {}),
      ...(policy !== undefined ? { policy } : {}),
      ...(queueConfig !== undefined ? { queueConfig } : {}),
      ...(config.privacy ? { maskingRules: config.privacy.maskingRules } : {}),
      ...(config.queues && config.queues.length > 0 ? { queues: config.queues } : {}),
      ...(config.eventStreams ? { eventStreams: config.eventStreams } : {}),
      ...(config.customerOperatorName
        ? { protocol: { customerStream: { operatorName: config.customerOperatorName } } }
        : {}),
    });
    if (!telemetry || (!telemetry.tracer && !telemetry.metricsEnabled))
      return { service, database: observed };
    const instruments = telemetry.metricsEnabled ? telemetry.instruments : null;
    return { service: traceService(service, { tracer: telemetry.tracer, instruments }), database: observed };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export interface RunningServer {
  url: string;
  service: Service;
  database: Database;
  server: Server;
  /** The logger, tracer and meters of this server. */
  telemetry: Telemetry;
  /** Ends event streams, stops accepting, waits for requests in flight, closes the database. */
  close(): Promise<void>;
}

/** Starts Baton with the given configuration; resolves once it listens. */
export async function startServer(
  config: ServerConfig,
  options: { logError?: (error: unknown) => void; telemetry?: Telemetry } = {},
): Promise<RunningServer> {
  const telemetry = options.telemetry ?? createTelemetry(config.telemetry);
  const { logger } = telemetry;
  const { service, database } = await openService(config, telemetry).catch(async (error: unknown) => {
    await telemetry.shutdown();
    throw error;
  });
  const shutdown = new AbortController();
  // The webhook worker of this instance: started once listening, stopped before the database closes.
  const webhooks = createWebhooks({
    database,
    ...(config.webhooks ? { config: config.webhooks } : {}),
    waitForEvents: (signal) => service.waitForEvents(signal),
    logError: options.logError ?? ((error) => logger.error({ err: error }, 'webhook worker error')),
  });
  // Platform adapters: their routes, and the relays that tell each platform what happened.
  const adapters = createAdapters({
    database,
    config: config.adapters ?? { allowPrivate: false },
    queues: config.queues && config.queues.length > 0 ? config.queues : DEFAULT_QUEUES,
    waitForEvents: (signal) => service.waitForEvents(signal),
    logError: (error: unknown, context: Record<string, unknown>) =>
      options.logError
        ? options.logError(error)
        : logger.error({ err: error, ...context }, 'adapter relay error'),
  });
  const app = createApp(service, {
    adapters: adapters.routes,
    webhooks: webhooks.admin,
    rateLimit: config.rateLimit ?? null,
    shutdownSignal: shutdown.signal,
    ...(options.logError ? { logError: options.logError } : {}),
    demo: config.demo ?? CONFIG_DEFAULTS.demo,
    telemetry,
  });
  const server = createAdaptorServer({ fetch: app.fetch, hostname: config.host }) as Server;
  try {
    server.listen(config.port, config.host);
    await once(server, 'listening');
    webhooks.worker.start();
    adapters.start();
  } catch (error) {
    await service.close();
    await database.close();
    await telemetry.shutdown();
    throw error;
  }
  const stopHousekeeping = startHousekeeping(service, {
    ...HOUSEKEEPING_DEFAULTS,
    handoffMaxWaitMs: config.handoffMaxWaitMs ?? null,
    retention: config.retention ?? HOUSEKEEPING_DEFAULTS.retention,
    intervalMs: 60_000,
    logError: options.logError ?? ((error) => logger.error({ err: error }, 'housekeeping failed')),
  });
  observeServer(telemetry, { database, queues: config.queues?.length ? config.queues : DEFAULT_QUEUES });
  // Offers lapse within seconds: routing rounds run more often than the other chores.
  const stopRouting = startRouting(service, {
    intervalMs: 5_000,
    logError: options.logError ?? ((error) => logger.error({ err: error }, 'routing failed')),
  });
  // Requests in progress, so shutdown can cut idle sockets at once (even ones that never sent a request).
  let inFlight = 0;
  server.on('request', (_request, response: ServerResponse) => {
    inFlight += 1;
    response.once('close', () => (inFlight -= 1));
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  logger.info(
    { url: `http://${host}:${port}`, storage: describeStorage(config), metrics: telemetry.metricsAccess },
    'listening',
  );
  return {
    url: `http://${host}:${port}`,
    service,
    database,
    server,
    telemetry,
    close() {
      closing ??= (async () => {
        shutdown.abort();
        stopHousekeeping();
        stopRouting();
        // Attempts in progress get the worker's grace while the HTTP server drains.
        const webhooksStopped = webhooks.worker.stop();
        webhooksStopped.catch(() => {}); // Awaited below; this keeps an early failure from going unhandled.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Event streams end on the abort above; once no request is in progress, every socket left is
        // idle (keep-alive, or opened and never used) and is closed. What still runs after a grace
        // period is cut.
        const sweep = setInterval(() => {
          if (inFlight === 0) server.closeAllConnections();
          else server.closeIdleConnections();
        }, 20);
        const grace = setTimeout(() => server.closeAllConnections(), 5_000);
        await closed;
        clearInterval(sweep);
        clearTimeout(grace);
        await webhooksStopped;
        await adapters.stop();
        // Before the database closes: the last metric export still reads the queue gauges.
        await telemetry.shutdown();
        await service.close();
        await database.close();
      })();
      return closing;
    },
  };
}

/** How many API keys exist: none means a first run on this database. */
async function countKeys(database: Database): Promise<number> {
  const rows = await database.query<{ count: number }>('SELECT count(*)::int AS count FROM api_keys');
  return rows[0]?.count ?? 0;
}

/** The startup banner: where Baton listens, what it stores in, and how to get keys. */
function banner(config: ServerConfig, url: string, firstKey: string | undefined): string {
  const lines = [
    `Baton is listening on ${url}`,
    `  Console    ${url}/            sign in with an operator key, or your name and the admin key`,
    `  Dashboard  ${url}/dashboard`,
    config.demo === false
      ? '  Demo       off (BATON_DEMO=off)'
      : `  Demo       ${url}/demo        ask for a person, then claim it in the console`,
    `  API        ${url}/v1`,
    `  OpenAPI    ${url}/openapi.json`,
    `  Health     ${url}/healthz  ${url}/readyz`,
    `  Storage    ${describeStorage(config)}`,
    `  Policy     ${config.policyPath ? path.resolve(config.policyPath) : 'the default policy'}`,
    '',
  ];
  if (firstKey) {
    lines.push(
      'First run: an admin API key was created. It is shown once; keep it somewhere safe:',
      '',
      `  ${firstKey}`,
      '',
    );
  }
  const adminKey = firstKey ?? '<admin key>';
  lines.push(
    'Make keys for your agent and operators while the server runs:',
    `  curl -s -X POST ${url}/v1/keys -H 'authorization: Bearer ${adminKey}' \\`,
    `       -H 'content-type: application/json' -d '{"scope":"agent","name":"my agent"}'`,
    config.databaseUrl
      ? 'or from a shell: npx baton keys create --scope agent|operator|admin'
      : 'or, with the server stopped (one process per data folder): npx baton keys create --scope agent|operator|admin',
  );
  return lines.join('\n');
}

/** `baton serve` and `npm start`: runs until SIGINT or SIGTERM. */
export async function runServer(config: ServerConfig): Promise<void> {
  const running = await startServer(config);
  let firstKey: string | undefined;
  if (!config.databaseUrl && (await countKeys(running.database)) === 0) {
    firstKey = (await running.service.createKey({ scope: 'admin', name: 'first admin' })).key;
  }
  process.stdout.write(`${banner(config, running.url, firstKey)}\n`);

  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    signals += 1;
    const { logger } = running.telemetry;
    if (signals > 1) {
      logger.warn({ signal }, 'stopping now');
      logger.flush();
      process.exit(1);
    }
    logger.info({ signal }, 'shutting down (the signal again forces it)');
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        logger.flush();
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
