import { describe, inject } from 'vitest';
import { apiClient } from '../test/client';
import { openApiContract } from './openapi.contract';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');
const api = apiClient((path, init) => fetch(`${origin}${path}`, init));

describe.skipIf(skip !== '')(
  `OpenAPI on workerd (wrangler, real HTTP)${skip ? `: ${skip}` : ''}`,
  () => {
    openApiContract(() => ({ api }));
  },
);
