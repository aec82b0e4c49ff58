// A local stand-in for the parts of Stripe's API the shop uses — Checkout Sessions (create, retrieve, expire), Subscriptions (cancel),
// Invoices and Invoice Payments (retrieve, list: how a subscription's charge is traced) and Refunds — speaking Stripe's HTTP protocol (form-encoded bodies with bracketed keys, bearer secret key,
// JSON objects with `object` and `id`, Stripe's error shape), so the real `stripe` client runs unchanged
// (pointed here with STRIPE_API_BASE). It also signs webhook events as Stripe does, for posting them to the
// server under test. Loopback only; close() stops it.
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export const STANDIN_SECRET_KEY = "sk_test_kizuna_standin";
export const STANDIN_WEBHOOK_SECRET = "whsec_kizuna_standin_secret";

export interface CheckoutSessionRecord {
  id: string;
  object: "checkout.session";
  url: string;
  mode: string;
  status: "open" | "complete" | "expired";
  payment_status: "unpaid" | "paid";
  payment_intent: string | null;
  subscription?: string | null;
  invoice?: string | null;
  client_reference_id: string | null;
  metadata: Record<string, string>;
  success_url: string;
  cancel_url: string;
  currency: string;
  amount_total: number;
  customer_email: string | null;
  line_items: { name: string; unit_amount: number; quantity: number; currency: string }[];
}

/** An invoice as Stripe sends it (the fields the shop reads), and the payment that paid it. */
export interface InvoiceRecord {
  id: string;
  object: "invoice";
  billing_reason: "subscription_create" | "subscription_cycle";
  status: "paid";
  amount_paid: number;
  currency: string;
  parent: { type: "subscription_details"; subscription_details: { subscription: string } };
}

export interface StripeStandIn {
  url: string;
  env: Record<string, string>;
  sessions: Map<string, CheckoutSessionRecord>;
  refunds: { id: string; payment_intent: string; amount: number | null }[];
  /** Invoices by id, and the PaymentIntent that paid each. */
  invoices: Map<string, InvoiceRecord & { paidWith: string }>;
  /** While true, every API request answers 500 as Stripe does when it has trouble (webhooks still sign). */
  down: boolean;
  /** Requests seen, for assertions (method, path, parsed body, authorization). */
  requests: { method: string; path: string; body: Record<string, unknown>; authorization?: string }[];
  /** Marks a session paid (as the customer finishing Checkout would) and returns the webhook event for it. */
  complete(sessionId: string): Stripe.Event;
  /** Stripe charging a subscription's next period: a paid subscription_cycle invoice (for an invoice.paid event). */
  renew(subscription: string, amountPaid: number, currency?: string): InvoiceRecord;
  /** A Stripe event object of a type, around an object. */
  event(type: string, object: object): Stripe.Event;
  /** The Stripe-Signature header for a payload, signed with the webhook secret (or another). */
  sign(payload: string, secret?: string, timestamp?: number): string;
  close(): Promise<void>;
}

