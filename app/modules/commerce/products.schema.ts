// Products as the admin edits them, and the lists' filters (products and orders).
import { z } from "zod";
import { pageParam } from "~/lib/list";
import { optionalText } from "~/lib/schema-fields";

export const PRODUCT_STATUSES = ["active", "inactive", "discontinued"] as const;
export const LICENSE_TYPES = ["personal", "commercial", "extended"] as const;
export const RECURRING_INTERVALS = ["monthly", "yearly"] as const;
export const ORDER_STATUSES = ["pending", "paid", "processing", "shipped", "delivered", "cancelled", "refunded"] as const;
/** Currencies the shop prices in; Stripe supports all of them. */
export const CURRENCIES = ["JPY", "USD", "EUR"] as const;
const ZERO_DECIMAL_CURRENCIES: readonly string[] = ["JPY"];

const blankToUndefined = (value: unknown) => (value === "" || value === null ? undefined : value);
/**
 * The product form's fields and the rules across them (the browser's constraints come from these). `types` are
 * the product type keys registered by plugins.
 */
export function productFieldsSchema(types: readonly string[]) {
  return z
    .object({
      name: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(200, { error: "errors.tooLong:200" }),
      description: optionalText(5000),
      characterOwner: z.enum(["yuya", "aoba", "shared"], { error: "errors.site" }),
      productType: z.string({ error: "errors.productType" }).refine((v) => types.includes(v), { error: "errors.productType" }),
      price: z
        .string({ error: "errors.required" })
        .trim()
        .regex(/^\d{1,8}(\.\d{1,2})?$/, { error: "errors.money" }),
      currency: z.enum(CURRENCIES, { error: "errors.currency" }).default("JPY"),
      isRecurring: z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean()),
      recurringInterval: z.preprocess(blankToUndefined, z.enum(RECURRING_INTERVALS, { error: "errors.recurringInterval" }).optional()),
      licenseType: z.preprocess(blankToUndefined, z.enum(LICENSE_TYPES, { error: "errors.licenseType" }).optional()),
      status: z.enum(PRODUCT_STATUSES, { error: "errors.productStatus" }).default("active"),
      // Empty means unlimited (NULL).
      inventoryCount: z.preprocess(
        blankToUndefined,
        z.coerce
          .number({ error: "errors.inventory" })
          .int({ error: "errors.inventory" })
          .min(0, { error: "errors.inventory" })
          .max(1_000_000, { error: "errors.inventory" })
          .optional(),
      ),
      // A path inside PRODUCT_FILES_DIR: relative, no "..", no backslashes.
      fileUrl: z.preprocess(
        blankToUndefined,
        z
          .string()
          .trim()
          .max(500, { error: "errors.tooLong:500" })
          .refine((v) => /^[\w.-]+(\/[\w.-]+)*$/.test(v) && !v.split("/").some((part) => part === ".." || part === "."), {
            error: "errors.productFile",
          })
          .optional(),
      ),
    })
    .superRefine((product, ctx) => {
      if (product.isRecurring && !product.recurringInterval)
        ctx.addIssue({ code: "custom", path: ["recurringInterval"], message: "errors.recurringInterval" });
      if (ZERO_DECIMAL_CURRENCIES.includes(product.currency) && product.price.includes(".") && !/\.0{1,2}$/.test(product.price)) {
        ctx.addIssue({ code: "custom", path: ["price"], message: "errors.priceWholeYen" });
      }
    });
}

/** The product form as stored: blanks become null, and a product that is not recurring has no interval. */
export function productSchema(types: readonly string[]) {
  return productFieldsSchema(types).transform((product) => ({
    ...product,
    recurringInterval: product.isRecurring ? product.recurringInterval! : null,
    licenseType: product.licenseType ?? null,
    inventoryCount: product.inventoryCount ?? null,
    fileUrl: product.fileUrl ?? null,
  }));
}
export type ProductInput = z.output<ReturnType<typeof productSchema>>;

const SITES = ["yuya", "aoba", "shared"] as const;

export const ProductListQuerySchema = z.object({
  q: z.string().trim().max(100, { error: "errors.tooLong:100" }).optional(),
  owner: z.enum(SITES, { error: "errors.site" }).optional(),
  type: z.string().trim().max(100, { error: "errors.tooLong:100" }).optional(),
  status: z.enum(PRODUCT_STATUSES, { error: "errors.productStatus" }).optional(),
  page: pageParam,
});
export type ProductListQuery = z.output<typeof ProductListQuerySchema>;

export const OrderListQuerySchema = z.object({
  q: z.string().trim().max(100, { error: "errors.tooLong:100" }).optional(),
  status: z.enum(ORDER_STATUSES, { error: "errors.orderStatus" }).optional(),
  site: z.enum(SITES, { error: "errors.site" }).optional(),
  page: pageParam,
});
export type OrderListQuery = z.output<typeof OrderListQuerySchema>;

/** The order page's "next step" button: the status the page showed (the step is refused if it changed since). */
export const OrderAdvanceSchema = z.object({ from: z.string({ error: "errors.required" }).max(20, { error: "errors.tooLong:20" }) });
/** The order page's buttons without fields (cancel, refund). */
export const OrderActionSchema = z.object({});

/** Fulfilment steps staff may take by hand; payment, refunds and expiry come from Stripe or the refund action. */
export const FULFILMENT_NEXT: Partial<Record<(typeof ORDER_STATUSES)[number], (typeof ORDER_STATUSES)[number]>> = {
  paid: "processing",
  processing: "shipped",
  shipped: "delivered",
};
