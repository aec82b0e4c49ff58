// Aoba's stem packs: a product type whose paid lines get a license key and a download allowance, and KPIs
// for the packs sold and how much they are downloaded.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { definePlugin, type KpiContext } from "../../sdk/src/plugin.ts";

const Options = z.strictObject({
  /** Downloads per pack bought. */
  downloadsPerPack: z.number().int().min(1).max(100).default(5),
  /** License keys read PREFIX-XXXX-XXXX-XXXX-XXXX. */
  keyPrefix: z
    .string()
    .regex(/^[A-Z]{2,8}$/, { error: "2–8 capital letters" })
    .default("AOBA"),
});

/** Crockford base32 without look-alikes (no I, L, O, U). */
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function licenseKey(prefix: string): string {
  const bytes = randomBytes(16);
  const chars = [...bytes].map((b) => ALPHABET[b % 32]).join("");
  return [prefix, chars.slice(0, 4), chars.slice(4, 8), chars.slice(8, 12), chars.slice(12, 16)].join("-");
}

const PAID = "('paid', 'processing', 'shipped', 'delivered')";

export default definePlugin<z.output<typeof Options>>({
  id: "stems",
  version: "1.0.0",
  options: Options,
  setup(reg, options) {
    reg.productType({
      key: "stem_pack",
      label: { ja: "ステムパック", en: "Stem pack" },
      revenueSource: "digital_products",
      licensedRevenueSource: "licensing",
      onPaid: async (item) => ({ licenseKey: licenseKey(options.keyPrefix), downloadLimit: options.downloadsPerPack * item.quantity }),
    });
    const packs = (site: string, params: unknown[]) => {
      const where = `p.product_type = 'stems:stem_pack' AND o.status IN ${PAID} AND o.created_at >= $1 AND o.created_at < $2`;
      if (site === "total") return where;
      params.push(site);
      return `${where} AND p.character_owner = $${params.length}::character_owner`;
    };
    /** A sum over the order lines of the stem packs paid in the period (and site). */
    const sumOverPacks = async (column: "quantity" | "download_count", { from, to, site, query }: KpiContext): Promise<number> => {
      const params: unknown[] = [from, to];
      const [row] = await query<{ n: number }>(
        `SELECT COALESCE(sum(i.${column}), 0)::int AS n FROM order_items i JOIN orders o ON o.id = i.order_id JOIN products p ON p.id = i.product_id WHERE ${packs(site, params)}`,
        params,
      );
      return row?.n ?? 0;
    };
    reg.kpi({
      key: "packs_sold",
      label: { ja: "ステムパック販売数", en: "Stem packs sold" },
      unit: "count",
      sites: ["aoba", "total"],
      compute: (context) => sumOverPacks("quantity", context),
    });
    reg.kpi({
      key: "downloads",
      label: { ja: "ステムパックのダウンロード", en: "Stem pack downloads" },
      unit: "count",
      sites: ["aoba", "total"],
      // Downloads so far of the packs sold in the period (order items keep a running count).
      compute: (context) => sumOverPacks("download_count", context),
    });
  },
});
