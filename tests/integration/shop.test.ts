// The shop against the real server and a local Stripe stand-in (the real `stripe` client, pointed at it):
// checkout prices orders on the server; signed webhooks mark them paid once (inventory, license keys, total
// spent, receipt); duplicates, forged signatures, out-of-order refunds and a sell-out race leave nothing in a
// wrong state and nothing sold twice.
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer, type TestResponse } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";
import { startStripeStandIn, type StripeStandIn } from "../support/stripe-standin.ts";
import type { Visitor } from "../support/visitor.ts";

let server: RunningServer;
let stripe: StripeStandIn;
let outbox: string;
let files: string;
let buyer: Visitor;
const { url, db } = await createTestDatabase({ seeded: true });

beforeAll(async () => {
  stripe = await startStripeStandIn();
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-shop-outbox-"));
  files = await mkdtemp(path.join(tmpdir(), "kizuna-shop-files-"));
  await mkdir(path.join(files, "stems"));
  await writeFile(path.join(files, "stems/stardust.zip"), "PK\u0003\u0004 stems of the stardust pack");
  server = await startServer({
    DATABASE_URL: url,
    OUTBOX_DIR: outbox,
    PRODUCT_FILES_DIR: files,
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    RATE_LIMIT_API_PER_MINUTE: "100000",
    ...stripe.env,
  });
  buyer = (await signedInVisitors(server, outbox, ["user@example.com"], "aoba")).get("user")!;
  buyer.setCookie("aoba", "lng", "en");
});
afterAll(async () => {
  await server?.stop();
  await stripe?.close();
});

const product = (name: string) => db.product.findFirstOrThrow({ where: { name } });
async function buy(productId: string, quantity = 1, extra: Record<string, string> = {}): Promise<TestResponse> {
  return buyer.post("aoba", "/shop", { productId, quantity: String(quantity), ...extra });
}
function webhook(event: unknown, signature?: string): Promise<TestResponse> {
  const payload = JSON.stringify(event);
  return server.request({
    host: "aoba",
    path: "/api/webhooks/stripe",
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": signature ?? stripe.sign(payload) },
    body: payload,
  });
}
const sessionOf = (res: TestResponse) => stripe.sessions.get(String(res.headers.location).split("/pay/")[1]!)!;

describe("checkout", () => {
  it("lists the brand's own and shared products, and asks a visitor to sign in to buy", async () => {
    const page = await buyer.get("aoba", "/shop");
    expect(page.status).toBe(200);
    expect(page.body).toContain("夜空のワルツ ステムパック");
    expect(page.body).toContain("ユウヤ×あおば コラボTシャツ");
    expect(page.body).not.toContain("プロンプト設計キット Pro"); // yuya's
    expect(page.body).not.toContain("旧シングル ステム"); // discontinued
    const anonymous = await server.request({
      host: "aoba",
      path: "/shop",
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: new URL(server.url("aoba")).origin },
      body: "productId=x",
    });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/login/);
  });

  it("prices the order on the server and sends the buyer to Stripe Checkout", async () => {
    const shirt = await product("ユウヤ×あおば コラボTシャツ");
    const res = await buy(shirt.id, 2, { price: "1", unitPrice: "1" });
    expect(res.status).toBe(302);
    expect(res.headers.location).toMatch(new RegExp(`^${stripe.url}/pay/cs_test_`));
    const session = sessionOf(res);
    expect(session.line_items).toEqual([{ name: shirt.name, unit_amount: 3800, quantity: 2, currency: "jpy" }]);
    expect(session.customer_email).toBe("user@example.com");
    const order = await db.order.findUniqueOrThrow({ where: { id: session.metadata.orderId }, include: { items: true } });
    expect(order).toMatchObject({ status: "pending", currency: "JPY" });
    expect(order.totalAmount.toString()).toBe("7600");
    expect(order.items.map((i) => [i.quantity, i.unitPrice.toString()])).toEqual([[2, "3800"]]);
  });

  it.each([
    ["an unknown product", "0190c0de-0000-7000-8000-000000000000", 1, 404, "This product does not exist in this shop"],
    ["another brand's product", "prompt", 1, 404, "This product does not exist in this shop"],
    ["a discontinued product", "discontinued", 1, 409, "This product is no longer on sale"],
    ["more than the stock", "shirt", 500, 400, "Choose a quantity from 1 to 10"],
    ["not a product id", "<script>", 1, 400, "This product does not exist in this shop"],
  ])("refuses %s, and writes no order", async (_label, which, quantity, status, message) => {
    const ids: Record<string, () => Promise<string>> = {
      prompt: async () => (await product("プロンプト設計キット Pro")).id,
      discontinued: async () => (await product("旧シングル ステム (販売終了)")).id,
      shirt: async () => (await product("ユウヤ×あおば コラボTシャツ")).id,
    };
    const before = await db.order.count();
    const res = await buy(ids[which] ? await ids[which]!() : which, quantity);
    expect(res.status).toBe(status);
    expect(res.body).toContain(message);
    expect(await db.order.count()).toBe(before);
  });
});

