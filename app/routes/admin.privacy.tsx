// Admin › Privacy: find what is held about a person by a user's or a lead's email; an ADMIN exports it as JSON
// or erases it (typed confirmation). Exports and erasures are audited without the data. SUPPORT may look up.
import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button, buttonClasses } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { TextField } from "~/components/ui/field";
import { formatDateTime } from "~/lib/format";
import { translateError } from "~/lib/i18n";
import { listParams, readListQuery } from "~/lib/list";
import { requireAdminHost } from "~/lib/site.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { AdminEraseSchema, PersonLookupSchema } from "~/modules/privacy/gdpr.schema";
import { describePerson, erasePerson } from "~/modules/privacy/gdpr.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "users", "read");
  const rights = { canExport: can(actor.role, "users", "update"), canErase: can(actor.role, "users", "delete") };
  // A blank email is no lookup (the empty page); one that does not parse is 400 named beside the field.
  const raw = listParams(request.url).email;
  if (raw === undefined) return { ...rights, email: "", person: null, fields: null };
  const { query, fields } = readListQuery(request, PersonLookupSchema);
  if (!query) return data({ ...rights, email: raw, person: null, fields }, { status: 400 });
  const person = await describePerson({ email: query.email });
  if (!person) return data({ ...rights, email: query.email, person: null, fields: { email: ["privacy.noData"] } }, { status: 404 });
  return { ...rights, email: query.email, person, fields: null };
}

const EraseForm = AdminEraseSchema.and(
  z.object({
    userId: z
      .uuid({ error: "privacy.unknownUser" })
      .optional()
      .or(z.literal("").transform(() => undefined)),
  }),
);

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "users", "delete");
  const submission = parseWithZod(await readForm(request), { schema: EraseForm });
  if (submission.status !== "success") return data({ result: submission.reply(), erased: null }, { status: 400 });
  const { email, userId } = submission.value;
  const outcome = await erasePerson(userId ? { userId, email } : { email }, { actorId: actor.id, origin: requestOrigin(request) });
  const fail = (status: number, field: string, message: string) =>
    data({ result: submission.reply({ fieldErrors: { [field]: [message] } }), erased: null }, { status });
  switch (outcome.status) {
    case "not_found":
      return fail(404, "email", "privacy.noData");
    case "mismatch":
      return fail(400, "userId", "privacy.unknownUser");
    case "last_admin":
      return fail(409, "email", "privacy.lastAdmin");
    case "conflict":
      return fail(409, "email", "privacy.conflict");
    case "already_erased":
      return {
        result: submission.reply({ resetForm: true }),
        erased: { already: true, leads: 0, inquiries: 0, ordersDetached: 0, files: 0, cancelByHand: [] as string[] },
      };
    case "erased":
      return {
        result: submission.reply({ resetForm: true }),
        erased: { already: false, ...outcome.counts, cancelByHand: outcome.cancelByHand },
      };
  }
}

