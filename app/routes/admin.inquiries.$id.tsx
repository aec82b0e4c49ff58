// Admin › Inquiry: the requester's message and attachments, the reply thread, the SLA, assignment, and
// resolution (which sends the requester a one-use rating link).
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { SelectField, TextareaField } from "~/components/ui/field";
import { formatDateTime } from "~/lib/format";
import { translateError } from "~/lib/i18n";
import { getLanguage } from "~/lib/i18n.server";
import { requireAdminHost } from "~/lib/site.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { listStaff } from "~/modules/identity/users.server";
import { assignInquiry, getInquiry, replyToInquiry, setInquiryStatus } from "~/modules/inquiries/inbox.server";
import { INQUIRY_STATUSES } from "~/modules/inquiries/inquiries.schema";
import { SlaBadge } from "~/modules/inquiries/sla-badge";
import { PRIORITY_TONE } from "~/modules/leads/lead-display";
import { readForm } from "~/lib/form.server";
import { requestOrigin } from "~/lib/request-origin.server";

const Id = z.uuid();
const Reply = z.object({
  body: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(20_000, { error: "errors.tooLong:20000" }),
  lng: z.enum(["ja", "en"]).default("ja"),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "inquiries", "read");
  if (!Id.safeParse(params.id).success) throw new Response("Not Found", { status: 404 });
  const inquiry = await getInquiry(params.id!, actor);
  if (!inquiry) throw new Response("Not Found", { status: 404 });
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
  if (!Id.safeParse(params.id).success) throw new Response("Not Found", { status: 404 });
  const id = params.id!;
  const form = Object.fromEntries(await readForm(request));
  const intent = String(form.intent ?? "");
  const origin = requestOrigin(request);
  const fail = (status: number, message: string, field?: string) =>
    data({ intent, ok: false, message, field: field ?? null, warning: null }, { status });

  let result;
  if (intent === "reply") {
    const parsed = Reply.safeParse(form);
    if (!parsed.success) return fail(400, parsed.error.issues[0]!.message, "body");
    result = await replyToInquiry(id, parsed.data, actor, origin);
  } else if (intent === "assign") {
    const assignee = form.assignedTo === "" ? null : String(form.assignedTo ?? "");
    if (assignee !== null && !Id.safeParse(assignee).success) return fail(400, "errors.userId", "assignedTo");
    result = await assignInquiry(id, assignee, actor, origin);
  } else if (intent === "status") {
    const status = z.enum(INQUIRY_STATUSES).safeParse(form.status);
    if (!status.success) return fail(400, "errors.inquiryStatus", "status");
    const lng = form.lng === "en" ? "en" : "ja";
    result = await setInquiryStatus(id, status.data, { lng, baseUrl: (brand) => context.urls[brand].replace(/\/$/, "") }, actor, origin);
  } else {
    return fail(400, "account.unknownAction");
  }
  if (!result.ok) {
    if (result.status === 404) throw new Response("Not Found", { status: 404 });
    return fail(result.status, result.message, result.field);
  }
  return { intent, ok: true, message: null, field: null, warning: result.warning ?? null };
}

export default function AdminInquiry() {
  const { inquiry, staff, canUpdate, canSeeLead, lng, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const errorFor = (intent: string, field: string) =>
    result && !result.ok && result.intent === intent && result.field === field && result.message
      ? [translateError(t, result.message)]
      : undefined;

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
          {result.ok ? t(result.warning ?? "leadDetail.saved") : translateError(t, result.message ?? "leadDetail.checkFields")}
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
              <Form method="post" className="flex flex-col gap-2" key={inquiry.messages.length}>
                <input type="hidden" name="intent" value="reply" />
                <TextareaField
                  label={t("inbox.replyBody")}
                  name="body"
                  rows={6}
                  required
                  maxLength={20000}
                  errors={errorFor("reply", "body")}
                />
                <SelectField
                  label={t("inbox.replyLanguage")}
                  name="lng"
                  defaultValue={lng}
                  options={[
                    { value: "ja", label: "日本語" },
                    { value: "en", label: "English" },
                  ]}
                />
                <div>
                  <Button type="submit">{t("inbox.send")}</Button>
                </div>
              </Form>
            </Card>
          ) : null}
        </div>
        <div className="flex flex-col gap-4">
          {canUpdate ? (
            <>
              <Card>
                <CardTitle>{t("leads.assignee")}</CardTitle>
                <Form method="post" className="flex flex-col gap-2">
                  <input type="hidden" name="intent" value="assign" />
                  <SelectField
                    label={t("leads.assignee")}
                    name="assignedTo"
                    defaultValue={inquiry.assignedTo ?? ""}
                    errors={errorFor("assign", "assignedTo")}
                    options={[
                      { value: "", label: t("leads.unassigned") },
                      ...staff.map((p) => ({ value: p.id, label: p.name ?? p.email })),
                    ]}
                  />
                  <div>
                    <Button type="submit" size="sm" variant="secondary">
                      {t("account.save")}
                    </Button>
                  </div>
                </Form>
              </Card>
              <Card>
                <CardTitle>{t("leads.status")}</CardTitle>
                <Form method="post" className="flex flex-col gap-2">
                  <input type="hidden" name="intent" value="status" />
                  <input type="hidden" name="lng" value={lng} />
                  <SelectField
                    label={t("leads.status")}
                    name="status"
                    defaultValue={inquiry.status}
                    options={INQUIRY_STATUSES.map((s) => ({ value: s, label: t(`inquiryStatuses.${s}`) }))}
                  />
                  <p className="text-xs text-muted">{t("inbox.resolveHint")}</p>
                  <div>
                    <Button type="submit" size="sm" variant="secondary">
                      {t("leadDetail.updateStatus")}
                    </Button>
                  </div>
                </Form>
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
