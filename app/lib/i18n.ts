// i18next configuration shared by server and browser: Japanese first, English complete, resources bundled
// (two small JSON files), so no translation request is ever made.
import en from "~/locales/en/common.json";
import ja from "~/locales/ja/common.json";

export const LANGUAGES = ["ja", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = "ja";

export const resources = { ja: { common: ja }, en: { common: en } } as const;

export const i18nConfig = {
  supportedLngs: [...LANGUAGES],
  fallbackLng: DEFAULT_LANGUAGE,
  defaultNS: "common",
  ns: ["common"],
  resources,
  interpolation: { escapeValue: false }, // React escapes
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (LANGUAGES as readonly string[]).includes(value);
}
