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

/** A translation key as schemas use them for messages: "errors.tooLong:100" (key, then an optional max). */
const MESSAGE_KEY = /^[a-z][A-Za-z]*(?:\.[A-Za-z][A-Za-z0-9]*)+(?::(\d+))?$/;

/** A message key with several values ("errors.attachmentsTooLarge|{"name":"a.pdf","max":10}"), as messageWith writes it. */
const KEY_WITH_VALUES = /^([a-z][A-Za-z]*(?:\.[A-Za-z][A-Za-z0-9]*)+)\|(\{.*\})$/s;

/** A message key with its values, for a failure whose text needs more than one argument (translateError reads it). */
export function messageWith(key: string, values: Record<string, string | number>): string {
  return `${key}|${JSON.stringify(values)}`;
}

/** Turns a schema message key into text in the user's language; any other message is shown as it is. */
export function translateError(t: (key: string, options?: Record<string, unknown>) => string, message: string): string {
  const withValues = KEY_WITH_VALUES.exec(message);
  if (withValues) {
    try {
      return t(withValues[1]!, JSON.parse(withValues[2]!) as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      return message;
    }
  }
  if (!MESSAGE_KEY.test(message)) return message;
  const [key, max] = message.split(":");
  return t(key!, max ? { max } : undefined);
}
