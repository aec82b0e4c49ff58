// The plugin contract, for plugin authors: definePlugin and what a plugin may register. No runtime
// dependencies beyond the schema library the plugin brings for its options (anything with safeParse).

export type Site = "yuya" | "aoba";
export type Label = { ja: string; en: string };

/** A validator for a plugin's options: zod schemas fit (any object with safeParse does). */
export interface OptionsSchema<T> {
  safeParse(
    input: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export interface LeadSourceDefinition {
  /** Unique within the plugin: lowercase letters, digits and _. Stored on leads as `<plugin id>:<key>` (core: the key alone). */
  key: string;
  label: Label;
  /** The site it belongs to, if any (a site's own contact form, an event only one brand runs). */
  site?: Site;
}

/** An order line of the plugin's product type, just paid. */
export interface PaidItem {
  orderId: string;
  orderItemId: string;
  productId: string;
  quantity: number;
  userId: string | null;
  licenseType: "personal" | "commercial" | "extended" | null;
}

/** What a product type grants for a paid line: stored on the order item. */
export interface PaidItemGrant {
  /** Unique across all order items (at most 255 characters). */
  licenseKey?: string;
  /** How many downloads the buyer gets. */
  downloadLimit?: number;
}

/** Where a sale lands in the revenue analytics (the spec's revenue_source). */
export type RevenueSource = "b2b_project" | "digital_products" | "subscriptions" | "licensing" | "other";

export interface ProductTypeDefinition {
  key: string;
  label: Label;
  /** The revenue source of its sales (default "other"). */
  revenueSource?: RevenueSource;
  /** The revenue source when the product carries a commercial or extended license (default: revenueSource). */
  licensedRevenueSource?: RevenueSource;
  /**
   * Runs once when an order line of this type is paid, inside the transaction that marks the order paid;
   * what it returns is stored on the line. A throw leaves the order unpaid (the payment provider retries).
   */
  onPaid?: (item: PaidItem) => Promise<PaidItemGrant | void>;
}

/** A brand site as the CRM's brand table has it. */
export interface KpiBrand {
  id: Site;
  /** Its domain: what leads.source_domain, cross_site_activities.to_domain and referrer hosts hold for it. */
  domain: string;
  /** The other brand (for cross-site figures). */
  sibling: Site;
}

export interface KpiContext {
  /** Inclusive start and exclusive end of the period. */
  from: Date;
  to: Date;
  /** The same period as Japan-time calendar dates (YYYY-MM-DD): `fromDay` inclusive, `toDay` exclusive. */
  fromDay: string;
  toDay: string;
  site: Site | "shared" | "total";
  /**
   * Runs read-only SQL against the CRM database (parameters as $1, $2…). The daily rollups
   * (content_daily_stats, content_referrer_daily, lead_daily_stats, revenue_analytics, user_site_activity)
   * are refreshed just before a KPI run, so a KPI reads them instead of scanning the raw tables.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Every brand with its domain, in the CRM's order: a plugin never spells a domain itself. */
  brands: readonly KpiBrand[];
  /** The domains of a site (its one domain), of "total" (every brand's) or of "shared" (none): pass as a parameter, `= ANY($n)`. */
  domainsOf(site: Site | "shared" | "total"): string[];
}

export interface KpiDefinition {
  key: string;
  label: Label;
  unit: "count" | "currency" | "ratio" | "days";
  /** Which sites the KPI is computed for. */
  sites: readonly (Site | "shared" | "total")[];
  compute(context: KpiContext): Promise<number>;
}

export interface PluginRegistrar {
  leadSource(definition: LeadSourceDefinition): void;
  productType(definition: ProductTypeDefinition): void;
  kpi(definition: KpiDefinition): void;
}

export interface PluginDefinition<Options = undefined> {
  /** kebab-case; plugins named core-* register the core vocabularies (keys without a prefix). */
  id: string;
  version: string;
  options?: OptionsSchema<Options>;
  setup(registrar: PluginRegistrar, options: Options): void;
}

export function definePlugin<Options = undefined>(definition: PluginDefinition<Options>): PluginDefinition<Options> {
  return definition;
}

/** An entry of plugins/index.ts: a plugin and the options it is configured with. */
export interface PluginEntry {
  plugin: PluginDefinition<unknown>;
  options?: unknown;
}

export function enable<Options>(plugin: PluginDefinition<Options>, options?: unknown): PluginEntry {
  return { plugin: plugin as PluginDefinition<unknown>, options };
}
