// The shared admin's frame: navigation for every area, on the admin host only.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { FolderKanban, LayoutDashboard } from "lucide-react";
import { useTranslation } from "react-i18next";
import { cn } from "~/components/ui/cn";
import { LanguageSwitcher } from "~/components/ui/language-switcher";
import { requireAdminHost } from "~/lib/site.server";
import { UserMenu } from "~/components/user-menu";
import { ADMIN_SECTIONS } from "~/modules/admin/sections";
import { can } from "~/modules/identity/permissions";
import { requireAdminAccess } from "~/modules/identity/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requireAdminAccess(request);
  // Each role sees the areas it may read (the spec's permission table).
  return { sections: ADMIN_SECTIONS.filter((section) => can(actor.role, section.resource, "read")).map((s) => s.slug) };
}

export const meta: MetaFunction = () => [{ title: "Kizuna CRM — Admin" }];

export default function AdminLayout() {
  const { t } = useTranslation();
  const { sections } = useLoaderData<typeof loader>();
  const item = ({ isActive }: { isActive: boolean }) =>
    cn(
      "flex items-center gap-2 rounded-brand px-3 py-2 text-sm font-medium",
      isActive ? "bg-primary text-primary-foreground" : "text-text hover:bg-primary/10",
    );
  return (
    <div className="flex min-h-screen flex-col md:flex-row">
      <aside className="border-b border-border bg-surface md:w-60 md:border-b-0 md:border-r">
        <div className="flex items-center justify-between px-4 py-4">
          <span className="flex items-center gap-2 text-lg font-black text-primary">
            <FolderKanban aria-hidden="true" className="size-5" />
            {t("admin.title")}
          </span>
        </div>
        <nav aria-label={t("admin.nav")} className="flex flex-row flex-wrap gap-1 px-2 pb-3 md:flex-col">
          <NavLink to="/admin" end className={item}>
            <LayoutDashboard aria-hidden="true" className="size-4 shrink-0" />
            {t("admin.dashboard")}
          </NavLink>
          {ADMIN_SECTIONS.filter((section) => sections.includes(section.slug)).map((section) => (
            <NavLink key={section.slug} to={`/admin/${section.slug}`} className={item}>
              <section.icon aria-hidden="true" className="size-4 shrink-0" />
              {t(`admin.${section.label}`)}
            </NavLink>
          ))}
        </nav>
        <div className="flex flex-col gap-2 px-4 pb-4">
          <UserMenu />
          <LanguageSwitcher />
        </div>
      </aside>
      <main id="main" className="flex-1 px-6 py-8">
        <Outlet />
      </main>
    </div>
  );
}

// Here rather than only at the root, so an error from this route's action still renders in the site's frame
// (the root's loader runs for a boundary below it, not for its own).
export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
