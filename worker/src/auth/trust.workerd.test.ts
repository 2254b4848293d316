import { afterAll, beforeAll, describe, inject } from 'vitest';
import { apiClient } from '../test/client';
import { startTestWorker, type TestWorker } from '../test/worker';
import { trustContract } from './trust.contract';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');
const api = apiClient((path, init) => fetch(`${origin}${path}`, init));

describe.skipIf(skip !== '')(`trust on workerd${skip ? `: ${skip}` : ''}`, () => {
  // A second worker over the same database, with sign-ups limited (the shared one has no limit).
  let limited: TestWorker;
  beforeAll(async () => {
    limited = await startTestWorker({
      DATABASE_URL: inject('workerDatabaseUrl'),
      JWT_SECRET: inject('workerJwtSecret'),
      TRUST_PROXY: 'true',
      BCRYPT_COST: '4',
      SIGNUP_LIMIT: '3',
    });
  });
  afterAll(() => limited?.dispose());
  trustContract(() => ({
    api,
    limitedSignup: apiClient((path, init) => fetch(`${limited.url}${path}`, init)),
  }));
});
