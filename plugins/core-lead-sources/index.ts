// The core lead sources: each brand's own site, referrals, social media and direct contact.
import { definePlugin } from "../../sdk/src/plugin.ts";

export default definePlugin({
  id: "core-lead-sources",
  version: "1.0.0",
  setup(reg) {
    reg.leadSource({ key: "yuya_site", label: { ja: "ユウヤのサイト", en: "Yuya's site" }, site: "yuya" });
    reg.leadSource({ key: "aoba_site", label: { ja: "あおばのサイト", en: "Aoba's site" }, site: "aoba" });
    reg.leadSource({ key: "referral", label: { ja: "紹介", en: "Referral" } });
    reg.leadSource({ key: "social", label: { ja: "SNS", en: "Social" } });
    reg.leadSource({ key: "direct", label: { ja: "直接", en: "Direct" } });
  },
});
