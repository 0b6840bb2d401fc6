/**
 * The presence control in the top bar: online or away, the current load against capacity ("3 of 4"),
 * and a panel for what routing matches the operator on: capacity (most conversations at once),
 * skills and languages. Saved in this browser and sent with every presence update.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { PresenceStatus } from '../api.ts';
import { parseList, type Presence } from '../use-presence.ts';

/** "3 of 4", or "3 held" without a capacity. */
export function loadText(load: number, capacity: number | null): string {
  return capacity === null ? `${load} held` : `${load} of ${capacity}`;
}

export function PresenceControl(props: { presence: Presence; load: number | null }) {
  const { presence } = props;
  const { settings } = presence;
  const [open, setOpen] = useState(false);
  const [capacity, setCapacity] = useState('');
  const [skills, setSkills] = useState('');
  const [languages, setLanguages] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (!open) return;
    setCapacity(settings.capacity === null ? '' : String(settings.capacity));
    setSkills(settings.skills.join(', '));
    setLanguages(settings.languages.join(', '));
  }, [open, settings]);

  function save(event: FormEvent) {
    event.preventDefault();
    const number = capacity.trim() === '' ? null : Number(capacity);
    presence.setSettings({
      capacity: number === null || !Number.isInteger(number) || number < 1 ? null : Math.min(number, 100),
      skills: parseList(skills),
      languages: parseList(languages).map((language) => language.toLowerCase()),
    });
    setSaved('Saved. Routing uses it from now on.');
  }

  const full = settings.capacity !== null && props.load !== null && props.load >= settings.capacity;
  return (
    <div className="presence-control">
      <label className="presence">
        <span className={`dot ${presence.status}`} aria-hidden="true" />
        <span className="visually-hidden">Presence</span>
        <select
          value={presence.status}
          onChange={(event) => presence.setStatus(event.target.value as PresenceStatus)}
          aria-label="Presence"
        >
          <option value="online">Online</option>
          <option value="away">Away</option>
        </select>
      </label>
      {props.load !== null ? (
        <span className={`presence-load${full ? ' full' : ''}`} data-testid="presence-load">
          <span className="visually-hidden">Conversations: </span>
          {loadText(props.load, settings.capacity)}
          {full ? <span className="load-words"> · full, no new offers</span> : null}
        </span>
      ) : null}
      <button
        type="button"
        aria-expanded={open}
        aria-controls="presence-settings"
        onClick={() => {
          setSaved(null);
          setOpen((known) => !known);
        }}
      >
        Capacity &amp; skills
      </button>
      {open ? (
        <form id="presence-settings" className="presence-settings" onSubmit={save}>
          <label>
            Most conversations at once
            <input
              type="number"
              min={1}
              max={100}
              inputMode="numeric"
              value={capacity}
              placeholder="no limit"
              onChange={(event) => setCapacity(event.target.value)}
            />
          </label>
          <label>
            Skills (comma-separated)
            <input
              value={skills}
              onChange={(event) => setSkills(event.target.value)}
              placeholder="refunds, fraud"
            />
          </label>
          <label>
            Languages (comma-separated)
            <input
              value={languages}
              onChange={(event) => setLanguages(event.target.value)}
              placeholder="en, es"
            />
          </label>
          <p className="hint">
            Queues that need a skill offer their handoffs only to operators who set it; handoffs in a queue's
            languages go to operators who speak them.
          </p>
          <div className="actions">
            <button type="submit" className="primary">
              Save
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
          {saved ? (
            <p role="status" className="notice">
              {saved}
            </p>
          ) : null}
          {presence.error ? (
            <p role="alert" className="error">
              Baton did not take the last presence update; the console keeps trying.
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
