import { describeOnWorkerdCard } from '../test/card-target';
import { shiftsContract } from './shifts.contract';

// The card part of the scripted day needs STRIPE_* pointed at this file's emulator (which workerd
// reaches over loopback HTTP, as the orders contract does).
describeOnWorkerdCard(
  'shifts, reports and audit',
  shiftsContract,
  'whsec_test_comanda_shifts_edge',
);
