// A brand's home page: the same layout for both, filled with the brand's copy.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { buttonClasses } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import type { Brand } from "~/lib/tenant";
import { BRAND_INFO } from "./brands.ts";

export function BrandHome({ brand }: { brand: Brand }) {
  const { t, i18n } = useTranslation();
  const info = BRAND_INFO[brand];
  const focus = [1, 2, 3] as const;
  return (
    <div className="flex flex-col gap-12">
      <section className="rounded-brand bg-gradient-to-br from-primary/15 via-surface to-accent/20 px-6 py-14 text-center shadow-sm">
        <p aria-hidden="true" className="text-5xl">
          {info.emoji}
        </p>
        <h1 className="mt-4 text-4xl font-black tracking-wide text-primary sm:text-5xl">{info.name.ja}</h1>
        {i18n.language === "en" ? <p className="mt-1 text-lg font-semibold text-muted">{info.name.en}</p> : null}
        <p className="mx-auto mt-6 max-w-2xl text-xl font-bold">{t(`brand.${brand}.tagline`)}</p>
        <p className="mx-auto mt-3 max-w-2xl text-muted">{t(`brand.${brand}.intro`)}</p>
        <Link to="/contact" className={`${buttonClasses({ size: "lg" })} mt-8`}>
          {t(`brand.${brand}.cta`)} — {t("nav.contact")}
        </Link>
      </section>
      <section className="grid gap-6 sm:grid-cols-3">
        {focus.map((n) => (
          <Card key={n}>
            <CardTitle>{t(`brand.${brand}.focus${n}Title`)}</CardTitle>
            <p className="text-muted">{t(`brand.${brand}.focus${n}Body`)}</p>
          </Card>
        ))}
      </section>
    </div>
  );
}
