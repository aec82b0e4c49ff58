// Subscriptions: a paid checkout of a recurring product starts one; each renewal invoice Stripe pays becomes
// an order of its own (so revenue, total spent and the analytics see it); a cancellation — at Stripe or from
// the account page — ends it and sets the buyer's tier from what is still active.
//
// A subscription's orders are known by their invoice (renewals) or by the subscription (the first order, paid
// by the subscription's first invoice), not by a PaymentIntent; Stripe's invoice payments link the two, so a
// refund can be traced either way.
import type Stripe from "stripe";
import { getDb, type Tx } from "~/lib/db.server";
import { fail, ok, type Result } from "~/lib/result";
import type { RequestOrigin } from "~/lib/request-origin.server";
import { getStripe } from "~/lib/stripe.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { Registry } from "~/modules/plugins/registry.server";
import { markOrderPaidIn, newOrderNumber } from "./payments.server.ts";

/** Starts the subscription of a just-paid order (its recurring line), once. */
export async function startSubscriptionIn(tx: Tx, { providerId, orderId }: { providerId: string; orderId: string }): Promise<void> {
  const order = await tx.order.findUnique({
    where: { id: orderId },
    include: { items: { include: { product: { select: { id: true, isRecurring: true, recurringInterval: true } } } } },
  });
  const line = order?.items.find((i) => i.product?.isRecurring);
  if (!order || !line?.product) return;
  await tx.subscription.upsert({
    where: { providerId },
    update: {},
    create: {
      providerId,
      orderId,
      userId: order.userId,
      productId: line.product.id,
      interval: line.product.recurringInterval ?? "monthly",
    },
  });
}

/** The subscription id an invoice belongs to (Stripe moved it under `parent` in 2025). */
export function invoiceSubscription(invoice: Stripe.Invoice): string | null {
  const loose = invoice as unknown as {
    subscription?: string | { id: string } | null;
    parent?: { subscription_details?: { subscription?: string | { id: string } | null } | null } | null;
  };
  const found = loose.parent?.subscription_details?.subscription ?? loose.subscription ?? null;
  return typeof found === "string" ? found : (found?.id ?? null);
}

/**
 * A renewal Stripe has charged: a new order with the first order's lines at the price charged then, marked
 * paid in this transaction (total spent, tier, product grants). Returns the new order's id, or null when there
 * is nothing to renew (not a renewal, an unknown or ended subscription, or this invoice already booked).
 */
export async function renewSubscriptionIn(tx: Tx, invoice: Stripe.Invoice, registry: Registry): Promise<string | null> {
  if (invoice.billing_reason !== "subscription_cycle") return null; // the first invoice is the checkout's
  const providerId = invoiceSubscription(invoice);
  if (!providerId || !invoice.id) return null;
  const subscription = await tx.subscription.findUnique({ where: { providerId }, include: { order: { include: { items: true } } } });
  if (!subscription?.order || subscription.status !== "active") return null;
  if (await tx.order.findFirst({ where: { paymentIntentId: invoice.id }, select: { id: true } })) return null;
  const first = subscription.order;
  const renewal = await tx.order.create({
    data: {
      userId: subscription.userId,
      orderNumber: newOrderNumber(),
      totalAmount: first.totalAmount,
      currency: first.currency,
      status: "pending",
      notes: `Renewal of ${first.orderNumber}`,
      items: {
        create: first.items.map((i) => ({
          productId: i.productId,
          quantity: i.quantity,
          unitPrice: i.unitPrice,
          totalPrice: i.totalPrice,
        })),
      },
    },
  });
  const paid = await markOrderPaidIn(tx, renewal.id, registry, { paymentIntentId: invoice.id, paymentMethod: "card" });
  if (!paid.ok) throw new Error(`renewal ${renewal.orderNumber} could not be marked paid: ${paid.code}`);
  await tx.subscription.update({ where: { id: subscription.id }, data: { renewedAt: new Date(), renewals: { increment: 1 } } });
  return renewal.id;
}

