// Admin › Contents › one content: the editor with its saved values and preview, its counters and dates, and
// (for ADMIN, per the permission table) deleting it after a confirmation.
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DeleteCard } from "~/components/admin/delete-card";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { formatDateTime } from "~/lib/format";
import { isUuid } from "~/lib/http";
import { orThrow, replyFailure, replyInvalid } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { ContentForm } from "~/modules/content/content-form";
import { ContentFormSchema } from "~/modules/content/contents.schema";
import {
  categoryOptions,
  deleteContent,
  getContentForEdit,
  previewSubmission,
  renderPreview,
  updateContent,
} from "~/modules/content/contents.server";
import { can } from "~/modules/identity/permissions";
import { canonicalBrand } from "~/modules/content/public.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "contents", "read");
  if (!isUuid(params.id)) throw new Response("Not Found", { status: 404 });
  const [content, categories] = await Promise.all([getContentForEdit(params.id), categoryOptions()]);
  if (!content) throw new Response("Not Found", { status: 404 });
  // Where readers find it: on the brand whose address is its canonical one (decision 009), once published.
  const siteUrl = content.status === "published" ? `${context.urls[canonicalBrand(content)]}/content/${content.slug}` : null;
  return {
    content,
    categories,
    siteUrl,
    preview: content.content ? renderPreview(content.content) : null,
    canEdit: can(actor.role, "contents", "update"),
    canDelete: can(actor.role, "contents", "delete"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.content.title ?? "Content"} — Kizuna` }];

export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "preview" ? false : defaultShouldRevalidate;

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  if (!isUuid(params.id)) throw new Response("Not Found", { status: 404 });
  const id = params.id;
  const origin = requestOrigin(request);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  if (intent === "delete") {
    const admin = await requirePermission(request, "contents", "delete");
    orThrow(await deleteContent(id, admin, origin));
    return redirect("/admin/contents?deleted=1");
  }
  const actor = await requirePermission(request, "contents", "update");
  if (intent === "preview") return previewSubmission(formData);
  const submission = parseWithZod(formData, { schema: ContentFormSchema });
  if (submission.status !== "success") return replyInvalid(submission, { preview: null });
  const saved = await updateContent(id, submission.value, actor, origin);
  // A content deleted meanwhile is thrown as 404; a slug or category problem stands beside its field.
  if (!saved.ok) return replyFailure(submission, saved, { preview: null });
  return redirect(`/admin/contents/${id}?saved=1`);
}

const STATUS_TONE = { draft: "neutral", published: "success", archived: "warning" } as const;

export default function EditContent() {
  const { content, categories, siteUrl, preview, canEdit, canDelete } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const lng = useLanguage();
  const failed = actionData?.result && actionData.result.status === "error";
  return (
    <div className="flex flex-col gap-5">
      <div>
        <Link to="/admin/contents" className="text-sm text-primary hover:underline">
          ← {t("admin.contents")}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-black">
          {content.title}
          <Badge tone={STATUS_TONE[content.status]}>{t(`contents.statuses.${content.status}`)}</Badge>
          {content.featured ? <Badge tone="accent">{t("contents.fields.featured")}</Badge> : null}
        </h1>
        <p className="text-sm text-muted" data-counts={`${content.viewCount}/${content.likeCount}/${content.downloadCount}`}>
          {[
            t("contents.countsLine", { views: content.viewCount, likes: content.likeCount, downloads: content.downloadCount }),
            content.publishedAt
              ? t("contents.publishedOn", { date: formatDateTime(content.publishedAt, lng) })
              : t("contents.notPublished"),
            t("contents.updatedOn", { date: formatDateTime(content.updatedAt, lng) }),
          ].join(" · ")}
          {siteUrl ? (
            <>
              {" · "}
              <a href={siteUrl} target="_blank" rel="noreferrer" className="font-semibold text-primary hover:underline" data-site-url>
                {t("contents.viewOnSite")} ↗
              </a>
            </>
          ) : null}
        </p>
      </div>
      {params.get("saved") && !actionData ? <Alert tone="success">{t("contents.saved")}</Alert> : null}
      {failed ? <Alert tone="error">{t("leadDetail.checkFields")}</Alert> : null}
      <ContentForm
        key={String(content.updatedAt)}
        id={`content-${content.id}`}
        isNew={false}
        readOnly={!canEdit}
        defaultValue={{ ...content, content: content.content ?? "" }}
        categories={categories}
        lastResult={actionData?.result}
        preview={actionData?.preview ?? preview}
      />
      {canDelete ? (
        <DeleteCard
          title={t("contents.deleteTitle")}
          open={t("contents.deleteOpen")}
          warning={t("contents.deleteWarning", { title: content.title })}
          buttonLabel={t("contents.deleteConfirm")}
        />
      ) : null}
    </div>
  );
}