/** Stripe's form encoding back into an object: a[b][0][c]=x → { a: { b: [ { c: "x" } ] } }. */
function parseForm(body: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const parts = key.replace(/\]/g, "").split("[");
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]!);
      const slot = (node as Record<string, unknown>)[part];
      if (last) (node as Record<string, unknown>)[part] = value;
      else node = (slot ?? ((node as Record<string, unknown>)[part] = nextIsIndex ? [] : {})) as Record<string, unknown>;
    });
  }
  return root;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString("hex")}`;

export async function startStripeStandIn(): Promise<StripeStandIn> {
  const sessions = new Map<string, CheckoutSessionRecord>();
  const refunds: StripeStandIn["refunds"] = [];
  const cancelled = new Set<string>();
  const invoices: StripeStandIn["invoices"] = new Map();
  const list = (res: http.ServerResponse, path: string, data: unknown[]) =>
    send(res, 200, { object: "list", data, has_more: false, url: path });
  const publicInvoice = ({ paidWith: _, ...invoice }: InvoiceRecord & { paidWith: string }) => invoice;
  const invoicePayment = (invoice: InvoiceRecord & { paidWith: string }) => ({
    id: `inpay_${invoice.id.slice(3)}`,
    object: "invoice_payment",
    invoice: invoice.id,
    amount_paid: invoice.amount_paid,
    currency: invoice.currency,
    status: "paid",
    payment: { type: "payment_intent", payment_intent: invoice.paidWith },
  });
  const addInvoice = (subscription: string, reason: InvoiceRecord["billing_reason"], amountPaid: number, currency: string) => {
    const invoice = {
      id: id("in"),
      object: "invoice" as const,
      billing_reason: reason,
      status: "paid" as const,
      amount_paid: amountPaid,
      currency,
      parent: { type: "subscription_details" as const, subscription_details: { subscription } },
      paidWith: id("pi"),
    };
    invoices.set(invoice.id, invoice);
    return invoice;
  };
  const requests: StripeStandIn["requests"] = [];
  const signer = new Stripe(STANDIN_SECRET_KEY);

  const send = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "request-id": id("req") }).end(JSON.stringify(body));
  };
  const error = (res: http.ServerResponse, status: number, message: string, param?: string) =>
    send(res, status, {
      error: { type: status === 401 ? "invalid_request_error" : "invalid_request_error", message, ...(param ? { param } : {}) },
    });

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk) => (raw += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://standin");
      const body = parseForm(raw);
      requests.push({ method: req.method ?? "GET", path: url.pathname, body, authorization: req.headers.authorization });
      if (req.headers.authorization !== `Bearer ${STANDIN_SECRET_KEY}`) return error(res, 401, "Invalid API Key provided");
      if (standIn.down) return send(res, 500, { error: { type: "api_error", message: "An unknown error occurred" } });

      if (req.method === "POST" && url.pathname === "/v1/checkout/sessions") {
        const items =
          (body.line_items as
            { price_data?: { currency: string; unit_amount: string; product_data?: { name: string } }; quantity: string }[] | undefined) ??
          [];
        if (items.length === 0) return error(res, 400, "line_items is required", "line_items");
        if (!body.success_url) return error(res, 400, "success_url is required", "success_url");
        const lines = items.map((item) => ({
          name: item.price_data?.product_data?.name ?? "",
          unit_amount: Number(item.price_data?.unit_amount),
          quantity: Number(item.quantity),
          currency: item.price_data?.currency ?? "jpy",
        }));
        const session: CheckoutSessionRecord = {
          id: id("cs_test"),
          object: "checkout.session",
          url: "",
          mode: String(body.mode ?? "payment"),
          status: "open",
          payment_status: "unpaid",
          payment_intent: null,
          client_reference_id: (body.client_reference_id as string | undefined) ?? null,
          metadata: (body.metadata as Record<string, string> | undefined) ?? {},
          success_url: String(body.success_url),
          cancel_url: String(body.cancel_url ?? ""),
          currency: lines[0]!.currency,
          amount_total: lines.reduce((sum, l) => sum + l.unit_amount * l.quantity, 0),
          customer_email: (body.customer_email as string | undefined) ?? null,
          line_items: lines,
        };
        session.url = `${standIn.url}/pay/${session.id}`;
        sessions.set(session.id, session);
        return send(res, 200, session);
      }
      const retrieve = /^\/v1\/checkout\/sessions\/([\w]+)$/.exec(url.pathname);
      if (req.method === "GET" && retrieve) {
        const session = sessions.get(retrieve[1]!);
        return session ? send(res, 200, session) : error(res, 404, `No such checkout.session: '${retrieve[1]}'`, "id");
      }
      const expire = /^\/v1\/checkout\/sessions\/([\w]+)\/expire$/.exec(url.pathname);
      if (req.method === "POST" && expire) {
        const session = sessions.get(expire[1]!);
        if (!session) return error(res, 404, `No such checkout.session: '${expire[1]}'`, "id");
        // Stripe: "Only Checkout Sessions with a status of open can be expired."
        if (session.status !== "open")
          return error(
            res,
            400,
            `Only Checkout Sessions with a status of open can be expired. This session has a status of ${session.status}.`,
          );
        session.status = "expired";
        return send(res, 200, session);
      }
      const subscription = /^\/v1\/subscriptions\/(sub_\w+)$/.exec(url.pathname);
      if (req.method === "DELETE" && subscription) {
        if (cancelled.has(subscription[1]!)) return error(res, 400, `No such subscription: '${subscription[1]}'`, "id");
        cancelled.add(subscription[1]!);
        return send(res, 200, { id: subscription[1], object: "subscription", status: "canceled" });
      }
      const query = parseForm(url.search.slice(1));
      const invoice = /^\/v1\/invoices\/(in_\w+)$/.exec(url.pathname);
      if (req.method === "GET" && invoice) {
        const found = invoices.get(invoice[1]!);
        return found ? send(res, 200, publicInvoice(found)) : error(res, 404, `No such invoice: '${invoice[1]}'`, "id");
      }
      if (req.method === "GET" && url.pathname === "/v1/invoices") {
        return list(
          res,
          url.pathname,
          [...invoices.values()]
            .filter((i) => !query.subscription || i.parent.subscription_details.subscription === query.subscription)
            .map(publicInvoice),
        );
      }
      if (req.method === "GET" && url.pathname === "/v1/invoice_payments") {
        const payment = query.payment as { type?: string; payment_intent?: string } | undefined;
        if (payment && payment.type !== "payment_intent")
          return error(res, 400, "payment[type] must be payment_intent here", "payment[type]");
        const matching = [...invoices.values()].filter(
          (i) => (!query.invoice || i.id === query.invoice) && (!payment?.payment_intent || i.paidWith === payment.payment_intent),
        );
        return list(res, url.pathname, matching.map(invoicePayment));
      }
      if (req.method === "POST" && url.pathname === "/v1/refunds") {
        if (!body.payment_intent) return error(res, 400, "payment_intent is required", "payment_intent");
        const refund = {
          id: id("re"),
          object: "refund",
          payment_intent: String(body.payment_intent),
          amount: body.amount ? Number(body.amount) : null,
          status: "succeeded",
        };
        refunds.push(refund);
        return send(res, 200, refund);
      }
      error(res, 404, `Unrecognized request URL (${req.method}: ${url.pathname})`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const standIn: StripeStandIn = {
    url,
    env: { STRIPE_SECRET_KEY: STANDIN_SECRET_KEY, STRIPE_WEBHOOK_SECRET: STANDIN_WEBHOOK_SECRET, STRIPE_API_BASE: url },
    sessions,
    refunds,
    invoices,
    down: false,
    requests,
    complete(sessionId) {
      const session = sessions.get(sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      // As Stripe: a subscription's checkout creates the subscription and its first invoice, paid by a
      // PaymentIntent of the invoice's; the session itself has none.
      if (session.mode === "subscription") {
        const subscription = id("sub");
        const first = addInvoice(subscription, "subscription_create", session.amount_total, session.currency);
        Object.assign(session, { status: "complete", payment_status: "paid", payment_intent: null, subscription, invoice: first.id });
      } else Object.assign(session, { status: "complete", payment_status: "paid", payment_intent: id("pi") });
      return standIn.event("checkout.session.completed", session as unknown as Record<string, unknown>);
    },
    renew(subscription, amountPaid, currency = "jpy") {
      return publicInvoice(addInvoice(subscription, "subscription_cycle", amountPaid, currency));
    },
    event(type, object) {
      return {
        id: id("evt"),
        object: "event",
        api_version: "2025-10-29.clover",
        created: Math.floor(Date.now() / 1000),
        type,
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        data: { object },
      } as unknown as Stripe.Event;
    },
    sign(payload, secret = STANDIN_WEBHOOK_SECRET, timestamp) {
      return signer.webhooks.generateTestHeaderString({ payload, secret, ...(timestamp ? { timestamp } : {}) });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return standIn;
}
