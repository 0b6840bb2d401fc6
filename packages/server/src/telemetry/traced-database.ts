/**
 * The database as telemetry sees it: a span per transaction and per statement (nested under the
 * request's span), a trace-level log line per statement and a debug line per failed one (both
 * carry the request id through the request scope), and a count of operations in progress, which
 * is the pool use of PGlite's one session. Installed only when something reads it.
 */
import { SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import type { Database, Queryable, QueryOptions } from '../storage/database.ts';
import type { Logger } from './logger.ts';

/** Longest statement text put in a span or a log line. */
const STATEMENT_CHARS = 300;

export interface DatabaseActivity {
  /** Queries and transactions started and not yet finished. */
  readonly inFlight: number;
}

/** A statement as logs and spans show it: whitespace collapsed, cut; parameters never included. */
function statementText(sql: string): string {
  const text = sql.replaceAll(/\s+/g, ' ').trim();
  return text.length > STATEMENT_CHARS ? `${text.slice(0, STATEMENT_CHARS)}…` : text;
}

/** `SELECT`, `INSERT`, `WITH`, ...: the span's name. */
function operationOf(sql: string): string {
  return /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase() ?? 'SQL';
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Statements are traced inside a recorded trace only: background polls would each start a trace. */
function inTrace(): boolean {
  return trace.getActiveSpan()?.isRecording() ?? false;
}

export function traceDatabase(
  database: Database,
  options: { tracer: Tracer | null; logger: Logger },
): Database & DatabaseActivity {
  const { tracer, logger } = options;
  const system = database.kind === 'postgres' ? 'postgresql' : 'pglite';
  let inFlight = 0;

  async function observe<T>(sql: string, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    const finish = (error?: unknown) => {
      if (error !== undefined && logger.isLevelEnabled('debug')) {
        logger.debug(
          { statement: statementText(sql), code: errorCode(error), err: error },
          'statement failed',
        );
      } else if (error === undefined && logger.isLevelEnabled('trace')) {
        const durationMs = Math.round((performance.now() - started) * 10) / 10;
        logger.trace({ statement: statementText(sql), durationMs }, 'statement');
      }
    };
    if (!tracer || !inTrace()) {
      try {
        const result = await run();
        finish();
        return result;
      } catch (error) {
        finish(error);
        throw error;
      }
    }
    return tracer.startActiveSpan(
      operationOf(sql),
      {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system': system, 'db.query.text': statementText(sql) },
      },
      async (span) => {
        try {
          const result = await run();
          finish();
          return result;
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode(error) ?? 'error' });
          finish(error);
          throw error;
        } finally {
          span.end();
        }
      },
    );
  }

  function wrap(target: Queryable): Queryable {
    return {
      query: <Row>(sql: string, params?: unknown[], queryOptions?: QueryOptions) =>
        observe(sql, () => target.query<Row>(sql, params, queryOptions)),
      exec: (sql: string) => observe(sql, () => target.exec(sql)),
    };
  }

  async function counted<T>(work: () => Promise<T>): Promise<T> {
    inFlight += 1;
    try {
      return await work();
    } finally {
      inFlight -= 1;
    }
  }

  const root = wrap(database);
  return {
    ...database,
    kind: database.kind,
    get inFlight() {
      return inFlight;
    },
    // The options pass through: the hot path's statements stay prepared when this wrapper is on.
    query: (sql, params, queryOptions) => counted(() => root.query(sql, params, queryOptions)),
    exec: (sql) => counted(() => root.exec(sql)),
    transaction: (fn, txOptions) =>
      counted(() => {
        const body = () => database.transaction((tx) => fn(wrap(tx)), txOptions);
        if (!tracer || !inTrace()) return body();
        return tracer.startActiveSpan(
          'transaction',
          { kind: SpanKind.CLIENT, attributes: { 'db.system': system } },
          async (span) => {
            try {
              return await body();
            } catch (error) {
              span.setStatus({ code: SpanStatusCode.ERROR, message: errorCode(error) ?? 'error' });
              throw error;
            } finally {
              span.end();
            }
          },
        );
      }),
    ...(database.listen ? { listen: database.listen.bind(database) } : {}),
    close: () => database.close(),
  };
}
