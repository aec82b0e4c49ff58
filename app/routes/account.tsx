// The account page of a brand site: the user's profile (user_profiles), their plan, the ways they sign in,
// every device where they are signed in (each can be signed out from here), and their data: a JSON copy,
// their marketing consent with its history, and erasure of the account.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SiteShell } from "~/components/site-shell";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button, buttonClasses } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { ordersOf } from "~/modules/commerce/downloads.server";
import { cancelSubscription, subscriptionsOf } from "~/modules/commerce/subscriptions.server";
import { CheckboxField, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { describeUserAgent, formatDateTime, formatMoney } from "~/lib/format";
import { getLanguage } from "~/lib/i18n.server";
import { requireBrand } from "~/lib/site.server";
import { brandTitle } from "~/modules/brand/brands";
import { translateError } from "~/lib/i18n";
import { loadAccount, updateProfile } from "~/modules/identity/account.server";
import { CHARACTERS, ProfileFormSchema } from "~/modules/identity/profile.schema";
import { endSession, requireUser, revokeSession } from "~/modules/identity/session.server";
import { consentOf, erasePerson } from "~/modules/privacy/gdpr.server";
import { eraseOwnAccountSchema } from "~/modules/privacy/gdpr.schema";
import { isUuid } from "~/lib/http";
import { fail, statusOf } from "~/lib/result";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const brand = requireBrand(context);
  const user = await requireUser(request);
  const lng = await getLanguage(request);
  const [account, orders, subscriptions, consent] = await Promise.all([
    loadAccount(user.id),
    ordersOf(user.id),
    subscriptionsOf(user.id),
    consentOf(user.id),
  ]);
  return {
    brand,
    account,
    orders,
    subscriptions: subscriptions.map((s) => ({ ...s, product: s.product ? { ...s.product, price: s.product.price.toString() } : null })),
    consent,
    currentSessionId: user.sessionId,
    title: `${lng === "en" ? "Account" : "アカウント"} — ${brandTitle(brand, lng)}`,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }, { name: "robots", content: "noindex" }];

export async function action({ request, context }: ActionFunctionArgs) {
  requireBrand(context);
  const user = await requireUser(request);
  const form = await readForm(request);
  const origin = requestOrigin(request);
  const intent = form.get("intent");

  if (intent === "revoke") {
    const sessionId = String(form.get("sessionId") ?? "");
    if (sessionId === user.sessionId) {
      // Signing out this device is signing out.
      return redirect("/", { headers: { "Set-Cookie": await endSession(request) } });
    }
    if (!(await revokeSession(user.id, sessionId, origin)))
      return data({ intent, result: null, saved: false, revokeError: "account.sessionGone" }, { status: 404 });
    return { intent, result: null, saved: false, revokeError: null };
  }

  if (intent === "cancelSubscription") {
    const subscriptionId = String(form.get("subscriptionId") ?? "");
    const cancelled = isUuid(subscriptionId)
      ? await cancelSubscription(user.id, subscriptionId, origin)
      : fail("not_found", "account.subscriptionUnknown");
    if (!cancelled.ok) return data({ intent, result: null, saved: false, revokeError: cancelled.message }, { status: statusOf(cancelled) });
    return { intent, result: null, saved: true, revokeError: null };
  }

  if (intent === "erase") {
    const submission = parseWithZod(form, { schema: eraseOwnAccountSchema(user.email) });
    if (submission.status !== "success")
      return data({ intent, result: submission.reply(), saved: false, revokeError: null }, { status: 400 });
    const erased = await erasePerson({ userId: user.id }, { actorId: user.id, origin });
    if (erased.status === "last_admin" || erased.status === "conflict") {
      return data(
        {
          intent,
          result: submission.reply({
            fieldErrors: { confirmEmail: [`privacy.${erased.status === "last_admin" ? "lastAdmin" : "conflict"}`] },
          }),
          saved: false,
          revokeError: null,
        },
        { status: 409 },
      );
    }
    // Erased (or, for a replayed request, already erased): the sessions are gone; clear this browser's cookie too.
    return redirect("/account/erased", { headers: { "Set-Cookie": await endSession(request) } });
  }

  if (intent !== "profile")
    return data({ intent: null, result: null, saved: false, revokeError: "account.unknownAction" }, { status: 400 });
  const submission = parseWithZod(form, { schema: ProfileFormSchema });
  if (submission.status !== "success")
    return data({ intent, result: submission.reply(), saved: false, revokeError: null }, { status: 400 });
  await updateProfile(user.id, submission.value, origin);
  return { intent, result: submission.reply(), saved: true, revokeError: null };
}

