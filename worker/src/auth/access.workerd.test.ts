import { describe, inject } from 'vitest';
import { apiClient } from '../test/client';
import { accessContract } from './access.contract';

const skip = inject('workerdSkip');
const origin = inject('workerUrl');
const api = apiClient((path, init) => fetch(`${origin}${path}`, init));

describe.skipIf(skip !== '')(`access on workerd${skip ? `: ${skip}` : ''}`, () => {
  accessContract(() => ({ admin: api, api, socketBase: origin }));
});
