import { afterAll, beforeAll, describe } from 'vitest';
import { nodeCardTarget } from '../test/card-target';
import { ordersContract } from './orders.contract';

const target = nodeCardTarget();
beforeAll(() => target.start());
afterAll(() => target.stop());

describe('orders and payments on Node (app.request, real Postgres)', () => {
  ordersContract(() => target);
});
