import {
  A,
  Navigate,
  Route,
  Router,
  type RouteSectionProps,
  useLocation,
  useNavigate,
} from '@solidjs/router';
import { createEffect, createSignal, lazy, on, onCleanup, type ParentProps, Show } from 'solid-js';
import { render } from 'solid-js/web';
import { logout } from '../api/client';
import { saveSession, session } from '../api/session';
import { pendingSummary } from '../offline/pending';
import { StaffProvider, useStaff } from './context';
import { DeviceSetup } from './DeviceSetup';
import { device, locked, setLocked } from './device';
import { LockScreen } from './LockScreen';
import { Login } from './Login';
import { landingFor, MANAGERS, PAYERS } from './roles';

const Pos = lazy(() => import('../screens/Pos'));
const Floor = lazy(() => import('../screens/Floor'));
const Kitchen = lazy(() => import('../screens/Kitchen'));
const Admin = lazy(() => import('../admin/Admin'));
const Paid = lazy(() => import('../screens/Paid'));
const History = lazy(() => import('../screens/History'));
const ShiftScreen = lazy(() => import('../screens/Shift'));
const ShiftReport = lazy(() =>
  import('../screens/Shift').then((m) => ({ default: m.ShiftReport })),
);

function Shell(props: ParentProps) {
  const staff = useStaff();
  const navigate = useNavigate();
  const [warning, setWarning] = createSignal<string | null>(null);
  const location = useLocation();
  const role = staff.session.me.user.role;
  const count = () => staff.pending().length;
  const failed = () => staff.pending().filter((p) => p.failed).length;
  const waiting = () => pendingSummary(staff.pending().filter((p) => !p.failed));
  // One highlighted entry: Reports lives under /admin but is its own menu item.
  const onReports = () => location.pathname.startsWith('/admin/reports');
  const onAdmin = () => location.pathname.startsWith('/admin') && !onReports();
  // On phones the screens menu is one row scrolling sideways: keep the current screen's entry in
  // view, or Admin and Reports would be highlighted out of sight.
  let nav: HTMLElement | undefined;
  createEffect(
    on(
      () => location.pathname,
      () =>
        queueMicrotask(() =>
          nav?.querySelector('a.active')?.scrollIntoView({ inline: 'nearest', block: 'nearest' }),
        ),
    ),
  );
  const [settingUp, setSettingUp] = createSignal(false);

  // A shared device locks itself after its idle time; any touch or key restarts the clock.
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const touch = () => {
    clearTimeout(idleTimer);
    const d = device();
    if (d && d.idle_minutes > 0 && !locked()) {
      idleTimer = setTimeout(() => setLocked(true), d.idle_minutes * 60_000);
    }
  };
  for (const ev of ['pointerdown', 'keydown'] as const) window.addEventListener(ev, touch);
  touch();
  onCleanup(() => {
    clearTimeout(idleTimer);
    for (const ev of ['pointerdown', 'keydown'] as const) window.removeEventListener(ev, touch);
  });

  const signOut = async () => {
    if (count() > 0) {
      setWarning(
        `${pendingSummary(staff.pending()).replace(/ pending$/, '')} still waiting to be sent. Log out once they are through.`,
      );
      return;
    }
    await logout();
    navigate('/login', { replace: true });
  };

  return (
    <div class="shell">
      {/* Top bar and offline banner stay on screen while the page scrolls (phones). */}
      <div class="shell-head">
        <header class="topbar">
          <strong class="brand">{staff.tenant().name}</strong>
          <nav aria-label="Screens" ref={nav}>
            <Show when={role !== 'kitchen'}>
              <A href="/pos" activeClass="active">
                POS
              </A>
              <A href="/orders" activeClass="active">
                Orders
              </A>
              <A href="/floor" activeClass="active">
                Floor
              </A>
            </Show>
            <A href="/kitchen" activeClass="active">
              Kitchen
            </A>
            <Show when={PAYERS.includes(role)}>
              <A href="/shift" activeClass="active">
                Shift
              </A>
            </Show>
            <Show when={MANAGERS.includes(role)}>
              <A
                href="/admin/reports"
                activeClass=""
                classList={{ active: onReports() }}
                aria-current={onReports() ? 'page' : undefined}
              >
                Reports
              </A>
              <A
                href="/admin"
                activeClass=""
                classList={{ active: onAdmin() }}
                aria-current={onAdmin() ? 'page' : undefined}
              >
                Admin
              </A>
            </Show>
          </nav>
          <span class="spacer" />
          <Show when={count() > 0}>
            <span class="badge" role="status" title="Orders and payments waiting to be sent">
              {[waiting(), failed() ? `${failed()} refused` : ''].filter(Boolean).join(', ')}
            </span>
          </Show>
          <span class="who">{staff.session.me.user.name}</span>
          <Show when={MANAGERS.includes(role)}>
            <button type="button" class="btn ghost" onClick={() => setSettingUp(true)}>
              {device() ? 'Device' : 'Share device'}
            </button>
          </Show>
          <Show when={device()}>
            <button type="button" class="btn ghost" onClick={() => setLocked(true)}>
              Lock
            </button>
          </Show>
          <button
            type="button"
            class="btn ghost"
            aria-disabled={count() > 0}
            onClick={() => void signOut()}
          >
            Log out
          </button>
        </header>
        <Show when={!staff.online()}>
          <div class="offline-banner" role="status">
            Offline: orders and cash payments are kept on this device and sent when the network is
            back. Card payments need the network.
          </div>
        </Show>
      </div>
      <Show when={warning()}>
        <div class="warning" role="alert">
          {warning()}{' '}
          <button type="button" class="btn small" onClick={() => setWarning(null)}>
            OK
          </button>
        </div>
      </Show>
      <main class="content">{props.children}</main>
      <Show when={settingUp()}>
        <DeviceSetup onClose={() => setSettingUp(false)} />
      </Show>
      {/* Over the screens, which keep running underneath (the outbox keeps sending). */}
      <Show when={device() && locked() ? device() : null}>
        {(d) => (
          <div class="lock-layer">
            <LockScreen
              device={d()}
              onSignedIn={() => navigate('/', { replace: true })}
              onEmail={() => {
                // Not a logout: the session stays kept, so its queued orders still go out.
                setLocked(false);
                saveSession(null);
                navigate('/login?email=1', { replace: true });
              }}
            />
          </div>
        )}
      </Show>
    </div>
  );
}

