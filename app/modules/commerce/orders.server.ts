// Orders as staff see them: the list (status, site, search by number or buyer), one order with its lines and
// payment, and what staff may do by hand — fulfilment steps, cancelling a pending order (its Checkout Session
// is expired at Stripe first, so it cannot be paid afterwards) and refunds (through Stripe when it was paid
// there). Every change audited; money moves at Stripe before the order changes here.
import { getDb } from "~/lib/db.server";
import { fail, ok, type Result } from "~/lib/result";
import { getStripe } from "~/lib/stripe.server";
import { recordAudit } from "~/modules/audit/audit.server";
import { Prisma, type OrderStatus } from "~/generated/prisma/client";
import { refundOrderIn } from "./checkout.server.ts";
import { isPaidStatus, PAID_STATUSES } from "./payments.server.ts";
import { FULFILMENT_NEXT, type OrderListQuery } from "./products.schema.ts";
import type { RequestOrigin } from "~/lib/request-origin.server";
import type { Actor } from "./products.server.ts";
import { paymentIntentOf } from "./subscriptions.server.ts";
import { containsText } from "~/lib/search.server";
import { pageOf, pageWindow, type Page } from "~/lib/list";

export const ORDER_PAGE_SIZE = 50;

function orderWhere(query: OrderListQuery): Prisma.OrderWhereInput {
  return {
    status: query.status,
    ...(query.site ? { items: { some: { product: { characterOwner: query.site } } } } : {}),
    ...(query.q
      ? {
          OR: [
            { orderNumber: containsText(query.q) },
            { user: { email: containsText(query.q) } },
            { user: { name: containsText(query.q) } },
          ],
        }
      : {}),
  };
}

/** One page of orders, newest first, filtered. */
export async function listOrders(query: OrderListQuery): Promise<Page<OrderRow>> {
  const where = orderWhere(query);
  const at = { page: query.page, pageSize: ORDER_PAGE_SIZE };
  const db = getDb();
  const [orders, total] = await Promise.all([
    db.order.findMany({
      where,
      orderBy: { createdAt: "desc" },
      ...pageWindow(at),
      include: {
        user: { select: { id: true, name: true, email: true } },
        items: { select: { quantity: true, product: { select: { name: true, characterOwner: true } } } },
      },
    }),
    db.order.count({ where }),
  ]);
  const rows = orders.map((o) => ({
    id: o.id,
    orderNumber: o.orderNumber,
    status: o.status,
    createdAt: o.createdAt,
    total: o.totalAmount.toString(),
    currency: o.currency,
    buyer: o.user,
    sites: [...new Set(o.items.map((i) => i.product?.characterOwner).filter(Boolean))],
    summary: o.items.map((i) => `${i.product?.name ?? "—"} × ${i.quantity}`).join(", "),
  }));
  return pageOf(rows, total, at);
}

export type OrderRow = {
  id: string;
  orderNumber: string;
  status: OrderStatus;
  createdAt: Date;
  total: string;
  currency: string;
  buyer: { id: string; name: string | null; email: string } | null;
  sites: (string | null | undefined)[];
  summary: string;
};

/** What the orders the filters select were paid, per currency (all pages). */
export async function paidTotalsOf(query: OrderListQuery): Promise<{ currency: string; amount: string }[]> {
  const sums = await getDb().order.groupBy({
    by: ["currency"],
    where: { AND: [orderWhere(query), { status: { in: [...PAID_STATUSES] } }] },
    _sum: { totalAmount: true },
  });
  return sums.map((s) => ({ currency: s.currency, amount: (s._sum.totalAmount ?? new Prisma.Decimal(0)).toString() }));
}

