// /content/:slug on a brand site: one content the brand shows (its own or shared, published and due), rendered
// from markdown, with its categories, tags, date, like and share buttons, related contents and full SEO head.
// It sends its view to /api/content/events once shown. Anything else (draft, archived, another brand's) is 404.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SiteShell } from "~/components/site-shell";
import { Badge } from "~/components/ui/badge";
import { getLanguage } from "~/lib/i18n.server";
import { formatDate } from "~/lib/format";
import { requireBrand } from "~/lib/site.server";
import { brandTitle } from "~/modules/brand/brands";
import { ContentCard } from "~/modules/content/components/content-card";
import { ContentReactions, useViewBeacon } from "~/modules/content/components/content-reactions";
import { contentPath, feedTitle } from "~/modules/content/feeds.server";
import { getPublicContent } from "~/modules/content/public.server";
import { seoMeta } from "~/modules/content/seo";
import { hasLiked, visitorId } from "~/modules/content/tracking.server";
import { getSignedInUser } from "~/modules/identity/session.server";
import { useLanguage } from "~/lib/use-language";

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const brand = requireBrand(context);
  const lng = await getLanguage(request);
  const content = await getPublicContent(brand, params.slug ?? "");
  if (!content) throw new Response("Not Found", { status: 404 });
  const user = await getSignedInUser(request);
  const origin = context.urls[brand];
  const url = `${origin}${contentPath(content.slug)}`;
  return {
    brand,
    content,
    url,
    liked: await hasLiked(content.id, { sessionId: visitorId(request), userId: user?.id ?? null }),
    seo: {
      title: `${content.seoTitle?.trim() || content.title} — ${brandTitle(brand, lng)}`,
      description: content.description,
      // A shared content has one address, on the brand it is canonical on (public.server.ts canonicalBrand).
      canonical: `${context.urls[content.canonicalBrand]}${contentPath(content.slug)}`,
      siteName: brandTitle(brand, lng),
      lng,
      type: "article" as const,
      feedUrl: `${origin}/feed.xml`,
      feedTitle: feedTitle(brand, lng),
      publishedAt: content.publishedAt,
      updatedAt: content.updatedAt,
      tags: content.tags,
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => (data ? seoMeta(data.seo) : []);

export default function ContentDetail() {
  const { brand, content, url, liked } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const lng = useLanguage();
  useViewBeacon(content.id);
  return (
    <SiteShell brand={brand}>
      <article className="mx-auto flex max-w-3xl flex-col gap-6">
        <Link to="/content" className="text-sm font-semibold text-primary hover:underline">
          ← {t("content.backToList")}
        </Link>
        <header className="flex flex-col gap-3">
          <div className="flex flex-wrap gap-2">
            {content.contentType ? <Badge tone="primary">{t(`content.types.${content.contentType}`)}</Badge> : null}
            {content.shared ? <Badge tone="accent">{t("content.collab")}</Badge> : null}
          </div>
          <h1 className="text-3xl font-black leading-tight text-primary">{content.title}</h1>
          <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-muted">
            <time dateTime={content.publishedAt}>{t("content.publishedOn", { date: formatDate(content.publishedAt, lng) })}</time>
            <span>{t("content.views", { count: content.counts.views })}</span>
          </p>
          {content.categories.length || content.tags.length ? (
            <ul className="flex flex-wrap gap-2 text-sm">
              {content.categories.map((category) => (
                <li key={category.slug}>
                  <Link
                    to={`/content?category=${encodeURIComponent(category.slug)}`}
                    className="rounded-brand border border-border bg-surface px-2 py-0.5 hover:border-primary hover:text-primary"
                  >
                    {category.name}
                  </Link>
                </li>
              ))}
              {content.tags.map((tag) => (
                <li key={tag}>
                  <Link to={`/content?tag=${encodeURIComponent(tag)}`} className="px-1 text-primary hover:underline">
                    #{tag}
                  </Link>
                </li>
              ))}
            </ul>
          ) : null}
        </header>
        {/* Sanitized by renderMarkdown (rehype-sanitize): no script or event handler survives. */}
        <div
          className="flex flex-col gap-4 leading-relaxed [&_a]:text-primary [&_a]:underline [&_blockquote]:border-l-4 [&_blockquote]:border-border [&_blockquote]:pl-4 [&_code]:rounded [&_code]:bg-border/40 [&_code]:px-1 [&_h1]:text-2xl [&_h1]:font-bold [&_h2]:text-xl [&_h2]:font-bold [&_h3]:font-bold [&_ol]:list-decimal [&_ol]:pl-6 [&_pre]:overflow-x-auto [&_pre]:rounded-brand [&_pre]:bg-text/90 [&_pre]:p-4 [&_pre]:text-background [&_table]:border-collapse [&_td]:border [&_td]:border-border [&_td]:px-2 [&_th]:border [&_th]:border-border [&_th]:px-2 [&_ul]:list-disc [&_ul]:pl-6"
          dangerouslySetInnerHTML={{ __html: content.html }}
        />
        <ContentReactions contentId={content.id} title={content.title} url={url} likes={content.counts.likes} liked={liked} />
      </article>
      {content.related.length ? (
        <section aria-labelledby="related" className="mx-auto mt-12 max-w-5xl">
          <h2 id="related" className="mb-4 text-xl font-bold">
            {t("content.related")}
          </h2>
          <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {content.related.map((item) => (
              <li key={item.id}>
                <ContentCard content={item} headingLevel="h3" />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </SiteShell>
  );
}
