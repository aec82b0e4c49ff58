// Downloads of digital products: a signed link per order item that expires (HMAC over item and expiry with a
// key derived from SESSION_SECRET), and a download that counts atomically — refused past the item's limit,
// for an order that is not (or no longer) paid, and for a link that is forged or expired.
import { createHmac } from "node:crypto";
import { stat } from "node:fs/promises";
import path from "node:path";
import { safeEqual, sessionSecret } from "~/lib/crypto.server";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { fail, ok, type Result } from "~/lib/result";
import { isPaidStatus, PAID_STATUSES } from "./payments.server.ts";

const sign = (itemId: string, expires: number) =>
  createHmac("sha256", `downloads:${sessionSecret()}`).update(`${itemId}.${expires}`).digest("base64url");

export function downloadLink(itemId: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + getEnv().DOWNLOAD_LINK_MINUTES * 60;
  return `/downloads/${itemId}?e=${expires}&s=${sign(itemId, expires)}`;
}

/** The file to send, or a Failure whose message (`downloads.<code>`) tells the buyer why not. */
export type DownloadResult = Result<{ file: string; name: string }>;

const refused = (kind: "forbidden" | "not_found" | "gone", code: "bad_link" | "expired" | "not_paid" | "limit_reached" | "no_file") =>
  fail(kind, `downloads.${code}`, { code });

/** Checks the link and the order, then counts the download (atomically) and says which file to send. */
export async function takeDownload(
  itemId: string,
  expires: string | null,
  signature: string | null,
  now = Date.now(),
): Promise<DownloadResult> {
  const e = Number(expires);
  if (!signature || !Number.isInteger(e) || !safeEqual(signature, sign(itemId, e))) return refused("forbidden", "bad_link");
  if (e * 1000 < now) return refused("gone", "expired");
  const db = getDb();
  const item = await db.orderItem.findUnique({
    where: { id: itemId },
    include: { order: { select: { status: true } }, product: { select: { fileUrl: true, name: true } } },
  });
  if (!item?.product?.fileUrl) return refused("not_found", "no_file");
  if (!isPaidStatus(item.order.status)) return refused("forbidden", "not_paid");
  const root = path.resolve(getEnv().PRODUCT_FILES_DIR);
  const file = path.resolve(root, item.product.fileUrl);
  if (
    !file.startsWith(root + path.sep) ||
    !(await stat(file).then(
      (s) => s.isFile(),
      () => false,
    ))
  )
    return refused("not_found", "no_file");
  // One statement: counted only while under the limit and while the order is paid.
  const counted = await db.$executeRaw`
    UPDATE order_items i SET download_count = i.download_count + 1
      FROM orders o
     WHERE i.id = ${itemId}::uuid AND o.id = i.order_id AND o.status::text = ANY(${[...PAID_STATUSES]})
       AND (i.download_limit IS NULL OR i.download_count < i.download_limit)`;
  if (counted === 0) return refused("gone", "limit_reached");
  return ok({ file, name: `${item.product.name}${path.extname(file)}` });
}

/** The signed-in user's orders with their lines, licenses and download links (for the account page). */
export async function ordersOf(userId: string) {
  const orders = await getDb().order.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    take: 50,
    include: { items: { include: { product: { select: { name: true, fileUrl: true, characterOwner: true } } } } },
  });
  return orders.map((order) => {
    const paid = isPaidStatus(order.status);
    return {
      id: order.id,
      orderNumber: order.orderNumber,
      status: order.status,
      createdAt: order.createdAt,
      total: order.totalAmount.toString(),
      currency: order.currency,
      items: order.items.map((item) => ({
        id: item.id,
        name: item.product?.name ?? "—",
        quantity: item.quantity,
        licenseKey: paid ? item.licenseKey : null,
        downloadCount: item.downloadCount,
        downloadLimit: item.downloadLimit,
        link:
          paid && item.product?.fileUrl && (item.downloadLimit === null || item.downloadCount < item.downloadLimit)
            ? downloadLink(item.id)
            : null,
      })),
    };
  });
}
