// The admin's first page: what each site holds right now, and the way to the sites.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Card, CardTitle } from "~/components/ui/card";
import { requireAdminHost } from "~/lib/site.server";
import { getOverview } from "~/modules/admin/overview.server";
import { requireAdminAccess } from "~/modules/identity/permissions.server";
import { BRAND_INFO } from "~/modules/brand/brands";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requireAdminAccess(request);
  return { overview: await getOverview(), urls: context.urls };
}

export default function AdminHome() {
  const { overview, urls } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language === "en" ? "en" : "ja";
  return (
    <div className="flex flex-col gap-8">
      <div>
        <h1 className="text-2xl font-black">{t("admin.welcome")}</h1>
        <p className="mt-1 text-muted">{t("admin.welcomeBody")}</p>
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        {(["yuya", "aoba"] as const).map((brand) => {
          const site = overview.sites[brand];
          return (
            <Card key={brand}>
              <CardTitle>
                {BRAND_INFO[brand].emoji} {BRAND_INFO[brand].name[lng]}
              </CardTitle>
              <dl className="grid grid-cols-2 gap-4">
                <Stat label={t("admin.leads")} value={site.leads} detail={t("admin.open", { count: site.openLeads })} />
                <Stat label={t("admin.inquiries")} value={site.inquiries} detail={t("admin.open", { count: site.openInquiries })} />
              </dl>
              <a href={urls[brand]} className="mt-4 inline-block text-sm font-semibold text-primary hover:underline">
                {urls[brand]}
              </a>
            </Card>
          );
        })}
      </div>
      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <dl>
            <Stat label={t("admin.projects")} value={overview.projects} />
          </dl>
        </Card>
        <Card>
          <dl>
            <Stat label={t("admin.orders")} value={overview.orders} />
          </dl>
        </Card>
      </div>
    </div>
  );
}

function Stat({ label, value, detail }: { label: string; value: number; detail?: string }) {
  return (
    <div>
      <dt className="text-sm text-muted">{label}</dt>
      <dd className="text-3xl font-black tabular-nums">{value.toLocaleString()}</dd>
      {detail ? <dd className="text-xs text-muted">{detail}</dd> : null}
    </div>
  );
}
