import { afterAll, beforeAll, describe, inject } from 'vitest';
import { workerdCardTarget } from '../test/card-target';
import { moneyContract } from './money.contract';

const skip = inject('workerdSkip');
// Its own worker: the card tests need STRIPE_* pointed at this file's emulator.
const target = workerdCardTarget('whsec_test_comanda_money_edge');
beforeAll(async () => {
  if (!skip) await target.start();
}, 120_000);
afterAll(async () => {
  if (!skip) await target.stop();
});

describe.skipIf(skip !== '')(
  `money rules on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    moneyContract(() => target);
  },
);
