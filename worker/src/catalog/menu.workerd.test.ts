import { describe, inject } from 'vitest';
import { apiClient } from '../test/client';
import { menuContract } from './menu.contract';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');
const api = apiClient((path, init) => fetch(`${origin}${path}`, init));

describe.skipIf(skip !== '')(
  `menu additions on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    menuContract(() => ({ api }));
  },
);
