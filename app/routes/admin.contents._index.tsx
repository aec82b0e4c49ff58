// Admin › Contents: every content of both sites, newest first, filtered by the URL (owner, type, status, category
// with its subcategories, tag, title search) and paged, with each one's counters.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterInput, FilterSelect } from "~/components/list-filters";
import { FilterBar } from "~/components/admin/filter-bar";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { buttonClasses } from "~/components/ui/button";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { formatDate } from "~/lib/format";
import { readListQuery } from "~/lib/list";
import { requireAdminHost } from "~/lib/site.server";
import { CONTENT_OWNERS, CONTENT_STATUSES, CONTENT_TYPES, ContentListQuerySchema } from "~/modules/content/contents.schema";
import { contentFacets, listContents } from "~/modules/content/contents.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { useLanguage } from "~/lib/use-language";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "contents", "read");
  const { query, fields } = readListQuery(request, ContentListQuerySchema);
  const view = { ...(await contentFacets()), canCreate: can(actor.role, "contents", "create") };
  if (!query) return data({ list: null, fields, ...view }, { status: 400 });
  return { list: await listContents(query), fields, ...view };
}

export const meta: MetaFunction = () => [{ title: "Contents — Kizuna" }];

const STATUS_TONE = { draft: "neutral", published: "success", archived: "warning" } as const;

export default function AdminContents() {
  const { list, fields, categories, tags, canCreate } = useLoaderData<typeof loader>();
  const contents = list?.items ?? [];
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-black">{t("admin.contents")}</h1>
        <div className="flex gap-2">
          <Link to="/admin/contents/categories" className={buttonClasses({ variant: "secondary" })}>
            {t("contents.categories")}
          </Link>
          {canCreate ? (
            <Link to="/admin/contents/new" className={buttonClasses()}>
              {t("contents.new")}
            </Link>
          ) : null}
        </div>
      </div>
      {params.get("deleted") ? <Alert tone="success">{t("contents.deleted")}</Alert> : null}
      <FilterBar resetTo="/admin/contents" errors={fields ?? undefined}>
        <FilterInput name="q" type="search" maxLength={100} label={t("contents.search")} invalid={Boolean(fields?.q)} />
        <FilterSelect
          name="owner"
          invalid={Boolean(fields?.owner)}
          label={t("contents.fields.owner")}
          anyLabel={t("leads.any")}
          options={CONTENT_OWNERS.map((value) => ({ value, label: t(`contents.owners.${value}`) }))}
        />
        <FilterSelect
          name="type"
          invalid={Boolean(fields?.type)}
          label={t("contents.fields.type")}
          anyLabel={t("leads.any")}
          options={CONTENT_TYPES.map((value) => ({ value, label: t(`contents.types.${value}`) }))}
        />
        <FilterSelect
          name="status"
          invalid={Boolean(fields?.status)}
          label={t("contents.fields.status")}
          anyLabel={t("leads.any")}
          options={CONTENT_STATUSES.map((value) => ({ value, label: t(`contents.statuses.${value}`) }))}
        />
        <FilterSelect
          name="category"
          invalid={Boolean(fields?.category)}
          label={t("contents.category")}
          anyLabel={t("leads.any")}
          options={categories.map((c) => ({
            value: c.id,
            label: `${t(`contents.owners.${c.characterScope}`)} › ${"· ".repeat(c.depth)}${c.name}`,
          }))}
        />
        <label className="flex flex-col gap-1 text-sm font-semibold">
          {t("contents.tag")}
          <input
            name="tag"
            list="content-tags"
            maxLength={50}
            defaultValue={params.get("tag") ?? ""}
            className="rounded-brand border border-border bg-surface px-2 py-1.5 font-normal"
          />
          <datalist id="content-tags">
            {tags.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </label>
      </FilterBar>
      <Table caption={t("admin.contents")}>
        <thead>
          <tr>
            <Th>{t("contents.fields.title")}</Th>
            <Th>{t("contents.fields.owner")}</Th>
            <Th>{t("contents.fields.type")}</Th>
            <Th>{t("contents.fields.status")}</Th>
            <Th>{t("contents.fields.categories")}</Th>
            <Th className="text-right">{t("contents.views")}</Th>
            <Th className="text-right">{t("contents.likes")}</Th>
            <Th className="text-right">{t("contents.downloads")}</Th>
            <Th>{t("contents.date")}</Th>
          </tr>
        </thead>
        <tbody>
          {contents.map((content) => (
            <Tr key={content.id} data-content={content.id}>
              <Td>
                <Link to={`/admin/contents/${content.id}`} className="font-semibold text-primary hover:underline">
                  {content.title}
                </Link>
                {content.featured ? (
                  <span className="ml-2">
                    <Badge tone="accent">{t("contents.fields.featured")}</Badge>
                  </span>
                ) : null}
                <div className="text-xs text-muted">
                  /{content.slug}
                  {content.tags.length ? ` · ${content.tags.map((tag) => `#${tag}`).join(" ")}` : null}
                </div>
              </Td>
              <Td>{t(`contents.owners.${content.characterOwner}`)}</Td>
              <Td>{content.contentType ? t(`contents.types.${content.contentType}`) : "—"}</Td>
              <Td>
                <Badge tone={STATUS_TONE[content.status]}>{t(`contents.statuses.${content.status}`)}</Badge>
              </Td>
              <Td className="text-xs">{content.categories.map((c) => c.name).join(", ") || "—"}</Td>
              <Td className="text-right tabular-nums">{content.viewCount}</Td>
              <Td className="text-right tabular-nums">{content.likeCount}</Td>
              <Td className="text-right tabular-nums">{content.downloadCount}</Td>
              <Td className="whitespace-nowrap text-xs text-muted">
                {content.publishedAt
                  ? t("contents.publishedShort", { date: formatDate(content.publishedAt, lng) })
                  : t("contents.createdShort", { date: formatDate(content.createdAt, lng) })}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      {list && contents.length === 0 ? <p className="text-center text-muted">{t("contents.none")}</p> : null}
      {list ? <Pagination page={list.page} totalPages={list.totalPages} total={list.total} /> : null}
    </div>
  );
}
