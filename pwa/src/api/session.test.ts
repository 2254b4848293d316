import { afterEach, describe, expect, it } from 'vitest';
import { keepSession, keptSessions, reloadSession, rememberTenant, type Session } from './session';
import { testTenant } from './test-tenant';
import type { Me } from './types';

const tenant = testTenant();

const sessionOf = (userId: string, t: Me['tenant']): Session => ({
  access_token: `a-${userId}`,
  refresh_token: `r-${userId}`,
  expires_at: 0,
  me: { user: { id: userId, email: `${userId}@x.test`, name: userId, role: 'cashier' }, tenant: t },
});

describe('rememberTenant', () => {
  afterEach(() => localStorage.clear());

  it('stores the new settings in every session of that tenant, not in another tenant’s', () => {
    const other = { ...tenant, id: 'other' };
    localStorage.setItem('comanda.session', JSON.stringify(sessionOf('owner', tenant)));
    keepSession(sessionOf('owner', tenant));
    keepSession(sessionOf('cashier', tenant));
    keepSession(sessionOf('elsewhere', other));

    rememberTenant({ ...tenant, currency: 'GBP', tax_inclusive: false });

    // What a reload reads: the signed-in session and the kept ones (the outbox sends with them).
    expect(reloadSession()?.me.tenant).toMatchObject({ currency: 'GBP', tax_inclusive: false });
    expect(reloadSession()?.refresh_token).toBe('r-owner');
    const kept = keptSessions();
    expect(kept.owner?.me.tenant.currency).toBe('GBP');
    expect(kept.cashier?.me.tenant.currency).toBe('GBP');
    expect(kept.elsewhere?.me.tenant.currency).toBe('EUR');
  });

  it('signs no one in when no one is', () => {
    rememberTenant({ ...tenant, currency: 'GBP' });
    expect(reloadSession()).toBeNull();
  });
});
