// Marking an order paid: once, in one transaction, with every product type's onPaid grant (license keys,
// download limits) stored on its lines. Idempotent, so a payment provider's retried notification is harmless.
import { getDb } from "~/lib/db.server";
import type { Registry } from "~/modules/plugins/registry.server";

export type MarkPaidResult =
  | { ok: true; alreadyPaid: boolean; granted: number }
  | { ok: false; reason: "not_found" | "not_payable"; status?: string };

const PAYABLE = ["pending"] as const;
const PAID = ["paid", "processing", "shipped", "delivered"] as const;

export async function markOrderPaid(
  orderId: string,
  registry: Registry,
  payment: { paymentIntentId?: string | null; paymentMethod?: string | null } = {},
): Promise<MarkPaidResult> {
  return getDb().$transaction(async (tx) => {
    const [order] = await tx.$queryRaw<{ id: string; status: string; user_id: string | null }[]>`
      SELECT id, status::text AS status, user_id FROM orders WHERE id = ${orderId}::uuid FOR UPDATE`;
    if (!order) return { ok: false, reason: "not_found" } as const;
    if ((PAID as readonly string[]).includes(order.status)) return { ok: true, alreadyPaid: true, granted: 0 } as const;
    if (!(PAYABLE as readonly string[]).includes(order.status)) return { ok: false, reason: "not_payable", status: order.status } as const;

    const items = await tx.orderItem.findMany({ where: { orderId }, include: { product: { select: { productType: true, licenseType: true } } } });
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
      data: { status: "paid", ...(payment.paymentIntentId ? { paymentIntentId: payment.paymentIntentId } : {}), ...(payment.paymentMethod ? { paymentMethod: payment.paymentMethod } : {}) },
    });
    return { ok: true, alreadyPaid: false, granted } as const;
  });
}
