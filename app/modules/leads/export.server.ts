// CSV export of a lead list: the same filters as the list, streamed in keyset-paged batches (so a million rows
// never sit in memory), personal data masked for roles other than ADMIN, a UTF-8 BOM so spreadsheet apps read
// Japanese correctly. csv-stringify does the quoting.
import { stringify } from "csv-stringify";
import { getDb } from "~/lib/db.server";
import type { RequestOrigin } from "~/lib/request-origin.server";
import { recordAudit } from "~/modules/audit/audit.server";
import type { Role } from "~/modules/identity/permissions";
import { personalDataFor } from "~/modules/privacy/visibility";
import type { Prisma } from "~/generated/prisma/client";
import type { LeadListQuery } from "./leads.schema.ts";
import { leadWhere } from "./leads.server.ts";

export const EXPORT_COLUMNS = [
  "id",
  "created_at",
  "name",
  "company",
  "job_title",
  "email",
  "phone",
  "source",
  "source_domain",
  "lead_type",
  "status",
  "priority",
  "estimated_value",
  "expected_close_date",
  "assignee",
  "notes",
  "gdpr_consent",
  "consent_date",
] as const;

const BATCH = 1000;

/**
 * Spreadsheet apps run a cell that starts with = + - @ (or a tab or CR) as a formula, and a Japanese IME types
 * the full-width forms. Names and companies come from anonymous visitors: such a cell gets a leading ' so it
 * opens as text (csv-stringify's escape_formulas, plus the full-width forms). Money is never negative here.
 */
const FORMULA_START = /^[=+\-@\t\r＝＋－＠]/;
export const asSpreadsheetText = (value: string): string => (FORMULA_START.test(value) ? `'${value}` : value);

/** The leads the filters select, as CSV streamed from the database; the export is audited (filters, masking) first. */
export async function exportLeadsCsv(
  filters: Omit<LeadListQuery, "page" | "limit" | "sort">,
  actor: { id: string; role: Role },
  origin: RequestOrigin,
): Promise<ReadableStream<Uint8Array>> {
  const changes = { filters, masked: actor.role !== "ADMIN" };
  await recordAudit({ userId: actor.id, action: "export", resource: "leads", changes, ...origin, status: "success" });
  const where = leadWhere(filters, actor.id);
  const db = getDb();
  const csv = stringify({
    header: true,
    columns: [...EXPORT_COLUMNS],
    bom: true,
    cast: { date: (d) => d.toISOString(), boolean: (b) => (b ? "true" : "false"), string: asSpreadsheetText },
  });

  async function* rows() {
    let cursor: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const pageWhere: Prisma.LeadWhereInput = cursor
        ? { AND: [where, { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }] }
        : where;
      const batch = await db.lead.findMany({
        where: pageWhere,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: BATCH,
        include: { assignee: { select: { email: true } } },
      });
      for (const lead of batch) {
        const row = {
          id: lead.id,
          created_at: lead.createdAt,
          name: lead.name,
          company: lead.company,
          job_title: lead.jobTitle,
          email: lead.email,
          phone: lead.phone,
          source: lead.source,
          source_domain: lead.sourceDomain,
          lead_type: lead.leadType,
          status: lead.status,
          priority: lead.priority,
          estimated_value: lead.estimatedValue?.toString() ?? "",
          expected_close_date: lead.expectedCloseDate ? lead.expectedCloseDate.toISOString().slice(0, 10) : "",
          assignee: lead.assignee?.email ?? "",
          notes: lead.notes,
          gdpr_consent: lead.gdprConsent,
          consent_date: lead.consentDate,
        };
        yield personalDataFor(row, actor.role);
      }
      if (batch.length < BATCH) return;
      const last = batch.at(-1)!;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
  }

  return new ReadableStream<Uint8Array>({
    async start(controller) {
      csv.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
      csv.on("end", () => controller.close());
      csv.on("error", (error) => controller.error(error));
      try {
        for await (const row of rows()) {
          // Respect backpressure: wait for the stringifier to drain when its buffer is full.
          if (!csv.write(row)) await new Promise((resolve) => csv.once("drain", resolve));
        }
        csv.end();
      } catch (error) {
        csv.destroy(error as Error);
      }
    },
  });
}
