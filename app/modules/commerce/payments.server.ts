// Marking an order paid: once, in one transaction — inventory taken (never below zero: if a limited product
// sold out meanwhile, nothing is written and the caller refunds), every product type's onPaid grant (license
// keys, download limits) stored on its lines, the buyer's total spent and subscription tier updated.
// Idempotent, so a payment provider's retried notification is harmless.
import { randomBytes } from "node:crypto";
import { getDb, type Tx } from "~/lib/db.server";
import { fail, ok, type Result } from "~/lib/result";
import type { Registry } from "~/modules/plugins/registry.server";

/**
 * Paid (now or before), or a Failure whose `code` says why not: "not_found", "not_payable" (cancelled, refunded)
 * or "sold_out" (a limited product ran out meanwhile: nothing was written, the caller refunds).
 */
export type MarkPaidResult = Result<{ alreadyPaid: boolean; granted: number }>;

export const PAID_STATUSES = ["paid", "processing", "shipped", "delivered"] as const;

/** Whether an order in this status has been paid (and not refunded or cancelled since). */
export function isPaidStatus(status: string): boolean {
  return (PAID_STATUSES as readonly string[]).includes(status);
}

/** A new order number: KZ-YYYYMMDD-XXXXXXXX (unique in practice; the column's unique index has the last word). */
export function newOrderNumber(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, "");
  return `KZ-${day}-${randomBytes(4).toString("hex").toUpperCase()}`;
}

export interface Payment {
  paymentIntentId?: string | null;
  paymentMethod?: string | null;
}

export function markOrderPaid(orderId: string, registry: Registry, payment: Payment = {}): Promise<MarkPaidResult> {
  return getDb().$transaction((tx) => markOrderPaidIn(tx, orderId, registry, payment));
}

export async function markOrderPaidIn(tx: Tx, orderId: string, registry: Registry, payment: Payment = {}): Promise<MarkPaidResult> {
  const [order] = await tx.$queryRaw<{ id: string; status: string; user_id: string | null; total_amount: string }[]>`
    SELECT id, status::text AS status, user_id, total_amount::text FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`;
  if (!order) return fail("not_found", "errors.notFound", { code: "not_found" });
  if (isPaidStatus(order.status)) return ok({ alreadyPaid: true, granted: 0 });
  if (order.status !== "pending") return fail("conflict", "orders.notPayable", { code: "not_payable" });

  const items = await tx.orderItem.findMany({
    where: { orderId },
    include: {
      product: {
        select: { id: true, productType: true, licenseType: true, inventoryCount: true, isRecurring: true, recurringInterval: true },
      },
    },
    orderBy: { productId: "asc" },
  });

  // Inventory: lock the limited products (in id order, so two payments cannot deadlock), check, then take.
  const wanted = new Map<string, number>();
  for (const item of items)
    if (item.productId && item.product?.inventoryCount !== null)
      wanted.set(item.productId, (wanted.get(item.productId) ?? 0) + item.quantity);
  if (wanted.size > 0) {
    const ids = [...wanted.keys()].sort();
    const stock = await tx.$queryRaw<{ id: string; inventory_count: number | null }[]>`
      SELECT id, inventory_count FROM products WHERE id = ANY(${ids}::uuid[]) ORDER BY id FOR UPDATE`;
    if (stock.some((row) => row.inventory_count !== null && row.inventory_count < wanted.get(row.id)!))
      return fail("conflict", "errors.soldOut", { code: "sold_out" });
    for (const [productId, quantity] of wanted) {
      await tx.$executeRaw`UPDATE products SET inventory_count = inventory_count - ${quantity}, updated_at = now() WHERE id = ${productId}::uuid AND inventory_count IS NOT NULL`;
    }
  }

  let granted = 0;
  for (const item of items) {
    const type = item.product ? registry.productTypes.get(item.product.productType) : undefined;
    if (!type?.onPaid || !item.productId) continue;
    const grant = await type.onPaid({
      orderId,
      orderItemId: item.id,
      productId: item.productId,
      quantity: item.quantity,
      userId: order.user_id,
      licenseType: item.product?.licenseType ?? null,
    });
    if (!grant) continue;
    await tx.orderItem.update({
      where: { id: item.id },
      data: {
        ...(grant.licenseKey !== undefined ? { licenseKey: grant.licenseKey.slice(0, 255) } : {}),
        ...(grant.downloadLimit !== undefined ? { downloadLimit: Math.max(0, Math.floor(grant.downloadLimit)) } : {}),
      },
    });
    granted++;
  }
  await tx.order.update({
    where: { id: orderId },
    data: {
      status: "paid",
      ...(payment.paymentIntentId ? { paymentIntentId: payment.paymentIntentId } : {}),
      ...(payment.paymentMethod ? { paymentMethod: payment.paymentMethod } : {}),
    },
  });

  if (order.user_id) {
    // A recurring product makes the buyer a supporter (monthly) or premium member (yearly); never a downgrade.
    const recurring = items.map((i) => i.product).filter((p) => p?.isRecurring);
    const tier = recurring.some((p) => p?.recurringInterval === "yearly") ? "PREMIUM" : recurring.length ? "SUPPORTER" : null;
    await tx.$executeRaw`
      INSERT INTO user_profiles (id, user_id, total_spent, subscription_tier, updated_at)
      VALUES (gen_random_uuid(), ${order.user_id}::uuid, ${order.total_amount}::numeric, COALESCE(${tier}::subscription_tier, 'FREE'), now())
      ON CONFLICT (user_id) DO UPDATE SET
        total_spent = COALESCE(user_profiles.total_spent, 0) + excluded.total_spent,
        subscription_tier = CASE
          WHEN ${tier}::subscription_tier IS NULL THEN user_profiles.subscription_tier
          WHEN user_profiles.subscription_tier = 'PREMIUM' THEN user_profiles.subscription_tier
          ELSE ${tier}::subscription_tier END,
        updated_at = now()`;
  }
  return ok({ alreadyPaid: false, granted });
}
