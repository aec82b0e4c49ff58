// The core product types of the two shops.
import { definePlugin } from "../../sdk/src/plugin.ts";

export default definePlugin({
  id: "core-product-types",
  version: "1.0.0",
  setup(reg) {
    reg.productType({ key: "digital_tool", label: { ja: "デジタルツール", en: "Digital tool" }, revenueSource: "digital_products" });
    reg.productType({
      key: "music_stem",
      label: { ja: "ステム素材", en: "Music stem" },
      revenueSource: "digital_products",
      licensedRevenueSource: "licensing",
    });
    reg.productType({ key: "consultation", label: { ja: "コンサルティング", en: "Consultation" }, revenueSource: "b2b_project" });
    reg.productType({ key: "subscription", label: { ja: "サブスクリプション", en: "Subscription" }, revenueSource: "subscriptions" });
    reg.productType({ key: "merchandise", label: { ja: "グッズ", en: "Merchandise" }, revenueSource: "other" });
  },
});
