import { afterAll, beforeAll, describe, inject } from 'vitest';
import { workerdCardTarget } from '../test/card-target';
import { shiftsContract } from './shifts.contract';

const skip = inject('workerdSkip');
// Its own worker and database: the card part of the scripted day needs STRIPE_* pointed at this
// file's emulator (which workerd reaches over loopback HTTP, as the orders contract does).
const target = workerdCardTarget('whsec_test_comanda_shifts_edge');
beforeAll(async () => {
  if (!skip) await target.start();
}, 120_000);
afterAll(async () => {
  if (!skip) await target.stop();
});

describe.skipIf(skip !== '')(
  `shifts, reports and audit on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    shiftsContract(() => target);
  },
);