export async function getOrder(id: string) {
  const order = await getDb().order.findUnique({
    where: { id },
    include: {
      user: { select: { id: true, name: true, email: true } },
      items: {
        include: { product: { select: { id: true, name: true, productType: true, characterOwner: true } } },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!order) return null;
  const history = await getDb().auditLog.findMany({
    where: { resource: "orders", resourceId: id },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, action: true, changes: true, createdAt: true, user: { select: { name: true, email: true } } },
  });
  return {
    ...order,
    totalAmount: order.totalAmount.toString(),
    items: order.items.map((i) => ({ ...i, unitPrice: i.unitPrice.toString(), totalPrice: i.totalPrice.toString() })),
    next: FULFILMENT_NEXT[order.status] ?? null,
    canCancel: order.status === "pending",
    canRefund: isPaidStatus(order.status),
    refundsThroughStripe: Boolean(paidAtStripe(order.paymentIntentId) && getStripe()),
    history,
  };
}

/** The order's Stripe reference when Stripe took its payment: a PaymentIntent, a renewal's invoice or a subscription. */
function paidAtStripe(reference: string | null): string | null {
  return reference && /^(pi|in|sub)_/.test(reference) ? reference : null;
}

/** The order's new status, or why it did not change (conflict, not found, Stripe unreachable: upstream). */
export type OrderChange = Result<{ status: string }>;

const audit = (actor: Actor, origin: RequestOrigin, id: string, changes: Record<string, unknown>) =>
  recordAudit({ userId: actor.id, action: "PUT", resource: "orders", resourceId: id, changes, ...origin, status: "success" });

/** The next fulfilment step (paid → processing → shipped → delivered), only from the status the page showed. */
export async function advanceOrder(id: string, from: string, actor: Actor, origin: RequestOrigin): Promise<OrderChange> {
  const to = FULFILMENT_NEXT[from as keyof typeof FULFILMENT_NEXT];
  if (!to) return fail("conflict", "orders.cannotAdvance");
  const updated = await getDb().order.updateMany({ where: { id, status: from as never }, data: { status: to } });
  if (updated.count === 0) return (await exists(id)) ? fail("conflict", "orders.changedMeanwhile") : fail("not_found", "errors.notFound");
  await audit(actor, origin, id, { status: { from, to } });
  return ok({ status: to });
}

/** Cancels a pending order; an open Checkout Session is expired first so the buyer can no longer pay it. */
export async function cancelOrder(id: string, actor: Actor, origin: RequestOrigin): Promise<OrderChange> {
  const db = getDb();
  const order = await db.order.findUnique({ where: { id }, select: { status: true, paymentIntentId: true } });
  if (!order) return fail("not_found", "errors.notFound");
  if (order.status !== "pending") return fail("conflict", "orders.cannotCancel");
  const sessionId = order.paymentIntentId?.startsWith("cs_") ? order.paymentIntentId : null;
  if (sessionId) {
    const stripe = getStripe();
    if (!stripe) return fail("conflict", "orders.stripeOff");
    try {
      await stripe.checkout.sessions.expire(sessionId);
    } catch {
      // Already completed (its webhook is on the way) or Stripe is unreachable: the order stays as it is.
      const session = await stripe.checkout.sessions.retrieve(sessionId).catch(() => null);
      if (session?.status !== "expired")
        return session ? fail("conflict", "orders.alreadyPaying") : fail("upstream", "orders.providerDown");
    }
  }
  const updated = await db.order.updateMany({
    where: { id, status: "pending" },
    data: { status: "cancelled", notes: "Cancelled by staff" },
  });
  if (updated.count === 0) return fail("conflict", "orders.changedMeanwhile");
  await audit(actor, origin, id, { status: { from: "pending", to: "cancelled" } });
  return ok({ status: "cancelled" });
}

/**
 * Refunds a paid order: through Stripe when it was paid there (the refund succeeds at Stripe before anything
 * changes here; Stripe's charge.refunded webhook then finds it already refunded), otherwise recorded as
 * refunded outside Stripe. Downloads stop and the buyer's total spent goes down either way.
 */
export async function refundOrder(id: string, actor: Actor, origin: RequestOrigin): Promise<OrderChange> {
  const db = getDb();
  const order = await db.order.findUnique({ where: { id }, select: { status: true, paymentIntentId: true } });
  if (!order) return fail("not_found", "errors.notFound");
  if (!isPaidStatus(order.status)) return fail("conflict", "orders.cannotRefund");
  const reference = paidAtStripe(order.paymentIntentId);
  let refundId: string | null = null;
  if (reference) {
    const stripe = getStripe();
    if (!stripe) return fail("conflict", "orders.stripeOff");
    try {
      // A subscription's order is known by its invoice or subscription: the PaymentIntent is found through it.
      const paymentIntent = await paymentIntentOf(stripe, reference);
      if (!paymentIntent) return fail("conflict", "orders.noStripePayment");
      // The idempotency key makes a double click (or a retry) one refund at Stripe.
      refundId = (await stripe.refunds.create({ payment_intent: paymentIntent }, { idempotencyKey: `refund-${id}` })).id;
    } catch {
      return fail("upstream", "orders.providerDown");
    }
  }
  // Not paid through Stripe (e.g. bank transfer): recorded here; the money went back outside the CRM.
  const done = await db.$transaction((tx) => refundOrderIn(tx, { id }));
  if (!done) return fail("conflict", "orders.changedMeanwhile");
  await audit(actor, origin, id, { status: { from: order.status, to: "refunded" }, refund: refundId ?? "outside Stripe" });
  return ok({ status: "refunded" });
}

async function exists(id: string) {
  return Boolean(await getDb().order.findUnique({ where: { id }, select: { id: true } }));
}
