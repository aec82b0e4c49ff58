// An admin area that is not built yet says so plainly; an unknown area is a 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EmptyState } from "~/components/ui/empty-state";
import { requireAdminHost } from "~/lib/site.server";
import { findSection } from "~/modules/admin/sections";
import { requirePermission } from "~/modules/identity/permissions.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const section = findSection(params.section);
  if (!section) throw new Response("Not Found", { status: 404 });
  await requirePermission(request, section.resource, "read");
  return { slug: section.slug };
}

export default function AdminSection() {
  const { slug } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const section = findSection(slug)!;
  const name = t(`admin.${section.label}`);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-black">{name}</h1>
      <EmptyState icon={<section.icon className="size-10" />} title={t("admin.comingTitle", { section: name })}>
        {t("admin.comingBody")}
      </EmptyState>
    </div>
  );
}