export default function Account() {
  const { brand, account, orders, subscriptions, consent, currentSessionId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lng = useLanguage();
  const [form, fields] = useForm({
    id: "profile",
    defaultValue: account.profile,
    lastResult: navigation.state === "idle" && actionData?.intent === "profile" ? actionData.result : undefined,
    constraint: getZodConstraint(ProfileFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProfileFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const eraseSchema = eraseOwnAccountSchema(account.email);
  const [eraseForm, eraseFields] = useForm({
    id: "erase",
    lastResult: navigation.state === "idle" && actionData?.intent === "erase" ? actionData.result : undefined,
    constraint: getZodConstraint(eraseSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: eraseSchema }),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
  });
  const errors = (list?: string[]) => list?.map((message) => translateError(t, message));
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "profile";

  return (
    <SiteShell brand={brand}>
      <div className="mx-auto flex max-w-3xl flex-col gap-8">
        <div>
          <h1 className="text-3xl font-black text-primary">{t("account.title")}</h1>
          <p className="mt-2 flex flex-wrap items-center gap-2 text-muted">
            <span>{account.email}</span>
            <span aria-hidden="true">·</span>
            <span>{t("account.subscriptionTier")}</span>
            <Badge tone="primary">{t(`account.tiers.${account.subscriptionTier}`)}</Badge>
          </p>
        </div>

        <Card>
          <CardTitle>{t("account.profile")}</CardTitle>
          {actionData?.saved && navigation.state === "idle" ? (
            <div className="mb-4">
              <Alert tone="success">{t("account.saved")}</Alert>
            </div>
          ) : null}
          <Form method="post" {...getFormProps(form)} className="flex flex-col gap-2">
            <input type="hidden" name="intent" value="profile" />
            <TextField
              label={t("account.displayName")}
              autoComplete="nickname"
              errors={errors(fields.displayName.errors)}
              {...getInputProps(fields.displayName, { type: "text" })}
            />
            <TextareaField label={t("account.bio")} rows={3} errors={errors(fields.bio.errors)} {...getTextareaProps(fields.bio)} />
            <div className="grid gap-2 sm:grid-cols-2">
              <TextField
                label={t("account.websiteUrl")}
                autoComplete="url"
                placeholder="https://"
                errors={errors(fields.websiteUrl.errors)}
                {...getInputProps(fields.websiteUrl, { type: "url" })}
              />
              <TextField
                label={t("account.twitterHandle")}
                placeholder="@handle"
                errors={errors(fields.twitterHandle.errors)}
                {...getInputProps(fields.twitterHandle, { type: "text" })}
              />
              <TextField
                label={t("account.discordId")}
                errors={errors(fields.discordId.errors)}
                {...getInputProps(fields.discordId, { type: "text" })}
              />
              <SelectField
                label={t("account.preferredCharacter")}
                errors={errors(fields.preferredCharacter.errors)}
                options={CHARACTERS.map((value) => ({ value, label: t(`account.characters.${value}`) }))}
                {...getSelectProps(fields.preferredCharacter)}
              />
            </div>
            <CheckboxField
              label={t("account.marketingConsent")}
              errors={errors(fields.marketingConsent.errors)}
              {...getInputProps(fields.marketingConsent, { type: "checkbox", value: "on" })}
            />
            <div>
              <Button type="submit" disabled={saving}>
                {t("account.save")}
              </Button>
            </div>
          </Form>
        </Card>

        <Card>
          <CardTitle>{t("account.connected")}</CardTitle>
          <ul className="flex flex-col divide-y divide-border">
            {account.accounts.map((linked) => (
              <li key={linked.id} className="flex items-center justify-between py-2">
                <span className="font-semibold">{t(`account.providers.${linked.provider}`, { defaultValue: linked.provider })}</span>
                <span className="text-sm text-muted">{t("account.connectedOn", { date: formatDateTime(linked.createdAt, lng) })}</span>
              </li>
            ))}
          </ul>
        </Card>

        {subscriptions.length > 0 ? (
          <Card>
            <CardTitle>{t("account.subscriptions")}</CardTitle>
            {actionData?.intent === "cancelSubscription" && navigation.state === "idle" ? (
              <Alert tone={actionData.revokeError ? "error" : "success"}>
                {t(actionData.revokeError ?? "account.subscriptionCancelled")}
              </Alert>
            ) : null}
            <ul className="flex flex-col divide-y divide-border">
              {subscriptions.map((subscription) => (
                <li
                  key={subscription.id}
                  className="flex flex-wrap items-center justify-between gap-2 py-3"
                  data-subscription={subscription.id}
                >
                  <span className="flex flex-col">
                    <span className="font-semibold">{subscription.product?.name ?? "—"}</span>
                    <span className="text-sm text-muted">
                      {t(`products.intervals.${subscription.interval}`)} ·{" "}
                      {t("account.subscriptionSince", { date: formatDateTime(subscription.startedAt, lng) })}
                      {subscription.renewals ? ` · ${t("account.subscriptionRenewals", { count: subscription.renewals })}` : ""}
                    </span>
                  </span>
                  {subscription.status === "active" ? (
                    <Form method="post" onSubmit={(event) => !confirm(t("account.subscriptionCancelConfirm")) && event.preventDefault()}>
                      <input type="hidden" name="intent" value="cancelSubscription" />
                      <input type="hidden" name="subscriptionId" value={subscription.id} />
                      <Button type="submit" size="sm" variant="secondary">
                        {t("account.subscriptionCancel")}
                      </Button>
                    </Form>
                  ) : (
                    <Badge tone="neutral">
                      {t("account.subscriptionEndedOn", { date: formatDateTime(subscription.cancelledAt, lng) })}
                    </Badge>
                  )}
                </li>
              ))}
            </ul>
          </Card>
        ) : null}

        <Card>
          <CardTitle>{t("account.orders")}</CardTitle>
          {orders.length === 0 ? <p className="text-sm text-muted">{t("account.noOrders")}</p> : null}
          <ul className="flex flex-col divide-y divide-border">
            {orders.map((order) => (
              <li key={order.id} className="flex flex-col gap-2 py-3" data-order={order.orderNumber}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <span className="font-mono font-semibold">{order.orderNumber}</span>
                  <span className="flex items-center gap-2 text-sm text-muted">
                    {formatDateTime(order.createdAt, lng)}
                    <Badge
                      tone={
                        order.status === "refunded" || order.status === "cancelled"
                          ? "neutral"
                          : order.status === "pending"
                            ? "warning"
                            : "success"
                      }
                    >
                      {t(`account.orderStatuses.${order.status}`)}
                    </Badge>
                    <span className="font-semibold text-text">{formatMoney(order.total, lng, order.currency)}</span>
                  </span>
                </div>
                <ul className="flex flex-col gap-1 text-sm">
                  {order.items.map((item) => (
                    <li key={item.id} className="flex flex-wrap items-center justify-between gap-2">
                      <span>
                        {item.name} × {item.quantity}
                        {item.licenseKey ? (
                          <code className="ml-2 rounded bg-border/40 px-1.5 py-0.5 text-xs">{item.licenseKey}</code>
                        ) : null}
                      </span>
                      {item.downloadLimit !== null || item.link ? (
                        <span className="flex items-center gap-2 text-muted">
                          {item.downloadLimit !== null
                            ? t("account.downloads", { used: item.downloadCount, limit: item.downloadLimit })
                            : null}
                          {item.link ? (
                            <a href={item.link} className="font-semibold text-primary hover:underline" download>
                              {t("account.download")}
                            </a>
                          ) : null}
                        </span>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </Card>

        <Card>
          <CardTitle>{t("account.sessions")}</CardTitle>
          {actionData?.revokeError ? (
            <div className="mb-4">
              <Alert tone="error">{t(actionData.revokeError)}</Alert>
            </div>
          ) : null}
          <ul className="flex flex-col divide-y divide-border">
            {account.sessions.map((session) => (
              <li key={session.id} className="flex flex-wrap items-center justify-between gap-2 py-3" data-session={session.id}>
                <div className="flex flex-col">
                  <span className="flex items-center gap-2 font-semibold">
                    {describeUserAgent(session.userAgent) ?? t("account.unknownDevice")}
                    {session.id === currentSessionId ? <Badge tone="success">{t("account.thisSession")}</Badge> : null}
                  </span>
                  <span className="text-sm text-muted">
                    {[
                      session.site ? t(`account.sites.${session.site}`, { defaultValue: session.site }) : null,
                      session.ipAddress,
                      t("account.lastUsed", { date: formatDateTime(session.lastUsedAt ?? session.createdAt, lng) }),
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </div>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="sessionId" value={session.id} />
                  <Button type="submit" variant="secondary" size="sm">
                    {session.id === currentSessionId ? t("login.signOut") : t("account.revoke")}
                  </Button>
                </Form>
              </li>
            ))}
          </ul>
        </Card>

        <Card>
          <CardTitle>{t("privacy.yourData")}</CardTitle>
          <div className="flex flex-col gap-6" data-card="your-data">
            <section className="flex flex-col gap-2">
              <p className="text-sm text-muted">{t("privacy.downloadIntro")}</p>
              <div>
                <a href="/account/data.json" download className={buttonClasses({ variant: "secondary" })}>
                  {t("privacy.download")}
                </a>
              </div>
            </section>

            <section className="flex flex-col gap-2" aria-labelledby="consent-heading">
              <h3 id="consent-heading" className="font-bold">
                {t("privacy.consentTitle")}
              </h3>
              <p className="flex items-center gap-2 text-sm">
                {t("privacy.consentNow")}
                <Badge tone={consent.current ? "success" : "neutral"}>{t(consent.current ? "privacy.granted" : "privacy.withdrawn")}</Badge>
              </p>
              {consent.history.length ? (
                <ul className="flex flex-col gap-1 text-sm text-muted" aria-label={t("privacy.consentHistory")}>
                  {consent.history.map((change, index) => (
                    <li key={index} data-consent={change.granted ? "granted" : "withdrawn"}>
                      {t(change.granted ? "privacy.consentGrantedOn" : "privacy.consentWithdrawnOn", {
                        date: formatDateTime(change.createdAt, lng),
                      })}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-muted">{t("privacy.noConsentChanges")}</p>
              )}
            </section>

            <section className="flex flex-col gap-2 border-t border-border pt-4" aria-labelledby="erase-heading">
              <h3 id="erase-heading" className="font-bold text-red-800">
                {t("privacy.eraseTitle")}
              </h3>
              <p className="text-sm">{t("privacy.eraseDeleted")}</p>
              <p className="text-sm">{t("privacy.eraseKept")}</p>
              <p className="text-sm font-semibold">{t("privacy.eraseFinal")}</p>
              <Form method="post" {...getFormProps(eraseForm)} className="flex flex-col gap-2">
                <input type="hidden" name="intent" value="erase" />
                <TextField
                  label={t("privacy.confirmOwnEmail", { email: account.email })}
                  autoComplete="off"
                  errors={errors(eraseFields.confirmEmail.errors)}
                  {...getInputProps(eraseFields.confirmEmail, { type: "text" })}
                />
                <div>
                  <button
                    type="submit"
                    className="inline-flex items-center justify-center rounded-brand bg-red-700 px-4 py-2 font-semibold text-white shadow-sm hover:bg-red-800"
                  >
                    {t("privacy.eraseButton")}
                  </button>
                </div>
              </Form>
            </section>
          </div>
        </Card>
      </div>
    </SiteShell>
  );
}

// Here rather than only at the root, so an error from this route's action still renders in the site's frame
// (the root's loader runs for a boundary below it, not for its own).
export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
