// Admin › Inquiry: the requester's message and attachments, the reply thread, the SLA, assignment, and
// resolution (which sends the requester a one-use rating link).
import { getFormProps, getSelectProps, getTextareaProps, useForm, type DefaultValue, type Submission } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { SelectField, TextareaField } from "~/components/ui/field";
import { formatDateTime } from "~/lib/format";
import { found, uuidParam } from "~/lib/http";
import { translateError } from "~/lib/i18n";
import { getLanguage } from "~/lib/i18n.server";
import { dispatchIntent, replyFailure, replyInvalid, replyOk } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { listStaff } from "~/modules/identity/users.server";
import { assignInquiry, getInquiry, replyToInquiry, setInquiryStatus, type InboxResult } from "~/modules/inquiries/inbox.server";
import { INQUIRY_STATUSES, InquiryAssignSchema, InquiryReplySchema, InquiryStatusSchema } from "~/modules/inquiries/inquiries.schema";
import { SlaBadge } from "~/modules/inquiries/sla-badge";
import { PRIORITY_TONE } from "~/modules/leads/lead-display";
import { readForm } from "~/lib/form.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "inquiries", "read");
  const inquiry = found(await getInquiry(uuidParam(params.id), actor));
  const attachments = (Array.isArray(inquiry.attachments) ? inquiry.attachments : []) as {
    id: string;
    name: string;
    type: string;
    size: number;
  }[];
  return {
    inquiry: { ...inquiry, attachments: attachments.map(({ id, name, type, size }) => ({ id, name, type, size })) },
    staff: await listStaff(),
    canUpdate: can(actor.role, "inquiries", "update"),
    canSeeLead: can(actor.role, "leads", "read"),
    lng: await getLanguage(request),
    now: new Date(),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.inquiry.subject ?? "Inquiry"} — Kizuna` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "inquiries", "update");
  const id = uuidParam(params.id);
  const origin = requestOrigin(request);
  const answer = <S extends Submission<unknown>>(intent: string, submission: S, result: InboxResult) =>
    result.ok
      ? replyOk(submission, { intent, warning: result.warning ?? null }, { resetForm: intent === "reply" })
      : replyFailure(submission, result, { intent, warning: null });
  return dispatchIntent(request, await readForm(request), {
    reply: async (form) => {
      const submission = parseWithZod(form, { schema: InquiryReplySchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent: "reply", warning: null });
      return answer("reply", submission, await replyToInquiry(id, submission.value, actor, origin));
    },
    assign: async (form) => {
      const submission = parseWithZod(form, { schema: InquiryAssignSchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent: "assign", warning: null });
      return answer("assign", submission, await assignInquiry(id, submission.value.assignedTo ?? null, actor, origin));
    },
    status: async (form) => {
      const submission = parseWithZod(form, { schema: InquiryStatusSchema });
      if (submission.status !== "success") return replyInvalid(submission, { intent: "status", warning: null });
      const { status, lng } = submission.value;
      const baseUrl = (brand: "yuya" | "aoba") => context.urls[brand].replace(/\/$/, "");
      return answer("status", submission, await setInquiryStatus(id, status, { lng, baseUrl }, actor, origin));
    },
  });
}

type Intent = "reply" | "assign" | "status";

/** One of the page's forms: its own id, the action's reply when it was this form's, checked by its schema in the browser. */
function useIntentForm<Schema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>>(
  intent: Intent,
  schema: Schema,
  defaultValue?: DefaultValue<z.input<Schema>>,
) {
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  return useForm<z.input<Schema>, z.output<Schema>>({
    id: `inquiry-${intent}`,
    defaultValue,
    lastResult: navigation.state === "idle" && reply?.intent === intent ? reply.result : undefined,
    constraint: getZodConstraint(schema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
}

export default function AdminInquiry() {
  const { inquiry, staff, canUpdate, canSeeLead, lng, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  // The alert says what went wrong: the form's error, or the first field's.
  const problem = result && !result.ok ? Object.values(result.result.error ?? {}).find((messages) => messages?.length)?.[0] : undefined;

  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link to="/admin/inquiries" className="text-sm text-primary hover:underline">
          ← {t("admin.inquiries")}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-black">
          {inquiry.subject}
          <Badge>{t(`inquiryStatuses.${inquiry.status}`)}</Badge>
          <Badge tone={PRIORITY_TONE[inquiry.priority]}>{t(`priorities.${inquiry.priority}`)}</Badge>
          <SlaBadge sla={inquiry.sla} answeredAt={inquiry.firstResponseAt} status={inquiry.status} now={now} />
        </h1>
        <p className="mt-1 text-sm text-muted">
          {[
            inquiry.lead?.name,
            inquiry.lead?.email,
            inquiry.lead?.company,
            t(`inquiryTypes.${inquiry.inquiryType ?? "general"}`),
            formatDateTime(inquiry.createdAt, lng),
          ]
            .filter(Boolean)
            .join(" · ")}
          {inquiry.lead && canSeeLead ? (
            <>
              {" · "}
              <Link to={`/admin/leads/${inquiry.lead.id}`} className="text-primary hover:underline">
                {t("inbox.openLead")}
              </Link>
            </>
          ) : null}
        </p>
      </div>
      {result && navigation.state === "idle" ? (
        <Alert tone={result.ok && !result.warning ? "success" : "error"}>
          {result.ok ? t(result.warning ?? "leadDetail.saved") : translateError(t, problem ?? "leadDetail.checkFields")}
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="flex flex-col gap-4">
          <Card data-thread>
            <CardTitle>{t("inbox.thread")}</CardTitle>
            <article className="rounded-brand bg-background p-3">
              <div className="text-xs text-muted">{t("inbox.fromRequester", { date: formatDateTime(inquiry.createdAt, lng) })}</div>
              <p className="mt-1 whitespace-pre-wrap">{inquiry.message}</p>
              {inquiry.attachments.length ? (
                <ul className="mt-2 flex flex-wrap gap-2 text-sm">
                  {inquiry.attachments.map((a) => (
                    <li key={a.id}>
                      <a
                        href={`/admin/inquiries/${inquiry.id}/attachments/${a.id}`}
                        className="rounded-brand border border-border px-2 py-1 text-primary hover:underline"
                        data-attachment={a.name}
                      >
                        📎 {a.name} ({Math.ceil(a.size / 1024)} KB)
                      </a>
                    </li>
                  ))}
                </ul>
              ) : null}
            </article>
            {inquiry.messages.map((message) => (
              <article
                key={message.id}
                className={
                  message.direction === "outbound"
                    ? "ml-8 mt-3 rounded-brand border border-primary/30 bg-primary/5 p-3"
                    : "mt-3 rounded-brand bg-background p-3"
                }
                data-message={message.direction}
              >
                <div className="text-xs text-muted">
                  {message.author ? (message.author.name ?? message.author.email) : t("inbox.requester")} ·{" "}
                  {formatDateTime(message.createdAt, lng)}
                  {message.direction === "outbound" && !message.sentAt ? (
                    <span className="ml-2 text-red-700">{t("inbox.notSentShort")}</span>
                  ) : null}
                </div>
                <p className="mt-1 whitespace-pre-wrap">{message.body}</p>
              </article>
            ))}
          </Card>
          {canUpdate ? (
            <Card>
              <CardTitle>{t("inbox.reply")}</CardTitle>
              <ReplyForm lng={lng} key={inquiry.messages.length} />
            </Card>
          ) : null}
        </div>
        <div className="flex flex-col gap-4">
          {canUpdate ? (
            <>
              <Card>
                <CardTitle>{t("leads.assignee")}</CardTitle>
                <AssignForm assignedTo={inquiry.assignedTo} staff={staff} />
              </Card>
              <Card>
                <CardTitle>{t("leads.status")}</CardTitle>
                <StatusForm status={inquiry.status} lng={lng} key={inquiry.status} />
              </Card>
            </>
          ) : null}
          <Card>
            <CardTitle>{t("inbox.satisfaction")}</CardTitle>
            <p data-rating={inquiry.satisfactionRating ?? ""}>
              {inquiry.satisfactionRating
                ? "★".repeat(inquiry.satisfactionRating) + "☆".repeat(5 - inquiry.satisfactionRating)
                : t("inbox.notRated")}
            </p>
            {inquiry.resolvedAt ? (
              <p className="text-sm text-muted">{t("inbox.resolvedAt", { date: formatDateTime(inquiry.resolvedAt, lng) })}</p>
            ) : null}
          </Card>
        </div>
      </div>
    </div>
  );
}

function ReplyForm({ lng }: { lng: string }) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("reply", InquiryReplySchema, { lng });
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-col gap-2">
      <input type="hidden" name="intent" value="reply" />
      <TextareaField
        label={t("inbox.replyBody")}
        rows={6}
        errors={fields.body.errors?.map((m) => translateError(t, m))}
        {...getTextareaProps(fields.body)}
      />
      <SelectField
        label={t("inbox.replyLanguage")}
        options={[
          { value: "ja", label: "日本語" },
          { value: "en", label: "English" },
        ]}
        {...getSelectProps(fields.lng)}
      />
      <div>
        <Button type="submit">{t("inbox.send")}</Button>
      </div>
    </Form>
  );
}

function AssignForm({ assignedTo, staff }: { assignedTo: string | null; staff: { id: string; name: string | null; email: string }[] }) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("assign", InquiryAssignSchema, { assignedTo: assignedTo ?? "" });
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-col gap-2">
      <input type="hidden" name="intent" value="assign" />
      <SelectField
        label={t("leads.assignee")}
        errors={fields.assignedTo.errors?.map((m) => translateError(t, m))}
        options={[{ value: "", label: t("leads.unassigned") }, ...staff.map((p) => ({ value: p.id, label: p.name ?? p.email }))]}
        {...getSelectProps(fields.assignedTo)}
      />
      <div>
        <Button type="submit" size="sm" variant="secondary">
          {t("account.save")}
        </Button>
      </div>
    </Form>
  );
}

function StatusForm({ status, lng }: { status: string; lng: string }) {
  const { t } = useTranslation();
  const [form, fields] = useIntentForm("status", InquiryStatusSchema, { status });
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-col gap-2">
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="lng" value={lng} />
      <SelectField
        label={t("leads.status")}
        errors={fields.status.errors?.map((m) => translateError(t, m))}
        options={INQUIRY_STATUSES.map((s) => ({ value: s, label: t(`inquiryStatuses.${s}`) }))}
        {...getSelectProps(fields.status)}
      />
      <p className="text-xs text-muted">{t("inbox.resolveHint")}</p>
      <div>
        <Button type="submit" size="sm" variant="secondary">
          {t("leadDetail.updateStatus")}
        </Button>
      </div>
    </Form>
  );
}
