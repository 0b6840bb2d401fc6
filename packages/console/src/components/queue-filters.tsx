/**
 * Views over the queue: everyone's, mine, or unassigned, narrowed by queue, priority and the
 * customer's language. Kept in localStorage, so a reload keeps the operator's view.
 */
import type { Handoff } from '@baton/sdk';
import type { ConversationGist } from '../use-live-queue.ts';

export interface QueueFilter {
  view: 'all' | 'mine' | 'unassigned';
  queue: string;
  priority: string;
  language: string;
}

export const ALL_HANDOFFS: QueueFilter = { view: 'all', queue: '', priority: '', language: '' };
const STORAGE_KEY = 'baton.queue-filter';

export function loadFilter(): QueueFilter {
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Partial<QueueFilter> | null;
    return { ...ALL_HANDOFFS, ...(stored ?? {}) };
  } catch {
    return ALL_HANDOFFS;
  }
}

export function saveFilter(filter: QueueFilter): void {
  localStorage.setItem(STORAGE_KEY, JSON.stringify(filter));
}

/** The handoffs the filter lets through, in the queue's order. */
export function applyFilter(
  handoffs: readonly Handoff[],
  filter: QueueFilter,
  myName: string,
  gists: ReadonlyMap<string, ConversationGist>,
): Handoff[] {
  return handoffs.filter(
    (handoff) =>
      (filter.view === 'all' ||
        (filter.view === 'mine' && myName !== '' && handoff.claimedBy === myName) ||
        (filter.view === 'unassigned' && handoff.status === 'queued')) &&
      (filter.queue === '' || handoff.queue === filter.queue) &&
      (filter.priority === '' || handoff.priority === filter.priority) &&
      (filter.language === '' || gists.get(handoff.conversationId)?.language === filter.language),
  );
}

export function QueueFilters(props: {
  filter: QueueFilter;
  queues: string[];
  languages: string[];
  onChange: (filter: QueueFilter) => void;
}) {
  const { filter } = props;
  const set = (change: Partial<QueueFilter>) => props.onChange({ ...filter, ...change });
  return (
    <fieldset className="queue-filters">
      <legend className="visually-hidden">Show</legend>
      <div className="views" role="group" aria-label="View">
        {(['all', 'mine', 'unassigned'] as const).map((view) => (
          <button type="button" key={view} aria-pressed={filter.view === view} onClick={() => set({ view })}>
            {view === 'all' ? 'All' : view === 'mine' ? 'Mine' : 'Unassigned'}
          </button>
        ))}
      </div>
      <label>
        Queue{' '}
        <select value={filter.queue} onChange={(event) => set({ queue: event.target.value })}>
          <option value="">all</option>
          {props.queues.map((queue) => (
            <option key={queue} value={queue}>
              {queue}
            </option>
          ))}
        </select>
      </label>
      <label>
        Priority{' '}
        <select value={filter.priority} onChange={(event) => set({ priority: event.target.value })}>
          <option value="">all</option>
          {['urgent', 'high', 'normal', 'low'].map((priority) => (
            <option key={priority} value={priority}>
              {priority}
            </option>
          ))}
        </select>
      </label>
      <label>
        Language{' '}
        <select value={filter.language} onChange={(event) => set({ language: event.target.value })}>
          <option value="">all</option>
          {props.languages.map((language) => (
            <option key={language} value={language}>
              {language}
            </option>
          ))}
        </select>
      </label>
    </fieldset>
  );
}
