// Admin › Contents › New: the editor, empty; saving creates the content and goes to its page.
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, type ShouldRevalidateFunction } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/ui/alert";
import { replyFailure, replyInvalid } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { ContentForm } from "~/modules/content/content-form";
import { ContentFormSchema } from "~/modules/content/contents.schema";
import { categoryOptions, createContent, previewSubmission } from "~/modules/content/contents.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { readForm } from "~/lib/form.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "contents", "create");
  return { categories: await categoryOptions() };
}

export const meta: MetaFunction = () => [{ title: "New content — Kizuna" }];

// A live preview posts here too; it changes nothing, so nothing needs reloading.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formData, defaultShouldRevalidate }) =>
  formData?.get("intent") === "preview" ? false : defaultShouldRevalidate;

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "contents", "create");
  const formData = await readForm(request);
  if (formData.get("intent") === "preview") return previewSubmission(formData);
  const submission = parseWithZod(formData, { schema: ContentFormSchema });
  if (submission.status !== "success") return replyInvalid(submission, { preview: null });
  const created = await createContent(submission.value, actor, requestOrigin(request));
  if (!created.ok) return replyFailure(submission, created, { preview: null });
  return redirect(`/admin/contents/${created.id}?saved=1`);
}

export default function NewContent() {
  const { categories } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="flex flex-col gap-5">
      <div>
        <Link to="/admin/contents" className="text-sm text-primary hover:underline">
          ← {t("admin.contents")}
        </Link>
        <h1 className="mt-1 text-2xl font-black">{t("contents.newTitle")}</h1>
      </div>
      {actionData?.result?.status === "error" ? <Alert tone="error">{t("leadDetail.checkFields")}</Alert> : null}
      <ContentForm
        id="content-new"
        isNew
        defaultValue={{ status: "draft", characterOwner: "yuya", contentType: "blog" }}
        categories={categories}
        lastResult={actionData?.result}
        preview={actionData?.preview ?? null}
      />
    </div>
  );
}