describe("Stripe webhooks", () => {
  it("mark the order paid once: inventory taken, license keys granted, total spent, a receipt", async () => {
    const pack = await db.product.create({
      data: {
        name: "星屑ステムパック",
        characterOwner: "aoba",
        productType: "stems:stem_pack",
        price: 2200,
        licenseType: "personal",
        inventoryCount: 10,
        fileUrl: "stems/stardust.zip",
      },
    });
    const res = await buy(pack.id, 2);
    const session = sessionOf(res);
    const event = stripe.complete(session.id);
    const user = await db.user.findUniqueOrThrow({ where: { email: "user@example.com" }, include: { profile: true } });
    const spentBefore = Number(user.profile?.totalSpent ?? 0);

    const first = await webhook(event);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toMatchObject({ received: true, duplicate: false, action: "paid" });
    const order = await db.order.findUniqueOrThrow({ where: { id: session.metadata.orderId }, include: { items: true } });
    expect(order.status).toBe("paid");
    expect(order.paymentIntentId).toBe(session.payment_intent);
    expect(order.items[0]!.licenseKey).toMatch(/^AOBA-/);
    expect(order.items[0]!.downloadLimit).toBe(10);
    expect((await db.product.findUniqueOrThrow({ where: { id: pack.id } })).inventoryCount).toBe(8);
    expect(Number((await db.userProfile.findUniqueOrThrow({ where: { userId: user.id } })).totalSpent)).toBe(spentBefore + 4400);
    const receipts = (await readdir(outbox)).length;
    expect(receipts).toBeGreaterThan(0);

    // Stripe delivers again: nothing changes.
    const again = await webhook(event);
    expect(JSON.parse(again.body)).toMatchObject({ duplicate: true });
    expect((await db.product.findUniqueOrThrow({ where: { id: pack.id } })).inventoryCount).toBe(8);
    expect(await db.webhookEvent.count({ where: { id: event.id } })).toBe(1);
    expect((await readdir(outbox)).length).toBe(receipts);
  });

  it("refuse a forged, re-signed-with-another-secret or stale signature, and change nothing", async () => {
    const shirt = await product("ユウヤ×あおば コラボTシャツ");
    const session = sessionOf(await buy(shirt.id, 1));
    const event = stripe.complete(session.id);
    const payload = JSON.stringify(event);
    for (const signature of [
      "t=1,v1=deadbeef",
      stripe.sign(payload, "whsec_someone_else"),
      stripe.sign(payload, undefined, Math.floor(Date.now() / 1000) - 3600),
    ]) {
      const res = await webhook(event, signature);
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body).error.code).toBe("invalid_signature");
    }
    const tampered = { ...event, data: { object: { ...session, metadata: { orderId: session.metadata.orderId }, amount_total: 1 } } };
    expect((await webhook(tampered, stripe.sign(payload))).status).toBe(400);
    expect((await db.order.findUniqueOrThrow({ where: { id: session.metadata.orderId } })).status).toBe("pending");
    expect(await db.webhookEvent.count({ where: { id: event.id } })).toBe(0);
  });

  it("handle a refund that arrives before the payment: the order ends refunded, no license is issued", async () => {
    const pack = await db.product.findFirstOrThrow({ where: { productType: "stems:stem_pack" } });
    const session = sessionOf(await buy(pack.id, 1));
    const completed = stripe.complete(session.id);
    await db.order.update({ where: { id: session.metadata.orderId }, data: { paymentIntentId: session.payment_intent } });
    const refunded = stripe.event("charge.refunded", {
      id: "ch_1",
      object: "charge",
      payment_intent: session.payment_intent,
      amount_refunded: 2200,
    });
    expect(JSON.parse((await webhook(refunded)).body)).toMatchObject({ action: "refunded" });
    expect(JSON.parse((await webhook(completed)).body)).toMatchObject({ action: "not_paid:not_payable" });
    const order = await db.order.findUniqueOrThrow({ where: { id: session.metadata.orderId }, include: { items: true } });
    expect(order.status).toBe("refunded");
    expect(order.items[0]!.licenseKey).toBeNull();
  });

  it("never sell the last item twice: the second payment is refunded automatically", async () => {
    const last = await db.product.create({
      data: { name: "限定アクリルスタンド", characterOwner: "aoba", productType: "merchandise", price: 1500, inventoryCount: 1 },
    });
    const [a, b] = [sessionOf(await buy(last.id, 1)), sessionOf(await buy(last.id, 1))];
    const refundsBefore = stripe.refunds.length;
    expect(JSON.parse((await webhook(stripe.complete(a.id))).body)).toMatchObject({ action: "paid" });
    expect(JSON.parse((await webhook(stripe.complete(b.id))).body)).toMatchObject({ action: "sold_out_refunded" });
    expect((await db.product.findUniqueOrThrow({ where: { id: last.id } })).inventoryCount).toBe(0);
    expect((await db.order.findUniqueOrThrow({ where: { id: b.metadata.orderId } })).status).toBe("refunded");
    expect(stripe.refunds.slice(refundsBefore)).toEqual([expect.objectContaining({ payment_intent: b.payment_intent })]);
    expect((await buy(last.id, 1)).status).toBe(409);
  });

  it("cancel the order when Checkout expires", async () => {
    const shirt = await product("ユウヤ×あおば コラボTシャツ");
    const session = sessionOf(await buy(shirt.id, 1));
    const expired = stripe.event("checkout.session.expired", { ...session, status: "expired" });
    expect(JSON.parse((await webhook(expired)).body)).toMatchObject({ action: "cancelled" });
    expect((await db.order.findUniqueOrThrow({ where: { id: session.metadata.orderId } })).status).toBe("cancelled");
  });
});

