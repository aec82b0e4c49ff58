// Products as the admin manages them: the list with what each has sold, create/edit (type from the plugin
// registry), delete while nothing was ordered (otherwise discontinue) — every change audited.
import { getDb } from "~/lib/db.server";
import { auditDiff, recordAudit } from "~/modules/audit/audit.server";
import type { Role } from "~/modules/identity/permissions";
import { Prisma } from "~/generated/prisma/client";
import type { Registry } from "~/modules/plugins/registry.server";
import { PAID_STATUSES } from "./payments.server.ts";
import type { ProductInput, ProductListQuery } from "./products.schema.ts";
import { containsText } from "~/lib/search.server";
import { type RequestOrigin } from "~/lib/request-origin.server";
import { fail, ok, type Result } from "~/lib/result";
import { pageOf, pageWindow } from "~/lib/list";

export type Actor = { id: string; role: Role };

export const PRODUCT_PAGE_SIZE = 50;

/** One page of products (by status, shop and name) with what each has sold. */
export async function listProducts(query: ProductListQuery) {
  const where: Prisma.ProductWhereInput = {
    ...(query.q ? { name: containsText(query.q) } : {}),
    characterOwner: query.owner,
    productType: query.type,
    status: query.status,
  };
  const at = { page: query.page, pageSize: PRODUCT_PAGE_SIZE };
  const db = getDb();
  const [products, total] = await Promise.all([
    db.product.findMany({
      where,
      orderBy: [{ status: "asc" }, { characterOwner: "asc" }, { name: "asc" }],
      ...pageWindow(at),
    }),
    db.product.count({ where }),
  ]);
  const sales = await db.orderItem.groupBy({
    by: ["productId"],
    where: { productId: { in: products.map((p) => p.id) }, order: { status: { in: [...PAID_STATUSES] } } },
    _sum: { quantity: true, totalPrice: true },
  });
  const sold = new Map(sales.map((s) => [s.productId, s]));
  const rows = products.map((p) => ({
    ...p,
    price: p.price.toString(),
    sold: sold.get(p.id)?._sum.quantity ?? 0,
    revenue: (sold.get(p.id)?._sum.totalPrice ?? new Prisma.Decimal(0)).toString(),
  }));
  return pageOf(rows, total, at);
}
export type ProductRow = Awaited<ReturnType<typeof listProducts>>["items"][number];

export async function getProduct(id: string) {
  const db = getDb();
  const product = await db.product.findUnique({ where: { id } });
  if (!product) return null;
  const [ordered, recent] = await Promise.all([
    db.orderItem.count({ where: { productId: id } }),
    db.orderItem.findMany({
      where: { productId: id },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: {
        id: true,
        quantity: true,
        totalPrice: true,
        order: { select: { id: true, orderNumber: true, status: true, createdAt: true, currency: true } },
      },
    }),
  ]);
  return {
    ...product,
    price: product.price.toString(),
    ordered,
    recent: recent.map((item) => ({ ...item, totalPrice: item.totalPrice.toString() })),
  };
}

const snapshot = (p: Record<string, unknown>) => ({
  name: p.name,
  characterOwner: p.characterOwner,
  productType: p.productType,
  price: p.price?.toString(),
  currency: p.currency,
  isRecurring: p.isRecurring,
  recurringInterval: p.recurringInterval,
  licenseType: p.licenseType,
  status: p.status,
  inventoryCount: p.inventoryCount,
  fileUrl: p.fileUrl,
  description: p.description,
});

export async function createProduct(input: ProductInput, actor: Actor, origin: RequestOrigin): Promise<Result<{ id: string }>> {
  const product = await getDb().product.create({ data: input, select: { id: true } });
  await recordAudit({
    userId: actor.id,
    action: "POST",
    resource: "products",
    resourceId: product.id,
    changes: snapshot(input),
    ...origin,
    status: "success",
  });
  return ok(product);
}

export async function updateProduct(id: string, input: ProductInput, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const db = getDb();
  const before = await db.product.findUnique({ where: { id } });
  if (!before) return fail("not_found", "errors.notFound");
  const after = await db.product.update({ where: { id }, data: input });
  await recordAudit({
    userId: actor.id,
    action: "PUT",
    resource: "products",
    resourceId: id,
    changes: auditDiff(snapshot(before), snapshot(after)),
    ...origin,
    status: "success",
  });
  return ok();
}

/** A product that was ever ordered stays (orders point at it): discontinue it instead (a conflict, "has_orders"). */
export async function deleteProduct(id: string, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const db = getDb();
  const outcome = await db.$transaction(async (tx): Promise<Result<{ name: string }>> => {
    const before = await tx.product.findUnique({ where: { id }, select: { name: true } });
    if (!before) return fail("not_found", "errors.notFound");
    if (await tx.orderItem.count({ where: { productId: id } })) return fail("conflict", "products.hasOrders", { code: "has_orders" });
    await tx.product.delete({ where: { id } });
    return ok({ name: before.name });
  });
  if (!outcome.ok) return outcome;
  await recordAudit({
    userId: actor.id,
    action: "DELETE",
    resource: "products",
    resourceId: id,
    changes: { name: outcome.name },
    ...origin,
    status: "success",
  });
  return ok();
}

/** Product types in the admin's language, from the plugin registry. */
export function productTypeOptions(registry: Registry, lng: "ja" | "en"): { key: string; label: string }[] {
  return [...registry.productTypes.values()].map((type) => ({ key: type.key, label: type.label[lng] }));
}
