import {
  type Accessor,
  createContext,
  createSignal,
  onCleanup,
  type ParentProps,
  useContext,
} from 'solid-js';
import { createStore, reconcile, type SetStoreFunction } from 'solid-js/store';
import {
  ApiError,
  accessToken,
  accessTokenFor,
  api,
  NetworkError,
  pinTokens,
  revokeToken,
} from '../api/client';
import { connectRealtime, wsUrl } from '../api/realtime';
import { rememberTenant, type Session, session } from '../api/session';
import type {
  Catalog,
  CatalogDelta,
  Order,
  OrderLine,
  RealtimeEvent,
  Table,
  Tenant,
  TokenResponse,
} from '../api/types';
import { applyCatalogDelta } from '../offline/catalog';
import { idbOutboxStore, loadCachedCatalog, saveCachedCatalog } from '../offline/db';
import {
  Outbox,
  type OutboxApproval,
  type OutboxItem,
  retryable,
  type SendResult,
} from '../offline/outbox';
import { device, deviceStaff } from './device';

/**
 * Everything the staff screens share on one device: the tenant's settings, the cached catalog,
 * the outbox, network state, the orders this screen knows about (kept live by the realtime socket)
 * and the tables. Screens read it through useStaff(); the network and offline logic stays in api/
 * and offline/.
 */
export interface Staff {
  session: Session;
  /**
   * The tenant's settings as this device last heard them: from sign-in, then from every catalog
   * sync (currency and price mode) and every save in Settings. Read it, not session.me.tenant,
   * which is only what sign-in saw.
   */
  tenant: Accessor<Tenant>;
  /** tenant().currency: prices, totals and money inputs format with it. */
  currency: Accessor<string>;
  /** Settings saved the tenant: every screen shows the new settings at once. */
  tenantSaved(t: Tenant): void;
  online: Accessor<boolean>;
  live: Accessor<'connecting' | 'live' | 'down'>;
  catalog: Accessor<Catalog | null>;
  catalogError: Accessor<string | null>;
  refreshCatalog(): Promise<void>;
  tables: Accessor<Table[]>;
  outbox: Outbox;
  pending: Accessor<OutboxItem[]>;
  orders: Record<string, Order>;
  setOrders: SetStoreFunction<Record<string, Order>>;
  loadOpenOrders(): Promise<void>;
  /** Listeners for raw events (the card payment screen waits for payment.succeeded). */
  onEvent(fn: (e: RealtimeEvent) => void): () => void;
}

const StaffContext = createContext<Staff>();

export function useStaff(): Staff {
  const s = useContext(StaffContext);
  if (!s) throw new Error('useStaff() outside <StaffProvider>');
  return s;
}

const TABLES_KEY = 'comanda.tables';

/**
 * Sends one outbox item as the user who queued it: on a shared device someone else may be
 * signed in by now, and the order must still be theirs (and their role's to make).
 */
async function sendItem(item: OutboxItem): Promise<SendResult> {
  if (item.approval) return sendApproved(item, item.approval);
  try {
    // Who is signed in now, not when this outbox was made (a switch may have happened since).
    const current = session()?.me.user.id;
    const token = item.author && item.author !== current ? await accessTokenFor(item.author) : null;
    return {
      ok: true,
      data: await api(item.method, item.path, item.body, token ? { token } : {}),
    };
  } catch (e) {
    if (e instanceof NetworkError) return { ok: false, retry: true, error: 'No network' };
    if (e instanceof ApiError) {
      return { ok: false, retry: retryable(e.status), error: e.message, status: e.status };
    }
    throw e;
  }
}

/**
 * Sends an item a manager approved offline: their PIN is checked by the server now (POST
 * /auth/pin with this device's token), the item runs with their token, and the token is revoked
 * straight after, as an approval given online is. The item's Idempotency-Key is its id: a retry
 * after a lost answer replays the first result instead of acting twice.
 */
