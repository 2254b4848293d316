import { afterAll, beforeAll, describe, inject } from 'vitest';
import { workerdCardTarget } from '../test/card-target';
import { ordersContract } from './orders.contract';

const skip = inject('workerdSkip');
// Its own worker: the card tests need STRIPE_* pointed at this file's emulator.
const target = workerdCardTarget();
beforeAll(async () => {
  if (!skip) await target.start();
}, 120_000);
afterAll(async () => {
  if (!skip) await target.stop();
});

describe.skipIf(skip !== '')(
  `orders and payments on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    ordersContract(() => target);
  },
);
