import { describe, expect, it } from "vitest";
import { buildRegistry } from "~/modules/plugins/registry.server";
import { enable } from "../../sdk/src/plugin.ts";
import { plugins } from "../index.ts";
import eventLeads from "./index.ts";

describe("event-leads", () => {
  it("registers one lead source per configured event, under its id", () => {
    const registry = buildRegistry([
      enable(eventLeads, { events: [{ key: "aiexpo_2026", name: { ja: "AI EXPO 2026", en: "AI EXPO 2026" }, site: "yuya" }] }),
    ]);
    expect(registry.leadSources.get("event-leads:aiexpo_2026")).toMatchObject({
      site: "yuya",
      label: { en: "AI EXPO 2026" },
      plugin: "event-leads",
    });
  });

  it("is loaded by plugins/index.ts, and refuses a bad event", () => {
    expect(buildRegistry(plugins).plugins.map((p) => p.id)).toContain("event-leads");
    expect(() => buildRegistry([enable(eventLeads, { events: [{ key: "Bad Key", name: { ja: "x", en: "x" }, site: "yuya" }] })])).toThrow(
      /Plugin "event-leads": bad options — events.0.key/,
    );
    expect(() => buildRegistry([enable(eventLeads, { events: [{ key: "ok_key", name: { ja: "x", en: "x" }, site: "mars" }] })])).toThrow(
      /events.0.site/,
    );
  });
});
