// The frame of a brand site: header with the brand and navigation, the page, a footer linking the sibling brand.
// Both brands use it; what differs is data (name, copy) and the theme tokens on <html>.
import { Link, NavLink } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Brand } from "~/lib/tenant";
import { BRAND_INFO } from "~/modules/brand/brands";
import { LanguageSwitcher } from "./ui/language-switcher.tsx";
import { UserMenu } from "./user-menu.tsx";
import { cn } from "./ui/cn.ts";
import { useLanguage } from "~/lib/use-language";

export function SiteShell({ brand, children }: { brand: Brand; children: ReactNode }) {
  const { t } = useTranslation();
  const info = BRAND_INFO[brand];
  const sibling = BRAND_INFO[info.sibling];
  const lng = useLanguage();
  const navClass = ({ isActive }: { isActive: boolean }) =>
    cn("rounded-brand px-3 py-2 font-semibold", isActive ? "bg-primary/10 text-primary" : "text-text hover:text-primary");
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:bg-surface focus:p-2">
        {t("nav.skipToContent")}
      </a>
      <header className="border-b border-border bg-surface/90">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <Link to="/" className="flex items-center gap-2 text-xl font-black tracking-wide text-primary">
            <span aria-hidden="true">{info.emoji}</span>
            <span>{info.name.ja}</span>
            {lng === "en" ? <span className="text-sm font-semibold text-muted">{info.name.en}</span> : null}
          </Link>
          <nav aria-label={t("nav.main")} className="flex items-center gap-1">
            <NavLink to="/" end className={navClass}>
              {t("nav.home")}
            </NavLink>
            <NavLink to="/content" className={navClass}>
              {t("nav.content")}
            </NavLink>
            <NavLink to="/shop" className={navClass}>
              {t("nav.shop")}
            </NavLink>
            <NavLink to="/contact" className={navClass}>
              {t("nav.contact")}
            </NavLink>
          </nav>
          <div className="flex items-center gap-2">
            <UserMenu accountHref="/account" />
            <LanguageSwitcher />
          </div>
        </div>
        <div aria-hidden="true" className="h-1 bg-gradient-to-r from-primary via-accent to-primary" />
      </header>
      <main id="main" className="mx-auto w-full max-w-5xl flex-1 px-4 py-10">
        {children}
      </main>
      <footer className="border-t border-border bg-surface">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-2 px-4 py-6 text-sm text-muted">
          <span>{t("brand.footer", { year: new Date().getFullYear(), name: info.name[lng], domain: info.domain })}</span>
          {/* Through /handoff, so a signed-in user arrives signed in on the other domain too. */}
          <a href={`/handoff?to=${info.sibling}`} className="font-semibold text-primary hover:underline">
            {sibling.emoji} {t("brand.siblingLink", { name: sibling.name[lng] })}
          </a>
        </div>
      </footer>
    </div>
  );
}
