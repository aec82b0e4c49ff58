// A content in a list (the index, related contents): type, collab and featured marks, title, date, summary, tags.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Badge } from "~/components/ui/badge";
import { Card } from "~/components/ui/card";
import { formatDate } from "~/lib/format";
import { useLanguage } from "~/lib/use-language";

export interface ContentCardData {
  slug: string;
  title: string;
  summary: string;
  contentType: string | null;
  shared: boolean;
  featured: boolean;
  tags: string[];
  publishedAt: string;
}

export function ContentCard({ content, headingLevel: Heading = "h2" }: { content: ContentCardData; headingLevel?: "h2" | "h3" }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <Card className="flex h-full flex-col gap-3">
      <div className="flex flex-wrap gap-2">
        {content.contentType ? <Badge tone="primary">{t(`content.types.${content.contentType}`)}</Badge> : null}
        {content.featured ? <Badge tone="accent">{t("content.featured")}</Badge> : null}
        {content.shared ? <Badge>{t("content.collab")}</Badge> : null}
      </div>
      <Heading className="text-lg font-bold leading-snug">
        <Link to={`/content/${content.slug}`} className="hover:text-primary hover:underline">
          {content.title}
        </Link>
      </Heading>
      <p className="text-xs text-muted">
        <time dateTime={content.publishedAt}>{t("content.publishedOn", { date: formatDate(content.publishedAt, lng) })}</time>
      </p>
      {content.summary ? <p className="text-sm text-muted">{content.summary}</p> : null}
      {content.tags.length ? (
        <ul className="mt-auto flex flex-wrap gap-2 text-xs">
          {content.tags.map((tag) => (
            <li key={tag}>
              <Link to={`/content?tag=${encodeURIComponent(tag)}`} className="text-primary hover:underline">
                #{tag}
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </Card>
  );
}
