/**
 * Each trigger's record from the metrics API, as a table: how often it fired, how often it handed
 * off, how often that was warranted, and what it got wrong (late handoffs and misses).
 */
import type { TriggerMetrics } from '@baton/sdk';
import { formatShare, triggerLabel } from '../format.ts';

/**
 * A handoff asked for directly (the agent's request, an operator's) has no rule that fired: its
 * row says so rather than "0 firings, 1 handoff".
 */
export const askedDirectly = (row: TriggerMetrics) =>
  row.firings === 0 && row.shadowFirings === 0 && row.handoffs > 0;

export function TriggerTable({ rows }: { rows: readonly TriggerMetrics[] }) {
  return (
    <section className="trigger-table" aria-labelledby="trigger-table-title">
      <h2 id="trigger-table-title">By trigger</h2>
      {rows.length === 0 ? (
        <p>No trigger fired in this range.</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="trigger-table">
            <thead>
              <tr>
                <th scope="col">Trigger</th>
                <th scope="col">Firings</th>
                <th scope="col">Handoffs</th>
                <th scope="col">Handoff rate</th>
                <th scope="col">With an outcome</th>
                <th scope="col">Warranted</th>
                <th scope="col">Late</th>
                <th scope="col">Abandoned</th>
                <th scope="col">Misses</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.trigger} data-trigger={row.trigger}>
                  <th scope="row">{triggerLabel(row.trigger)}</th>
                  <td data-column="firings">
                    {askedDirectly(row)
                      ? 'none: asked for directly'
                      : row.shadowFirings > 0
                        ? `${row.firings} (+${row.shadowFirings} shadow)`
                        : row.firings}
                  </td>
                  <td>{row.handoffs}</td>
                  <td>{askedDirectly(row) ? 'n/a' : formatShare(row.handoffRate)}</td>
                  <td>{row.withOutcome}</td>
                  <td data-column="warranted">
                    {formatShare(row.warrantedRate)}
                    {row.withOutcome > 0 ? ` (${row.warranted} of ${row.withOutcome})` : ''}
                  </td>
                  <td data-column="late">{row.late}</td>
                  <td>{row.abandoned}</td>
                  <td data-column="misses">{row.misses}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
