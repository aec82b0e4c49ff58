// The second step of email sign-in: enter the code from the mail (or open its link).
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { AuthFrame } from "~/components/auth-frame";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { TextField } from "~/components/ui/field";
import { signInErrorKey } from "~/modules/identity/auth.server";
import { getCookieSession, getSessionStorage } from "~/modules/identity/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const session = await getCookieSession(request);
  const email: unknown = session.get("auth:email");
  const error = signInErrorKey(session.get("auth:error"));
  if (typeof email !== "string") throw redirect("/login");
  return data({ email, error }, { headers: { "Set-Cookie": await getSessionStorage().commitSession(session) } });
}

export const meta: MetaFunction = () => [{ title: "Sign in — Kizuna" }];

export default function LoginCode() {
  const { email, error } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <AuthFrame title={t("login.codeTitle")}>
      <p className="mb-6 text-muted">{t("login.codeIntro", { email })}</p>
      {error ? (
        <div className="mb-6">
          <Alert tone="error">{t(error)}</Alert>
        </div>
      ) : null}
      <Form method="post" action="/auth/email" className="flex flex-col gap-2">
        <TextField label={t("login.code")} name="code" inputMode="numeric" autoComplete="one-time-code" required />
        <Button type="submit">{t("login.verify")}</Button>
      </Form>
      <Link to="/login" className="mt-4 inline-block text-sm text-primary hover:underline">
        {t("login.resend")}
      </Link>
    </AuthFrame>
  );
}
