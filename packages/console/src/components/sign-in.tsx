/**
 * Sign-in: paste an operator key, or give your name and an admin key, which makes an operator key
 * in your name (the admin key itself is not kept). The key lives in sessionStorage for this tab.
 */
import { useState, type FormEvent } from 'react';
import { createConsoleApi, describeFailure } from '../api.ts';
import type { Session } from '../session.ts';

export function SignIn(props: { onSignedIn: (session: Session) => void }) {
  const [mode, setMode] = useState<'key' | 'name'>('key');
  const [apiKey, setApiKey] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (mode === 'key') {
        // The key says who holds it; an agent's key cannot work the console.
        const caller = await createConsoleApi(apiKey.trim()).me();
        if (caller.scope === 'agent') {
          setError('That is an agent key: sign in with an operator or admin key.');
          return;
        }
        props.onSignedIn({ apiKey: apiKey.trim(), name: caller.name || name.trim(), scope: caller.scope });
      } else {
        const created = await createConsoleApi(apiKey.trim()).createKey({
          scope: 'operator',
          name: name.trim(),
        });
        props.onSignedIn({ apiKey: created.key, name: created.record.name, scope: 'operator' });
      }
    } catch (failure) {
      setError(describeFailure(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Sign in to Baton</h1>
        <div className="segmented" role="radiogroup" aria-label="How to sign in">
          <label>
            <input type="radio" name="mode" checked={mode === 'key'} onChange={() => setMode('key')} />
            Operator key
          </label>
          <label>
            <input type="radio" name="mode" checked={mode === 'name'} onChange={() => setMode('name')} />
            Name and admin key
          </label>
        </div>
        <label htmlFor="sign-in-name">
          {mode === 'key' ? 'Your name (optional, as on your key)' : 'Your name'}
        </label>
        <input
          id="sign-in-name"
          autoComplete="name"
          value={name}
          required={mode === 'name'}
          onChange={(event) => setName(event.target.value)}
        />
        <label htmlFor="sign-in-key">{mode === 'key' ? 'Operator API key' : 'Admin API key'}</label>
        <input
          id="sign-in-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={apiKey}
          required
          onChange={(event) => setApiKey(event.target.value)}
        />
        <p className="hint">
          {mode === 'key'
            ? 'Make one with: npx baton keys create --scope operator'
            : 'The admin key printed on the first npm start makes an operator key in your name; the admin key is not kept.'}
        </p>
        {error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">
          New here? Open the <a href="/demo">customer demo</a> in a second window and ask for a person.
        </p>
      </form>
    </main>
  );
}
