/**
 * `baton staffing FILE | --from-db`: operators needed per queue and hour of the week for a
 * service-level target (Erlang C, or Erlang A where customers leave), from a file of handoffs (see
 * staffing/history-file.ts for the formats) or from the database the server uses. What if the
 * handoff rate changed: `--handoff-rate-change PCT`, or `--what-if-replay REPORT` with the JSON of
 * `baton replay --compare` (its `volumeChange.relative`).
 */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { readConfig, type ServerFlags } from '../main.ts';
import { DEFAULT_LIMITS } from '../service/create-service.ts';
import { forecastStaffing, type StaffingReport } from '../staffing/forecast.ts';
import {
  HistoryCollector,
  HistoryLineError,
  readHandoff,
  readJsonLine,
  splitCsvLine,
} from '../staffing/history-file.ts';
import { HOUR_MS } from '../staffing/hour-of-week.ts';
import {
  readStaffing,
  staffingRange,
  staffingSettings,
  type StaffingQuery,
} from '../staffing/read-staffing.ts';
import { openDatabase, type Database } from '../storage/database.ts';
import { openLines, writeLine } from './replay-command.ts';
import { printStartupError } from './startup-errors.ts';

const number = (check: (value: number) => boolean, hint: string) => (value: string) => {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || !check(parsed)) throw new InvalidArgumentError(hint);
  return parsed;
};
const isoTime = (value: string) => {
  if (Number.isNaN(Date.parse(value)))
    throw new InvalidArgumentError('use an ISO time, e.g. 2026-03-01T00:00:00Z');
  return value;
};
const format = (value: string): 'table' | 'json' => {
  if (value !== 'table' && value !== 'json') throw new InvalidArgumentError('use table or json');
  return value;
};

interface StaffingOptions extends Pick<ServerFlags, 'dataDir' | 'databaseUrl'> {
  fromDb?: boolean;
  queue?: string;
  from?: string;
  to?: string;
  serviceLevel?: number;
  answerSeconds?: number;
  concurrency?: number;
  maxOccupancy?: number;
  maxAbandonment?: number;
  handoffRateChange?: number;
  whatIfReplay?: string;
  timeZone?: string;
  format: 'table' | 'json';
  strict?: boolean;
}

