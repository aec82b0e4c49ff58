// The one error boundary: a 400, 403, 404 or 500 page in the site's own frame (brand or admin), in the user's
// language, with the request id to quote. Never a stack trace. A 400 shows the message the action threw
// (`{ error: { message } }` or `{ message }`, already in the user's language), which names the field.
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useRootData } from "~/root";
import { isBrand } from "~/lib/tenant";
import { BRAND_INFO } from "~/modules/brand/brands";
import { SiteShell } from "./site-shell.tsx";
import { buttonClasses } from "./ui/button.tsx";

export function GeneralErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const root = useRootData();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const forbidden = isRouteErrorResponse(error) && error.status === 403;
  const badRequest = isRouteErrorResponse(error) && error.status === 400;
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = badRequest ? messageOf(error.data) : null;

  const body = (
    <section className="mx-auto max-w-xl py-16 text-center">
      <p className="text-6xl font-black text-primary">{status}</p>
      <h1 className="mt-4 text-2xl font-bold">
        {notFound
          ? t("errors.notFoundTitle")
          : forbidden
            ? t("errors.forbiddenTitle")
            : badRequest
              ? t("errors.badRequestTitle")
              : t("errors.serverTitle")}
      </h1>
      <p className="mt-2 text-muted" role={badRequest ? "alert" : undefined}>
        {notFound
          ? t("errors.notFoundBody")
          : forbidden
            ? t("login.errors.forbidden")
            : badRequest
              ? (message ?? t("errors.badRequestBody"))
              : t("errors.serverBody")}
      </p>
      {root?.requestId && !notFound && !forbidden ? (
        <p className="mt-4 text-xs text-muted">{t("errors.requestId", { id: root.requestId })}</p>
      ) : null}
      <Link to="/" className={`${buttonClasses({ variant: "secondary" })} mt-8`}>
        {t("errors.backHome")}
      </Link>
    </section>
  );

  if (root && isBrand(root.site)) {
    return (
      <>
        <title>{`${status} — ${BRAND_INFO[root.site].name.ja}`}</title>
        <SiteShell brand={root.site}>{body}</SiteShell>
      </>
    );
  }
  return (
    <>
      <title>{`${status} — Kizuna CRM`}</title>
      <main className="px-4">{body}</main>
    </>
  );
}

function messageOf(value: unknown): string | null {
  if (typeof value === "string") return value || null;
  const body = value as { message?: unknown; error?: { message?: unknown } } | null;
  const message = body?.error?.message ?? body?.message;
  return typeof message === "string" ? message : null;
}
