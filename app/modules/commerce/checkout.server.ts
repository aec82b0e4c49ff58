// The shop: products a brand sells, checkout through Stripe Checkout (the server prices every order from the
// database; the client only names a product and a quantity), and Stripe's webhooks — each event processed
// once (webhook_events), in one transaction with what it changes.
import type Stripe from "stripe";
import { getDb, type Tx } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { formatMoney } from "~/lib/format";
import { sendMail } from "~/lib/mail.server";
import { isUuid } from "~/lib/http";
import { fail, ok, type Result } from "~/lib/result";
import { getStripe } from "~/lib/stripe.server";
import type { Brand } from "~/lib/tenant";
import type { Registry } from "~/modules/plugins/registry.server";
import { isPaidStatus, markOrderPaidIn, newOrderNumber } from "./payments.server.ts";
import type { CheckoutInput } from "./checkout.schema.ts";
import { endSubscriptionIn, referencesOfPayment, renewSubscriptionIn, startSubscriptionIn } from "./subscriptions.server.ts";

/** The buyer's own order by its number (the shop shows its state on returning from Checkout), or null. */
export function findOwnOrder({ orderNumber, userId }: { orderNumber: string; userId: string }) {
  return getDb().order.findFirst({ where: { orderNumber, userId }, select: { orderNumber: true, status: true } });
}

/** What a brand's shop shows: its own active products and the shared ones, of registered types. */
export async function shopProducts(brand: Brand, registry: Registry) {
  const products = await getDb().product.findMany({
    where: { status: "active", characterOwner: { in: [brand, "shared"] }, productType: { in: [...registry.productTypes.keys()] } },
    orderBy: [{ characterOwner: "asc" }, { price: "asc" }],
    select: {
      id: true,
      name: true,
      description: true,
      productType: true,
      price: true,
      currency: true,
      isRecurring: true,
      recurringInterval: true,
      licenseType: true,
      inventoryCount: true,
      characterOwner: true,
    },
  });
  return products.map((p) => ({ ...p, price: p.price.toString() }));
}

/** Stripe amounts are in the currency's minor unit; yen has none. */
const ZERO_DECIMAL = new Set(["JPY", "KRW", "VND", "CLP", "TWD"]);
export const toMinorUnits = (amount: string, currency: string) =>
  ZERO_DECIMAL.has(currency.toUpperCase()) ? Math.round(Number(amount)) : Math.round(Number(amount) * 100);

export type CheckoutResult = Result<{ url: string; orderNumber: string }>;

/** Creates the pending order (priced here) and its Stripe Checkout Session; returns where to send the buyer. */
export async function startCheckout(
  input: CheckoutInput,
  context: { brand: Brand; user: { id: string; email: string }; shopUrl: string; registry: Registry },
): Promise<CheckoutResult> {
  const stripe = getStripe();
  if (!stripe) return fail("unavailable", "shop.paymentsOff");
  const db = getDb();
  const product = await db.product.findUnique({ where: { id: input.productId } });
  if (
    !product ||
    !(product.characterOwner === context.brand || product.characterOwner === "shared") ||
    !context.registry.productTypes.has(product.productType)
  ) {
    return fail("not_found", "errors.productUnknown", { field: "productId" });
  }
  if (product.status !== "active") return fail("conflict", "errors.productInactive", { field: "productId" });
  if (product.inventoryCount !== null && product.inventoryCount < input.quantity)
    return fail("conflict", "errors.soldOut", { field: "quantity" });
  const quantity = product.isRecurring ? 1 : input.quantity;
  const total = product.price.mul(quantity);
  const order = await db.order.create({
    data: {
      userId: context.user.id,
      orderNumber: newOrderNumber(),
      totalAmount: total,
      currency: product.currency,
      status: "pending",
      items: { create: [{ productId: product.id, quantity, unitPrice: product.price, totalPrice: total }] },
    },
  });
  try {
    const session = await stripe.checkout.sessions.create({
      mode: product.isRecurring ? "subscription" : "payment",
      line_items: [
        {
          quantity,
          price_data: {
            currency: product.currency.toLowerCase(),
            unit_amount: toMinorUnits(product.price.toString(), product.currency),
            product_data: { name: product.name },
            ...(product.isRecurring ? { recurring: { interval: product.recurringInterval === "yearly" ? "year" : "month" } } : {}),
          },
        },
      ],
      client_reference_id: order.id,
      metadata: { orderId: order.id, orderNumber: order.orderNumber },
      customer_email: context.user.email,
      success_url: `${context.shopUrl}?order=${order.orderNumber}&paid=1`,
      cancel_url: `${context.shopUrl}?order=${order.orderNumber}&cancelled=1`,
    });
    if (!session.url) throw new Error("Stripe returned a session without a URL");
    // The provider's reference while pending is the Checkout Session (so staff can expire it when they cancel);
    // payment replaces it with the PaymentIntent.
    await db.order.update({ where: { id: order.id }, data: { paymentIntentId: session.id } });
    return ok({ url: session.url, orderNumber: order.orderNumber });
  } catch {
    // Nothing half-done: the order that could not be paid is cancelled, with the reason.
    await db.order.update({ where: { id: order.id }, data: { status: "cancelled", notes: "Stripe Checkout could not be started" } });
    return fail("upstream", "shop.providerDown");
  }
}

