import Stripe from 'stripe';
import {
  type CheckoutRequest,
  PaymentProviderError,
  PaymentRejectedError,
  type Payments,
  type RefundRequest,
  type WebhookEvent,
} from './port';

export interface StripeOptions {
  secretKey: string;
  webhookSecret: string | undefined;
  /** Another API base (the tests' local emulator); split into host/port/protocol for the SDK. */
  apiBase?: string;
  /** workerd: Stripe.createFetchHttpClient() and the SubtleCrypto provider. */
  fetchClient?: boolean;
}

const TOLERANCE_SECONDS = 300;

/** A Stripe error answered with a 4xx other than 429 (a network error has no status). */
function isRejection(e: unknown): boolean {
  if (!(e instanceof Stripe.errors.StripeError)) return false;
  const status = e.statusCode ?? 0;
  return status >= 400 && status < 500 && status !== 429;
}

/**
 * Stripe through its official SDK. Every mutating call carries an idempotency key derived from our
 * own ids, so a retry after a lost response returns the same session or refund, never a second one.
 */
export function stripePayments(options: StripeOptions): Payments {
  const base = options.apiBase ? new URL(options.apiBase) : undefined;
  const stripe = new Stripe(options.secretKey, {
    maxNetworkRetries: 1,
    timeout: 10_000,
    telemetry: false,
    ...(base
      ? {
          host: base.hostname,
          port: base.port || (base.protocol === 'http:' ? 80 : 443),
          protocol: base.protocol === 'http:' ? 'http' : 'https',
        }
      : {}),
    ...(options.fetchClient ? { httpClient: Stripe.createFetchHttpClient() } : {}),
  });
  const crypto = options.fetchClient ? Stripe.createSubtleCryptoProvider() : undefined;

  const wrap = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // Stripe's own 4xx answers (declined, invalid, idempotency) say the request itself is wrong;
      // only network failures, 429 and 5xx are worth a retry.
      if (isRejection(e)) throw new PaymentRejectedError(message);
      throw new PaymentProviderError(message);
    }
  };

  return {
    configured: true,
    createCheckout: (req: CheckoutRequest) =>
      wrap(async () => {
        const session = await stripe.checkout.sessions.create(
          {
            mode: 'payment',
            line_items: [
              {
                quantity: 1,
                price_data: {
                  currency: req.currency.toLowerCase(),
                  unit_amount: req.amount,
                  product_data: { name: req.description },
                },
              },
            ],
            client_reference_id: req.paymentId,
            metadata: { payment_id: req.paymentId, order_id: req.orderId, tenant_id: req.tenantId },
            success_url: req.successUrl,
            cancel_url: req.cancelUrl,
          },
          { idempotencyKey: `checkout-${req.paymentId}` },
        );
        if (!session.url) throw new Error('Stripe returned a session without a URL');
        return { sessionId: session.id, url: session.url };
      }),
    expireCheckout: (sessionId: string) =>
      wrap(async () => {
        await stripe.checkout.sessions.expire(
          sessionId,
          {},
          { idempotencyKey: `expire-${sessionId}` },
        );
      }),
    refund: (req: RefundRequest) =>
      wrap(async () => {
        let intent = req.paymentIntent;
        if (!intent) {
          const s = await stripe.checkout.sessions.retrieve(req.sessionId);
          intent =
            typeof s.payment_intent === 'string'
              ? s.payment_intent
              : (s.payment_intent?.id ?? null);
        }
        if (!intent) throw new Error('The checkout session has no payment intent to refund');
        const refund = await stripe.refunds.create(
          {
            payment_intent: intent,
            amount: req.amount,
            metadata: { refund_id: req.refundId, tenant_id: req.tenantId },
          },
          { idempotencyKey: `refund-${req.refundId}` },
        );
        return { id: refund.id, status: refund.status ?? 'pending' };
      }),
    async verifyWebhook(
      rawBody: string,
      signature: string | undefined,
    ): Promise<WebhookEvent | null> {
      if (!options.webhookSecret || !signature) return null;
      let event: Stripe.Event;
      try {
        event = await stripe.webhooks.constructEventAsync(
          rawBody,
          signature,
          options.webhookSecret,
          TOLERANCE_SECONDS,
          crypto,
        );
      } catch {
        return null;
      }
      const object = event.data.object as {
        object?: string;
        id?: string;
        payment_intent?: unknown;
        payment_status?: unknown;
        status?: unknown;
        metadata?: Record<string, unknown> | null;
      };
      const str = (v: unknown) => (typeof v === 'string' ? v : null);
      const isSession = object.object === 'checkout.session';
      const isRefund = object.object === 'refund' && typeof object.id === 'string';
      return {
        id: event.id,
        type: event.type,
        sessionId: isSession ? str(object.id) : null,
        paymentIntent: str(object.payment_intent),
        paymentStatus: isSession ? str(object.payment_status) : null,
        refund: isRefund
          ? {
              id: object.id as string,
              status: str(object.status),
              refundId: str(object.metadata?.refund_id),
              tenantId: str(object.metadata?.tenant_id),
            }
          : null,
      };
    },
  };
}
