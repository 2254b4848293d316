import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { startNode } from '../runtime/node';
import { apiClient } from '../test/client';
import { createTestDb, type TestDb } from '../test/db';
import { accessContract } from './access.contract';

const SHARED_REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const secret = randomBytes(32).toString('hex');

type Instance = Awaited<ReturnType<typeof startNode>> & { url: string };
const instances: Instance[] = [];

async function instance(db: TestDb, env: Record<string, string> = {}): Promise<Instance> {
  const node = await startNode(
    {
      DATABASE_URL: db.url,
      JWT_SECRET: secret,
      SEED_DEMO: 'false',
      BCRYPT_COST: '4',
      SIGNUP_LIMIT: '0', // tests sign up many tenants from one address
      UPLOADS_DIR: `/tmp/comanda-access-${randomBytes(4).toString('hex')}`,
      ...env,
    },
    { port: 0 },
  );
  const i = { ...node, url: `http://127.0.0.1:${node.port}` };
  instances.push(i);
  return i;
}

const httpApi = (base: string) => apiClient((path, init) => fetch(`${base}${path}`, init));

let db: TestDb;
let quiet: typeof console.log;
beforeAll(async () => {
  db = await createTestDb();
  quiet = console.log;
  console.log = () => {}; // startNode's banner
});
afterAll(async () => {
  console.log = quiet;
  for (const i of instances.reverse()) await i.stop();
  await db.drop();
});

describe('access on Node: changed on instance A, refused on instance B (shared Redis)', () => {
  let a: Instance;
  let b: Instance;
  beforeAll(async () => {
    a = await instance(db, { REDIS_URL: SHARED_REDIS });
    b = await instance(db, { REDIS_URL: SHARED_REDIS });
    for (const i of [a, b]) {
      const deadline = Date.now() + 5000;
      while (i.platform.hub.status() !== 'ok' && Date.now() < deadline) {
        await new Promise((ok) => setTimeout(ok, 20));
      }
    }
  });
  accessContract(() => ({ admin: httpApi(a.url), api: httpApi(b.url), socketBase: b.url }));
});

describe('access on Node: one instance, in-process hub', () => {
  let one: Instance;
  beforeAll(async () => {
    one = await instance(db);
  });
  accessContract(() => ({ admin: httpApi(one.url), api: httpApi(one.url), socketBase: one.url }));
});
