// /content on a brand site: its own and the shared contents, featured first, by category (with subcategories)
// and tag, a page at a time.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SiteShell } from "~/components/site-shell";
import { cn } from "~/components/ui/cn";
import { EmptyState } from "~/components/ui/empty-state";
import { Pagination } from "~/components/ui/pagination";
import { translatorFor } from "~/lib/api.server";
import { getLanguage } from "~/lib/i18n.server";
import { requireBrand } from "~/lib/site.server";
import { brandTitle } from "~/modules/brand/brands";
import { ContentCard } from "~/modules/content/components/content-card";
import { feedTitle } from "~/modules/content/feeds.server";
import { listPublicContents } from "~/modules/content/public.server";
import { seoMeta } from "~/modules/content/seo";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const brand = requireBrand(context);
  const lng = await getLanguage(request);
  const t = await translatorFor(request);
  const params = new URL(request.url).searchParams;
  const list = await listPublicContents(brand, {
    category: params.get("category"),
    tag: params.get("tag"),
    page: Number(params.get("page") ?? "1"),
  });
  if (!list) throw new Response("Not Found", { status: 404 });
  // The canonical address keeps the filters and the page (each is a page of its own), in a fixed order.
  const canonical = new URLSearchParams();
  if (list.category) canonical.set("category", list.category);
  if (list.tag) canonical.set("tag", list.tag);
  if (list.page > 1) canonical.set("page", String(list.page));
  const origin = context.urls[brand];
  const query = canonical.toString();
  return {
    brand,
    list,
    seo: {
      title: `${t("content.title")} — ${brandTitle(brand, lng)}`,
      description: t("content.intro"),
      canonical: `${origin}/content${query ? `?${query}` : ""}`,
      siteName: brandTitle(brand, lng),
      lng,
      type: "website" as const,
      feedUrl: `${origin}/feed.xml`,
      feedTitle: feedTitle(brand, lng),
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? seoMeta(data.seo) : []);

export default function ContentIndex() {
  const { brand, list } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const filterLink = (key: "category" | "tag", value: string | null) => {
    const next = new URLSearchParams();
    const category = key === "category" ? value : list.category;
    const tag = key === "tag" ? value : list.tag;
    if (category) next.set("category", category);
    if (tag) next.set("tag", tag);
    const query = next.toString();
    return `/content${query ? `?${query}` : ""}`;
  };
  const chip = (active: boolean) =>
    cn(
      "inline-block rounded-brand border px-3 py-1 text-sm",
      active ? "border-primary bg-primary text-primary-foreground" : "border-border bg-surface hover:border-primary hover:text-primary",
    );
  const activeCategory = list.categories.find((c) => c.slug === list.category);
  return (
    <SiteShell brand={brand}>
      <div className="flex flex-col gap-8">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 className="text-3xl font-black text-primary">{t("content.title")}</h1>
            <p className="mt-2 text-muted">{t("content.intro")}</p>
          </div>
          <a href="/feed.xml" className="text-sm font-semibold text-primary hover:underline">
            <span aria-hidden="true">◉ </span>
            {t("content.rss")}
          </a>
        </div>

        <nav aria-label={t("content.filters")} className="flex flex-col gap-4">
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-sm font-semibold text-muted">{t("content.categories")}</span>
            <Link to={filterLink("category", null)} className={chip(!list.category)} aria-current={!list.category ? "page" : undefined}>
              {t("content.all")}
            </Link>
            {list.categories.map((category) => (
              <Link
                key={category.id}
                to={filterLink("category", category.slug)}
                className={cn(chip(category.slug === list.category), category.depth > 0 && "text-xs")}
                aria-current={category.slug === list.category ? "page" : undefined}
              >
                {category.depth > 0 ? <span aria-hidden="true">{"└ ".repeat(category.depth)}</span> : null}
                {category.name}
              </Link>
            ))}
          </div>
          {list.tags.length ? (
            <div className="flex flex-wrap items-center gap-2">
              <span className="text-sm font-semibold text-muted">{t("content.tags")}</span>
              {list.tags.map((tag) => (
                <Link
                  key={tag}
                  to={filterLink("tag", tag === list.tag ? null : tag)}
                  className={chip(tag === list.tag)}
                  aria-current={tag === list.tag ? "page" : undefined}
                >
                  #{tag}
                </Link>
              ))}
            </div>
          ) : null}
          {list.category || list.tag ? (
            <p className="flex flex-wrap items-center gap-3 text-sm">
              {activeCategory ? <span>{t("content.filteredByCategory", { name: activeCategory.name })}</span> : null}
              {list.tag ? <span>{t("content.filteredByTag", { tag: list.tag })}</span> : null}
              <Link to="/content" className="font-semibold text-primary hover:underline">
                {t("content.clearFilters")}
              </Link>
            </p>
          ) : null}
        </nav>

        {list.items.length ? (
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {list.items.map((item) => (
              <li key={item.id}>
                <ContentCard content={item} />
              </li>
            ))}
          </ul>
        ) : (
          <EmptyState title={t("content.emptyTitle")}>{t("content.emptyBody")}</EmptyState>
        )}
        {list.totalPages > 1 ? <Pagination page={list.page} totalPages={list.totalPages} total={list.total} /> : null}
      </div>
    </SiteShell>
  );
}
