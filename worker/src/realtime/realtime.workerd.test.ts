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

    it('hands an event the app committed to the tenant’s Durable Object right away', async () => {
      const t = await newTenant(api);
      const { socket, ready } = await connectStaff(origin, t.tenant.id, t.token);
      const started = Date.now();
      const res = await api.json('POST', '/api/v1/tables', { name: 'T1', seats: 2 }, t.token);
      expect(res.status).toBe(201);
      const table = await res.json();
      const [e] = await socket.events(1);
      expect(e).toMatchObject({
        seq: ready.seq + 1,
        type: 'table.updated',
        data: { table: { id: table.id } },
      });
      // Faster than the heartbeat read: it came through the publish.
      expect(Date.now() - started).toBeLessThan(PING_MS);
      socket.close();
    });
  },
);