async function sendApproved(item: OutboxItem, approval: OutboxApproval): Promise<SendResult> {
  const d = device();
  if (!d) {
    return {
      ok: false,
      retry: false,
      error: 'A manager’s PIN approval needs a registered device.',
    };
  }
  let tokens: TokenResponse;
  try {
    tokens = await pinTokens(d.token, approval.user_id, approval.pin);
  } catch (e) {
    if (e instanceof NetworkError) return { ok: false, retry: true, error: 'No network' };
    if (e instanceof ApiError && e.status === 429) {
      return { ok: false, retry: true, error: 'Too many wrong PINs: waiting to try again.' };
    }
    if (e instanceof ApiError) {
      return {
        ok: false,
        retry: false,
        status: e.status,
        error:
          e.body.error === 'invalid_grant'
            ? 'The manager’s PIN was wrong: not applied.'
            : `The manager’s approval was refused: ${e.message}`,
      };
    }
    throw e;
  }
  try {
    return {
      ok: true,
      data: await api(item.method, item.path, item.body, {
        token: tokens.access_token,
        headers: { 'idempotency-key': item.id },
      }),
    };
  } catch (e) {
    if (e instanceof NetworkError) return { ok: false, retry: true, error: 'No network' };
    if (e instanceof ApiError) {
      const error = e.status === 403 ? 'That person may not approve this: not applied.' : e.message;
      return { ok: false, retry: retryable(e.status), error, status: e.status };
    }
    throw e;
  } finally {
    void revokeToken(tokens.refresh_token);
  }
}

