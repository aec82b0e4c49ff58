// The plugin registry, built once at boot from plugins/index.ts: every plugin's options validated, its setup
// run, its keys namespaced by its id. Any problem stops the server with a message naming the plugin.
import type { KpiDefinition, LeadSourceDefinition, PluginEntry, ProductTypeDefinition } from "../../../sdk/src/plugin.ts";

export interface Registry {
  leadSources: ReadonlyMap<string, LeadSourceDefinition & { plugin: string }>;
  productTypes: ReadonlyMap<string, ProductTypeDefinition & { plugin: string }>;
  kpis: ReadonlyMap<string, KpiDefinition & { plugin: string }>;
  plugins: readonly { id: string; version: string }[];
}

export class PluginError extends Error {
  override name = "PluginError";
  constructor(
    readonly plugin: string,
    message: string,
  ) {
    super(`Plugin "${plugin}": ${message}`);
  }
}

const ID = /^[a-z][a-z0-9-]{1,49}$/;
const KEY = /^[a-z][a-z0-9_]{1,49}$/;

export function buildRegistry(entries: readonly PluginEntry[]): Registry {
  const leadSources = new Map<string, LeadSourceDefinition & { plugin: string }>();
  const productTypes = new Map<string, ProductTypeDefinition & { plugin: string }>();
  const kpis = new Map<string, KpiDefinition & { plugin: string }>();
  const plugins: { id: string; version: string }[] = [];

  for (const { plugin, options } of entries) {
    const id = plugin.id;
    if (!ID.test(id)) throw new PluginError(id, "the id must be kebab-case (a-z, 0-9, -), 2–50 characters");
    if (plugins.some((p) => p.id === id)) throw new PluginError(id, "is listed twice in plugins/index.ts");
    let parsed: unknown = undefined;
    if (plugin.options) {
      const result = plugin.options.safeParse(options ?? {});
      if (!result.success) {
        const problems = result.error.issues
          .map((issue) => `${issue.path.map(String).join(".") || "options"}: ${issue.message}`)
          .join("; ");
        throw new PluginError(id, `bad options — ${problems}`);
      }
      parsed = result.data;
    } else if (options !== undefined) {
      throw new PluginError(id, "takes no options, but options were given");
    }
    const core = id.startsWith("core-");
    const keyOf = (kind: string, key: string) => {
      if (!KEY.test(key)) throw new PluginError(id, `${kind} key "${key}" must be snake_case (a-z, 0-9, _), 2–50 characters`);
      return core ? key : `${id}:${key}`;
    };
    const add = <T extends { key: string }>(kind: string, map: Map<string, T & { plugin: string }>, definition: T) => {
      const key = keyOf(kind, definition.key);
      const existing = map.get(key);
      if (existing) throw new PluginError(id, `${kind} "${key}" is already registered by "${existing.plugin}"`);
      map.set(key, { ...definition, key, plugin: id });
    };
    try {
      plugin.setup(
        {
          leadSource: (definition) => add("lead source", leadSources, definition),
          productType: (definition) => add("product type", productTypes, definition),
          kpi: (definition) => add("KPI", kpis, definition),
        },
        parsed,
      );
    } catch (error) {
      if (error instanceof PluginError) throw error;
      throw new PluginError(id, `setup failed — ${error instanceof Error ? error.message : String(error)}`);
    }
    plugins.push({ id, version: plugin.version });
  }
  return { leadSources, productTypes, kpis, plugins };
}
