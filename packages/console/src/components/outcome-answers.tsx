/**
 * Every answer of the operators' outcome form, and what happened after, as a rate with its counts:
 * overall, then per trigger. "Came back" and "asked again" are measured, not answered: the customer
 * opened a new conversation within 24 hours of the resolution, or asked for a person again after a
 * return to the agent. All figures come from `GET /v1/metrics`.
 */
import type { Metrics, OutcomeAnswers as Answers } from '@baton/sdk';
import { formatShare, triggerLabel } from '../format.ts';

interface Rate {
  rate: number | null;
  yes: number;
  of: number;
}

/** The columns, in the form's order, then the two measured afterwards. */
const COLUMNS: readonly { id: string; label: string; of: string; pick: (row: Row) => Rate }[] = [
  { id: 'resolved', label: 'Resolved', of: 'answered', pick: (row) => answer(row.answers.resolved) },
  { id: 'warranted', label: 'Warranted', of: 'answered', pick: (row) => answer(row.answers.warranted) },
  {
    id: 'right-reason',
    label: 'Right reason',
    of: 'answered',
    pick: (row) => answer(row.answers.rightReason),
  },
  {
    id: 'agent-could',
    label: 'Agent could have handled it',
    of: 'answered',
    pick: (row) => answer(row.answers.agentCouldHaveHandled),
  },
  {
    id: 'repeated',
    label: 'Customer repeated',
    of: 'answered',
    pick: (row) => answer(row.answers.customerRepeated),
  },
  {
    id: 'came-back',
    label: 'Came back within 24 h',
    of: 'resolved',
    pick: (row) => ({ rate: row.cameBack.rate, yes: row.cameBack.within24h, of: row.cameBack.resolved }),
  },
  {
    id: 'asked-again',
    label: 'Asked again after a return',
    of: 'returned',
    pick: (row) => ({
      rate: row.askedAgain.rate,
      yes: row.askedAgain.afterReturn,
      of: row.askedAgain.returned,
    }),
  },
];

interface Row {
  key: string;
  label: string;
  answers: Answers;
  cameBack: Metrics['cameBack'];
  askedAgain: Metrics['askedAgain'];
}

const answer = (value: Answers['resolved']): Rate => ({
  rate: value.rate,
  yes: value.yes,
  of: value.answered,
});

export function OutcomeAnswers({ metrics }: { metrics: Metrics }) {
  const rows: Row[] = [
    {
      key: '',
      label: 'All triggers',
      answers: metrics.outcomes.answers,
      cameBack: metrics.cameBack,
      askedAgain: metrics.askedAgain,
    },
    ...metrics.byTrigger
      .filter((row) => row.handoffs > 0)
      .map((row) => ({
        key: row.trigger,
        label: triggerLabel(row.trigger),
        answers: row.answers,
        cameBack: row.cameBack,
        askedAgain: row.askedAgain,
      })),
  ];
  return (
    <section className="outcome-answers" aria-labelledby="outcome-answers-title">
      <h2 id="outcome-answers-title">Outcomes, as operators answered them</h2>
      <p className="hint">
        Each rate is the yes answers over the outcomes that answered that question (or, for the last two, over
        the resolved and the returned handoffs).
      </p>
      <div className="table-scroll">
        <table data-testid="outcome-answers">
          <thead>
            <tr>
              <th scope="col">Trigger</th>
              {COLUMNS.map((column) => (
                <th scope="col" key={column.id}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key} data-trigger={row.key || 'all'}>
                <th scope="row">{row.label}</th>
                {COLUMNS.map((column) => {
                  const value = column.pick(row);
                  return (
                    <td key={column.id} data-column={column.id}>
                      {value.of === 0
                        ? `– (none ${column.of})`
                        : `${formatShare(value.rate)} (${value.yes} of ${value.of})`}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