describe("downloads", () => {
  const links = async () => {
    const page = await buyer.get("aoba", "/account");
    expect(page.status).toBe(200);
    return [...page.body.matchAll(/href="(\/downloads\/[0-9a-f-]{36}\?e=\d+&amp;s=[\w-]+)"/g)].map((m) => m[1]!.replaceAll("&amp;", "&"));
  };

  it("serve a paid item through the account page's signed link, counting each, refused past the limit", async () => {
    const page = await buyer.get("aoba", "/account");
    expect(page.body).toMatch(/AOBA-[0-9A-Z]{4}-/); // the license key is on the account page
    const [link] = await links();
    expect(link).toBeDefined();
    const item = link!.split("/")[2]!.split("?")[0]!;
    await db.orderItem.update({ where: { id: item }, data: { downloadLimit: 2 } });
    for (let i = 1; i <= 2; i++) {
      const res = await buyer.get("aoba", link!);
      expect(res.status).toBe(200);
      expect(res.headers["content-disposition"]).toContain("attachment");
      expect(res.body).toContain("stems of the stardust pack");
      expect((await db.orderItem.findUniqueOrThrow({ where: { id: item } })).downloadCount).toBe(i);
    }
    const third = await buyer.get("aoba", link!);
    expect(third.status).toBe(410);
    expect(third.body).toContain("used all the downloads");
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: item } })).downloadCount).toBe(2);
    expect(await links()).not.toContain(link); // no link offered once used up
  });

  it("refuse forged and expired links, and the files of a refunded order", async () => {
    await db.orderItem.updateMany({ where: { product: { fileUrl: "stems/stardust.zip" } }, data: { downloadLimit: 100 } });
    const [link] = await links();
    const [pathname, query] = link!.split("?");
    const params = new URLSearchParams(query);
    expect((await buyer.get("aoba", `${pathname}?e=${params.get("e")}&s=${params.get("s")!.slice(0, -2)}xx`)).status).toBe(403);
    expect((await buyer.get("aoba", `${pathname}?e=${Number(params.get("e")) + 60}&s=${params.get("s")}`)).status).toBe(403);
    const item = await db.orderItem.findUniqueOrThrow({ where: { id: pathname!.split("/")[2]! }, include: { order: true } });
    const refunded = stripe.event("charge.refunded", { id: "ch_2", object: "charge", payment_intent: item.order.paymentIntentId });
    expect(JSON.parse((await webhook(refunded)).body)).toMatchObject({ action: "refunded" });
    const res = await buyer.get("aoba", link!);
    expect(res.status).toBe(403);
    expect(res.body).toContain("refunded");
  });
});

