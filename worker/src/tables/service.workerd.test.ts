import { afterAll, beforeAll, describe, inject } from 'vitest';
import { workerdCardTarget } from '../test/card-target';
import { tableServiceContract } from './service.contract';

const skip = inject('workerdSkip');
// Its own worker: the guest's card share needs STRIPE_* pointed at this file's emulator.
const target = workerdCardTarget();
beforeAll(async () => {
  if (!skip) await target.start();
}, 120_000);
afterAll(async () => {
  if (!skip) await target.stop();
});

describe.skipIf(skip !== '')(
  `table service on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    tableServiceContract(() => target);
  },
);
