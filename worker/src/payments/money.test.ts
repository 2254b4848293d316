import { afterAll, beforeAll, describe } from 'vitest';
import { nodeCardTarget } from '../test/card-target';
import { moneyContract } from './money.contract';

const target = nodeCardTarget();
beforeAll(() => target.start());
afterAll(() => target.stop());

describe('money rules on Node (app.request, real Postgres)', () => {
  moneyContract(() => target);
});
