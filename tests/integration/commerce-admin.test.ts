// Products and orders in the admin against the real server, the demo data and the Stripe stand-in: product
// validation (types from the plugin registry, prices, files), edits audited, delete only while never ordered;
// orders filtered, moved through fulfilment, cancelled (the Checkout Session expired at Stripe first) and
// refunded (at Stripe first, once, the buyer's total and downloads following).
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import { startStripeStandIn, type StripeStandIn } from "../support/stripe-standin.ts";
import type { Visitor } from "../support/visitor.ts";

let server: RunningServer;
let stripe: StripeStandIn;
let admin: Visitor;
let manager: Visitor;
let buyer: Visitor;
const { url, db } = await createTestDatabase({ seeded: true });

beforeAll(async () => {
  stripe = await startStripeStandIn();
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-commerce-outbox-"));
  server = await startServer({ DATABASE_URL: url, OUTBOX_DIR: outbox, RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000", ...stripe.env });
  const staff = await signedInVisitors(server, outbox, ["admin@example.com", "manager@example.com"]);
  admin = staff.get("admin")!;
  manager = staff.get("manager")!;
  buyer = (await signedInVisitors(server, outbox, ["user@example.com"], "aoba")).get("user")!;
  admin.setCookie("admin", "lng", "en");
});
afterAll(async () => {
  await server?.stop();
  await stripe?.close();
});

const valid = {
  intent: "create",
  name: "Lo-fi ドラムキット",
  characterOwner: "aoba",
  productType: "music_stem",
  price: "2400",
  currency: "JPY",
  licenseType: "personal",
  status: "active",
  inventoryCount: "",
  fileUrl: "kits/lofi.zip",
};

describe("products", () => {
  it("creates a product of a registered type, or names every bad field and writes nothing", async () => {
    const before = await db.product.count();
    const bad = await admin.post("admin", "/admin/products/new", {
      ...valid,
      name: "",
      productType: "spaceship",
      price: "12,5",
      inventoryCount: "-1",
      fileUrl: "../../etc/passwd",
      licenseType: "forever",
    });
    expect(bad.status).toBe(400);
    for (const text of [
      "This field is required",
      "Choose one of the registered product types",
      "Enter an amount such as",
      "A whole number from 0, or empty for unlimited",
      "A relative path inside the product files folder",
      "Choose personal, commercial or extended",
    ]) {
      expect(bad.body).toContain(text);
    }
    // Rules across fields, once the fields themselves are right.
    const crossed = await admin.post("admin", "/admin/products/new", { ...valid, price: "12.5", isRecurring: "on", recurringInterval: "" });
    expect(crossed.status).toBe(400);
    expect(crossed.body).toContain("Yen prices have no decimals");
    expect(crossed.body).toContain("Choose monthly or yearly for a recurring product");
    expect(await db.product.count()).toBe(before);

    const res = await admin.post("admin", "/admin/products/new", valid);
    expect(res.status).toBe(302);
    const product = await db.product.findFirstOrThrow({ where: { name: valid.name } });
    expect(res.headers.location).toBe(`/admin/products/${product.id}`);
    expect(product).toMatchObject({
      characterOwner: "aoba",
      productType: "music_stem",
      inventoryCount: null,
      isRecurring: false,
      recurringInterval: null,
      licenseType: "personal",
      fileUrl: "kits/lofi.zip",
    });
    expect(product.price.toString()).toBe("2400");
    expect(await db.auditLog.count({ where: { resource: "products", resourceId: product.id, action: "POST" } })).toBe(1);

    // It is on aoba's shop, not on yuya's; the admin page warns that its file is missing.
    expect((await buyer.get("aoba", "/shop")).body).toContain(valid.name);
    expect((await buyer.get("yuya", "/shop")).body).not.toContain(valid.name);
    expect((await admin.get("admin", `/admin/products/${product.id}`)).body).toContain("is not in the product files folder");
  });

  it("edits a product (audited with the difference) and lists it with its sales", async () => {
    const product = await db.product.findFirstOrThrow({ where: { name: valid.name } });
    const res = await admin.post("admin", `/admin/products/${product.id}`, {
      ...valid,
      intent: "update",
      price: "2980",
      isRecurring: "on",
      recurringInterval: "monthly",
      productType: "subscription",
      inventoryCount: "",
    });
    expect(res.status).toBe(200);
    const after = await db.product.findUniqueOrThrow({ where: { id: product.id } });
    expect(after).toMatchObject({ isRecurring: true, recurringInterval: "monthly", productType: "subscription" });
    const audit = await db.auditLog.findFirstOrThrow({ where: { resource: "products", resourceId: product.id, action: "PUT" } });
    expect(audit.changes).toMatchObject({ price: { from: "2400", to: "2980" }, recurringInterval: { from: null, to: "monthly" } });
    expect(audit.changes).not.toHaveProperty("name");

    const sold = await db.product.findFirstOrThrow({ where: { orderItems: { some: { order: { status: "paid" } } } } });
    const list = await admin.get("admin", `/admin/products?owner=${sold.characterOwner}&q=${encodeURIComponent(sold.name)}`);
    expect(list.status).toBe(200);
    expect(list.body).toContain(`data-product="${sold.id}"`);
    expect(list.body).not.toContain(`data-product="${product.id}"`);
  });

  it("deletes a product only while nobody ordered it", async () => {
    const ordered = await db.product.findFirstOrThrow({ where: { orderItems: { some: {} } } });
    const refused = await admin.post("admin", `/admin/products/${ordered.id}`, { intent: "delete" });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain("cannot be deleted");
    expect(await db.product.count({ where: { id: ordered.id } })).toBe(1);

    const fresh = await db.product.findFirstOrThrow({ where: { name: valid.name } });
    expect((await admin.post("admin", `/admin/products/${fresh.id}`, { intent: "delete" })).status).toBe(302);
    expect(await db.product.count({ where: { id: fresh.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { resource: "products", resourceId: fresh.id, action: "DELETE" } })).toBe(1);
  });

  it("refuses a list filter that does not parse with 400 naming it; a blank filter is absent", async () => {
    const invalid = (body: string, name: string) => new RegExp(`<(select|input)[^>]*name="${name}"[^>]*aria-invalid="true"`).test(body);
    for (const [search, name, message] of [
      ["page=0", "page", "Must be a whole number from 1"],
      ["page=abc", "page", "Must be a whole number from 1"],
      ["status=gone", "status", "Choose on sale, hidden or discontinued"],
      ["owner=nobody", "owner", "Must be yuya, aoba or shared"],
    ] as const) {
      const res = await admin.get("admin", `/admin/products?${search}`);
      expect([search, res.status]).toEqual([search, 400]);
      expect(res.body).toContain(message);
      if (name !== "page") expect(invalid(res.body, name)).toBe(true);
      expect(res.body).not.toContain("data-product=");
    }
    const blank = await admin.get("admin", "/admin/products?q=&owner=&type=&status=&page=");
    expect(blank.status).toBe(200);
    expect([...blank.body.matchAll(/data-product="/g)].length).toBe(Math.min(50, await db.product.count()));
  });

  it("is for admins only (the permission table gives managers no products or orders)", async () => {
    const product = await db.product.findFirstOrThrow();
    expect((await manager.post("admin", `/admin/products/${product.id}`, { ...valid, intent: "update" })).status).toBe(403);
    const order = await db.order.findFirstOrThrow({ where: { status: "paid" } });
    expect((await manager.post("admin", `/admin/orders/${order.id}`, { intent: "refund" })).status).toBe(403);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("paid");
  });
});

async function pendingOrder() {
  const pack = await db.product.findFirstOrThrow({
    where: { productType: "music_stem", status: "active", characterOwner: "aoba", inventoryCount: null },
  });
  const res = await buyer.post("aoba", "/shop", { productId: pack.id, quantity: "1" });
  const session = stripe.sessions.get(String(res.headers.location).split("/pay/")[1]!)!;
  return { session, orderId: session.metadata.orderId! };
}
function webhook(event: unknown) {
  const payload = JSON.stringify(event);
  return server.request({
    host: "aoba",
    path: "/api/webhooks/stripe",
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": stripe.sign(payload) },
    body: payload,
  });
}

describe("orders", () => {
  it("lists orders by status and site, with the paid total of the view", async () => {
    const res = await admin.get("admin", "/admin/orders?status=paid");
    expect(res.status).toBe(200);
    const shown = [...res.body.matchAll(/data-order="([^"]+)"/g)].map((m) => m[1]);
    const paid = await db.order.findMany({ where: { status: "paid" }, orderBy: { createdAt: "desc" }, take: 50 });
    expect(shown).toEqual(paid.map((o) => o.orderNumber));
    const yuya = await admin.get("admin", "/admin/orders?site=yuya");
    for (const number of [...yuya.body.matchAll(/data-order="([^"]+)"/g)].map((m) => m[1]!)) {
      expect(await db.order.count({ where: { orderNumber: number, items: { some: { product: { characterOwner: "yuya" } } } } })).toBe(1);
    }
  });

  it("refuses a list filter that does not parse with 400 naming it; a blank filter is absent", async () => {
    for (const [search, name, message] of [
      ["page=0", "page", "Must be a whole number from 1"],
      ["page=1.5", "page", "Must be a whole number from 1"],
      ["status=lost", "status", "Choose one of the order statuses"],
      ["site=elsewhere", "site", "Must be yuya, aoba or shared"],
    ] as const) {
      const res = await admin.get("admin", `/admin/orders?${search}`);
      expect([search, res.status]).toEqual([search, 400]);
      expect(res.body).toContain(message);
      if (name !== "page") expect(res.body).toMatch(new RegExp(`<select[^>]*name="${name}"[^>]*aria-invalid="true"`));
      expect(res.body).not.toContain("data-order=");
    }
    const blank = await admin.get("admin", "/admin/orders?q=&status=&site=&page=");
    expect(blank.status).toBe(200);
    const newest = await db.order.findMany({ orderBy: { createdAt: "desc" }, take: 50, select: { orderNumber: true } });
    expect([...blank.body.matchAll(/data-order="([^"]+)"/g)].map((m) => m[1])).toEqual(newest.map((o) => o.orderNumber));
  });

  it("moves a paid order through fulfilment, refusing a step from a status that changed meanwhile", async () => {
    const order = await db.order.findFirstOrThrow({ where: { status: "paid" } });
    expect((await admin.post("admin", `/admin/orders/${order.id}`, { intent: "advance", from: "paid" })).status).toBe(200);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("processing");
    const stale = await admin.post("admin", `/admin/orders/${order.id}`, { intent: "advance", from: "paid" });
    expect(stale.status).toBe(409);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("processing");
    expect((await admin.post("admin", `/admin/orders/${order.id}`, { intent: "fly" })).status).toBe(400);
    expect(await db.auditLog.count({ where: { resource: "orders", resourceId: order.id } })).toBe(1);
  });

  it("cancels a pending order by expiring its Checkout Session first; a completed session cannot be cancelled", async () => {
    const { session, orderId } = await pendingOrder();
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).paymentIntentId).toBe(session.id);
    expect((await admin.post("admin", `/admin/orders/${orderId}`, { intent: "cancel" })).status).toBe(200);
    expect(session.status).toBe("expired");
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("cancelled");

    const second = await pendingOrder();
    const completed = stripe.complete(second.session.id);
    const refused = await admin.post("admin", `/admin/orders/${second.orderId}`, { intent: "cancel" });
    expect(refused.status).toBe(409);
    expect(refused.body).toContain("already paid at Stripe");
    expect((await db.order.findUniqueOrThrow({ where: { id: second.orderId } })).status).toBe("pending");
    expect(JSON.parse((await webhook(completed)).body)).toMatchObject({ action: "paid" });
  });

  it("refunds money that arrives for an order already cancelled", async () => {
    const { session, orderId } = await pendingOrder();
    await db.order.update({ where: { id: orderId }, data: { status: "cancelled" } }); // cancelled while the buyer was paying
    const refunds = stripe.refunds.length;
    const completed = stripe.complete(session.id);
    expect(JSON.parse((await webhook(completed)).body)).toMatchObject({ action: "cancelled_refunded" });
    expect(stripe.refunds.slice(refunds).map((r) => r.payment_intent)).toEqual([session.payment_intent]);
    expect((await db.order.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("refunded");
  });

  it("refunds a paid order at Stripe once; the buyer's total goes down, downloads stop, Stripe's webhook changes nothing more", async () => {
    const { session, orderId } = await pendingOrder();
    await webhook(stripe.complete(session.id));
    const buyerId = (await db.order.findUniqueOrThrow({ where: { id: orderId } })).userId!;
    const spent = (await db.userProfile.findUniqueOrThrow({ where: { userId: buyerId } })).totalSpent;
    const refunds = stripe.refunds.length;
    const [a, b] = await Promise.all([
      admin.post("admin", `/admin/orders/${orderId}`, { intent: "refund" }),
      admin.post("admin", `/admin/orders/${orderId}`, { intent: "refund" }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    // One refund at Stripe (the idempotency key folds a double click into one).
    expect(new Set(stripe.refunds.slice(refunds).map((r) => r.payment_intent))).toEqual(new Set([session.payment_intent]));
    const order = await db.order.findUniqueOrThrow({ where: { id: orderId } });
    expect(order.status).toBe("refunded");
    const after = (await db.userProfile.findUniqueOrThrow({ where: { userId: buyerId } })).totalSpent;
    expect(spent.minus(after).toString()).toBe(order.totalAmount.toString());
    const event = stripe.event("charge.refunded", { id: "ch_admin", object: "charge", payment_intent: session.payment_intent });
    expect(JSON.parse((await webhook(event)).body)).toMatchObject({ action: "ignored" });
    expect((await db.userProfile.findUniqueOrThrow({ where: { userId: buyerId } })).totalSpent.toString()).toBe(after.toString());
    const account = await buyer.get("aoba", "/account");
    expect(account.body).not.toMatch(new RegExp(`/downloads/${(await db.orderItem.findFirstOrThrow({ where: { orderId } })).id}`));
  });

  it("refunds a subscription's orders at Stripe through the PaymentIntent that paid their invoice", async () => {
    const supporter = await db.product.findFirstOrThrow({ where: { isRecurring: true, status: "active", characterOwner: "aoba" } });
    const res = await buyer.post("aoba", "/shop", { productId: supporter.id, quantity: "1" });
    const session = stripe.sessions.get(String(res.headers.location).split("/pay/")[1]!)!;
    await webhook(stripe.complete(session.id));
    const renewed = stripe.renew(session.subscription!, 500);
    await webhook(stripe.event("invoice.paid", renewed));
    const renewal = await db.order.findFirstOrThrow({ where: { paymentIntentId: renewed.id } });
    const page = await admin.get("admin", `/admin/orders/${renewal.id}`);
    expect(page.body).toContain("The refund is made through Stripe.");

    const refunds = stripe.refunds.length;
    expect((await admin.post("admin", `/admin/orders/${renewal.id}`, { intent: "refund" })).status).toBe(200);
    expect((await admin.post("admin", `/admin/orders/${session.metadata.orderId}`, { intent: "refund" })).status).toBe(200);
    expect(stripe.refunds.slice(refunds).map((r) => r.payment_intent)).toEqual([
      stripe.invoices.get(renewed.id)!.paidWith,
      stripe.invoices.get(session.invoice!)!.paidWith,
    ]);
    expect(
      (await db.order.findMany({ where: { id: { in: [renewal.id, session.metadata.orderId!] } }, select: { status: true } })).map(
        (o) => o.status,
      ),
    ).toEqual(["refunded", "refunded"]);
  });

  it("refuses to refund a subscription order Stripe shows no payment for, and changes nothing", async () => {
    const order = await db.order.findFirstOrThrow({ where: { status: "paid" } });
    await db.order.update({ where: { id: order.id }, data: { paymentIntentId: "in_never_paid_at_stripe" } });
    const refunds = stripe.refunds.length;
    const res = await admin.post("admin", `/admin/orders/${order.id}`, { intent: "refund" }, { "accept-language": "en" });
    expect(res.status).toBe(409);
    expect(res.body).toContain("Stripe shows no paid payment for this order");
    expect(stripe.refunds.length).toBe(refunds);
    expect((await db.order.findUniqueOrThrow({ where: { id: order.id } })).status).toBe("paid");
  });

  it("refuses to refund an order that is not paid", async () => {
    const { orderId } = await pendingOrder();
    const res = await admin.post("admin", `/admin/orders/${orderId}`, { intent: "refund" });
    expect(res.status).toBe(409);
    expect(res.body).toContain("Only a paid order can be refunded");
  });
});
