/**
 * One telemetry object per server: the logger, the tracer (null when no trace is exported, so the
 * hot path pays nothing), the meter and its instruments, and the Prometheus text of `/metrics`.
 * Built by the composition root from `TelemetryConfig`; the engine never sees any of it (the server
 * instruments around it).
 */
import { context, createNoopMeter, trace, type Meter, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { DestinationStream } from 'pino';
import { TELEMETRY_DEFAULTS, type MetricsAccess, type TelemetryConfig } from './config.ts';
import { createLogger, silentLogger, type Logger } from './logger.ts';
import { createInstruments, type Instruments } from './instruments.ts';

export interface Telemetry {
  logger: Logger;
  /** The tracer, or null when no trace is exported (then nothing is traced at all). */
  tracer: Tracer | null;
  /** The meter (a no-op meter when no metric is exported). */
  meter: Meter;
  /** True when some reader collects metrics (Prometheus or OTLP). */
  metricsEnabled: boolean;
  instruments: Instruments;
  /** Who may read `GET /metrics`. */
  metricsAccess: MetricsAccess;
  /** The current metrics in the Prometheus text format (empty when the endpoint is off). */
  prometheusText(): Promise<string>;
  /** Runs when the telemetry shuts down (stops timers of observers registered later). */
  onShutdown(stop: () => void): void;
  /** Flushes and stops exporters; the tracer provider stops being the global one. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  /** Where log lines go (default stdout). */
  logDestination?: DestinationStream;
  /** A logger to use as is (wins over `logDestination`). */
  logger?: Logger;
  /** Exports spans here (tests: the in-memory exporter), besides OTLP when configured. */
  spanExporter?: SpanExporter;
}

let contextManagerReady = false;

/** Async context for spans (AsyncLocalStorage), registered once per process. */
function ensureContextManager(): void {
  if (contextManagerReady) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerReady = true;
}

/** Builds the telemetry of one server. */
export function createTelemetry(
  config: Partial<TelemetryConfig> = {},
  options: TelemetryOptions = {},
): Telemetry {
  const settings = { ...TELEMETRY_DEFAULTS, ...config };
  const logger =
    options.logger ??
    createLogger({
      level: settings.logLevel,
      ...(options.logDestination ? { destination: options.logDestination } : {}),
    });
  const resource = resourceFromAttributes({ 'service.name': settings.serviceName });
  const stops: (() => void)[] = [];

  // Traces: only when some exporter takes them; otherwise no provider, no spans, no context work.
  const spanProcessors: SpanProcessor[] = [];
  if (options.spanExporter) spanProcessors.push(new SimpleSpanProcessor(options.spanExporter));
  if (settings.otlpTraces) spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  let tracerProvider: BasicTracerProvider | null = null;
  if (spanProcessors.length > 0) {
    ensureContextManager();
    tracerProvider = new BasicTracerProvider({ resource, spanProcessors });
    // Global, so code far from the HTTP layer (around the engine) finds it through the API.
    trace.disable();
    trace.setGlobalTracerProvider(tracerProvider);
  }

  // Metrics: Prometheus pulls through `/metrics`, OTLP pushes periodically.
  const readers: MetricReader[] = [];
  const prometheus = settings.metrics === 'off' ? null : new PrometheusExporter({ preventServerStart: true });
  if (prometheus) readers.push(prometheus);
  if (settings.otlpMetrics) {
    readers.push(new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() }));
  }
  const meterProvider = readers.length > 0 ? new MeterProvider({ resource, readers }) : null;
  const meter = meterProvider ? meterProvider.getMeter('baton') : createNoopMeter();
  const serializer = new PrometheusSerializer();

  return {
    logger,
    tracer: tracerProvider ? tracerProvider.getTracer('baton') : null,
    meter,
    metricsEnabled: meterProvider !== null,
    instruments: createInstruments(meter),
    metricsAccess: settings.metrics,
    async prometheusText() {
      if (!prometheus) return '';
      const { resourceMetrics, errors } = await prometheus.collect();
      for (const error of errors) logger.warn({ err: error }, 'collecting a metric failed');
      return serializer.serialize(resourceMetrics);
    },
    onShutdown(stop) {
      stops.push(stop);
    },
    async shutdown() {
      for (const stop of stops.splice(0)) stop();
      await Promise.all([meterProvider?.shutdown(), tracerProvider?.shutdown()]);
      if (tracerProvider) trace.disable();
      logger.flush();
    },
  };
}

/** Telemetry that logs nothing and measures nothing (an app built without the composition root). */
export function disabledTelemetry(): Telemetry {
  return createTelemetry({ metrics: 'off' }, { logger: silentLogger() });
}