/** Screens behind the login: the provider lives as long as the session does. */
function Authed(props: RouteSectionProps) {
  return (
    <Show when={session()} keyed fallback={<Navigate href="/login" />}>
      {(s) => (
        <StaffProvider session={s}>
          <Shell>{props.children}</Shell>
        </StaffProvider>
      )}
    </Show>
  );
}

function ManagersOnly(props: RouteSectionProps) {
  const staff = useStaff();
  return (
    <Show
      when={MANAGERS.includes(staff.session.me.user.role)}
      fallback={<p role="alert">Admin is for owners and managers.</p>}
    >
      {props.children}
    </Show>
  );
}

function PayersOnly(props: RouteSectionProps) {
  const staff = useStaff();
  return (
    <Show
      when={PAYERS.includes(staff.session.me.user.role)}
      fallback={<p role="alert">Shifts are for owners, managers and cashiers.</p>}
    >
      {props.children}
    </Show>
  );
}

function Home() {
  const s = session();
  return <Navigate href={s ? landingFor(s.me.user.role) : '/login'} />;
}

export function StaffApp() {
  return (
    <Router>
      <Route path="/login" component={Login} />
      <Route path="/paid" component={Paid} />
      <Route path="/" component={Authed}>
        <Route path="/" component={Home} />
        <Route path="/pos" component={Pos} />
        <Route path="/orders" component={History} />
        <Route path="/floor" component={Floor} />
        <Route path="/kitchen" component={Kitchen} />
        <Route path="/shift" component={PayersOnly}>
          <Route path="/" component={ShiftScreen} />
          <Route path="/:id" component={ShiftReport} />
        </Route>
        <Route path="/admin" component={ManagersOnly}>
          <Route path="/*section" component={Admin} />
        </Route>
      </Route>
      <Route path="*" component={Home} />
    </Router>
  );
}

export function mount(el: HTMLElement) {
  render(() => <StaffApp />, el);
}
