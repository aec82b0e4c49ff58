// Lead intake: the rules every way in (a brand's contact page, POST /api/leads and /api/inquiries, the embed)
// applies before a submission becomes a lead — which source and domain it may claim, when a refusal is about
// consent alone, what looks like a bot — and what each way in records a submission as.
import type { z } from "zod";
import { getDb } from "~/lib/db.server";
import { getEnv } from "~/lib/env.server";
import { messageWith } from "~/lib/i18n";
import { fail, type Failure } from "~/lib/result";
import { isBrand, type Brand, type Site } from "~/lib/tenant";
import { BRAND_INFO } from "~/modules/brand/brands";
import type { EmbedLead } from "~/modules/embed/embed.schema";
import type { Registry } from "~/modules/plugins/registry.server";
import type { ContactForm, CreateLead } from "./leads.schema.ts";
import { leadSources, submitLead, type SubmittedLead } from "./leads.server.ts";

/** Where a submission on a brand's own pages (the contact page's two forms, POST /api/inquiries) is recorded: that brand's source and domain. */
export function ownPageOrigin(brand: Brand): Pick<CreateLead, "source" | "sourceDomain" | "sourcePage"> {
  const info = BRAND_INFO[brand];
  return { source: info.leadSource, sourceDomain: info.domain as CreateLead["sourceDomain"], sourcePage: "/contact" };
}

/** A lead from a brand's contact page. */
export function submitContactLead({ brand, form }: { brand: Brand; form: ContactForm }): Promise<SubmittedLead> {
  return submitLead(getDb(), { ...form, ...ownPageOrigin(brand) }, { via: "contact_form" });
}

/** A submission that is fine except for the missing consent is unprocessable (422), not malformed (400): the spec. */
export function invalidStatus(error: z.ZodError): 400 | 422 {
  return error.issues.every((issue) => issue.path[0] === "gdprConsent") ? 422 : 400;
}

/** A claim refused: 400 naming the field, the message saying what it may be (the sources, the site's domain). */
function refusedClaim(field: "source" | "sourceDomain", message: string): Failure {
  return fail("bad_request", messageWith("api.invalid", { fields: field }), { fields: { [field]: [message] } });
}

/**
 * What a lead sent to POST /api/leads may claim: a lead source some plugin registered, and on a brand's site that
 * brand's own domain (one site does not file leads under the other). The admin host may file under either.
 */
export function checkLeadClaim({
  lead,
  site,
  registry,
}: {
  lead: Pick<CreateLead, "source" | "sourceDomain">;
  site: Site;
  registry: Registry;
}): Failure | null {
  const sources = leadSources(registry);
  if (!sources.includes(lead.source)) return refusedClaim("source", messageWith("api.unknownSource", { sources: sources.join(", ") }));
  if (isBrand(site) && lead.sourceDomain !== BRAND_INFO[site].domain)
    return refusedClaim("sourceDomain", messageWith("api.wrongDomain", { domain: BRAND_INFO[site].domain }));
  return null;
}

export type BotReason = "honeypot" | "too_fast";

/** An embed key as intake needs it: the site and source it files under, and the pages allowed to use it. */
export interface EmbedKeyUse {
  tenant: Brand;
  source: string;
  allowedOrigins: readonly string[];
}

export type EmbedScreening =
  { kind: "bot"; reason: BotReason } | { kind: "refused"; field: "sourcePage" } | { kind: "lead"; lead: CreateLead };

/**
 * An embedded form's submission: a bot's (the `website` honeypot filled, or sent faster than EMBED_MIN_FILL_MS,
 * or without a time at all) is to be dropped with a fake success; a sourcePage off the key's allowed origins is
 * refused; otherwise it is a lead under the key's source and site, with `noMessage` when the visitor wrote none.
 */
export function screenEmbedLead({ input, key, noMessage }: { input: EmbedLead; key: EmbedKeyUse; noMessage: string }): EmbedScreening {
  const minFill = getEnv().EMBED_MIN_FILL_MS;
  const bot = input.website ? "honeypot" : input.elapsedMs === undefined || input.elapsedMs < minFill ? "too_fast" : null;
  if (bot) return { kind: "bot", reason: bot };
  if (input.sourcePage && !onAllowedOrigin(input.sourcePage, key.allowedOrigins)) return { kind: "refused", field: "sourcePage" };
  return {
    kind: "lead",
    lead: {
      email: input.email,
      name: input.name,
      company: input.company,
      phone: input.phone,
      source: key.source,
      sourceDomain: BRAND_INFO[key.tenant].domain as CreateLead["sourceDomain"],
      sourcePage: input.sourcePage,
      leadType: input.leadType,
      message: input.message ?? noMessage,
      gdprConsent: true,
    },
  };
}

function onAllowedOrigin(page: string, origins: readonly string[]): boolean {
  try {
    return origins.includes(new URL(page).origin.toLowerCase());
  } catch {
    return false;
  }
}
