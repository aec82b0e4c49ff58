// Switches the language on any page: a plain form (works without JavaScript) that sets the `lng` cookie
// and comes back to the same page.
import { Form, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "~/lib/i18n";
import { cn } from "./cn.ts";

export function LanguageSwitcher({ className }: { className?: string }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  return (
    <Form method="post" action="/set-language" className={cn("flex items-center gap-1", className)} aria-label={t("language.label")}>
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      {LANGUAGES.map((lng) => {
        const current = i18n.language === lng;
        return (
          <button
            key={lng}
            type="submit"
            name="lng"
            value={lng}
            lang={lng}
            aria-pressed={current}
            className={cn(
              "rounded-brand px-2 py-1 text-sm",
              current ? "bg-primary text-primary-foreground font-semibold" : "text-muted hover:bg-primary/10 hover:text-text",
            )}
          >
            {t(`language.${lng}`)}
          </button>
        );
      })}
    </Form>
  );
}
