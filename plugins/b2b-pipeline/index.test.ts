// The b2b-pipeline plugin: its setup against a fresh registry, and its KPIs against the demo data, through
// the KPI engine (idempotent upserts; a failing KPI does not stop the others).
import { describe, expect, it } from "vitest";
import { computeKpis } from "~/modules/kpi/engine.server";
import { periodRange } from "~/modules/kpi/periods";
import { buildRegistry } from "~/modules/plugins/registry.server";
import { definePlugin, enable } from "../../sdk/src/plugin.ts";
import { seed } from "../../prisma/seed.ts";
import { createTestDatabase } from "../../tests/support/database.ts";
import b2bPipeline, { DEFAULT_WEIGHTS } from "./index.ts";

const { url, db } = await createTestDatabase();
process.env.DATABASE_URL = url;

describe("b2b-pipeline", () => {
  it("registers its three KPIs under its id, for Yuya and the total", () => {
    const registry = buildRegistry([enable(b2bPipeline, {})]);
    expect([...registry.kpis.keys()]).toEqual([
      "b2b-pipeline:weighted_pipeline_value",
      "b2b-pipeline:win_rate",
      "b2b-pipeline:avg_days_to_close",
    ]);
    expect(registry.kpis.get("b2b-pipeline:win_rate")?.sites).toEqual(["yuya", "total"]);
    expect(() => buildRegistry([enable(b2bPipeline, { stageWeights: { proposal: 2 } })])).toThrow(
      /Plugin "b2b-pipeline": bad options — stageWeights.proposal/,
    );
  });

  it("computes its KPIs from the data, and a rerun replaces rather than doubles", async () => {
    await seed(url);
    const broken = definePlugin({
      id: "broken-kpi",
      version: "1",
      setup: (reg) =>
        reg.kpi({
          key: "always_fails",
          label: { ja: "x", en: "x" },
          unit: "count",
          sites: ["total"],
          compute: () => Promise.reject(new Error("no data source")),
        }),
    });
    const registry = buildRegistry([enable(b2bPipeline, {}), enable(broken)]);
    const at = new Date();
    const first = await computeKpis(registry, { period: "quarterly", at });
    expect(first.find((o) => o.key === "broken-kpi:always_fails")).toMatchObject({ value: null, error: "no data source" });

    const open = await db.lead.findMany({
      where: { status: { in: ["new", "contacted", "qualified", "proposal", "negotiation"] }, sourceDomain: "yuya-kabuki.com" },
    });
    const expected = open.reduce(
      (sum, l) => sum + Number(l.estimatedValue ?? 0) * DEFAULT_WEIGHTS[l.status as keyof typeof DEFAULT_WEIGHTS],
      0,
    );
    expect(first.find((o) => o.key === "b2b-pipeline:weighted_pipeline_value" && o.site === "yuya")?.value).toBeCloseTo(expected, 2);

    const { from, to } = periodRange("quarterly", at);
    const closes = await db.leadActivity.findMany({
      where: { activityType: "status_change", createdAt: { gte: from, lt: to } },
      include: { lead: true },
    });
    const closed = closes.filter((a) => ["won", "lost"].includes((a.metadata as { to: string }).to));
    const won = closed.filter((a) => (a.metadata as { to: string }).to === "won");
    expect(closed.length).toBeGreaterThan(0);
    expect(first.find((o) => o.key === "b2b-pipeline:win_rate" && o.site === "total")?.value).toBeCloseTo(won.length / closed.length, 2);

    const rows = await db.kpiMetric.count();
    const second = await computeKpis(registry, { period: "quarterly", at });
    expect(await db.kpiMetric.count()).toBe(rows);
    expect(second.filter((o) => !o.error)).toEqual(first.filter((o) => !o.error));
    expect(rows).toBe(6); // 3 KPIs × (yuya, total); the failing one wrote nothing
  });
});