/** The handoff-rate change in percent a `baton replay --compare` JSON report implies (B against A). */
export async function rateChangeFromReplay(file: string): Promise<number> {
  let report: unknown;
  try {
    report = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: not a JSON report of baton replay --compare (${(error as Error).message})`);
  }
  const relative = (report as { volumeChange?: { relative?: unknown } } | null)?.volumeChange?.relative;
  if (typeof relative !== 'number' || !Number.isFinite(relative)) {
    throw new Error(
      `${file}: volumeChange.relative: must be a number (policy A escalated nothing, or this is not a --compare report)`,
    );
  }
  return relative * 100;
}

/** Reads a handoff file into a collector; each bad line goes to stderr as FILE:LINE: field: problem. */
export async function readHistoryFile(
  file: string,
  strict: boolean,
): Promise<{ collector: HistoryCollector; skipped: number }> {
  const collector = new HistoryCollector();
  const csv = file.toLowerCase().endsWith('.csv');
  let header: string[] | null = null;
  let lineNumber = 0;
  let skipped = 0;
  for await (const line of await openLines(file)) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    try {
      if (csv && header === null) {
        header = splitCsvLine(line);
        for (const field of ['queue', 'requestedAt', 'status']) {
          if (!header.includes(field))
            throw new HistoryLineError(lineNumber, field, 'missing from the CSV header');
        }
        continue;
      }
      if (csv) {
        const values = splitCsvLine(line);
        if (values.length !== header!.length) {
          throw new HistoryLineError(
            lineNumber,
            '(line)',
            `has ${values.length} fields, the header ${header!.length}`,
          );
        }
        collector.add([
          readHandoff(Object.fromEntries(header!.map((name, index) => [name, values[index]])), lineNumber),
        ]);
      } else {
        collector.add(readJsonLine(line, lineNumber));
      }
    } catch (error) {
      if (!(error instanceof HistoryLineError)) throw error;
      process.stderr.write(
        `${file}:${error.line}: ${error.message}${strict || header === null ? '' : ' (skipped)'}\n`,
      );
      if (strict || (csv && header === null)) return Promise.reject(new StaffingInputError());
      skipped += 1;
    }
  }
  return { collector, skipped };
}

/** A file the command already reported on stderr. */
class StaffingInputError extends Error {}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const hourName = (hourOfWeek: number) =>
  `${DAYS[Math.floor(hourOfWeek / 24)]} ${String(hourOfWeek % 24).padStart(2, '0')}:00`;
const figure = (value: number | null, digits = 0) => (value === null ? '—' : value.toFixed(digits));

/** A plain-text table: per queue, the hours that had handoffs or need someone. */
export function staffingTable(report: StaffingReport): string {
  const { target } = report;
  const lines = [
    `Target: ${Math.round(target.serviceLevel * 100)}% claimed within ${target.answerSeconds} s; ` +
      (report.queues.some((queue) => queue.concurrencySource === 'presence')
        ? 'conversations per operator from recorded presence capacity'
        : `${target.concurrency} conversation${target.concurrency === 1 ? '' : 's'} per operator`) +
      (target.handoffRateChange === 0
        ? ''
        : `; handoff rate ${target.handoffRateChange > 0 ? '+' : ''}${target.handoffRateChange}%`) +
      `. History ${report.range.from} to ${report.range.to} (hours in ${report.range.timeZone}).`,
  ];
  for (const queue of report.queues) {
    lines.push(
      '',
      `${queue.queue}: ${queue.model}, ${queue.escalations} handoffs, mean handle ${figure(queue.meanHandleSeconds)} s` +
        (queue.meanPatienceSeconds === null ? '' : `, mean patience ${figure(queue.meanPatienceSeconds)} s`) +
        (queue.operatorsOnline === null ? '' : `, ${queue.operatorsOnline} online now`) +
        (queue.concurrencySource === 'presence' ? `, ${queue.concurrency} per operator (presence)` : '') +
        (queue.peak ? `; peak ${queue.peak.operatorsNeeded} at ${hourName(queue.peak.hourOfWeek)}` : ''),
      `  hour       per hour  handle s  claimed≤t  needed${target.handoffRateChange === 0 ? '' : '  (before)'}  predicted`,
    );
    for (const hour of queue.hours) {
      if (hour.arrivals === 0 && !hour.operatorsNeeded) continue;
      lines.push(
        `  ${hourName(hour.hourOfWeek)}  ${figure(hour.arrivalsPerHour, 2).padStart(8)}  ${figure(hour.meanHandleSeconds).padStart(8)}` +
          `  ${(hour.measuredServiceLevel === null ? '—' : `${Math.round(hour.measuredServiceLevel * 100)}%`).padStart(9)}` +
          `  ${figure(hour.operatorsNeeded).padStart(6)}` +
          (target.handoffRateChange === 0 ? '' : `  ${figure(hour.baselineOperatorsNeeded).padStart(8)}`) +
          `  ${(hour.predictedServiceLevel === null ? '—' : `${(hour.predictedServiceLevel * 100).toFixed(1)}%`).padStart(9)}`,
      );
    }
  }
  return lines.join('\n');
}

async function fromFile(file: string, query: StaffingQuery, strict: boolean): Promise<StaffingReport> {
  const settings = staffingSettings(query);
  const { collector } = await readHistoryFile(file, strict);
  const span = collector.span;
  // Without --from/--to, the range is the file's: the first to the last request's whole hours.
  const now = new Date(span ? Math.floor(span.last / HOUR_MS) * HOUR_MS + HOUR_MS : Date.now());
  const range = staffingRange(
    {
      ...(query.from !== undefined
        ? { from: query.from }
        : span
          ? { from: new Date(span.first).toISOString() }
          : {}),
      ...(query.to !== undefined ? { to: query.to } : {}),
    },
    now,
  );
  const all = collector.history(settings.answerSeconds, {
    from: Date.parse(range.from),
    to: Date.parse(range.to),
  });
  const history =
    query.queue === undefined ? all : new Map([...all].filter(([name]) => name === query.queue));
  return forecastStaffing({
    history,
    ...range,
    queues: query.queue ? [query.queue] : [],
    settings,
    concurrencyGiven: query.concurrency !== undefined,
  });
}

async function fromDatabase(options: StaffingOptions, query: StaffingQuery): Promise<StaffingReport> {
  const config = readConfig(process.env, { dataDir: options.dataDir, databaseUrl: options.databaseUrl });
  let database: Database | undefined;
  try {
    database = await openDatabase({
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
      dataDir: config.dataDir,
      ...(config.databaseTimeouts ? { timeouts: config.databaseTimeouts } : {}),
    });
    return await readStaffing(
      { database, now: () => new Date(), queues: config.queues ?? ['general'], limits: DEFAULT_LIMITS },
      query,
    );
  } finally {
    await database?.close();
  }
}

/** Registers `baton staffing`. */
export function registerStaffingCommand(program: Command): void {
  program
    .command('staffing')
    .description(
      'Operators needed per queue and hour of the week for a service-level target (Erlang C / Erlang A), ' +
        'from a file of handoffs (JSON Lines of baton export or of handoffs, or CSV) or --from-db.',
    )
    .argument('[file]', 'the handoffs file (- for standard input); omit with --from-db')
    .option(
      '--from-db',
      'read the history from the database the server uses (BATON_DATA_DIR or DATABASE_URL)',
    )
    .option('--data-dir <folder>', 'embedded database folder (env BATON_DATA_DIR, default .baton)')
    .option('--database-url <url>', 'PostgreSQL connection string (env DATABASE_URL)')
    .option('--queue <name>', 'one queue (default: all)')
    .option(
      '--from <time>',
      'history start, ISO (default: 28 days before --to, or the file’s first handoff)',
      isoTime,
    )
    .option(
      '--to <time>',
      'history end, ISO, exclusive (default: now, or after the file’s last handoff)',
      isoTime,
    )
    .option(
      '--service-level <share>',
      'share to claim within the answer time (default 0.8)',
      number((v) => v > 0 && v < 1, 'use a share between 0 and 1, e.g. 0.8'),
    )
    .option(
      '--answer-seconds <s>',
      'the answer time of the target, seconds (default 60)',
      number((v) => v >= 0, 'use seconds ≥ 0'),
    )
    .option(
      '--concurrency <n>',
      'conversations one operator holds at once (default: with --from-db, the median recorded presence capacity of each queue; else 1)',
      number((v) => Number.isInteger(v) && v >= 1 && v <= 50, 'use a whole number from 1 to 50'),
    )
    .option(
      '--max-occupancy <share>',
      'the busiest operators may be (default no cap)',
      number((v) => v > 0 && v <= 1, 'use a share in (0, 1]'),
    )
    .option(
      '--max-abandonment <share>',
      'Erlang A: the largest share that may leave unclaimed',
      number((v) => v > 0 && v < 1, 'use a share between 0 and 1'),
    )
    .option(
      '--handoff-rate-change <percent>',
      'what if handoffs were this many percent more (or, negative, fewer)',
      number((v) => v >= -100 && v <= 1000, 'use a percentage from -100 to 1000'),
    )
    .option(
      '--what-if-replay <report>',
      'take the rate change from a `baton replay --compare --format json` report',
    )
    .option('--time-zone <zone>', 'IANA time zone of the hours of the week (default UTC)')
    .option('--format <format>', 'table or json', format, 'table')
    .option('--strict', 'stop at the first bad line (exit 1) instead of skipping it')
    .action(async (file: string | undefined, options: StaffingOptions) => {
      if ((file === undefined) === !options.fromDb) {
        process.stderr.write('baton staffing: give a FILE or --from-db (one of them)\n');
        process.exitCode = 2;
        return;
      }
      try {
        const handoffRateChange =
          options.whatIfReplay !== undefined
            ? await rateChangeFromReplay(options.whatIfReplay)
            : options.handoffRateChange;
        const query: StaffingQuery = Object.fromEntries(
          Object.entries({
            queue: options.queue,
            from: options.from,
            to: options.to,
            serviceLevel: options.serviceLevel,
            answerSeconds: options.answerSeconds,
            concurrency: options.concurrency,
            maxOccupancy: options.maxOccupancy,
            maxAbandonment: options.maxAbandonment,
            handoffRateChange,
            timeZone: options.timeZone,
          }).filter(([, value]) => value !== undefined),
        );
        const report =
          file === undefined
            ? await fromDatabase(options, query)
            : await fromFile(file, query, !!options.strict);
        await writeLine(
          process.stdout,
          options.format === 'json' ? JSON.stringify(report, null, 2) : staffingTable(report),
        );
      } catch (error) {
        process.exitCode = 1;
        if (error instanceof StaffingInputError) return;
        if (
          options.fromDb &&
          !(error instanceof Error && 'code' in error && error.code === 'invalid_request')
        ) {
          printStartupError(
            error,
            'staffing',
            'A running Baton server holds this data folder (one process per folder). Use GET /v1/staffing on the ' +
              'server instead, or run Baton on PostgreSQL (DATABASE_URL), which any number of processes can read.',
          );
          return;
        }
        process.stderr.write(`baton staffing: ${(error as Error).message}\n`);
      }
    });
}
