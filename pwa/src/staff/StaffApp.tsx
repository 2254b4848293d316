import { A, Navigate, Route, Router, type RouteSectionProps, useNavigate } from '@solidjs/router';
import { createSignal, lazy, type ParentProps, Show } from 'solid-js';
import { render } from 'solid-js/web';
import { logout } from '../api/client';
import { session } from '../api/session';
import { StaffProvider, useStaff } from './context';
import { Login } from './Login';
import { landingFor, MANAGERS, PAYERS } from './roles';

const Pos = lazy(() => import('../screens/Pos'));
const Floor = lazy(() => import('../screens/Floor'));
const Kitchen = lazy(() => import('../screens/Kitchen'));
const Admin = lazy(() => import('../admin/Admin'));
const Paid = lazy(() => import('../screens/Paid'));
const ShiftScreen = lazy(() => import('../screens/Shift'));
const ShiftReport = lazy(() =>
  import('../screens/Shift').then((m) => ({ default: m.ShiftReport })),
);

function Shell(props: ParentProps) {
  const staff = useStaff();
  const navigate = useNavigate();
  const [warning, setWarning] = createSignal<string | null>(null);
  const role = staff.session.me.user.role;
  const count = () => staff.pending().length;
  const failed = () => staff.pending().filter((p) => p.failed).length;

  const signOut = async () => {
    if (count() > 0) {
      setWarning(
        `${count()} ${count() === 1 ? 'order is' : 'orders are'} still waiting to be sent. Log out once they are through.`,
      );
      return;
    }
    await logout();
    navigate('/login', { replace: true });
  };

  return (
    <div class="shell">
      <header class="topbar">
        <strong class="brand">{staff.session.me.tenant.name}</strong>
        <nav aria-label="Screens">
          <Show when={role !== 'kitchen'}>
            <A href="/pos" activeClass="active">
              POS
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
            <A href="/admin/reports" activeClass="active">
              Reports
            </A>
            <A href="/admin" activeClass="active">
              Admin
            </A>
          </Show>
        </nav>
        <span class="spacer" />
        <Show when={count() > 0}>
          <span class="badge" role="status" title="Orders and payments waiting to be sent">
            {count()} pending{failed() ? `, ${failed()} refused` : ''}
          </span>
        </Show>
        <span class="who">{staff.session.me.user.name}</span>
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
      <Show when={warning()}>
        <div class="warning" role="alert">
          {warning()}{' '}
          <button type="button" class="btn small" onClick={() => setWarning(null)}>
            OK
          </button>
        </div>
      </Show>
      <main class="content">{props.children}</main>
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
