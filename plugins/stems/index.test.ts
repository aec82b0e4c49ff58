// stems: its registrations, license keys and download allowances granted when an order is paid (once; a
// failing grant leaves the order unpaid), its KPIs, and its sales in the revenue analytics.
import { describe, expect, it } from "vitest";
import { refreshRollups } from "~/modules/analytics/rollups.server";
import { markOrderPaid } from "~/modules/commerce/payments.server";
import { computeKpis } from "~/modules/kpi/engine.server";
import { periodRange } from "~/modules/kpi/periods";
import { buildRegistry } from "~/modules/plugins/registry.server";
import { definePlugin, enable } from "../../sdk/src/plugin.ts";
import { seed } from "../../prisma/seed.ts";
import { createTestDatabase } from "../../tests/support/database.ts";
import coreProductTypes from "../core-product-types/index.ts";
import stems from "./index.ts";

const { url, db, sql } = await createTestDatabase();
process.env.DATABASE_URL = url;
await seed(url);
const registry = buildRegistry([enable(coreProductTypes), enable(stems, { downloadsPerPack: 5 })]);

async function pendingOrder(lines: { productId: string; quantity: number; price: number }[]) {
  const user = await db.user.findFirstOrThrow({ where: { role: "USER" } });
  return db.order.create({
    data: {
      userId: user.id,
      orderNumber: `T-${Math.random().toString(36).slice(2, 10)}`,
      totalAmount: lines.reduce((s, l) => s + l.price * l.quantity, 0),
      items: {
        create: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: l.price, totalPrice: l.price * l.quantity })),
      },
    },
    include: { items: true },
  });
}

describe("stems", () => {
  it("registers the stem pack type and its KPIs under its id; a bad option stops the server", () => {
    expect(registry.productTypes.get("stems:stem_pack")).toMatchObject({
      revenueSource: "digital_products",
      licensedRevenueSource: "licensing",
    });
    expect([...registry.kpis.keys()]).toEqual(["stems:packs_sold", "stems:downloads"]);
    expect(() => buildRegistry([enable(stems, { keyPrefix: "aoba" })])).toThrow(/Plugin "stems": bad options — keyPrefix/);
  });

  it("grants a license key and downloads when the order is paid, once", async () => {
    const pack = await db.product.create({
      data: { name: "星屑ステムパック", characterOwner: "aoba", productType: "stems:stem_pack", price: 2200, licenseType: "personal" },
    });
    const shirt = await db.product.findFirstOrThrow({ where: { productType: "merchandise" } });
    const order = await pendingOrder([
      { productId: pack.id, quantity: 2, price: 2200 },
      { productId: shirt.id, quantity: 1, price: 3800 },
    ]);
    expect(await markOrderPaid(order.id, registry, { paymentIntentId: "pi_test_1" })).toEqual({ ok: true, alreadyPaid: false, granted: 1 });
    const items = await db.orderItem.findMany({ where: { orderId: order.id } });
    const line = items.find((i) => i.productId === pack.id)!;
    expect(line.licenseKey).toMatch(/^AOBA-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(line.downloadLimit).toBe(10);
    expect(items.find((i) => i.productId === shirt.id)!.licenseKey).toBeNull();
    expect(await db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "paid", paymentIntentId: "pi_test_1" });

    // A retried notification changes nothing.
    expect(await markOrderPaid(order.id, registry)).toEqual({ ok: true, alreadyPaid: true, granted: 0 });
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: line.id } })).licenseKey).toBe(line.licenseKey);

    const cancelled = await pendingOrder([{ productId: pack.id, quantity: 1, price: 2200 }]);
    await db.order.update({ where: { id: cancelled.id }, data: { status: "cancelled" } });
    expect(await markOrderPaid(cancelled.id, registry)).toMatchObject({ ok: false, kind: "conflict", code: "not_payable" });
    expect(await markOrderPaid("018f0000-0000-7000-8000-000000000000", registry)).toMatchObject({
      ok: false,
      kind: "not_found",
      code: "not_found",
    });

    // Its KPIs and the revenue analytics see the sale.
    await db.orderItem.update({ where: { id: line.id }, data: { downloadCount: 3 } });
    const outcomes = await computeKpis(registry, { period: "monthly" });
    expect(outcomes.find((o) => o.key === "stems:packs_sold" && o.site === "aoba")?.value).toBe(2);
    expect(outcomes.find((o) => o.key === "stems:downloads" && o.site === "aoba")?.value).toBe(3);
    await refreshRollups(registry);
    const { rows } = await sql<{ amount: string }>(
      "SELECT amount::text FROM revenue_analytics WHERE date = $1 AND character_attribution = 'aoba' AND revenue_source = 'digital_products'",
      [periodRange("daily", new Date()).date],
    );
    expect(Number(rows[0]?.amount)).toBeGreaterThanOrEqual(4400);
  });

  it("leaves the order unpaid when a grant fails", async () => {
    const failing = definePlugin({
      id: "flaky-keys",
      version: "1",
      setup: (reg) =>
        reg.productType({ key: "pack", label: { ja: "x", en: "x" }, onPaid: () => Promise.reject(new Error("key server down")) }),
    });
    const flaky = buildRegistry([enable(failing)]);
    const product = await db.product.create({ data: { name: "x", characterOwner: "aoba", productType: "flaky-keys:pack", price: 100 } });
    const order = await pendingOrder([{ productId: product.id, quantity: 1, price: 100 }]);
    await expect(markOrderPaid(order.id, flaky)).rejects.toThrow("key server down");
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("pending");
  });
});
