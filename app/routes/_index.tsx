// "/" on every host: the brand home on yuya/aoba, the admin shell's entry on the admin host, and on bare
// localhost a small index of the three hosts.
import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FolderKanban } from "lucide-react";
import { useTranslation } from "react-i18next";
import { SiteShell } from "~/components/site-shell";
import { Card } from "~/components/ui/card";
import { LanguageSwitcher } from "~/components/ui/language-switcher";
import { getLanguage } from "~/lib/i18n.server";
import { isBrand } from "~/lib/tenant";
import { BrandHome } from "~/modules/brand/brand-home";
import { BRAND_INFO, brandTitle } from "~/modules/brand/brands";

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (context.site === "admin") throw redirect("/admin");
  const lng = await getLanguage(request);
  const title = isBrand(context.site) ? brandTitle(context.site, lng) : "Kizuna CRM";
  return { site: context.site, urls: context.urls, title };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Kizuna CRM" }];

export default function Index() {
  const { site, urls } = useLoaderData<typeof loader>();
  if (isBrand(site)) {
    return (
      <SiteShell brand={site}>
        <BrandHome brand={site} />
      </SiteShell>
    );
  }
  return <HostIndex urls={urls} />;
}

function HostIndex({ urls }: { urls: { yuya: string; aoba: string; admin: string } }) {
  const { t } = useTranslation();
  const links = [
    { href: urls.yuya, label: `${BRAND_INFO.yuya.emoji} ${BRAND_INFO.yuya.name.ja}`, note: BRAND_INFO.yuya.domain },
    { href: urls.aoba, label: `${BRAND_INFO.aoba.emoji} ${BRAND_INFO.aoba.name.ja}`, note: BRAND_INFO.aoba.domain },
    {
      href: urls.admin,
      label: (
        <span className="inline-flex items-center gap-2">
          <FolderKanban aria-hidden="true" className="size-5 text-primary" />
          {t("index.admin")}
        </span>
      ),
      note: "admin",
    },
  ];
  return (
    <main className="mx-auto flex max-w-xl flex-col gap-6 px-4 py-16">
      <div className="flex items-center justify-between">
        <h1 className="text-3xl font-black text-primary">{t("index.title")}</h1>
        <LanguageSwitcher />
      </div>
      <p className="text-muted">{t("index.intro")}</p>
      <ul className="flex flex-col gap-3">
        {links.map((link) => (
          <li key={link.href}>
            <Card className="p-0">
              <a href={link.href} className="flex items-center justify-between px-5 py-4 hover:bg-primary/5">
                <span className="text-lg font-bold">{link.label}</span>
                <span className="text-sm text-muted">{link.href}</span>
              </a>
            </Card>
          </li>
        ))}
      </ul>
    </main>
  );
}
