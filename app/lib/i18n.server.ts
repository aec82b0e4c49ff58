// The request's language: the `lng` cookie when it names a language we have, else Accept-Language, else Japanese.
import { RemixI18Next } from "remix-i18next/server";
import { DEFAULT_LANGUAGE, i18nConfig, isLanguage, LANGUAGES, type Language } from "./i18n.ts";

export const LANGUAGE_COOKIE = "lng";

/** The `lng` cookie is plain text ("ja"/"en"), so other tools and the browser can read and set it. */
export function languageFromCookie(cookieHeader: string | null): Language | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === LANGUAGE_COOKIE && isLanguage(value)) return value;
  }
  return null;
}

export function languageCookieHeader(language: Language): string {
  return `${LANGUAGE_COOKIE}=${language}; Path=/; Max-Age=${365 * 24 * 3600}; SameSite=Lax`;
}

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...LANGUAGES],
    fallbackLanguage: DEFAULT_LANGUAGE,
    order: ["custom", "header"],
    findLocale: async (request) => languageFromCookie(request.headers.get("Cookie")),
  },
  i18next: { ...i18nConfig },
});

export async function getLanguage(request: Request): Promise<Language> {
  const detected = await i18nServer.getLocale(request);
  return isLanguage(detected) ? detected : DEFAULT_LANGUAGE;
}
