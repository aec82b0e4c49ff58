// /feedback/:token on a brand site: the requester rates how an inquiry was handled, 1–5, once. The token in
// the link (signed, 30 days) is the only credential: no sign-in.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SiteShell } from "~/components/site-shell";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { requireBrand } from "~/lib/site.server";
import { checkFeedbackToken, rateInquiry } from "~/modules/inquiries/inbox.server";
import { readForm } from "~/lib/form.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const brand = requireBrand(context);
  const check = await checkFeedbackToken(params.token ?? "");
  return data(
    {
      brand,
      check: check.ok ? { ok: true as const, subject: check.subject, rated: check.rated } : { ok: false as const, message: check.message },
    },
    { status: check.ok ? 200 : 404 },
  );
}

export const meta: MetaFunction = () => [{ title: "Feedback" }, { name: "robots", content: "noindex" }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireBrand(context);
  const check = await checkFeedbackToken(params.token ?? "");
  if (!check.ok) return data({ outcome: "invalid" as const }, { status: 404 });
  const rating = Number((await readForm(request)).get("rating"));
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) return data({ outcome: "bad_rating" as const }, { status: 400 });
  const recorded = await rateInquiry(check.inquiryId, rating);
  return data({ outcome: recorded ? ("thanks" as const) : ("already" as const) }, { status: recorded ? 200 : 409 });
}

export default function Feedback() {
  const { brand, check } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const done = result?.outcome === "thanks" || result?.outcome === "already" || (check.ok && check.rated);
  return (
    <SiteShell brand={brand}>
      <Card className="mx-auto max-w-lg">
        <h1 className="text-2xl font-black text-primary">{t("feedback.title")}</h1>
        {!check.ok ? (
          <p className="mt-3">{t(check.message)}</p>
        ) : done ? (
          <Alert tone="success">{t(result?.outcome === "thanks" ? "feedback.thanks" : "feedback.already")}</Alert>
        ) : (
          <Form method="post" className="mt-3 flex flex-col gap-3">
            <p>{t("feedback.question", { subject: check.subject })}</p>
            {result?.outcome === "bad_rating" ? <Alert tone="error">{t("feedback.pick")}</Alert> : null}
            <fieldset className="flex gap-2">
              <legend className="sr-only">{t("feedback.scale")}</legend>
              {[1, 2, 3, 4, 5].map((value) => (
                <Button
                  key={value}
                  type="submit"
                  name="rating"
                  value={value}
                  variant="secondary"
                  aria-label={t("feedback.stars", { count: value })}
                >
                  {"★".repeat(value)}
                </Button>
              ))}
            </fieldset>
          </Form>
        )}
      </Card>
    </SiteShell>
  );
}

// Here rather than only at the root, so an error from this route's action still renders in the site's frame
// (the root's loader runs for a boundary below it, not for its own).
export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
