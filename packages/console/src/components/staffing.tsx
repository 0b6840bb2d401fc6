/**
 * The lead's staffing page (`/staffing`): operators each queue needs per hour of the week for a
 * service-level target (`GET /v1/staffing`: Erlang C, or Erlang A where customers leave), against
 * the operators online now, with a what-if on the handoff rate; and the equity figures (`GET
 * /v1/metrics?groupBy=language|segment`): handoff rate, time to a person, abandonment and outcome
 * per customer language and segment. Every figure is the server's.
 */
import { useCallback, useEffect, useState } from 'react';
import type { MetricGroup, Metrics, StaffingQuery, StaffingReport } from '@baton/sdk';
import { describeFailure, type ConsoleApi } from '../api.ts';
import { formatDuration, formatShare } from '../format.ts';
import { Chart } from './chart.tsx';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const HOURS = Array.from({ length: 24 }, (_, hour) => `${String(hour).padStart(2, '0')}:00`);
const HISTORY_MS = 28 * 86_400_000;

interface Loaded {
  report: StaffingReport;
  language: Metrics;
  segment: Metrics;
}

/** The day of the week with the most operators needed (Monday when nothing is needed). */
function busiestDay(needed: (number | null)[]): number {
  let best = 0;
  let bestValue = -1;
  for (let day = 0; day < 7; day += 1) {
    const peak = Math.max(...needed.slice(day * 24, day * 24 + 24).map((value) => value ?? 0));
    if (peak > bestValue) {
      best = day;
      bestValue = peak;
    }
  }
  return best;
}

