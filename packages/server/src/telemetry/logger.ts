/**
 * The server's structured logs: one JSON object per line (pino), with the request id of the
 * request in progress on every line (request-context.ts) and the trace id when a trace records.
 * Logs are for operators and machines; the CLI's messages to a person stay plain text.
 */
import { trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Level, type Logger } from 'pino';
import { currentRequest } from './request-context.ts';

export type { Logger } from 'pino';

/** The levels BATON_LOG_LEVEL admits. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = Level | 'silent';

export interface LoggerOptions {
  level: LogLevel;
  /** Where lines go (default: stdout). Tests pass a stream and read what was written. */
  destination?: DestinationStream;
}

/** The request id and trace id of the code that logs, added to every line. */
function contextFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  const request = currentRequest();
  if (request) fields['requestId'] = request.requestId;
  const span = trace.getActiveSpan();
  if (span?.isRecording()) {
    const { traceId, spanId } = span.spanContext();
    fields['traceId'] = traceId;
    fields['spanId'] = spanId;
  }
  return fields;
}

/** Builds the server's logger. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'baton' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: contextFields,
      // A secret that slips into a logged object is masked rather than written.
      redact: {
        paths: ['authorization', '*.authorization', 'key', '*.key', 'secret', '*.secret', 'password'],
        censor: '[redacted]',
      },
    },
    // Asynchronous writes batch lines under load; pino flushes what is buffered when the process exits.
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}

/** A logger that writes nothing (tests and tools that build an app without telemetry). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
