/**
 * The console's shell: sign-in, the top bar (navigation, presence, sign-out), one event stream for
 * every view, keyboard shortcuts, and the pages: the operator's workspace (`/`), the lead's
 * dashboard (`/dashboard`), staffing (`/staffing`) and canned responses (`/responses`).
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { createConsoleApi, type PresenceStatus } from './api.ts';
import { Dashboard } from './components/dashboard.tsx';
import { Responses } from './components/responses.tsx';
import { ShortcutsHelp } from './components/shortcuts-help.tsx';
import { SignIn } from './components/sign-in.tsx';
import { Staffing } from './components/staffing.tsx';
import { Workspace } from './components/workspace.tsx';
import { openEventHub, type EventHub } from './event-hub.ts';
import { clearSession, loadSession, saveSession, type Session } from './session.ts';
import { commandFor } from './shortcuts.ts';
import type { IssuedCommand } from './use-command.ts';

type Page = 'queue' | 'dashboard' | 'staffing' | 'responses';

const pageOf = (pathname: string): Page =>
  pathname.startsWith('/responses')
    ? 'responses'
    : pathname.startsWith('/staffing')
      ? 'staffing'
      : pathname.startsWith('/dashboard')
        ? 'dashboard'
        : 'queue';
const pathOf: Record<Page, string> = {
  queue: '/',
  dashboard: '/dashboard',
  staffing: '/staffing',
  responses: '/responses',
};

/** Presence is refreshed well within the server's two-minute window, while the console is open. */
const PRESENCE_REFRESH_MS = 45_000;

function SignedIn(props: { session: Session; onSession: (session: Session | null) => void }) {
  const { session } = props;
  const api = useMemo(() => createConsoleApi(session.apiKey), [session.apiKey]);
  const [hub, setHub] = useState<EventHub | null>(null);
  const [connected, setConnected] = useState(false);
  const [presence, setPresence] = useState<PresenceStatus>('online');
  const [page, setPage] = useState<Page>(() => pageOf(window.location.pathname));
  const [command, setCommand] = useState<IssuedCommand | null>(null);
  const [help, setHelp] = useState(false);

  // Opened in an effect (not a memo) so it is closed exactly when the key changes or on sign-out.
  useEffect(() => {
    const opened = openEventHub(api);
    opened.onConnection(setConnected);
    setHub(opened);
    return () => opened.close();
  }, [api]);

  useEffect(() => {
    void api.setPresence(presence).catch(() => undefined);
    const timer = setInterval(
      () => void api.setPresence(presence).catch(() => undefined),
      PRESENCE_REFRESH_MS,
    );
    const leave = () => void api.setPresence('offline').catch(() => undefined);
    window.addEventListener('pagehide', leave);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', leave);
    };
  }, [api, presence]);

  const navigate = useCallback((next: Page) => {
    window.history.pushState(null, '', pathOf[next]);
    setPage(next);
  }, []);
  useEffect(() => {
    const onPop = () => setPage(pageOf(window.location.pathname));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (document.querySelector('dialog[open]') && event.key !== 'Escape') return;
      const next = commandFor({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        target: event.target as HTMLElement | null,
      });
      // Escape in a text field (outside a dialog) leaves it, so the single-key shortcuts work again.
      if (
        next === 'close' &&
        event.target instanceof HTMLElement &&
        event.target.matches('input, textarea, select')
      ) {
        event.target.blur();
        return;
      }
      if (!next || next === 'send' || next === 'close') return;
      event.preventDefault();
      if (next === 'help') setHelp(true);
      else if (next === 'queue') navigate('queue');
      else if (next === 'dashboard') navigate('dashboard');
      else if (next === 'presence') setPresence((current) => (current === 'online' ? 'away' : 'online'));
      else setCommand((current) => ({ command: next, nonce: (current?.nonce ?? 0) + 1 }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);

  async function signOut() {
    await api.setPresence('offline').catch(() => undefined);
    props.onSession(null);
  }

  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Baton</span>
        <nav aria-label="Pages">
          <a
            href="/"
            aria-current={page === 'queue' ? 'page' : undefined}
            onClick={(event) => (event.preventDefault(), navigate('queue'))}
          >
            Queue
          </a>
          <a
            href="/dashboard"
            aria-current={page === 'dashboard' ? 'page' : undefined}
            onClick={(event) => (event.preventDefault(), navigate('dashboard'))}
          >
            Dashboard
          </a>
          <a
            href="/staffing"
            aria-current={page === 'staffing' ? 'page' : undefined}
            onClick={(event) => (event.preventDefault(), navigate('staffing'))}
          >
            Staffing
          </a>
          <a
            href="/responses"
            aria-current={page === 'responses' ? 'page' : undefined}
            onClick={(event) => (event.preventDefault(), navigate('responses'))}
          >
            Responses
          </a>
        </nav>
        <span className="spacer" />
        <label className="presence">
          <span className={`dot ${presence}`} aria-hidden="true" />
          <span className="visually-hidden">Presence</span>
          <select
            value={presence}
            onChange={(event) => setPresence(event.target.value as PresenceStatus)}
            aria-label="Presence"
          >
            <option value="online">Online</option>
            <option value="away">Away</option>
          </select>
        </label>
        <span className="who">{session.name || 'Signed in'}</span>
        <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
          ?
        </button>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <div id="content">
        {!hub ? null : page === 'queue' ? (
          <Workspace
            api={api}
            hub={hub}
            myName={session.name}
            connected={connected}
            command={command}
            onClaimedAs={(name) => name !== session.name && props.onSession({ ...session, name })}
          />
        ) : page === 'staffing' ? (
          <Staffing api={api} />
        ) : page === 'responses' ? (
          <Responses api={api} />
        ) : (
          <Dashboard api={api} subscribeEvents={hub.listen} />
        )}
      </div>
      {help ? <ShortcutsHelp onClose={() => setHelp(false)} /> : null}
    </>
  );
}

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const update = (next: Session | null) => {
    if (next) saveSession(next);
    else clearSession();
    setSession(next);
  };
  return session ? <SignedIn session={session} onSession={update} /> : <SignIn onSignedIn={update} />;
}
