import type { Config } from '../config';
import { type Payments, paymentsOff } from './port';
import { stripePayments } from './stripe';

/** Stripe when STRIPE_SECRET_KEY is set, otherwise card payments answer "not configured". */
export function paymentsFromConfig(
  config: Config,
  options: { fetchClient?: boolean } = {},
): Payments {
  if (!config.STRIPE_SECRET_KEY) return paymentsOff;
  return stripePayments({
    secretKey: config.STRIPE_SECRET_KEY,
    webhookSecret: config.STRIPE_WEBHOOK_SECRET,
    apiBase: config.STRIPE_API_BASE,
    fetchClient: options.fetchClient,
  });
}
