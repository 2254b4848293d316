import { describe, inject } from 'vitest';
import { apiClient } from '../test/client';
import { kitchenContract } from './kitchen.contract';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');
const api = apiClient((path, init) => fetch(`${origin}${path}`, init));

describe.skipIf(skip !== '')(
  `kitchen on workerd (wrangler, real HTTP; printing through the bridge)${skip ? `: ${skip}` : ''}`,
  () => {
    kitchenContract(() => ({ api }));
  },
);
