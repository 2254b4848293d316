import { describe, inject } from 'vitest';
import { apiClient } from '../test/client';
import { catalogContract } from './catalog.contract';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');
const api = apiClient((path, init) => fetch(`${origin}${path}`, init));

// The workerd platform has no image port yet (a @jsquash WASM one is the plan): uploads that pass
// the header checks answer 501 there, and the decoding cases are skipped.
describe.skipIf(skip !== '')(
  `catalog on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    catalogContract(() => ({ api }));
  },
);
