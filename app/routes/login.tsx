// The sign-in page on every host: GitHub and Discord (when configured) and email with a one-time code.
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthFrame } from "~/components/auth-frame";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { safeRedirectPath } from "~/lib/http";
import { getLanguage } from "~/lib/i18n.server";
import { enabledProviders, recordSignInFailure, signInErrorKey } from "~/modules/identity/auth.server";
import { getCookieSession, getSessionStorage, getSignedInUser } from "~/modules/identity/session.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const redirectTo = safeRedirectPath(url.searchParams.get("redirectTo"));
  if (await getSignedInUser(request)) throw redirect(redirectTo);
  const session = await getCookieSession(request);
  const error = signInErrorKey(session.get("auth:error"));
  if (error) await recordSignInFailure(error, requestOrigin(request));
  const lng = await getLanguage(request);
  // Committing clears the flashed error, so it shows once.
  return data(
    { providers: enabledProviders(), redirectTo, error, lng },
    { headers: { "Set-Cookie": await getSessionStorage().commitSession(session) } },
  );
}

export const meta: MetaFunction = () => [{ title: "Sign in — Kizuna" }];

export default function Login() {
  const { providers, redirectTo, error, lng } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <AuthFrame title={t("login.title")}>
      <p className="mb-6 text-muted">{t("login.intro")}</p>
      {error ? (
        <div className="mb-6">
          <Alert tone="error">{t(error)}</Alert>
        </div>
      ) : null}
      {providers.length ? (
        <div className="mb-6 flex flex-col gap-3">
          {providers.map((provider) => (
            <Form key={provider} method="post" action={`/auth/${provider}`}>
              <input type="hidden" name="redirectTo" value={redirectTo} />
              <Button type="submit" variant="secondary" className="w-full">
                {t(`login.${provider}`)}
              </Button>
            </Form>
          ))}
          <p className="text-center text-sm text-muted">{t("login.or")}</p>
        </div>
      ) : null}
      <Form method="post" action="/auth/email" className="flex flex-col gap-2">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <input type="hidden" name="lng" value={lng} />
        <TextField label={t("login.email")} name="email" type="email" autoComplete="email" required />
        <Button type="submit">{t("login.sendCode")}</Button>
      </Form>
    </AuthFrame>
  );
}
