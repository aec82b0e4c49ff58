// Where a user lands after erasing their account: what happened, and what was kept. Needs no sign-in (there is
// no account any more) and shows nothing personal.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SiteShell } from "~/components/site-shell";
import { buttonClasses } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { getLanguage } from "~/lib/i18n.server";
import { requireBrand } from "~/lib/site.server";
import { brandTitle } from "~/modules/brand/brands";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const brand = requireBrand(context);
  const lng = await getLanguage(request);
  return { brand, title: `${lng === "en" ? "Account erased" : "アカウントを削除しました"} — ${brandTitle(brand, lng)}` };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export default function AccountErased() {
  const { brand } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <SiteShell brand={brand}>
      <div className="mx-auto flex max-w-2xl flex-col gap-6">
        <Card>
          <CardTitle as="h2">{t("privacy.erasedTitle")}</CardTitle>
          <div className="flex flex-col gap-3">
            <p>{t("privacy.erasedBody")}</p>
            <p className="text-sm text-muted">{t("privacy.eraseKept")}</p>
            <div>
              <Link to="/" className={buttonClasses()}>
                {t("privacy.backHome")}
              </Link>
            </div>
          </div>
        </Card>
      </div>
    </SiteShell>
  );
}
