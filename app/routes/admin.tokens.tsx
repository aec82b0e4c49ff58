// Admin › API tokens: each staff member's personal tokens for integrations and scripts. A new token is shown
// once, right after it is made; the list shows only its first characters, its expiry and its last use.
import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { SelectField, TextField } from "~/components/ui/field";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { formatDate, formatDateTime } from "~/lib/format";
import { translateError } from "~/lib/i18n";
import { useFieldErrors } from "~/lib/use-field-errors";
import { fail } from "~/lib/result";
import { dispatchIntent, replyFailure, replyInvalid, replyOk } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { createApiToken, listApiTokens, revokeApiToken } from "~/modules/identity/api-tokens.server";
import { requireAdminAccess } from "~/modules/identity/permissions.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

const LIFETIMES = ["7", "30", "90", "365"] as const;

const CreateToken = z.object({
  name: z.string({ error: "errors.required" }).trim().min(1, { error: "errors.required" }).max(100, { error: "errors.tooLong:100" }),
  days: z.enum(LIFETIMES, { error: "tokens.badLifetime" }),
});
const RevokeToken = z.object({ id: z.uuid({ error: "tokens.unknown" }) });

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requireAdminAccess(request);
  return { tokens: await listApiTokens(actor.id), now: new Date() };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requireAdminAccess(request);
  const origin = requestOrigin(request);
  const none = { intent: "", created: null as { token: string; name: string; expiresAt: Date } | null };
  return dispatchIntent(request, await readForm(request), {
    create: async (form, intent) => {
      const submission = parseWithZod(form, { schema: CreateToken });
      if (submission.status !== "success") return replyInvalid(submission, { ...none, intent });
      const { name, days } = submission.value;
      const created = await createApiToken({ userId: actor.id, name, days: Number(days), origin });
      return replyOk(submission, { intent, created: { token: created.token, name, expiresAt: created.expiresAt } }, { resetForm: true });
    },
    revoke: async (form, intent) => {
      const submission = parseWithZod(form, { schema: RevokeToken });
      if (submission.status !== "success") return replyInvalid(submission, { ...none, intent });
      const revoked = await revokeApiToken({ userId: actor.id, id: submission.value.id, origin });
      // Not this user's, or revoked already: said beside the list, as 404.
      if (!revoked) return replyFailure(submission, fail("not_found", "tokens.unknown", { field: "id" }), { ...none, intent });
      return replyOk(submission, { ...none, intent });
    },
  });
}

export default function AdminTokens() {
  const { tokens, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lng = useLanguage();
  const [form, fields] = useForm({
    id: "token-new",
    defaultValue: { days: "90" },
    lastResult: navigation.state === "idle" && result?.intent === "create" ? result.result : undefined,
    constraint: getZodConstraint(CreateToken),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateToken }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const err = useFieldErrors();
  const revokeError = result?.intent === "revoke" && !result.ok ? result.result.error?.id?.[0] : undefined;
  const status = (token: (typeof tokens)[number]) =>
    token.revokedAt ? (
      <Badge tone="neutral">{t("tokens.revoked")}</Badge>
    ) : new Date(token.expiresAt) < new Date(now) ? (
      <Badge tone="warning">{t("tokens.expired")}</Badge>
    ) : (
      <Badge tone="success">{t("tokens.active")}</Badge>
    );

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-black">{t("admin.tokens")}</h1>
        <p className="mt-1 max-w-2xl text-muted">{t("tokens.intro")}</p>
      </div>

      {result?.created && navigation.state === "idle" ? (
        <Alert tone="success">
          <p className="font-semibold">{t("tokens.createdTitle", { name: result.created.name })}</p>
          <p className="mt-1 text-sm">{t("tokens.createdBody", { date: formatDate(result.created.expiresAt, lng) })}</p>
          <code data-new-token className="mt-2 block select-all break-all rounded-brand bg-surface px-3 py-2 font-mono text-sm text-text">
            {result.created.token}
          </code>
        </Alert>
      ) : null}
      {result?.intent === "revoke" && result.ok && navigation.state === "idle" ? (
        <Alert tone="success">{t("tokens.revokedNotice")}</Alert>
      ) : null}
      {revokeError ? <Alert tone="error">{translateError(t, revokeError)}</Alert> : null}

      <Card>
        <CardTitle>{t("tokens.new")}</CardTitle>
        <Form method="post" {...getFormProps(form)} className="grid gap-2 sm:grid-cols-[2fr_1fr_auto] sm:items-start">
          <input type="hidden" name="intent" value="create" />
          <TextField
            label={t("tokens.name")}
            placeholder={t("tokens.namePlaceholder")}
            errors={err(fields.name.errors)}
            {...getInputProps(fields.name, { type: "text" })}
          />
          <SelectField
            label={t("tokens.lifetime")}
            errors={err(fields.days.errors)}
            options={LIFETIMES.map((days) => ({ value: days, label: t("tokens.days", { count: Number(days) }) }))}
            {...getSelectProps(fields.days)}
          />
          <Button type="submit" className="sm:mt-7" disabled={navigation.state === "submitting"}>
            {t("tokens.create")}
          </Button>
        </Form>
      </Card>

      <Table caption={t("admin.tokens")}>
        <thead>
          <tr>
            <Th>{t("tokens.name")}</Th>
            <Th>{t("tokens.token")}</Th>
            <Th>{t("tokens.status")}</Th>
            <Th>{t("tokens.expires")}</Th>
            <Th>{t("tokens.lastUsed")}</Th>
            <Th>
              <span className="sr-only">{t("tokens.revoke")}</span>
            </Th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((token) => (
            <Tr key={token.id} data-token={token.name}>
              <Td className="font-semibold">{token.name}</Td>
              <Td className="font-mono text-muted">{token.prefix}…</Td>
              <Td>{status(token)}</Td>
              <Td className="whitespace-nowrap">{formatDate(token.expiresAt, lng)}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(token.lastUsedAt, lng) || t("tokens.never")}</Td>
              <Td className="text-right">
                {token.revokedAt ? null : (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="id" value={token.id} />
                    <Button type="submit" size="sm" variant="secondary">
                      {t("tokens.revoke")}
                    </Button>
                  </Form>
                )}
              </Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      {tokens.length === 0 ? <p className="text-center text-muted">{t("tokens.none")}</p> : null}
    </div>
  );
}
