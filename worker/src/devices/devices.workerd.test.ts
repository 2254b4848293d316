import { describe, inject } from 'vitest';
import { apiClient } from '../test/client';
import { devicesContract } from './devices.contract';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');
const api = apiClient((path, init) => fetch(`${origin}${path}`, init));

describe.skipIf(skip !== '')(
  `devices on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    devicesContract(() => ({ api }));
  },
);
