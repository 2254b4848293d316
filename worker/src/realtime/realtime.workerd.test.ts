import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createSql, type Sql } from '../db/client';
import { apiClient, newTenant } from '../test/client';
import { commitEvents } from '../test/events';
import { connectStaff } from '../test/ws';
import { realtimeContract } from './realtime.contract';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');
const api = apiClient((path, init) => fetch(`${origin}${path}`, init));
/** REALTIME_PING_MS as workerd-setup.ts binds it. */
const PING_MS = 400;

describe.skipIf(skip !== '')(
  `realtime on workerd (TenantHub Durable Object, real WebSockets)${skip ? `: ${skip}` : ''}`,
  () => {
    let sql: Sql;
    beforeAll(() => {
      sql = createSql(inject('workerDatabaseUrl'), { max: 4 });
    });
    afterAll(() => sql.end({ timeout: 1 }));

    // The test cannot reach the Durable Object's publish from outside the worker, so events are
    // committed to the shared database only and reach the sockets through the object's heartbeat
    // read of the log (within one PING_MS). The publish path itself is the next test.
    realtimeContract(() => ({
      baseUrl: origin,
      api,
      jwtSecret: inject('workerJwtSecret'),
      sql,
      commit: (tenantId, events) => commitEvents(sql, undefined, tenantId, events),
      pingIntervalMs: PING_MS,
    }));

    it('hands an event the app committed to the tenant’s Durable Object before it answers', async () => {
      const t = await newTenant(api);
      const { socket, ready } = await connectStaff(origin, t.tenant.id, t.token);
      // The route publishes before it answers, so the event is on the socket (or nearly) when the
      // response arrives; the heartbeat read would bring it PING_MS / 2 later on average.
      const lags: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await api.json('POST', '/api/v1/tables', { name: `T${i}`, seats: 2 }, t.token);
        expect(res.status).toBe(201);
        const answered = Date.now();
        const table = await res.json();
        const e = await socket.next((m) => m.seq === ready.seq + i + 1);
        lags.push(Date.now() - answered);
        expect(e).toMatchObject({ type: 'table.updated', data: { table: { id: table.id } } });
      }
      lags.sort((a, b) => a - b);
      expect(lags[2]).toBeLessThan(PING_MS / 4);
      socket.close();
    });
  },
);
