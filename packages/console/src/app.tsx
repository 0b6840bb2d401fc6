/**
 * The console's shell: sign-in, the top bar (navigation, presence, sign-out), one event stream for
 * every view, keyboard shortcuts, and the pages: the operator's workspace (`/`), the consults and
 * approvals waiting for an answer (`/requests`), the lead's dashboard (`/dashboard`), staffing, the
 * queues (`/queues`) and canned responses (`/responses`). Offers show on every page.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, matchRoute, Redirect, Route, Switch, useLocation, useRouter } from 'wouter';
import { createConsoleApi } from './api.ts';
import { Dashboard } from './components/dashboard.tsx';
import { OfferCards } from './components/offer-card.tsx';
import { PresenceControl } from './components/presence-control.tsx';
import { Queues } from './components/queues.tsx';
import { Requests } from './components/requests.tsx';
import { Responses } from './components/responses.tsx';
import { ShortcutsHelp } from './components/shortcuts-help.tsx';
import { SignIn } from './components/sign-in.tsx';
import { Staffing } from './components/staffing.tsx';
import { handoffPath, Workspace } from './components/workspace.tsx';
import { openEventHub, type EventHub } from './event-hub.ts';
import { CallerScope, clearSession, loadSession, saveSession, type Session } from './session.ts';
import { keyIdOf } from './routing.ts';
import { commandFor } from './shortcuts.ts';
import { useLiveRequests } from './use-live-requests.ts';
import type { IssuedCommand } from './use-command.ts';
import { useMyLoad } from './use-my-load.ts';
import { useOffers } from './use-offers.ts';
import { usePresence } from './use-presence.ts';

/** The queue (`/`) and one handoff in it (`/handoffs/<id>`): one route, so the workspace stays mounted. */
const WORKSPACE_ROUTE = /^\/(?:handoffs\/[^/]+\/?)?$/;

/** A nav link, marked as the current page while the address matches `match` (wouter's patterns). */
function NavLink(props: { href: string; match: readonly string[]; children: ReactNode }) {
  const [location] = useLocation();
  const { parser } = useRouter();
  const current = props.match.some((pattern) => matchRoute(parser, pattern, location)[0]);
  return (
    <Link href={props.href} aria-current={current ? 'page' : undefined}>
      {props.children}
    </Link>
  );
}

function SignedIn(props: { session: Session; onSession: (session: Session | null) => void }) {
  const { session } = props;
  const api = useMemo(() => createConsoleApi(session.apiKey), [session.apiKey]);
  const [hub, setHub] = useState<EventHub | null>(null);
  const [connected, setConnected] = useState(false);
  const presence = usePresence(api);
  const setPresence = presence.setStatus;
  const [location, navigate] = useLocation();
  const [command, setCommand] = useState<IssuedCommand | null>(null);
  const [help, setHelp] = useState(false);
  // Open consults and approvals, live on every page: the nav shows how many wait.
  const requests = useLiveRequests(api, hub);

  // Opened in an effect (not a memo) so it is closed exactly when the key changes or on sign-out.
  useEffect(() => {
    const opened = openEventHub(api);
    opened.onConnection(setConnected);
    setHub(opened);
    return () => opened.close();
  }, [api]);

  const learnName = (name: string) => name !== session.name && props.onSession({ ...session, name });
  // Who the key belongs to, asked once per key: a session stored before the console asked has no
  // scope, and a key's holder may have been renamed since sign-in.
  const latestSession = useRef(props);
  latestSession.current = props;
  useEffect(() => {
    let active = true;
    api.me().then(
      (caller) => {
        const { session: current, onSession } = latestSession.current;
        if (active && (caller.name !== current.name || caller.scope !== current.scope))
          onSession({ ...current, name: caller.name, scope: caller.scope });
      },
      () => undefined,
    );
    return () => {
      active = false;
    };
  }, [api]);
  const offers = useOffers({
    api,
    hub,
    keyId: keyIdOf(session.apiKey),
    myName: session.name,
    onName: learnName,
  });
  const load = useMyLoad(api, hub, session.name);

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
      // Already in the workspace, `q` keeps the open handoff (and its address) rather than closing it.
      else if (next === 'queue') {
        if (!WORKSPACE_ROUTE.test(location)) navigate('/');
      } else if (next === 'dashboard') navigate('/dashboard');
      else if (next === 'presence') setPresence((current) => (current === 'online' ? 'away' : 'online'));
      else setCommand((current) => ({ command: next, nonce: (current?.nonce ?? 0) + 1 }));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [location, navigate]);

  async function signOut() {
    await api.setPresence('offline').catch(() => undefined);
    props.onSession(null);
  }

  return (
    <CallerScope.Provider value={session.scope ?? null}>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Baton</span>
        <nav aria-label="Pages">
          <NavLink href="/" match={['/', '/handoffs/:handoffId']}>
            Queue
          </NavLink>
          <NavLink href="/dashboard" match={['/dashboard']}>
            Dashboard
          </NavLink>
          <NavLink href="/staffing" match={['/staffing']}>
            Staffing
          </NavLink>
          <NavLink href="/requests" match={['/requests', '/requests/:requestId']}>
            Requests
            {requests.open.length > 0 ? (
              <span className="nav-badge" data-testid="requests-badge">
                {requests.open.length}
                <span className="visually-hidden"> waiting</span>
              </span>
            ) : null}
          </NavLink>
          <NavLink href="/queues" match={['/queues']}>
            Queues
          </NavLink>
          <NavLink href="/responses" match={['/responses']}>
            Responses
          </NavLink>
        </nav>
        <span className="spacer" />
        <PresenceControl presence={presence} load={load === null ? null : load + offers.offers.length} />
        <span className="who">{session.name || 'Signed in'}</span>
        <button type="button" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
          ?
        </button>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
      </header>
      <div id="content">
        {!hub ? null : (
          // Any other address goes back to the queue.
          <Switch>
            <Route path="/dashboard">
              <Dashboard api={api} subscribeEvents={hub.listen} />
            </Route>
            <Route path="/staffing">
              <Staffing api={api} />
            </Route>
            <Route path="/requests/:requestId?">
              <Requests api={api} live={requests} />
            </Route>
            <Route path="/queues">
              <Queues api={api} hub={hub} connected={connected} />
            </Route>
            <Route path="/responses">
              <Responses api={api} />
            </Route>
            <Route path={WORKSPACE_ROUTE}>
              <Workspace
                api={api}
                hub={hub}
                myName={session.name}
                connected={connected}
                command={command}
                onClaimedAs={(name) => name !== session.name && props.onSession({ ...session, name })}
              />
            </Route>
            <Route>
              <Redirect to="/" replace />
            </Route>
          </Switch>
        )}
      </div>
      <OfferCards
        offers={offers}
        command={command}
        onAccepted={(handoffId, claimedBy) => {
          if (claimedBy) learnName(claimedBy);
          // The workspace opens the handoff its address names.
          navigate(handoffPath(handoffId));
        }}
      />
      {help ? <ShortcutsHelp onClose={() => setHelp(false)} /> : null}
    </CallerScope.Provider>
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
