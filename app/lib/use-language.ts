// The page's language for formatting dates, numbers and money: the i18next language, narrowed to ours.
import { useTranslation } from "react-i18next";
import type { Language } from "./i18n.ts";

export function useLanguage(): Language {
  return useTranslation().i18n.language === "en" ? "en" : "ja";
}
