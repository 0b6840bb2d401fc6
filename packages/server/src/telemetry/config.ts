/**
 * The telemetry settings, read once by the composition root: the log level (BATON_LOG_LEVEL), the
 * Prometheus endpoint (BATON_METRICS) and OTLP export, which is on when the standard
 * OTEL_EXPORTER_OTLP_ENDPOINT (or its per-signal variant) is set; the exporters read those
 * variables themselves, as the OpenTelemetry specification says.
 */
import { LOG_LEVELS, type LogLevel } from './logger.ts';

/** Who may read `GET /metrics`: nobody (off, the default), anyone who reaches it, or admin keys only. */
export type MetricsAccess = 'off' | 'on' | 'admin';

export interface TelemetryConfig {
  logLevel: LogLevel;
  metrics: MetricsAccess;
  /** Traces over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT). */
  otlpTraces: boolean;
  /** Metrics over OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_METRICS_ENDPOINT). */
  otlpMetrics: boolean;
  /** The `service.name` resource attribute (OTEL_SERVICE_NAME, default `baton`). */
  serviceName: string;
}

export const TELEMETRY_DEFAULTS: TelemetryConfig = {
  logLevel: 'info',
  metrics: 'off',
  otlpTraces: false,
  otlpMetrics: false,
  serviceName: 'baton',
};

/** A telemetry setting with a value it does not admit. */
export class TelemetrySettingError extends Error {
  override name = 'TelemetrySettingError';
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** Reads the telemetry settings from the environment. */
export function readTelemetryConfig(env: NodeJS.ProcessEnv): TelemetryConfig {
  const level = nonEmpty(env['BATON_LOG_LEVEL'])?.toLowerCase() ?? TELEMETRY_DEFAULTS.logLevel;
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new TelemetrySettingError(
      `BATON_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${env['BATON_LOG_LEVEL']}".`,
    );
  }
  const metrics = nonEmpty(env['BATON_METRICS'])?.toLowerCase() ?? TELEMETRY_DEFAULTS.metrics;
  if (metrics !== 'off' && metrics !== 'on' && metrics !== 'admin') {
    throw new TelemetrySettingError(
      `BATON_METRICS must be off, on (GET /metrics open to anyone who reaches it) or admin (an admin key reads it), not "${env['BATON_METRICS']}".`,
    );
  }
  const disabled = nonEmpty(env['OTEL_SDK_DISABLED'])?.toLowerCase() === 'true';
  const endpoint = nonEmpty(env['OTEL_EXPORTER_OTLP_ENDPOINT']);
  return {
    logLevel: level as LogLevel,
    metrics,
    otlpTraces: !disabled && (endpoint ?? nonEmpty(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'])) !== undefined,
    otlpMetrics:
      !disabled && (endpoint ?? nonEmpty(env['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'])) !== undefined,
    serviceName: nonEmpty(env['OTEL_SERVICE_NAME']) ?? TELEMETRY_DEFAULTS.serviceName,
  };
}
