import { describe, expect, it } from "vitest";
import { revenueMapping } from "~/modules/analytics/rollups.server";
import { buildRegistry } from "~/modules/plugins/registry.server";
import { enable } from "../../sdk/src/plugin.ts";
import coreProductTypes from "./index.ts";

describe("core-product-types", () => {
  it("registers the spec's five product types without a prefix, with where their sales count", () => {
    const registry = buildRegistry([enable(coreProductTypes)]);
    expect([...registry.productTypes.keys()]).toEqual(["digital_tool", "music_stem", "consultation", "subscription", "merchandise"]);
    expect(revenueMapping(registry)).toEqual({
      plain: {
        digital_tool: "digital_products",
        music_stem: "digital_products",
        consultation: "b2b_project",
        subscription: "subscriptions",
        merchandise: "other",
      },
      licensed: {
        digital_tool: "digital_products",
        music_stem: "licensing",
        consultation: "b2b_project",
        subscription: "subscriptions",
        merchandise: "other",
      },
    });
  });
});