export default function AdminPrivacy() {
  const { email, person, fields, canExport, canErase } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lng = useLanguage();
  const errors = (list?: string[] | null) => list?.map((message) => translateError(t, message));
  const [form, formFields] = useForm({
    id: "erase",
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    constraint: getZodConstraint(AdminEraseSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EraseForm }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const formError = [...(formFields.email.errors ?? []), ...(formFields.userId.errors ?? [])];
  const erasable = person && !(person.user?.erasedAt && person.leads === 0);

  const erasedMessage = (erased: {
    already: boolean;
    leads: number;
    inquiries: number;
    ordersDetached: number;
    files: number;
    cancelByHand: string[];
  }) =>
    erased.already
      ? t("privacy.alreadyErased")
      : t("privacy.erasedSummary", {
          leads: t("privacy.leadCount", { count: erased.leads }),
          inquiries: t("privacy.inquiryCount", { count: erased.inquiries }),
          orders: t("privacy.orderCount", { count: erased.ordersDetached }),
          files: t("privacy.fileCount", { count: erased.files }),
        });

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-black">{t("admin.privacy")}</h1>
        <p className="mt-1 text-muted">{canErase ? t("privacy.adminIntro") : t("privacy.adminReadOnly")}</p>
      </div>

      {actionData?.erased && navigation.state === "idle" ? <Alert tone="success">{erasedMessage(actionData.erased)}</Alert> : null}
      {actionData?.erased?.cancelByHand.length && navigation.state === "idle" ? (
        <Alert tone="error">{t("privacy.cancelByHand", { ids: actionData.erased.cancelByHand.join(", ") })}</Alert>
      ) : null}
      {formError.length && navigation.state === "idle" ? <Alert tone="error">{errors(formError)?.join(" ")}</Alert> : null}

      <Form method="get" className="flex flex-wrap items-end gap-3" role="search">
        <div className="min-w-72">
          <TextField
            label={t("privacy.lookupEmail")}
            name="email"
            type="email"
            defaultValue={email}
            maxLength={255}
            errors={errors(fields?.email)}
          />
        </div>
        <div className="pb-6">
          <Button type="submit" variant="secondary">
            {t("privacy.lookup")}
          </Button>
        </div>
      </Form>

      {person ? (
        <Card data-person={email}>
          <CardTitle>{email}</CardTitle>
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
            <div>
              <dt className="text-muted">{t("privacy.account")}</dt>
              <dd className="font-semibold">
                {person.user ? (
                  person.user.erasedAt ? (
                    <Badge tone="neutral">{t("privacy.erasedOn", { date: formatDateTime(person.user.erasedAt, lng) })}</Badge>
                  ) : (
                    t(`roles.${person.user.role}`)
                  )
                ) : (
                  t("privacy.noAccount")
                )}
              </dd>
            </div>
            <div>
              <dt className="text-muted">{t("privacy.leads")}</dt>
              <dd className="font-semibold">{person.leads}</dd>
            </div>
            <div>
              <dt className="text-muted">{t("privacy.inquiries")}</dt>
              <dd className="font-semibold">{person.inquiries}</dd>
            </div>
            <div>
              <dt className="text-muted">{t("privacy.orders")}</dt>
              <dd className="font-semibold">{person.orders}</dd>
            </div>
          </dl>

          {canExport ? (
            <div className="mt-4">
              <a
                href={`/admin/privacy/export.json?email=${encodeURIComponent(email)}`}
                download
                className={buttonClasses({ variant: "secondary" })}
              >
                {t("privacy.exportJson")}
              </a>
            </div>
          ) : null}

          {canErase && erasable ? (
            <section className="mt-6 flex flex-col gap-2 border-t border-border pt-4" aria-labelledby="erase-heading">
              <h2 id="erase-heading" className="font-bold text-red-800">
                {t("privacy.adminEraseTitle")}
              </h2>
              <p className="text-sm">{t("privacy.adminEraseDeleted")}</p>
              <p className="text-sm">{t("privacy.adminEraseKept")}</p>
              <Form method="post" action="/admin/privacy" {...getFormProps(form)} className="flex flex-col gap-2">
                <input type="hidden" name="email" value={email} />
                {person.user && !person.user.erasedAt ? <input type="hidden" name="userId" value={person.user.id} /> : null}
                <TextField
                  label={t("privacy.confirmEmail", { email })}
                  autoComplete="off"
                  errors={errors(formFields.confirmEmail.errors)}
                  {...getInputProps(formFields.confirmEmail, { type: "text" })}
                />
                <div>
                  <button
                    type="submit"
                    className="inline-flex items-center justify-center rounded-brand bg-red-700 px-4 py-2 font-semibold text-white shadow-sm hover:bg-red-800"
                  >
                    {t("privacy.adminEraseButton")}
                  </button>
                </div>
              </Form>
            </section>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}
