/**
 * The lead's canned responses (`/responses`): list them by team and language, create, edit and
 * delete them. Operators can read the list; changing it needs an admin key, and the page says so
 * when the server refuses. An edit made from a copy someone else changed meanwhile is refused by the
 * server (`version_conflict`): the form keeps the lead's text and shows the colleague's version beside
 * it, so nothing is lost and nothing is overwritten unseen.
 */
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { BatonApiError, type CannedResponse } from '@baton/sdk';
import { describeFailure, type ConsoleApi } from '../api.ts';
import { clockTime } from '../format.ts';

interface Draft {
  id: string | null;
  version: number;
  title: string;
  shortcut: string;
  queue: string;
  language: string;
  body: string;
}

const EMPTY: Draft = { id: null, version: 0, title: '', shortcut: '', queue: '', language: '', body: '' };

const draftOf = (response: CannedResponse): Draft => ({
  id: response.id,
  version: response.version,
  title: response.title,
  shortcut: response.shortcut ?? '',
  queue: response.queue ?? '',
  language: response.language ?? '',
  body: response.body,
});

/** A refusal in the lead's words: who may write, and what to fix. */
function refusal(error: unknown): string {
  if (error instanceof BatonApiError && error.code === 'forbidden') {
    return 'Only an admin (lead) key can change canned responses. You can still read and use them.';
  }
  return describeFailure(error);
}

