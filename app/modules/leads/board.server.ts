// The pipeline board: leads by status with the count and the sum of estimated value of each column, for one
// site or both. Each column shows its newest cards; the sums cover all of them.
import { getDb } from "~/lib/db.server";
import type { Role } from "~/modules/identity/permissions";
import { personalDataFor } from "~/modules/privacy/visibility";
import type { Prisma } from "~/generated/prisma/client";
import { LEAD_STATUSES } from "./leads.schema.ts";
import { BRAND_INFO } from "~/modules/brand/brands";

export const CARDS_PER_COLUMN = 50;

export async function loadBoard(
  { character, assignee }: { character?: "yuya" | "aoba"; assignee?: string },
  actor: { id: string; role: Role },
) {
  const where: Prisma.LeadWhereInput = {
    sourceDomain: character ? BRAND_INFO[character].domain : undefined,
    assignedTo: assignee === "me" ? actor.id : assignee === "none" ? null : assignee || undefined,
  };
  const db = getDb();
  const [totals, columns] = await Promise.all([
    db.lead.groupBy({ by: ["status"], where, _count: { _all: true }, _sum: { estimatedValue: true } }),
    Promise.all(
      LEAD_STATUSES.map((status) =>
        db.lead.findMany({
          where: { ...where, status },
          orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
          take: CARDS_PER_COLUMN,
          select: {
            id: true,
            name: true,
            email: true,
            company: true,
            priority: true,
            estimatedValue: true,
            sourceDomain: true,
            updatedAt: true,
            assignee: { select: { name: true, email: true } },
          },
        }),
      ),
    ),
  ]);
  return LEAD_STATUSES.map((status, i) => {
    const total = totals.find((t) => t.status === status);
    return {
      status,
      count: total?._count._all ?? 0,
      sum: total?._sum.estimatedValue?.toString() ?? "0",
      cards: columns[i]!.map((card) => {
        const plain = { ...card, estimatedValue: card.estimatedValue?.toString() ?? null, version: card.updatedAt.getTime() };
        return personalDataFor(plain, actor.role);
      }),
    };
  });
}