export function StaffProvider(props: ParentProps<{ session: Session }>) {
  const tenantId = props.session.me.tenant.id;
  const [online, setOnline] = createSignal(navigator.onLine);
  const [live, setLive] = createSignal<'connecting' | 'live' | 'down'>('connecting');
  const [tenant, setTenant] = createSignal<Tenant>(props.session.me.tenant);
  const [catalog, setCatalog] = createSignal<Catalog | null>(null);
  const [catalogError, setCatalogError] = createSignal<string | null>(null);
  const [tables, setTables] = createSignal<Table[]>(
    JSON.parse(localStorage.getItem(TABLES_KEY) ?? '[]'),
  );
  const [pending, setPending] = createSignal<OutboxItem[]>([]);
  const [orders, setOrders] = createStore<Record<string, Order>>({});
  const listeners = new Set<(e: RealtimeEvent) => void>();

  const putOrder = (o: Order) => setOrders(o.id, reconcile(o));

  const userId = props.session.me.user.id;
  const outbox = new Outbox(idbOutboxStore, {
    send: sendItem,
    author: () => userId,
    onChange: setPending,
    onSent(item, data) {
      // Orders, rounds and actions (move, merge) answer the order; payments answer the payment
      // with its order.
      if (item.kind === 'payment') putOrder((data as { order: Order }).order);
      else putOrder(data as Order);
    },
    onRefused(item) {
      // A refused change to an order the server has (a discount with a wrong PIN, say) was
      // already shown on it: show the server's order again. A refused new order stays until
      // it is dismissed (it never existed on the server).
      const id = /^\/orders\/([^/]+)\//.exec(item.path)?.[1];
      if (item.kind === 'order' || !id) return;
      void api<Order>('GET', `/orders/${id}`)
        .then(putOrder)
        .catch(() => {});
    },
  });

  // The catalog carries the currency and price mode. A sync asked before a save in Settings may
  // answer the old ones after it, and the sync the save's catalog.changed asks for joins that one
  // (refreshing): each save counts here, and such an answer takes the saved settings instead.
  let saves = 0;
  const settingsOf = (t: Pick<Tenant, 'currency' | 'tax_inclusive'>) => ({
    currency: t.currency,
    tax_inclusive: t.tax_inclusive,
  });
  const sameSettings = (a: Catalog, b: Pick<Tenant, 'currency' | 'tax_inclusive'>) =>
    a.currency === b.currency && a.tax_inclusive === b.tax_inclusive;

  function learnTenant(t: Tenant) {
    setTenant(t);
    rememberTenant(t);
  }

  let refreshing: Promise<void> | null = null;
  async function refreshCatalog() {
    refreshing ??= (async () => {
      const cached = catalog() ?? (await loadCachedCatalog(tenantId))?.catalog;
      if (cached && !catalog()) setCatalog({ ...cached, ...settingsOf(tenant()) });
      const asked = saves;
      try {
        const path = cached ? `/catalog?since=${cached.version}` : '/catalog';
        const delta = await api<CatalogDelta>('GET', path);
        let next = applyCatalogDelta(cached, delta);
        if (asked !== saves) next = { ...next, ...settingsOf(tenant()) };
        else if (!sameSettings(next, tenant())) {
          // Changed on another device: this one follows from this sync on.
          learnTenant({ ...tenant(), ...settingsOf(next) });
        }
        if (
          !cached ||
          next.version !== cached.version ||
          delta.full ||
          !sameSettings(next, cached)
        ) {
          await saveCachedCatalog(tenantId, next, null);
        }
        setCatalog(next);
        setCatalogError(null);
      } catch (e) {
        if (!cached) setCatalogError(e instanceof Error ? e.message : String(e));
      }
    })().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  function tenantSaved(t: Tenant) {
    saves++;
    learnTenant(t);
    const c = catalog();
    if (c && !sameSettings(c, t)) {
      const next = { ...c, ...settingsOf(t) };
      setCatalog(next);
      void saveCachedCatalog(tenantId, next, null).catch(() => {});
    }
  }

  async function loadTables() {
    try {
      const page = await api<{ data: Table[] }>('GET', '/tables?limit=500');
      setTables(page.data);
      localStorage.setItem(TABLES_KEY, JSON.stringify(page.data));
    } catch {
      // offline: keep the cached list
    }
  }

  async function loadOpenOrders() {
    try {
      const page = await api<{ data: Order[] }>('GET', '/orders?status=open&limit=100');
      for (const o of page.data) putOrder(o);
    } catch {
      // offline: what we have
    }
  }

  function handle(e: RealtimeEvent) {
    const data = e.data as { order?: Order; order_id?: string; line?: OrderLine; version?: number };
    if (e.type.startsWith('order.') && data.order) putOrder(data.order);
    if (e.type === 'order.line_status' && data.order_id && data.line && orders[data.order_id]) {
      const line = data.line;
      setOrders(data.order_id, 'lines', (l) => l.id === line.id, reconcile(line));
    }
    if (e.type === 'payment.succeeded') {
      const p = data as { order?: Order };
      if (p.order) putOrder(p.order);
    }
    if (e.type === 'catalog.changed') void refreshCatalog();
    if (e.type === 'table.updated') void loadTables();
    for (const fn of listeners) fn(e);
  }

  const socket = connectRealtime({
    url: wsUrl(`/realtime?tenant=${tenantId}`),
    // Three minutes of headroom: the socket re-authenticates every minute (realtime.ts).
    token: () => accessToken(3 * 60_000),
    onEvent: handle,
    onResync: () => {
      void refreshCatalog();
      void loadOpenOrders();
    },
    onStatus: setLive,
  });

  const goOnline = () => {
    setOnline(true);
    void outbox.kick();
    void refreshCatalog();
  };
  const goOffline = () => setOnline(false);
  window.addEventListener('online', goOnline);
  window.addEventListener('offline', goOffline);
  onCleanup(() => {
    socket.close();
    window.removeEventListener('online', goOnline);
    window.removeEventListener('offline', goOffline);
  });

  // A registered device keeps its staff list fresh (names and roles): a manager can then be
  // picked to approve a discount offline.
  const shared = device();
  if (shared && navigator.onLine) void deviceStaff(shared).catch(() => {});
  void outbox.items().then(setPending);
  void refreshCatalog();
  void loadTables();
  void outbox.flush();

  const value: Staff = {
    session: props.session,
    tenant,
    currency: () => tenant().currency,
    tenantSaved,
    online,
    live,
    catalog,
    catalogError,
    refreshCatalog,
    tables,
    outbox,
    pending,
    orders,
    setOrders,
    loadOpenOrders,
    onEvent(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
  return <StaffContext.Provider value={value}>{props.children}</StaffContext.Provider>;
}
