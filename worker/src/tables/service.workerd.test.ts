import { describeOnWorkerdCard } from '../test/card-target';
import { tableServiceContract } from './service.contract';

// The guest's card share needs STRIPE_* pointed at this file's emulator.
describeOnWorkerdCard('table service', tableServiceContract);