function EquityTable(props: { title: string; groups: MetricGroup[]; testId: string }) {
  const time = (seconds: number | null) => (seconds === null ? '–' : formatDuration(seconds));
  return (
    <section className="equity" aria-labelledby={`${props.testId}-title`}>
      <h2 id={`${props.testId}-title`}>{props.title}</h2>
      {props.groups.length === 0 ? (
        <p>No conversations in the last 28 days.</p>
      ) : (
        <table data-testid={props.testId}>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Conversations</th>
              <th scope="col">Handoff rate</th>
              <th scope="col">Time to a person (p50 / p90)</th>
              <th scope="col">Abandonment</th>
              <th scope="col">Warranted</th>
              <th scope="col">Resolved</th>
            </tr>
          </thead>
          <tbody>
            {props.groups.map((group) => (
              <tr key={group.key ?? '(none)'}>
                <th scope="row">{group.key ?? 'not given'}</th>
                <td>{group.conversations}</td>
                <td>
                  {formatShare(group.handoffRate)} ({group.handoffs})
                </td>
                <td>
                  {time(group.toClaim.p50)} / {time(group.toClaim.p90)}
                </td>
                <td>{formatShare(group.abandonment.rate)}</td>
                <td>{formatShare(group.outcomes.warrantedRate)}</td>
                <td>{formatShare(group.outcomes.resolvedRate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The staffing page. */
export function Staffing(props: { api: ConsoleApi }) {
  const { api } = props;
  const [queue, setQueue] = useState('');
  const [serviceLevel, setServiceLevel] = useState(80);
  const [answerSeconds, setAnswerSeconds] = useState(60);
  const [concurrency, setConcurrency] = useState(1);
  const [rateChange, setRateChange] = useState(0);
  const [day, setDay] = useState<number | null>(null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [queues, setQueues] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(() => {
    const query: StaffingQuery = {
      serviceLevel: serviceLevel / 100,
      answerSeconds,
      concurrency,
      handoffRateChange: rateChange,
      ...(queue ? { queue } : {}),
    };
    const to = new Date();
    const range = { from: new Date(to.getTime() - HISTORY_MS).toISOString(), to: to.toISOString() };
    Promise.all([
      api.staffing(query),
      api.metrics({ ...range, groupBy: 'language' }),
      api.metrics({ ...range, groupBy: 'segment' }),
    ])
      .then(([report, language, segment]) => {
        setLoaded({ report, language, segment });
        if (!queue) setQueues(report.queues.map((entry) => entry.queue));
        setError(null);
      })
      .catch((failure: unknown) => setError(describeFailure(failure)));
  }, [api, queue, serviceLevel, answerSeconds, concurrency, rateChange]);
  useEffect(refresh, [refresh]);

  const report = loaded?.report;
  const chosen = report && queue ? report.queues.find((entry) => entry.queue === queue) : undefined;
  const needed = report
    ? chosen
      ? chosen.hours.map((hour) => hour.operatorsNeeded)
      : report.total.hours.map((hour) => hour.operatorsNeeded)
    : [];
  const baseline = report
    ? chosen
      ? chosen.hours.map((hour) => hour.baselineOperatorsNeeded)
      : report.total.hours.map((hour) => hour.baselineOperatorsNeeded)
    : [];
  const online = report ? (chosen ? chosen.operatorsOnline : report.total.operatorsOnline) : null;
  const shownDay = day ?? busiestDay(needed);
  const slice = (values: (number | null)[]) => values.slice(shownDay * 24, shownDay * 24 + 24);
  const peak = Math.max(0, ...needed.map((value) => value ?? 0));

  return (
    <main className="dashboard staffing" aria-labelledby="staffing-title">
      <div className="dashboard-head">
        <h1 id="staffing-title">Staffing</h1>
        <div className="filters" role="group" aria-label="Target and what-if">
          <label>
            Queue
            <select value={queue} onChange={(event) => setQueue(event.target.value)}>
              <option value="">All queues</option>
              {queues.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Claimed (%)
            <input
              type="number"
              min={1}
              max={99}
              value={serviceLevel}
              onChange={(event) =>
                setServiceLevel(Math.min(99, Math.max(1, Number(event.target.value) || 80)))
              }
            />
          </label>
          <label>
            within (s)
            <input
              type="number"
              min={0}
              value={answerSeconds}
              onChange={(event) => setAnswerSeconds(Math.max(0, Number(event.target.value) || 0))}
            />
          </label>
          <label>
            Conversations per operator
            <input
              type="number"
              min={1}
              max={50}
              value={concurrency}
              onChange={(event) =>
                setConcurrency(Math.min(50, Math.max(1, Math.round(Number(event.target.value)) || 1)))
              }
            />
          </label>
          <label>
            Handoff rate change (%)
            <input
              type="number"
              min={-100}
              max={1000}
              value={rateChange}
              onChange={(event) =>
                setRateChange(Math.min(1000, Math.max(-100, Number(event.target.value) || 0)))
              }
            />
          </label>
          <label>
            Day
            <select
              value={day === null ? '' : String(day)}
              onChange={(event) => setDay(event.target.value === '' ? null : Number(event.target.value))}
            >
              <option value="">Busiest day</option>
              {DAYS.map((name, index) => (
                <option key={name} value={index}>
                  {name}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
      {error ? (
        <p role="alert" className="error">
          {error}
        </p>
      ) : null}
      {report && loaded ? (
        <div>
          <p data-testid="staffing-summary">
            {`Peak: ${peak} operator${peak === 1 ? '' : 's'} needed for ${report.target.serviceLevel * 100}% claimed within ${report.target.answerSeconds} s; ${online ?? 0} online now.`}
          </p>
          <Chart
            title={`Operators needed against online now, ${DAYS[shownDay]} (${report.range.timeZone})`}
            x={{ kind: 'categories', labels: HOURS }}
            series={[
              { label: 'Needed', values: slice(needed), color: '#274690' },
              ...(report.target.handoffRateChange === 0
                ? []
                : [
                    {
                      label: 'Needed before the change',
                      values: slice(baseline),
                      color: '#6b4e16',
                      kind: 'line' as const,
                    },
                  ]),
              {
                label: 'Online now',
                values: HOURS.map(() => online ?? 0),
                color: '#1f7a4d',
                kind: 'line' as const,
              },
            ]}
          />
          <table className="staffing-queues" data-testid="staffing-queues">
            <caption>Per queue, over the last 28 days</caption>
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Model</th>
                <th scope="col">Handoffs</th>
                <th scope="col">Mean handle time</th>
                <th scope="col">Abandoned</th>
                <th scope="col">Peak needed</th>
                <th scope="col">Online now</th>
              </tr>
            </thead>
            <tbody>
              {report.queues.map((entry) => (
                <tr key={entry.queue}>
                  <th scope="row">{entry.queue}</th>
                  <td>{entry.model === 'erlang-a' ? 'Erlang A (customers leave)' : 'Erlang C'}</td>
                  <td>{entry.escalations}</td>
                  <td>
                    {entry.meanHandleSeconds === null ? 'no data' : formatDuration(entry.meanHandleSeconds)}
                  </td>
                  <td>{entry.abandoned}</td>
                  <td>
                    {entry.peak
                      ? `${entry.peak.operatorsNeeded} (${DAYS[Math.floor(entry.peak.hourOfWeek / 24)]} ${HOURS[entry.peak.hourOfWeek % 24]})`
                      : '–'}
                  </td>
                  <td>{entry.operatorsOnline ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <EquityTable
            title="By customer language"
            groups={loaded.language.groups ?? []}
            testId="equity-language"
          />
          <EquityTable
            title="By customer segment"
            groups={loaded.segment.groups ?? []}
            testId="equity-segment"
          />
          <p className="footnote">
            Hours of the week in {report.range.timeZone}; history from{' '}
            {new Date(report.range.from).toLocaleString()} to {new Date(report.range.to).toLocaleString()}. An
            operator holding several conversations counts as that many servers; see docs/staffing.md.
          </p>
        </div>
      ) : error ? null : (
        <p aria-live="polite">Loading…</p>
      )}
    </main>
  );
}
