import { describe, inject } from 'vitest';
import { apiClient } from '../test/client';
import { tablesContract } from './tables.contract';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');
const api = apiClient((path, init) => fetch(`${origin}${path}`, init));

describe.skipIf(skip !== '')(
  `tables on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    // Without PUBLIC_URL the worker names QR links after the origin it is reached on.
    tablesContract(() => ({ api, publicUrl: origin }));
  },
);