export type WebhookOutcome = { duplicate: boolean; action: string };

/** Stripe could not be asked what an event needs (the event is not recorded, so Stripe's retry is processed). */
export class StripeLookupError extends Error {}

/** Applies one verified Stripe event, once. Side effects outside the database (receipts, refunds) run after commit. */
export async function handleStripeEvent(event: Stripe.Event, registry: Registry): Promise<WebhookOutcome> {
  const after: (() => Promise<void>)[] = [];
  // Asked of Stripe before the transaction, which holds no connection open for a network call.
  const refunded = event.type === "charge.refunded" ? await refundedReferences(event.data.object) : null;
  const outcome = await getDb().$transaction(async (tx) => {
    const inserted =
      await tx.$executeRaw`INSERT INTO webhook_events (id, provider, type) VALUES (${event.id}, 'stripe', ${event.type}) ON CONFLICT (id) DO NOTHING`;
    if (inserted === 0) return { duplicate: true, action: "none" };
    let action = "ignored";
    if (event.type === "checkout.session.completed" || event.type === "checkout.session.async_payment_succeeded") {
      const session = event.data.object;
      const orderId = session.metadata?.orderId ?? session.client_reference_id;
      // Our sessions carry our order's UUID; anything else is another integration's session on the same account.
      if (isUuid(orderId) && session.payment_status === "paid") {
        const paymentIntent = typeof session.payment_intent === "string" ? session.payment_intent : (session.payment_intent?.id ?? null);
        // A subscription's checkout has no PaymentIntent: its reference is the subscription, which renewals name.
        const subscription = typeof session.subscription === "string" ? session.subscription : (session.subscription?.id ?? null);
        const result = await markOrderPaidIn(tx, orderId, registry, {
          paymentIntentId: paymentIntent ?? subscription ?? session.id,
          paymentMethod: "card",
        });
        if (result.ok && !result.alreadyPaid) {
          action = "paid";
          if (subscription) await startSubscriptionIn(tx, { providerId: subscription, orderId });
          after.push(() => sendReceipt(orderId));
        } else if (!result.ok && result.code === "sold_out") {
          action = "sold_out_refunded";
          await tx.order.update({
            where: { id: orderId },
            data: {
              status: "refunded",
              paymentIntentId: paymentIntent,
              notes: "Sold out before payment completed; refunded automatically",
            },
          });
          if (paymentIntent) after.push(async () => void (await getStripe()?.refunds.create({ payment_intent: paymentIntent })));
        } else if (!result.ok && result.code === "not_payable" && paymentIntent && (await statusOfOrder(tx, orderId)) === "cancelled") {
          // Paid after it was cancelled (a session staff could not expire in time): the money goes back.
          action = "cancelled_refunded";
          await tx.order.update({
            where: { id: orderId },
            data: { status: "refunded", paymentIntentId: paymentIntent, notes: "Paid after it was cancelled; refunded automatically" },
          });
          after.push(async () => void (await getStripe()?.refunds.create({ payment_intent: paymentIntent })));
        } else {
          action = result.ok ? "already_paid" : `not_paid:${result.code}`;
        }
      }
    } else if (event.type === "checkout.session.expired") {
      const orderId = event.data.object.metadata?.orderId;
      if (isUuid(orderId)) {
        const updated = await tx.order.updateMany({
          where: { id: orderId, status: "pending" },
          data: { status: "cancelled", notes: "Checkout expired" },
        });
        action = updated.count ? "cancelled" : "ignored";
      }
    } else if (event.type === "invoice.paid") {
      const renewalId = await renewSubscriptionIn(tx, event.data.object, registry);
      action = renewalId ? "renewed" : "ignored";
      if (renewalId) after.push(() => sendReceipt(renewalId));
    } else if (event.type === "customer.subscription.deleted") {
      action = (await endSubscriptionIn(tx, event.data.object.id)) ? "subscription_ended" : "ignored";
    } else if (refunded) {
      action = (await refundOrderIn(tx, { paymentIntentId: { in: refunded } })) ? "refunded" : "ignored";
    }
    await tx.$executeRaw`UPDATE webhook_events SET processed_at = now() WHERE id = ${event.id}`;
    return { duplicate: false, action };
  });
  for (const task of after) await task().catch(() => undefined);
  return outcome;
}

