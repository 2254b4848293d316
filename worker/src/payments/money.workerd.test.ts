import { describeOnWorkerdCard } from '../test/card-target';
import { moneyContract } from './money.contract';

describeOnWorkerdCard('money rules', moneyContract, 'whsec_test_comanda_money_edge');
