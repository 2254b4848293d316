import { afterAll, beforeAll, describe } from 'vitest';
import { nodeCardTarget } from '../test/card-target';
import { tableServiceContract } from './service.contract';

const target = nodeCardTarget();
beforeAll(() => target.start());
afterAll(() => target.stop());

describe('table service on Node (app.request, real Postgres)', () => {
  tableServiceContract(() => target);
});
