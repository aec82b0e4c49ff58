// The plugins this server loads, in order. Explicit on purpose: no directory scanning. Add a plugin by
// importing it and listing it with its options (validated at boot; a bad option stops the server).
import { enable, type PluginEntry } from "../sdk/src/plugin.ts";
import coreLeadSources from "./core-lead-sources/index.ts";
import coreProductTypes from "./core-product-types/index.ts";
import coreMetrics from "./core-metrics/index.ts";
import b2bPipeline from "./b2b-pipeline/index.ts";
import eventLeads from "./event-leads/index.ts";
import stems from "./stems/index.ts";

export const plugins: readonly PluginEntry[] = [
  enable(coreLeadSources),
  enable(coreProductTypes),
  enable(coreMetrics),
  enable(b2bPipeline, { stageWeights: {} }),
  enable(stems, { downloadsPerPack: 5 }),
  enable(eventLeads, {
    events: [
      { key: "ai_expo_tokyo", name: { ja: "AI・人工知能EXPO 東京", en: "AI Expo Tokyo" }, site: "yuya" },
      { key: "vocaloid_live", name: { ja: "ボカロライブ物販", en: "Vocaloid live merch table" }, site: "aoba" },
    ],
  }),
];
