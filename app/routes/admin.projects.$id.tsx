// Admin › Project: status, money and dates (profit margin derived), deliverables moving planned → approved,
// satisfaction when completed, and the timeline of every change plus comments, meetings and milestones.
import type { Submission, SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DeleteCard } from "~/components/admin/delete-card";
import { Timeline } from "~/components/admin/timeline";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { formatDate, formatMoney } from "~/lib/format";
import { translateError } from "~/lib/i18n";
import { found, uuidParam } from "~/lib/http";
import type { Result } from "~/lib/result";
import { dispatchIntent, orThrow, replyFailure, replyInvalid, replyOk } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { AttachmentError, parseMultipart } from "~/modules/inquiries/attachments.server";
import { attachmentProblem } from "~/modules/inquiries/inquiries.server";
import {
  addActivity,
  addDeliverable,
  deleteProject,
  editDeliverable,
  getProject,
  moveDeliverable,
  updateProject,
} from "~/modules/projects/project-detail.server";
import {
  ActivitySchema,
  DELIVERABLE_STATUSES,
  DeliverableEditSchema,
  DeliverableMoveSchema,
  DeliverableSchema,
  MANUAL_ACTIVITIES,
  PROJECT_STATUSES,
  ProjectUpdateSchema,
} from "~/modules/projects/projects.schema";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "projects", "read");
  const project = found(await getProject(uuidParam(params.id)));
  return { project, canEdit: can(actor.role, "projects", "update"), canDelete: can(actor.role, "projects", "delete") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.project.name ?? "Project"} — Kizuna` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const id = uuidParam(params.id);
  const origin = requestOrigin(request);
  const multipart = /^multipart\/form-data/i.test(request.headers.get("content-type") ?? "");
  // Deleting is ADMIN's alone; every other change needs projects:update.
  const actor = await requirePermission(request, "projects", "update");
  let form: FormData;
  try {
    form = await readForm(request, multipart ? (r) => parseMultipart(r, "file") : undefined);
  } catch (error) {
    if (!(error instanceof AttachmentError)) throw error;
    return fileRefused("deliverable", error);
  }
  /** The intent's reply: beside its fields, or the failure's message as the page's alert. */
  const answer = (intent: string, submission: Submission<unknown>, result: Result) =>
    result.ok
      ? replyOk(submission, { intent, message: null as string | null })
      : replyFailure(submission, result, { intent, message: result.message as string | null });
  return dispatchIntent(request, form, {
    update: async (_, intent) => {
      const submission = parseWithZod(form, { schema: ProjectUpdateSchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent, message: CHECK_FIELDS });
      return answer(intent, submission, await updateProject(id, submission.value, actor, origin));
    },
    deliverable: async (_, intent) => {
      const submission = parseWithZod(form, { schema: DeliverableSchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent, message: CHECK_FIELDS });
      const file = form.get("file");
      try {
        const added = await addDeliverable(id, { ...submission.value, file: file && typeof file === "object" ? file : undefined }, actor);
        return answer(intent, submission, added);
      } catch (error) {
        if (!(error instanceof AttachmentError)) throw error;
        return fileRefused(intent, error);
      }
    },
    delete: async () => {
      const admin = await requirePermission(request, "projects", "delete");
      orThrow(await deleteProject(id, admin, origin));
      throw redirect("/admin/projects");
    },
    editDeliverable: async (_, intent) => {
      const submission = parseWithZod(form, { schema: DeliverableEditSchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent, message: CHECK_FIELDS });
      const { deliverableId, ...input } = submission.value;
      return answer(intent, submission, await editDeliverable(id, deliverableId, input, actor));
    },
    move: async (_, intent) => {
      const submission = parseWithZod(form, { schema: DeliverableMoveSchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent, message: CHECK_FIELDS });
      return answer(intent, submission, await moveDeliverable(id, submission.value.deliverableId, submission.value.status, actor));
    },
    activity: async (_, intent) => {
      const submission = parseWithZod(form, { schema: ActivitySchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent, message: CHECK_FIELDS });
      return answer(intent, submission, await addActivity(id, submission.value, actor));
    },
  });
}

const CHECK_FIELDS: string | null = "leadDetail.checkFields";

/** A deliverable's file that cannot be stored (too large, a type we do not keep): its status, beside the file field. */
function fileRefused(intent: string, error: AttachmentError) {
  const { status, fields } = attachmentProblem(error);
  const messages = (fields.attachments ?? fields.form ?? []).map((p) => p.key);
  const result: SubmissionResult<string[]> = { status: "error", error: { file: messages } };
  return data({ intent, ok: false as const, result, message: messages[0] ?? CHECK_FIELDS }, { status });
}

export default function ProjectPage() {
  const { project, canEdit, canDelete } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lng = useLanguage();
  const err = (intent: string, name: string) =>
    result && !result.ok && result.intent === intent ? result.result.error?.[name]?.map((m) => translateError(t, m)) : undefined;
  const day = (value: Date | string | null) => (value ? new Date(value).toISOString().slice(0, 10) : "");

  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link to="/admin/projects" className="text-sm text-primary hover:underline">
          ← {t("admin.projects")}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-black">
          {project.name}
          <Badge>{t(`projectStatuses.${project.status}`)}</Badge>
        </h1>
        <p className="text-sm text-muted">
          {[
            project.company?.name,
            project.lead?.name,
            project.projectType ? t(`projectTypes.${project.projectType}`) : null,
            project.manager ? (project.manager.name ?? project.manager.email) : null,
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
      </div>
      {result && navigation.state === "idle" ? (
        <Alert tone={result.ok ? "success" : "error"}>
          {result.ok ? t("leadDetail.saved") : translateError(t, result.message ?? "leadDetail.checkFields")}
        </Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="flex flex-col gap-6">
          <Card>
            <CardTitle>{t("projects.deliverables")}</CardTitle>
            <div className="mb-3 flex items-center gap-3">
              <progress className="flex-1" max={100} value={project.progress} aria-label={t("projects.progress")} />
              <span className="tabular-nums" data-progress={project.progress}>
                {project.progress}%
              </span>
            </div>
            <ul className="flex flex-col divide-y divide-border">
              {project.deliverables.map((deliverable) => (
                <li
                  key={deliverable.id}
                  className="flex flex-wrap items-center justify-between gap-2 py-2"
                  data-deliverable={deliverable.status}
                >
                  <span>
                    <span className="font-semibold">{deliverable.name}</span>{" "}
                    <span className="text-sm text-muted">{formatDate(deliverable.deliveryDate, lng)}</span>
                    {canEdit ? (
                      <details className="mt-1 text-sm">
                        <summary className="cursor-pointer text-primary">{t("projects.edit")}</summary>
                        <Form method="post" className="mt-1 flex flex-wrap items-end gap-2">
                          <input type="hidden" name="intent" value="editDeliverable" />
                          <input type="hidden" name="deliverableId" value={deliverable.id} />
                          <TextField
                            label={t("projects.newDeliverable")}
                            name="name"
                            required
                            maxLength={200}
                            defaultValue={deliverable.name}
                          />
                          <TextField
                            label={t("projects.deliveryDate")}
                            name="deliveryDate"
                            type="date"
                            defaultValue={day(deliverable.deliveryDate)}
                          />
                          <Button type="submit" size="sm" variant="secondary">
                            {t("account.save")}
                          </Button>
                        </Form>
                      </details>
                    ) : null}
                    {deliverable.fileUrl ? (
                      <a
                        href={`/admin/projects/${project.id}/deliverables/${deliverable.id}/file`}
                        className="ml-2 text-sm text-primary hover:underline"
                        data-file
                      >
                        📎 {t("projects.download")}
                      </a>
                    ) : null}
                  </span>
                  {canEdit ? (
                    <Form method="post" className="flex items-center gap-1">
                      <input type="hidden" name="intent" value="move" />
                      <input type="hidden" name="deliverableId" value={deliverable.id} />
                      <select
                        name="status"
                        defaultValue={deliverable.status}
                        aria-label={t("projects.deliverableStatus", { name: deliverable.name })}
                        className="rounded-brand border border-border bg-surface px-2 py-1 text-sm"
                      >
                        {DELIVERABLE_STATUSES.map((s) => (
                          <option key={s} value={s}>
                            {t(`deliverableStatuses.${s}`)}
                          </option>
                        ))}
                      </select>
                      <Button type="submit" size="sm" variant="secondary">
                        {t("board.move")}
                      </Button>
                    </Form>
                  ) : (
                    <Badge>{t(`deliverableStatuses.${deliverable.status}`)}</Badge>
                  )}
                </li>
              ))}
            </ul>
            {canEdit ? (
              <Form method="post" encType="multipart/form-data" className="mt-3 grid gap-2 sm:grid-cols-[2fr_1fr_auto] sm:items-start">
                <input type="hidden" name="intent" value="deliverable" />
                <TextField label={t("projects.newDeliverable")} name="name" required maxLength={200} errors={err("deliverable", "name")} />
                <TextField label={t("projects.deliveryDate")} name="deliveryDate" type="date" errors={err("deliverable", "deliveryDate")} />
                <TextField
                  className="sm:col-span-2"
                  label={t("projects.file")}
                  name="file"
                  type="file"
                  errors={err("deliverable", "file")}
                />
                <Button type="submit" variant="secondary" className="sm:mt-7">
                  {t("projects.add")}
                </Button>
              </Form>
            ) : null}
          </Card>
          <Card>
            <CardTitle>{t("leadDetail.timeline")}</CardTitle>
            {canEdit ? (
              <Form method="post" className="mb-4 grid gap-2 sm:grid-cols-[1fr_3fr]">
                <input type="hidden" name="intent" value="activity" />
                <SelectField
                  label={t("projects.kind")}
                  name="activityType"
                  defaultValue="comment"
                  options={MANUAL_ACTIVITIES.map((a) => ({ value: a, label: t(`projectActivities.${a}`) }))}
                />
                <TextareaField
                  label={t("projects.entry")}
                  name="description"
                  rows={2}
                  required
                  maxLength={5000}
                  errors={err("activity", "description")}
                />
                <div>
                  <Button type="submit" size="sm" variant="secondary">
                    {t("projects.add")}
                  </Button>
                </div>
              </Form>
            ) : null}
            <Timeline
              entries={project.activities.map((activity) => ({
                id: activity.id,
                kind: activity.activityType,
                at: activity.createdAt,
                by: activity.user ? (activity.user.name ?? activity.user.email) : "—",
                title: t(`projectActivities.${activity.activityType ?? "updated"}`),
                body: activity.description,
              }))}
            />
          </Card>
        </div>
        <div className="flex flex-col gap-6">
          <Card>
            <CardTitle>{t("projects.money")}</CardTitle>
            <dl className="grid grid-cols-2 gap-2 text-sm">
              <dt className="text-muted">{t("leadDetail.budget")}</dt>
              <dd className="text-right tabular-nums">{formatMoney(project.budget, lng)}</dd>
              <dt className="text-muted">{t("projects.actualCost")}</dt>
              <dd className="text-right tabular-nums">{formatMoney(project.actualCost, lng)}</dd>
              <dt className="text-muted">{t("projects.margin")}</dt>
              <dd className="text-right tabular-nums" data-margin={project.profitMargin ?? ""}>
                {project.profitMargin ? `${project.profitMargin}%` : "—"}
              </dd>
            </dl>
          </Card>
          {canEdit ? (
            <Card>
              <CardTitle>{t("leadDetail.details")}</CardTitle>
              <Form method="post" className="flex flex-col gap-2" key={String(project.updatedAt)}>
                <input type="hidden" name="intent" value="update" />
                <SelectField
                  label={t("leads.status")}
                  name="status"
                  defaultValue={project.status}
                  options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projectStatuses.${s}`) }))}
                  errors={err("update", "status")}
                />
                <TextField
                  label={t("leadDetail.budget")}
                  name="budget"
                  inputMode="decimal"
                  defaultValue={project.budget ?? "0"}
                  errors={err("update", "budget")}
                />
                <TextField
                  label={t("projects.actualCost")}
                  name="actualCost"
                  inputMode="decimal"
                  defaultValue={project.actualCost ?? ""}
                  errors={err("update", "actualCost")}
                />
                <div className="grid gap-2 xl:grid-cols-2">
                  <TextField
                    label={t("leadDetail.start")}
                    name="startDate"
                    type="date"
                    defaultValue={day(project.startDate)}
                    errors={err("update", "startDate")}
                  />
                  <TextField
                    label={t("leadDetail.end")}
                    name="endDate"
                    type="date"
                    defaultValue={day(project.endDate)}
                    errors={err("update", "endDate")}
                  />
                </div>
                <SelectField
                  label={t("projects.satisfaction")}
                  name="clientSatisfaction"
                  defaultValue={project.clientSatisfaction ? String(project.clientSatisfaction) : ""}
                  hint={t("projects.satisfactionHint")}
                  errors={err("update", "clientSatisfaction")}
                  options={[{ value: "", label: "—" }, ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: "★".repeat(n) }))]}
                />
                <div>
                  <Button type="submit">{t("account.save")}</Button>
                </div>
              </Form>
            </Card>
          ) : null}
          {canDelete ? <DeleteCard title={t("projects.delete")} confirm={t("projects.deleteConfirm", { name: project.name })} /> : null}
        </div>
      </div>
    </div>
  );
}