export function Responses(props: { api: ConsoleApi }) {
  const { api } = props;
  const [responses, setResponses] = useState<CannedResponse[] | null>(null);
  const [variables, setVariables] = useState<string[]>([]);
  const [queues, setQueues] = useState<string[]>([]);
  const [team, setTeam] = useState('');
  const [language, setLanguage] = useState('');
  const [draft, setDraft] = useState<Draft | null>(null);
  const [conflict, setConflict] = useState<CannedResponse | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(() => {
    api.listCannedResponses({ ...(team ? { queue: team } : {}), ...(language ? { language } : {}) }).then(
      (list) => {
        setResponses(list.responses);
        setVariables(list.variables);
      },
      (failure: unknown) => setError(describeFailure(failure)),
    );
  }, [api, team, language]);
  useEffect(refresh, [refresh]);

  // Team names for the filter and the form: the queues handoffs went to, and those responses name.
  useEffect(() => {
    api.listHandoffs({ limit: 200 }).then(
      (handoffs) =>
        setQueues((known) => [...new Set([...known, ...handoffs.map((handoff) => handoff.queue)])]),
      () => undefined,
    );
  }, [api]);
  const teamNames = useMemo(
    () => [...new Set([...queues, ...(responses ?? []).flatMap((response) => response.queue ?? [])])].sort(),
    [queues, responses],
  );

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!draft || busy) return;
    setBusy(true);
    setError(null);
    const input = {
      title: draft.title,
      body: draft.body,
      shortcut: draft.shortcut.trim() === '' ? null : draft.shortcut.trim().replace(/^\//, ''),
      queue: draft.queue === '' ? null : draft.queue,
      language: draft.language.trim() === '' ? null : draft.language.trim(),
    };
    try {
      const saved = draft.id
        ? await api.updateCannedResponse(draft.id, { ...input, version: draft.version })
        : await api.createCannedResponse(input);
      setStatus(`“${saved.title}” saved (version ${saved.version}).`);
      setDraft(null);
      setConflict(null);
      refresh();
    } catch (failure) {
      if (failure instanceof BatonApiError && failure.code === 'version_conflict') {
        const current = failure.problem['current'] as CannedResponse | undefined;
        if (current) {
          // Saving again now replaces their version with this one, knowingly.
          setConflict(current);
          setDraft((known) => (known ? { ...known, version: current.version } : known));
        }
      }
      setError(refusal(failure));
    } finally {
      setBusy(false);
    }
  }

  async function remove(response: CannedResponse) {
    setError(null);
    try {
      await api.deleteCannedResponse(response.id);
      setConfirming(null);
      setStatus(`“${response.title}” deleted.`);
      if (draft?.id === response.id) setDraft(null);
      refresh();
    } catch (failure) {
      setConfirming(null);
      setError(refusal(failure));
    }
  }

  const field = (name: keyof Omit<Draft, 'id' | 'version'>) => ({
    value: draft?.[name] ?? '',
    onChange: (event: { target: { value: string } }) =>
      setDraft((known) => (known ? { ...known, [name]: event.target.value } : known)),
  });

  return (
    <main className="responses-page" aria-labelledby="responses-title">
      <div className="responses-head">
        <h1 id="responses-title">Canned responses</h1>
        <button
          type="button"
          className="primary"
          onClick={() => {
            setDraft({ ...EMPTY, queue: team, language });
            setConflict(null);
            setError(null);
          }}
        >
          New response
        </button>
      </div>
      <p className="hint">
        Operators see the responses for their handoff’s team and the customer’s language first, then the
        general ones, and Baton’s built-in templates after them. Variables are filled when a response is
        inserted; one that cannot be filled stays visible and must be filled before the reply is sent.
      </p>
      <form
        className="responses-filters"
        aria-label="Filter responses"
        onSubmit={(event) => event.preventDefault()}
      >
        <label>
          Team{' '}
          <select value={team} onChange={(event) => setTeam(event.target.value)}>
            <option value="">All teams</option>
            {teamNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Language{' '}
          <input
            value={language}
            size={6}
            placeholder="any"
            onChange={(event) => setLanguage(event.target.value.trim())}
          />
        </label>
      </form>
      {error ? (
        <p role="alert" className="error" data-testid="responses-error">
          {error}
        </p>
      ) : null}
      <p role="status" className="composer-status">
        {status}
      </p>
      {draft ? (
        <form
          className="response-form"
          aria-label={draft.id ? 'Edit response' : 'New response'}
          onSubmit={save}
        >
          <h2>{draft.id ? `Edit “${draft.title}”` : 'New response'}</h2>
          <label>
            Title <input required maxLength={120} {...field('title')} />
          </label>
          <label>
            Shortcut{' '}
            <input placeholder="refund" pattern="/?[a-z0-9][a-z0-9_\-]{0,39}" {...field('shortcut')} />
          </label>
          <label>
            Team <input list="response-teams" placeholder="every team" {...field('queue')} />
          </label>
          <datalist id="response-teams">
            {teamNames.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <label>
            Language <input placeholder="any (or es, pt-BR…)" size={10} {...field('language')} />
          </label>
          <label className="response-body">
            Text <textarea required rows={5} dir="auto" maxLength={4000} {...field('body')} />
          </label>
          <p className="hint">
            Variables:{' '}
            {variables.map((name) => (
              <code key={name}>{`{{${name}}}`} </code>
            ))}
          </p>
          {conflict ? (
            <div className="warning" data-testid="conflict">
              <p>
                {conflict.updatedBy} changed this response at {clockTime(conflict.updatedAt)} (version{' '}
                {conflict.version}). Their text is below; yours is kept in the form. Save again to replace
                theirs with yours, or take theirs.
              </p>
              <blockquote dir="auto">{conflict.body}</blockquote>
              <button
                type="button"
                onClick={() => {
                  setDraft(draftOf(conflict));
                  setConflict(null);
                  setError(null);
                }}
              >
                Take their version
              </button>
            </div>
          ) : null}
          <div className="composer-actions">
            <button type="button" onClick={() => (setDraft(null), setConflict(null))}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={busy}>
              Save response
            </button>
          </div>
        </form>
      ) : null}
      {responses === null ? (
        <p>Loading…</p>
      ) : responses.length === 0 ? (
        <p>No canned responses here yet. Operators still have the built-in templates.</p>
      ) : (
        <div className="table-scroll">
          <table data-testid="responses-table">
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Shortcut</th>
                <th scope="col">Team</th>
                <th scope="col">Language</th>
                <th scope="col">Text</th>
                <th scope="col">Changed</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {responses.map((response) => (
                <tr key={response.id} data-response={response.id}>
                  <th scope="row" dir="auto">
                    {response.title}
                  </th>
                  <td>{response.shortcut ? `/${response.shortcut}` : ''}</td>
                  <td>{response.queue ?? 'every team'}</td>
                  <td>{response.language ?? 'any'}</td>
                  <td dir="auto" className="response-preview">
                    {response.body}
                  </td>
                  <td>
                    {response.updatedBy}, {clockTime(response.updatedAt)}
                  </td>
                  <td className="response-actions">
                    <button
                      type="button"
                      onClick={() => {
                        setDraft(draftOf(response));
                        setConflict(null);
                        setError(null);
                      }}
                    >
                      Edit<span className="visually-hidden"> {response.title}</span>
                    </button>
                    {confirming === response.id ? (
                      <button type="button" className="danger" onClick={() => void remove(response)}>
                        Confirm delete<span className="visually-hidden"> {response.title}</span>
                      </button>
                    ) : (
                      <button type="button" onClick={() => setConfirming(response.id)}>
                        Delete<span className="visually-hidden"> {response.title}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
