// Companies: the form the admin edits and the list's filters.
import { z } from "zod";
import { pageParam } from "~/lib/list";
import { optionalText as text } from "~/lib/schema-fields";

export const COMPANY_SIZES = ["startup", "small", "medium", "large", "enterprise"] as const;

export const CompanySchema = z.object({
  name: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(200, { error: "errors.tooLong:200" }),
  // A bare host name: "example.co.jp", lower-cased, no scheme or path.
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(100, { error: "errors.tooLong:100" })
    .refine((v) => !v || /^(?=.{1,100}$)([a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(v), { error: "errors.domain" })
    .optional()
    .transform((value) => value || null),
  industry: text(100),
  sizeCategory: z.preprocess((v) => (v === "" ? undefined : v), z.enum(COMPANY_SIZES, { error: "errors.companySize" }).optional()),
  annualRevenueRange: text(50),
  country: text(100),
  websiteUrl: z
    .string()
    .trim()
    .max(255, { error: "errors.tooLong:255" })
    .refine((v) => !v || /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(v), { error: "account.invalidUrl" })
    .optional()
    .transform((value) => value || null),
  description: text(5000),
});
export type CompanyInput = z.output<typeof CompanySchema>;

export const CompanyListQuerySchema = z.object({
  q: z.string().trim().max(100, { error: "errors.tooLong:100" }).optional(),
  industry: z.string().trim().max(100, { error: "errors.tooLong:100" }).optional(),
  size: z.enum(COMPANY_SIZES, { error: "errors.companySize" }).optional(),
  country: z.string().trim().max(100, { error: "errors.tooLong:100" }).optional(),
  page: pageParam,
});
export type CompanyListQuery = z.output<typeof CompanyListQuerySchema>;
