import { describe, expect, it } from "vitest";
import { buildRegistry } from "~/modules/plugins/registry.server";
import { enable } from "../../sdk/src/plugin.ts";
import coreLeadSources from "./index.ts";

describe("core-lead-sources", () => {
  it("registers the spec's five lead sources without a prefix, each brand's site bound to it", () => {
    const registry = buildRegistry([enable(coreLeadSources)]);
    expect([...registry.leadSources.keys()]).toEqual(["yuya_site", "aoba_site", "referral", "social", "direct"]);
    expect(registry.leadSources.get("aoba_site")).toMatchObject({ site: "aoba", plugin: "core-lead-sources" });
    expect(() => buildRegistry([enable(coreLeadSources, { extra: true })])).toThrow(/takes no options/);
  });
});
