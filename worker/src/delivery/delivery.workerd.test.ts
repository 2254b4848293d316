import { describe, inject } from 'vitest';
import { apiClient } from '../test/client';
import { deliveryContract } from './delivery.contract';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');
const api = apiClient((path, init) => fetch(`${origin}${path}`, init));

describe.skipIf(skip !== '')(
  `delivery on workerd (wrangler with pwa/dist as assets, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    deliveryContract(() => ({ api }));
  },
);
