// GET /downloads/:itemId?e=&s= — a purchased file, through its signed, expiring link (from the account page).
// Each download counts; past the limit, for an unpaid or refunded order, or with a bad link: a clear refusal.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { isUuid } from "~/lib/http";
import { translatorFor } from "~/lib/api.server";
import { statusOf } from "~/lib/result";
import { requireBrand } from "~/lib/site.server";
import { takeDownload } from "~/modules/commerce/downloads.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireBrand(context);
  const t = await translatorFor(request);
  const url = new URL(request.url);
  if (!isUuid(params.itemId))
    throw new Response(t("downloads.bad_link"), { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const result = await takeDownload(params.itemId, url.searchParams.get("e"), url.searchParams.get("s"));
  if (!result.ok)
    throw new Response(t(result.message), {
      status: statusOf(result),
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  // Streamed: stem packs run to hundreds of megabytes.
  const { size } = await stat(result.file);
  return new Response(Readable.toWeb(createReadStream(result.file)) as ReadableStream<Uint8Array>, {
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": `attachment; filename*=UTF-8''${encodeURIComponent(result.name)}`,
      "Content-Length": String(size),
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "private, no-store",
    },
  });
}
