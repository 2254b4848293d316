import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { type Api, apiClient } from './client';

/**
 * A local stand-in for the Stripe API (the real one is unreachable here), driven through the
 * official SDK: the endpoints Comanda calls, Stripe's form-encoded requests and JSON responses,
 * idempotency keys honoured, and webhooks signed as Stripe signs them. Test code only.
 */
type Json = Record<string, unknown>;

interface Session {
  id: string;
  object: 'checkout.session';
  status: 'open' | 'complete' | 'expired';
  payment_status: 'unpaid' | 'paid' | 'no_payment_required';
  amount_total: number;
  currency: string;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  payment_intent: string | null;
  url: string;
  success_url: string;
  cancel_url: string;
  created: number;
  mode: 'payment';
}

interface Refund {
  id: string;
  object: 'refund';
  amount: number;
  payment_intent: string;
  status: 'pending' | 'succeeded' | 'failed';
  metadata: Record<string, string>;
}

/** Parses Stripe's bracket notation (a[b][0][c]=1) into nested objects and arrays. */
export function parseStripeForm(body: string): Json {
  const root: Json = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = rawKey.replace(/\]/g, '').split('[');
    let node: Json = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const next = parts[i + 1]!;
      if (node[part] === undefined) node[part] = /^\d+$/.test(next) ? [] : {};
      node = node[part] as Json;
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_test_${randomBytes(12).toString('hex')}`;

export class StripeEmulator {
  readonly sessions = new Map<string, Session>();
  readonly refunds = new Map<string, Refund>();
  /** Every request received, for assertions ("exactly one session was created"). */
  readonly requests: { method: string; path: string; idempotencyKey?: string }[] = [];
  /** Requests to process and then answer by cutting the connection (a lost response). */
  dropResponses = 0;
  /**
   * Errors to answer the next requests with, one each, before doing anything: a 402 card_error
   * or 400 invalid_request_error (Stripe refused), a 429 or 500 (Stripe could not).
   */
  readonly failures: { status: number; type: string; message: string }[] = [];
  private idempotent = new Map<string, { body: string; status: number; response: Json }>();
  private server?: Server;
  base = '';

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'api_error', message: String(e) } }));
      });
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', () => ok()));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((ok) => (this.server ? this.server.close(() => ok()) : ok()));
  }

  get sessionsCreated(): number {
    return this.sessions.size;
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const path = (req.url ?? '').split('?')[0]!;
    const key = req.headers['idempotency-key'] as string | undefined;
    this.requests.push({ method: req.method ?? '', path, idempotencyKey: key });
    const send = (status: number, json: Json) => {
      if (this.dropResponses > 0) {
        this.dropResponses -= 1;
        req.socket.destroy(); // processed, but the caller never hears back
        return;
      }
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': id('req') });
      res.end(JSON.stringify(json));
    };
    if (!(req.headers.authorization ?? '').startsWith('Bearer sk_')) {
      return send(401, { error: { type: 'invalid_request_error', message: 'Invalid API key' } });
    }
    const failure = this.failures.shift();
    if (failure) {
      return send(failure.status, { error: { type: failure.type, message: failure.message } });
    }
    if (req.method === 'POST' && key) {
      const seen = this.idempotent.get(`${path}|${key}`);
      if (seen) {
        if (seen.body !== body) {
          return send(400, {
            error: {
              type: 'idempotency_error',
              message:
                'Keys for idempotent requests can only be used with the same parameters they were first used with.',
            },
          });
        }
        return send(seen.status, seen.response);
      }
    }
    const [status, response] = this.route(req.method ?? 'GET', path, parseStripeForm(body));
    if (req.method === 'POST' && key && status < 500) {
      this.idempotent.set(`${path}|${key}`, { body, status, response });
    }
    send(status, response);
  }

  private route(method: string, path: string, form: Json): [number, Json] {
    const notFound: [number, Json] = [
      404,
      { error: { type: 'invalid_request_error', message: `No such resource: ${path}` } },
    ];
    if (method === 'POST' && path === '/v1/checkout/sessions') {
      const item = (form.line_items as Json[] | undefined)?.[0] as Json | undefined;
      const price = item?.price_data as Json | undefined;
      const amount = Number(price?.unit_amount) * Number(item?.quantity ?? 1);
      if (!Number.isInteger(amount) || amount <= 0 || !price?.currency) {
        return [
          400,
          { error: { type: 'invalid_request_error', message: 'line_items are required' } },
        ];
      }
      const s: Session = {
        id: id('cs'),
        object: 'checkout.session',
        status: 'open',
        payment_status: 'unpaid',
        amount_total: amount,
        currency: String(price.currency),
        client_reference_id: (form.client_reference_id as string) ?? null,
        metadata: (form.metadata as Record<string, string>) ?? {},
        payment_intent: null,
        url: '',
        success_url: String(form.success_url ?? ''),
        cancel_url: String(form.cancel_url ?? ''),
        created: Math.floor(Date.now() / 1000),
        mode: 'payment',
      };
      s.url = `${this.base}/pay/${s.id}`;
      this.sessions.set(s.id, s);
      return [200, { ...s }];
    }
    const m = /^\/v1\/checkout\/sessions\/([^/]+)(\/expire)?$/.exec(path);
    if (m) {
      const s = this.sessions.get(m[1]!);
      if (!s) return notFound;
      if (method === 'GET' && !m[2]) return [200, { ...s }];
      if (method === 'POST' && m[2]) {
        if (s.status !== 'open') {
          return [
            400,
            { error: { type: 'invalid_request_error', message: `Session is ${s.status}` } },
          ];
        }
        s.status = 'expired';
        return [200, { ...s }];
      }
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const intent = String(form.payment_intent ?? '');
      const session = [...this.sessions.values()].find((x) => x.payment_intent === intent);
      if (!session) return notFound;
      const refunded = [...this.refunds.values()]
        .filter((r) => r.payment_intent === intent && r.status !== 'failed')
        .reduce((s, r) => s + r.amount, 0);
      const amount = Number(form.amount ?? session.amount_total - refunded);
      if (amount > session.amount_total - refunded) {
        return [
          400,
          { error: { type: 'invalid_request_error', message: 'Refund exceeds the charge' } },
        ];
      }
      const r: Refund = {
        id: id('re'),
        object: 'refund',
        amount,
        payment_intent: intent,
        // Stripe confirms a refund later, by a refund.updated event (settleRefund below).
        status: 'pending',
        metadata: (form.metadata as Record<string, string>) ?? {},
      };
      this.refunds.set(r.id, r);
      return [200, { ...r }];
    }
    return notFound;
  }

  /**
   * The guest paid: the session completes and gets a payment intent. Returns the webhook event.
   * With `unpaid` (a delayed method such as SEPA debit) the money is not there yet: asyncResult()
   * later says whether it arrived.
   */
  complete(sessionId: string, paymentStatus: Session['payment_status'] = 'paid'): Json {
    const s = this.sessions.get(sessionId);
    if (!s) throw new Error(`no session ${sessionId}`);
    s.status = 'complete';
    s.payment_status = paymentStatus;
    s.payment_intent ??= id('pi');
    return this.event('checkout.session.completed', { ...s });
  }

  /** The delayed payment of a session completed `unpaid` succeeded or failed. */
  asyncResult(sessionId: string, ok: boolean): Json {
    const s = this.sessions.get(sessionId);
    if (!s) throw new Error(`no session ${sessionId}`);
    if (ok) s.payment_status = 'paid';
    return this.event(
      ok ? 'checkout.session.async_payment_succeeded' : 'checkout.session.async_payment_failed',
      { ...s },
    );
  }

  /**
   * Stripe settles a refund: `refund.updated` with its final status, or (`failedEvent`) the
   * `refund.failed` event Stripe also sends for a failure.
   */
  settleRefund(
    refundId: string,
    status: 'succeeded' | 'failed',
    type: 'refund.updated' | 'refund.failed' = 'refund.updated',
  ): Json {
    const r = this.refunds.get(refundId);
    if (!r) throw new Error(`no refund ${refundId}`);
    r.status = status;
    return this.event(type, { ...r });
  }

  expire(sessionId: string): Json {
    const s = this.sessions.get(sessionId);
    if (!s) throw new Error(`no session ${sessionId}`);
    s.status = 'expired';
    return this.event('checkout.session.expired', { ...s });
  }

  event(type: string, object: Json): Json {
    return {
      id: id('evt'),
      object: 'event',
      type,
      api_version: '2025-01-01',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: { object },
    };
  }

  /**
   * What Stripe does once the guest has paid: the signed webhook completing the latest checkout,
   * sent to the server at `baseUrl`.
   */
  async settleLatest(baseUrl: string, secret: string) {
    const session = [...this.sessions.values()].at(-1)!;
    const api = apiClient((path, init) => fetch(`${baseUrl}${path}`, init));
    const res = await postStripeWebhook(api, secret, this.complete(session.id));
    return { session, res };
  }

  /** Signs like Stripe (t=…,v1=HMAC) with the SDK's own test helper. */
  static sign(payload: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
    return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
  }
}

/** Posts an event to our webhook, signed as Stripe would sign it with `secret`. */
export function postStripeWebhook(api: Api, secret: string, event: unknown): Promise<Response> {
  const payload = JSON.stringify(event);
  return api.fetch('/api/v1/stripe/webhook', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'stripe-signature': StripeEmulator.sign(payload, secret),
    },
    body: payload,
  });
}
