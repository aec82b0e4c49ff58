// Admin › Embed keys: public keys for the lead form on pages we do not host. A key fixes the site and the
// lead source of what it collects and lists the origins allowed to use it; it can be edited or disabled.
// Each key shows the copy-paste snippet (script with its SRI hash + the form's placeholder).
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { formatDateTime } from "~/lib/format";
import { isUuid } from "~/lib/http";
import { useFieldErrors } from "~/lib/use-field-errors";
import { dispatchIntent, orThrow, replyFailure, replyInvalid, replyOk } from "~/lib/result.server";
import { EMBED_PATH, embedAsset } from "~/lib/sdk.server";
import { requireAdminHost } from "~/lib/site.server";
import { BRAND_INFO } from "~/modules/brand/brands";
import { EmbedKeySchema } from "~/modules/embed/embed.schema";
import { createEmbedKey, listEmbedKeys, setEmbedKeyEnabled, updateEmbedKey } from "~/modules/embed/embed-keys.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "embed_keys", "read");
  const keys = await listEmbedKeys();
  const sources = [...context.registry.leadSources.values()].map(({ key, label, site }) => ({ key, label, site: site ?? null }));
  return {
    keys,
    sources,
    script: { path: EMBED_PATH, integrity: embedAsset()?.integrity ?? null },
    urls: { yuya: context.urls.yuya, aoba: context.urls.aoba },
  };
}

const Toggle = z.object({ id: z.string().refine(isUuid, { error: "embed.unknown" }), enabled: z.enum(["true", "false"]) });

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const form = await readForm(request);
  const actor = await requirePermission(request, "embed_keys", form.get("intent") === "create" ? "create" : "update");
  const origin = requestOrigin(request);
  return dispatchIntent(request, form, {
    toggle: async () => {
      const submission = parseWithZod(form, { schema: Toggle });
      if (submission.status !== "success") return replyInvalid(submission, { intent: "toggle", id: undefined as string | undefined });
      orThrow(await setEmbedKeyEnabled(submission.value.id, submission.value.enabled === "true", actor, origin));
      return replyOk(submission, { intent: "toggle", id: submission.value.id as string | undefined });
    },
    create: async () => {
      const submission = parseWithZod(form, { schema: EmbedKeySchema });
      const reply = { intent: "create", id: undefined as string | undefined };
      if (submission.status !== "success") return replyInvalid(submission, reply);
      const created = await createEmbedKey(submission.value, context.registry, actor, origin);
      if (!created.ok) return replyFailure(submission, created, reply);
      return replyOk(submission, { ...reply, id: created.id }, { resetForm: true });
    },
    update: async () => {
      const id = form.get("id");
      // A key id that is not even an id names no key.
      if (!isUuid(id)) throw new Response("embed.unknown", { status: 404 });
      const submission = parseWithZod(form, { schema: EmbedKeySchema });
      const reply = { intent: "update", id: id as string | undefined };
      if (submission.status !== "success") return replyInvalid(submission, reply);
      const updated = await updateEmbedKey(id, submission.value, context.registry, actor, origin);
      return updated.ok ? replyOk(submission, reply) : replyFailure(submission, updated, reply);
    },
  });
}

type Reply = NonNullable<ReturnType<typeof useActionData<typeof action>>>;

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

export default function EmbedKeys() {
  const { keys, sources, script, urls } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-black">{t("embed.title")}</h1>
        <p className="mt-1 text-muted">{t("embed.intro")}</p>
      </div>
      {result?.ok && result.intent === "create" ? <Alert tone="success">{t("embed.created")}</Alert> : null}
      {result && !result.ok && result.intent === "toggle" ? <Alert tone="error">{t("embed.unknown")}</Alert> : null}
      {!script.integrity ? <Alert tone="error">{t("embed.notBuilt")}</Alert> : null}

      <Card>
        <CardTitle>{t("embed.new")}</CardTitle>
        <KeyForm sources={sources} result={result && result.intent === "create" ? result : undefined} />
      </Card>

      {keys.length === 0 ? <p className="text-muted">{t("embed.none")}</p> : null}
      {keys.map((key) => (
        <KeyCard
          key={key.id}
          embedKey={key}
          sources={sources}
          script={script}
          base={urls[key.tenant]}
          result={result && result.intent === "update" && result.id === key.id ? result : undefined}
        />
      ))}
    </div>
  );
}

