import { describe, expect, it } from "vitest";
import { z } from "zod";
import { definePlugin, enable } from "../../../sdk/src/plugin.ts";
import { plugins } from "../../../plugins/index.ts";
import { buildRegistry, PluginError } from "./registry.server.ts";

const source = (key: string) => ({ key, label: { ja: key, en: key } });

describe("the plugin registry", () => {
  it("registers the core vocabularies from plugins/index.ts, unprefixed", () => {
    const registry = buildRegistry(plugins);
    expect([...registry.leadSources.keys()].filter((key) => !key.includes(":"))).toEqual([
      "yuya_site",
      "aoba_site",
      "referral",
      "social",
      "direct",
    ]);
    expect([...registry.productTypes.keys()].filter((key) => !key.includes(":"))).toEqual([
      "digital_tool",
      "music_stem",
      "consultation",
      "subscription",
      "merchandise",
    ]);
    expect([...registry.kpis.keys()].filter((key) => !key.includes(":"))).toContain("total_leads");
    expect(registry.leadSources.get("yuya_site")).toMatchObject({ plugin: "core-lead-sources", site: "yuya" });
  });

  it("namespaces other plugins' keys by their id and validates their options", () => {
    const events = definePlugin<{ venue: string }>({
      id: "events",
      version: "0.1.0",
      options: z.strictObject({ venue: z.string().min(1) }),
      setup(reg, options) {
        reg.leadSource({ key: "trade_show", label: { ja: options.venue, en: options.venue } });
      },
    });
    const registry = buildRegistry([...plugins, enable(events, { venue: "Tokyo Big Sight" })]);
    expect(registry.leadSources.get("events:trade_show")).toMatchObject({ plugin: "events", label: { en: "Tokyo Big Sight" } });
    expect(() => buildRegistry([enable(events, { venue: "" })])).toThrow(/Plugin "events": bad options — venue:/);
    expect(() => buildRegistry([enable(events, { venue: "x", colour: "red" })])).toThrow(/Plugin "events": bad options/);
  });

  it("stops on a duplicate key, a plugin listed twice, a bad key, options nobody asked for, or a setup that throws — naming the plugin", () => {
    const twice = definePlugin({
      id: "twice",
      version: "1",
      setup(reg) {
        reg.leadSource(source("a_b"));
        reg.leadSource(source("a_b"));
      },
    });
    expect(() => buildRegistry([enable(twice)])).toThrow(
      new PluginError("twice", 'lead source "twice:a_b" is already registered by "twice"').message,
    );
    const clash = definePlugin({ id: "core-clash", version: "1", setup: (reg) => reg.leadSource(source("direct")) });
    expect(() => buildRegistry([...plugins, enable(clash)])).toThrow(
      /Plugin "core-clash": lead source "direct" is already registered by "core-lead-sources"/,
    );
    const ok = definePlugin({ id: "ok-plugin", version: "1", setup: () => undefined });
    expect(() => buildRegistry([enable(ok), enable(ok)])).toThrow(/Plugin "ok-plugin": is listed twice/);
    expect(() => buildRegistry([enable(ok, { any: 1 })])).toThrow(/Plugin "ok-plugin": takes no options/);
    const badKey = definePlugin({ id: "bad-key", version: "1", setup: (reg) => reg.productType(source("Not OK")) });
    expect(() => buildRegistry([enable(badKey)])).toThrow(/Plugin "bad-key": product type key "Not OK" must be snake_case/);
    const throws = definePlugin({
      id: "boom",
      version: "1",
      setup() {
        throw new Error("cannot reach the licence server");
      },
    });
    expect(() => buildRegistry([enable(throws)])).toThrow(/Plugin "boom": setup failed — cannot reach the licence server/);
    expect(() => buildRegistry([enable(definePlugin({ id: "Bad Id", version: "1", setup: () => undefined }))])).toThrow(/kebab-case/);
  });
});