describe("subscriptions", () => {
  const supporter = () => db.product.findFirstOrThrow({ where: { name: "あおばサポーター (月額)" } });
  const profileOf = async () =>
    db.userProfile.findUniqueOrThrow({ where: { userId: (await db.user.findUniqueOrThrow({ where: { email: "user@example.com" } })).id } });

  it("start with a paid checkout, renew with each invoice Stripe pays (once), and end with Stripe's cancellation", async () => {
    const product = await supporter();
    const session = sessionOf(await buy(product.id, 1));
    expect(session.mode).toBe("subscription");
    const completed = stripe.complete(session.id);
    expect(JSON.parse((await webhook(completed)).body)).toMatchObject({ action: "paid" });
    const subscriptionId = session.subscription!;
    const started = await db.subscription.findUniqueOrThrow({ where: { providerId: subscriptionId } });
    expect(started).toMatchObject({ status: "active", interval: "monthly", renewals: 0, orderId: session.metadata.orderId });
    expect((await profileOf()).subscriptionTier).not.toBe("FREE");
    const spent = (await profileOf()).totalSpent;

    const invoice = {
      id: "in_renewal_1",
      object: "invoice",
      billing_reason: "subscription_cycle",
      amount_paid: 500,
      currency: "jpy",
      parent: { type: "subscription_details", subscription_details: { subscription: subscriptionId } },
    };
    expect(JSON.parse((await webhook(stripe.event("invoice.paid", invoice))).body)).toMatchObject({ action: "renewed" });
    // The same invoice in another event (Stripe may send both invoice.paid and a retry): booked once.
    expect(JSON.parse((await webhook(stripe.event("invoice.paid", invoice))).body)).toMatchObject({ action: "ignored" });
    const renewal = await db.order.findFirstOrThrow({ where: { paymentIntentId: "in_renewal_1" }, include: { items: true } });
    expect(renewal).toMatchObject({ status: "paid", notes: expect.stringContaining("Renewal of") });
    expect(renewal.items.map((i) => i.productId)).toEqual([product.id]);
    expect((await profileOf()).totalSpent.minus(spent).toString()).toBe("500");
    expect(await db.subscription.findUniqueOrThrow({ where: { providerId: subscriptionId } })).toMatchObject({ renewals: 1 });
    // The first invoice belongs to the checkout: not a renewal.
    const firstInvoice = { ...invoice, id: "in_first", billing_reason: "subscription_create" };
    expect(JSON.parse((await webhook(stripe.event("invoice.paid", firstInvoice))).body)).toMatchObject({ action: "ignored" });

    const deleted = stripe.event("customer.subscription.deleted", { id: subscriptionId, object: "subscription", status: "canceled" });
    expect(JSON.parse((await webhook(deleted)).body)).toMatchObject({ action: "subscription_ended" });
    expect(await db.subscription.findUniqueOrThrow({ where: { providerId: subscriptionId } })).toMatchObject({ status: "cancelled" });
    expect(JSON.parse((await webhook(stripe.event("invoice.paid", { ...invoice, id: "in_after_end" }))).body)).toMatchObject({
      action: "ignored",
    });
  });

  it("refund the order of a charge Stripe refunded — a renewal or the first — traced through its invoice; the total spent follows", async () => {
    const session = sessionOf(await buy((await supporter()).id, 1));
    await webhook(stripe.complete(session.id));
    const subscriptionId = session.subscription!;
    const renewed = stripe.renew(subscriptionId, 500);
    expect(JSON.parse((await webhook(stripe.event("invoice.paid", renewed))).body)).toMatchObject({ action: "renewed" });
    const renewal = await db.order.findFirstOrThrow({ where: { paymentIntentId: renewed.id } });
    const first = await db.order.findUniqueOrThrow({ where: { id: session.metadata.orderId } });
    const spent = (await profileOf()).totalSpent;

    // Refunded at Stripe (its dashboard): the charge names only the PaymentIntent that paid the renewal's invoice.
    const renewalCharge = { id: "ch_renewal", object: "charge", payment_intent: stripe.invoices.get(renewed.id)!.paidWith };
    expect(JSON.parse((await webhook(stripe.event("charge.refunded", renewalCharge))).body)).toMatchObject({ action: "refunded" });
    expect((await db.order.findUniqueOrThrow({ where: { id: renewal.id } })).status).toBe("refunded");
    expect((await db.order.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("paid");
    expect(spent.minus((await profileOf()).totalSpent).toString()).toBe(renewal.totalAmount.toString());
    // A refund is not a cancellation: the subscription runs on until Stripe ends it.
    expect(await db.subscription.findUniqueOrThrow({ where: { providerId: subscriptionId } })).toMatchObject({ status: "active" });

    // The first charge paid the subscription's first invoice: the first order is the one refunded.
    const firstCharge = { id: "ch_first", object: "charge", payment_intent: stripe.invoices.get(session.invoice!)!.paidWith };
    expect(JSON.parse((await webhook(stripe.event("charge.refunded", firstCharge))).body)).toMatchObject({ action: "refunded" });
    expect((await db.order.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("refunded");
    expect(spent.minus((await profileOf()).totalSpent).toString()).toBe(renewal.totalAmount.plus(first.totalAmount).toString());

    // Stripe cannot be asked which invoice a charge paid: 503, nothing recorded, and Stripe's retry is processed.
    const again = stripe.renew(subscriptionId, 500);
    await webhook(stripe.event("invoice.paid", again));
    const retried = stripe.event("charge.refunded", {
      id: "ch_retry",
      object: "charge",
      payment_intent: stripe.invoices.get(again.id)!.paidWith,
    });
    stripe.down = true;
    try {
      const deferred = await webhook(retried);
      expect(deferred.status).toBe(503);
      expect(JSON.parse(deferred.body)).toMatchObject({ error: { code: "provider_unavailable" } });
    } finally {
      stripe.down = false;
    }
    expect((await db.order.findFirstOrThrow({ where: { paymentIntentId: again.id } })).status).toBe("paid");
    expect(JSON.parse((await webhook(retried)).body)).toMatchObject({ action: "refunded", duplicate: false });

    // A charge of nothing sold here changes nothing.
    const unknown = { id: "ch_unknown", object: "charge", payment_intent: "pi_not_ours" };
    expect(JSON.parse((await webhook(stripe.event("charge.refunded", unknown))).body)).toMatchObject({ action: "ignored" });
  });

  it("can be cancelled from the account page: at Stripe first, then here", async () => {
    const session = sessionOf(await buy((await supporter()).id, 1));
    await webhook(stripe.complete(session.id));
    const subscription = await db.subscription.findUniqueOrThrow({ where: { providerId: session.subscription! } });
    const page = await buyer.get("aoba", "/account");
    expect(page.body).toContain(`data-subscription="${subscription.id}"`);
    const res = await buyer.post("aoba", "/account", { intent: "cancelSubscription", subscriptionId: subscription.id });
    expect(res.status).toBe(200);
    expect(stripe.requests.some((r) => r.method === "DELETE" && r.path === `/v1/subscriptions/${session.subscription}`)).toBe(true);
    expect(await db.subscription.findUniqueOrThrow({ where: { id: subscription.id } })).toMatchObject({ status: "cancelled" });
    // Audited once, as the buyer's own change; the refusals below are not.
    const audited = () => db.auditLog.count({ where: { action: "DELETE", resource: "subscriptions", resourceId: subscription.id } });
    expect(await audited()).toBe(1);
    expect((await buyer.post("aoba", "/account", { intent: "cancelSubscription", subscriptionId: subscription.id })).status).toBe(409);
    expect(await audited()).toBe(1);
    const other = await db.subscription.create({ data: { providerId: "sub_someone_else", interval: "monthly" } });
    expect((await buyer.post("aoba", "/account", { intent: "cancelSubscription", subscriptionId: other.id })).status).toBe(404);
  });
});