/**
 * The order references a refunded charge may stand for: its PaymentIntent, and — when no order has that, as for
 * a subscription's — the invoice and subscription it paid, asked of Stripe. Null without a PaymentIntent.
 */
async function refundedReferences(charge: Stripe.Charge): Promise<string[] | null> {
  const paymentIntent = typeof charge.payment_intent === "string" ? charge.payment_intent : (charge.payment_intent?.id ?? null);
  if (!paymentIntent) return null;
  const stripe = getStripe();
  if (!stripe || (await getDb().order.findFirst({ where: { paymentIntentId: paymentIntent }, select: { id: true } })))
    return [paymentIntent];
  try {
    return await referencesOfPayment(stripe, paymentIntent);
  } catch (error) {
    throw new StripeLookupError(
      `could not look up the invoice of ${paymentIntent}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

async function statusOfOrder(tx: Tx, id: string): Promise<string | null> {
  return (await tx.order.findUnique({ where: { id }, select: { status: true } }))?.status ?? null;
}

/** A refund (from Stripe or staff) moves a paid order to refunded — its downloads stop — and takes it off the buyer's total. */
export async function refundOrderIn(tx: Tx, which: { paymentIntentId: string | { in: string[] } } | { id: string }): Promise<boolean> {
  const order = await tx.order.findFirst({ where: which });
  if (!order || order.status === "refunded") return false;
  const wasPaid = isPaidStatus(order.status);
  // Conditional on the status read: of two refunds at once (staff and Stripe's webhook), one counts.
  const moved = await tx.order.updateMany({ where: { id: order.id, status: order.status }, data: { status: "refunded" } });
  if (moved.count === 0) return false;
  if (wasPaid && order.userId) {
    await tx.$executeRaw`UPDATE user_profiles SET total_spent = GREATEST(0, total_spent - ${order.totalAmount.toString()}::numeric), updated_at = now() WHERE user_id = ${order.userId}::uuid`;
  }
  return true;
}

async function sendReceipt(orderId: string): Promise<void> {
  const order = await getDb().order.findUnique({
    where: { id: orderId },
    include: { user: { select: { email: true, name: true } }, items: { include: { product: { select: { name: true } } } } },
  });
  if (!order?.user) return;
  const money = (amount: unknown) => formatMoney(amount, "ja", order.currency);
  const lines = order.items.map(
    (i) =>
      `・${i.product?.name ?? "—"} × ${i.quantity}  ${money(i.totalPrice)}${i.licenseKey ? `\n  ライセンスキー / License key: ${i.licenseKey}` : ""}`,
  );
  await sendMail({
    to: order.user.email,
    subject: `ご購入ありがとうございます / Your receipt — ${order.orderNumber}`,
    text: [
      `${order.user.name ?? ""} 様`,
      "",
      `ご注文番号 / Order: ${order.orderNumber}`,
      ...lines,
      `合計 / Total: ${money(order.totalAmount)}`,
      "",
      "ダウンロードとライセンスはアカウントページからご確認いただけます。",
      "Your downloads and licenses are on your account page.",
      getEnv().MAIL_FROM,
    ].join("\n"),
  });
}