/** Ends a subscription (once) and sets the buyer's tier from the subscriptions still active. */
export async function endSubscriptionIn(tx: Tx, providerId: string): Promise<boolean> {
  const ended = await tx.subscription.updateMany({
    where: { providerId, status: "active" },
    data: { status: "cancelled", cancelledAt: new Date() },
  });
  if (ended.count === 0) return false;
  const subscription = await tx.subscription.findUniqueOrThrow({ where: { providerId }, select: { userId: true } });
  if (subscription.userId) {
    const active = await tx.subscription.findMany({ where: { userId: subscription.userId, status: "active" }, select: { interval: true } });
    const tier = active.some((s) => s.interval === "yearly") ? "PREMIUM" : active.length ? "SUPPORTER" : "FREE";
    await tx.userProfile.updateMany({ where: { userId: subscription.userId }, data: { subscriptionTier: tier } });
  }
  return true;
}

/** The buyer cancels: at Stripe first (nothing changes here if Stripe refuses), then here. */
/** Cancels one of the user's own active subscriptions at Stripe and here; audited as the user's. */
export async function cancelSubscription(userId: string, subscriptionId: string, origin: RequestOrigin): Promise<Result> {
  const db = getDb();
  const subscription = await db.subscription.findFirst({ where: { id: subscriptionId, userId } });
  if (!subscription) return fail("not_found", "account.subscriptionUnknown");
  if (subscription.status !== "active") return fail("conflict", "account.subscriptionEnded");
  const stripe = getStripe();
  if (!stripe) return fail("upstream", "shop.paymentsOff");
  try {
    await stripe.subscriptions.cancel(subscription.providerId);
  } catch {
    return fail("upstream", "shop.providerDown");
  }
  await db.$transaction(async (tx) => {
    await endSubscriptionIn(tx, subscription.providerId);
    await recordAudit(
      { userId, action: "DELETE", resource: "subscriptions", resourceId: subscriptionId, ...origin, status: "success" },
      tx,
    );
  });
  return ok();
}

export function subscriptionsOf(userId: string) {
  return getDb().subscription.findMany({
    where: { userId },
    orderBy: { startedAt: "desc" },
    select: {
      id: true,
      status: true,
      interval: true,
      startedAt: true,
      renewedAt: true,
      renewals: true,
      cancelledAt: true,
      product: { select: { name: true, price: true, currency: true } },
    },
  });
}

/**
 * The order references a refunded PaymentIntent may stand for: itself (a one-off purchase), and when an invoice
 * was paid with it, that invoice (a renewal) and — for a subscription's first invoice — the subscription.
 */
export async function referencesOfPayment(stripe: Stripe, paymentIntent: string): Promise<string[]> {
  const payments = await stripe.invoicePayments.list({ payment: { type: "payment_intent", payment_intent: paymentIntent }, limit: 1 });
  const paidInvoice = payments.data[0]?.invoice;
  if (!paidInvoice) return [paymentIntent];
  const invoice = typeof paidInvoice === "string" ? await stripe.invoices.retrieve(paidInvoice) : paidInvoice;
  if (!invoice.id) return [paymentIntent];
  const subscription =
    "billing_reason" in invoice && invoice.billing_reason === "subscription_create" ? invoiceSubscription(invoice) : null;
  return [paymentIntent, invoice.id, ...(subscription ? [subscription] : [])];
}

/**
 * The PaymentIntent that paid an order, from its reference: a PaymentIntent is itself; an invoice (a renewal)
 * or a subscription (its first invoice) through the invoice's paid payment. Null when none paid it.
 */
export async function paymentIntentOf(stripe: Stripe, reference: string): Promise<string | null> {
  if (reference.startsWith("pi_")) return reference;
  let invoiceId: string | null = reference.startsWith("in_") ? reference : null;
  if (reference.startsWith("sub_")) {
    const invoices = await stripe.invoices.list({ subscription: reference, limit: 100 });
    invoiceId = invoices.data.find((invoice) => invoice.billing_reason === "subscription_create")?.id ?? null;
  }
  if (!invoiceId) return null;
  const payments = await stripe.invoicePayments.list({ invoice: invoiceId, status: "paid", limit: 10 });
  const paid = payments.data.find((payment) => payment.payment.type === "payment_intent")?.payment.payment_intent;
  return typeof paid === "string" ? paid : (paid?.id ?? null);
}
