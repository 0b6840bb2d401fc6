/**
 * Each trigger's record from the metrics API, as a table: how often it fired, how often it handed
 * off, how often that was warranted, and what it got wrong (late handoffs and misses).
 */
import type { TriggerMetrics } from '@baton/sdk';
import { formatShare, triggerLabel } from '../format.ts';

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
                  <td>
                    {row.shadowFirings > 0 ? `${row.firings} (+${row.shadowFirings} shadow)` : row.firings}
                  </td>
                  <td>{row.handoffs}</td>
                  <td>{formatShare(row.handoffRate)}</td>
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
