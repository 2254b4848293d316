import { afterAll, beforeAll, describe } from 'vitest';
import { nodeCardTarget } from '../test/card-target';
import { shiftsContract } from './shifts.contract';

const target = nodeCardTarget('whsec_test_comanda_shifts');
beforeAll(() => target.start());
afterAll(() => target.stop());

describe('shifts, reports and audit on Node (app.request, real Postgres)', () => {
  shiftsContract(() => target);
});
