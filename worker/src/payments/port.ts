/** What the app needs from a card processor. Stripe implements it (payments/stripe.ts). */
export interface CheckoutRequest {
  paymentId: string;
  orderId: string;
  tenantId: string;
  amount: number;
  currency: string;
  description: string;
  successUrl: string;
  cancelUrl: string;
}

export interface CheckoutSession {
  sessionId: string;
  url: string;
}

export interface RefundRequest {
  refundId: string;
  tenantId: string;
  sessionId: string;
  paymentIntent: string | null;
  amount: number;
}

export interface WebhookEvent {
  id: string;
  type: string;
  /** The checkout session the event is about, when it is about one. */
  sessionId: string | null;
  paymentIntent: string | null;
  /** The session's `payment_status` (`paid`, `unpaid`, `no_payment_required`). */
  paymentStatus: string | null;
  /** The refund the event is about, when it is about one. */
  refund: {
    id: string;
    status: string | null;
    /** Our refund id and tenant, sent as metadata when it was created. */
    refundId: string | null;
    tenantId: string | null;
  } | null;
}

/** The provider could not be reached or failed on its side (network, 429, 5xx): retry later. */
export class PaymentProviderError extends Error {
  override name = 'PaymentProviderError';
}

/** The provider refused the request itself (declined, invalid): retrying the same will not help. */
export class PaymentRejectedError extends Error {
  override name = 'PaymentRejectedError';
}

export interface Payments {
  readonly configured: boolean;
  createCheckout(req: CheckoutRequest): Promise<CheckoutSession>;
  expireCheckout(sessionId: string): Promise<void>;
  refund(req: RefundRequest): Promise<{ id: string; status: string }>;
  /** The verified event, or null when the signature or its timestamp is bad. */
  verifyWebhook(rawBody: string, signature: string | undefined): Promise<WebhookEvent | null>;
}

export const paymentsOff: Payments = {
  configured: false,
  createCheckout: () =>
    Promise.reject(new PaymentProviderError('Card payments are not configured.')),
  expireCheckout: () => Promise.resolve(),
  refund: () => Promise.reject(new PaymentProviderError('Card payments are not configured.')),
  verifyWebhook: () => Promise.resolve(null),
};
