// The plugins this server loads, in order. Explicit on purpose: no directory scanning. Add a plugin by
// importing it and listing it with its options (validated at boot; a bad option stops the server).
import { enable, type PluginEntry } from "../sdk/src/plugin.ts";
import coreLeadSources from "./core-lead-sources/index.ts";
import coreProductTypes from "./core-product-types/index.ts";
import b2bPipeline from "./b2b-pipeline/index.ts";

export const plugins: readonly PluginEntry[] = [enable(coreLeadSources), enable(coreProductTypes), enable(b2bPipeline, { stageWeights: {} })];