function KeyForm({ sources, embedKey, result }: { sources: Loaded["sources"]; embedKey?: Loaded["keys"][number]; result?: Reply }) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: embedKey ? `embed-key-${embedKey.id}` : "embed-key-new",
    defaultValue: {
      name: embedKey?.name ?? "",
      tenant: embedKey?.tenant ?? "yuya",
      source: embedKey?.source ?? "referral",
      allowedOrigins: embedKey?.allowedOrigins.join("\n") ?? "",
    },
    lastResult: navigation.state === "idle" ? (result?.result as SubmissionResult<string[]> | undefined) : undefined,
    constraint: getZodConstraint(EmbedKeySchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EmbedKeySchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const err = useFieldErrors();
  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-4 md:grid-cols-2">
      <input type="hidden" name="intent" value={embedKey ? "update" : "create"} />
      {embedKey ? <input type="hidden" name="id" value={embedKey.id} /> : null}
      <TextField label={t("embed.name")} errors={err(fields.name.errors)} {...getInputProps(fields.name, { type: "text" })} />
      <SelectField
        label={t("embed.site")}
        errors={err(fields.tenant.errors)}
        options={(["yuya", "aoba"] as const).map((site) => ({ value: site, label: BRAND_INFO[site].name[lng] }))}
        {...getSelectProps(fields.tenant)}
      />
      <SelectField
        label={t("embed.source")}
        errors={err(fields.source.errors)}
        hint={t("embed.sourceHint")}
        options={sources.map((s) => ({ value: s.key, label: s.site ? `${s.label[lng]} (${BRAND_INFO[s.site].name[lng]})` : s.label[lng] }))}
        {...getSelectProps(fields.source)}
      />
      <TextareaField
        label={t("embed.origins")}
        rows={3}
        hint={t("embed.originsHint")}
        errors={err(fields.allowedOrigins.errors)}
        {...getTextareaProps(fields.allowedOrigins)}
      />
      <div className="md:col-span-2">
        <Button type="submit" disabled={navigation.state === "submitting"}>
          {embedKey ? t("embed.save") : t("embed.create")}
        </Button>
      </div>
    </Form>
  );
}

function KeyCard({
  embedKey,
  sources,
  script,
  base,
  result,
}: {
  embedKey: Loaded["keys"][number];
  sources: Loaded["sources"];
  script: Loaded["script"];
  base: string;
  result?: Reply;
}) {
  const { t } = useTranslation();
  const lng = useLanguage();
  const source = sources.find((s) => s.key === embedKey.source);
  const snippet = [
    `<script src="${base}${script.path}"${script.integrity ? ` integrity="${script.integrity}"` : ""} crossorigin="anonymous" defer></script>`,
    `<div data-kizuna-form data-key="${embedKey.publicKey}" data-locale="${lng}"></div>`,
  ].join("\n");
  return (
    <Card className={embedKey.enabled ? undefined : "opacity-80"}>
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <CardTitle>{embedKey.name}</CardTitle>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <Badge tone={embedKey.enabled ? "success" : "neutral"}>{embedKey.enabled ? t("embed.enabled") : t("embed.disabled")}</Badge>
            <Badge tone="primary">{BRAND_INFO[embedKey.tenant].name[lng]}</Badge>
            <span className="text-muted">{source ? source.label[lng] : embedKey.source}</span>
            <code className="rounded bg-border/40 px-1.5 py-0.5 text-xs">{embedKey.publicKey}</code>
          </div>
        </div>
        <Form method="post">
          <input type="hidden" name="intent" value="toggle" />
          <input type="hidden" name="id" value={embedKey.id} />
          <input type="hidden" name="enabled" value={embedKey.enabled ? "false" : "true"} />
          <Button type="submit" variant="secondary" size="sm">
            {embedKey.enabled ? t("embed.disable") : t("embed.enable")}
          </Button>
        </Form>
      </div>
      <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-muted">{t("embed.origins")}</dt>
          <dd>
            <ul>
              {embedKey.allowedOrigins.map((o) => (
                <li key={o} className="break-all">
                  {o}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt className="text-muted">{t("embed.lastUsed")}</dt>
          <dd>{embedKey.lastUsedAt ? formatDateTime(embedKey.lastUsedAt, lng) : t("embed.never")}</dd>
        </div>
        <div>
          <dt className="text-muted">{t("embed.createdBy")}</dt>
          <dd>
            {embedKey.creator?.name ?? embedKey.creator?.email ?? "—"} · {formatDateTime(embedKey.createdAt, lng)}
          </dd>
        </div>
      </dl>
      <label className="mt-4 flex flex-col gap-1 text-sm font-semibold">
        {t("embed.snippet")}
        <textarea
          readOnly
          rows={3}
          value={snippet}
          className="rounded-brand border border-border bg-background p-2 font-mono text-xs font-normal"
          onFocus={(e) => e.currentTarget.select()}
        />
      </label>
      <details className="mt-4" open={Boolean(result && !result.ok)}>
        <summary className="cursor-pointer text-sm font-semibold">{t("embed.edit")}</summary>
        <div className="mt-3">
          <KeyForm sources={sources} embedKey={embedKey} result={result} />
        </div>
      </details>
    </Card>
  );
}
