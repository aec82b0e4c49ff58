// Lead intake: what each way in (a brand's contact page, POST /api/leads, the embed) records a submission as.
import { getDb } from "~/lib/db.server";
import type { Brand } from "~/lib/tenant";
import { BRAND_INFO } from "~/modules/brand/brands";
import type { ContactForm, CreateLead } from "./leads.schema.ts";
import { submitLead, type SubmittedLead } from "./leads.server.ts";

/** A lead from a brand's contact page: recorded under that brand's own lead source and domain. */
export function submitContactLead({ brand, form }: { brand: Brand; form: ContactForm }): Promise<SubmittedLead> {
  const info = BRAND_INFO[brand];
  return submitLead(getDb(), { ...form, source: info.leadSource, sourceDomain: info.domain as CreateLead["sourceDomain"], sourcePage: "/contact" }, { via: "contact_form" });
}
