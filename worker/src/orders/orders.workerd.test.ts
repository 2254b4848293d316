import { describeOnWorkerdCard } from '../test/card-target';
import { ordersContract } from './orders.contract';

// Its own worker: the card tests need STRIPE_* pointed at this file's emulator.
describeOnWorkerdCard('orders and payments', ordersContract);
