// A brand's shop: its own active products and the shared ones, each with a buy button that starts Stripe
// Checkout (signed-in buyers; the server prices the order). Returning from Checkout shows the order's state.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SiteShell } from "~/components/site-shell";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { formatMoney } from "~/lib/format";
import { translateError } from "~/lib/i18n";
import { getLanguage } from "~/lib/i18n.server";
import { replyFailure, replyInvalid } from "~/lib/result.server";
import { requireBrand } from "~/lib/site.server";
import { getStripe } from "~/lib/stripe.server";
import { brandTitle } from "~/modules/brand/brands";
import { CheckoutSchema } from "~/modules/commerce/checkout.schema";
import { findOwnOrder, shopProducts, startCheckout } from "~/modules/commerce/checkout.server";
import { getSignedInUser } from "~/modules/identity/session.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const brand = requireBrand(context);
  const lng = await getLanguage(request);
  const url = new URL(request.url);
  const user = await getSignedInUser(request);
  const number = url.searchParams.get("order");
  const order = number && user ? await findOwnOrder({ orderNumber: number, userId: user.id }) : null;
  return {
    brand,
    products: await shopProducts(brand, context.registry),
    types: Object.fromEntries([...context.registry.productTypes.values()].map((t) => [t.key, t.label])),
    signedIn: Boolean(user),
    paymentsOn: Boolean(getStripe()),
    order,
    returned: url.searchParams.has("paid") ? "paid" : url.searchParams.has("cancelled") ? "cancelled" : null,
    title: `${lng === "en" ? "Shop" : "ショップ"} — ${brandTitle(brand, lng)}`,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request, context }: ActionFunctionArgs) {
  const brand = requireBrand(context);
  const user = await getSignedInUser(request);
  if (!user) throw redirect(`/login?redirectTo=${encodeURIComponent("/shop")}`);
  const submission = parseWithZod(await readForm(request), { schema: CheckoutSchema });
  // The product the form was for, so the page shows the refusal on its card (or above the list when it is not one).
  const productId = typeof submission.payload.productId === "string" ? submission.payload.productId : null;
  if (submission.status !== "success") return replyInvalid(submission, { productId });
  const result = await startCheckout(submission.value, {
    brand,
    user: { id: user.id, email: user.email },
    shopUrl: `${context.urls[brand]}/shop`,
    registry: context.registry,
  });
  if (!result.ok) return replyFailure(submission, result, { productId });
  return redirect(result.url);
}

/** Every message of a refused submission (its fields' and the form's), as message keys. */
function messagesOf(result: SubmissionResult<string[]> | undefined): string[] {
  return Object.values(result?.error ?? {})
    .flat()
    .filter((m): m is string => typeof m === "string");
}

export default function Shop() {
  const { brand, products, types, signedIn, paymentsOn, order, returned } = useLoaderData<typeof loader>();
  const failed = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <SiteShell brand={brand}>
      <div className="flex flex-col gap-6">
        <div>
          <h1 className="text-3xl font-black text-primary">{t("shop.title")}</h1>
          <p className="mt-2 text-muted">{t("shop.intro")}</p>
        </div>
        {returned === "paid" ? (
          <Alert tone="success">
            {order?.status === "paid"
              ? t("shop.paid", { order: order.orderNumber })
              : t("shop.processing", { order: order?.orderNumber ?? "" })}
          </Alert>
        ) : null}
        {returned === "cancelled" ? <Alert>{t("shop.cancelled")}</Alert> : null}
        {!paymentsOn ? <Alert>{t("shop.paymentsOff")}</Alert> : null}
        {failed && !products.some((p) => p.id === failed.productId) ? (
          <Alert tone="error">
            {messagesOf(failed.result)
              .map((m) => translateError(t, m))
              .join(" ")}
          </Alert>
        ) : null}
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {products.map((product) => {
            const soldOut = product.inventoryCount !== null && product.inventoryCount <= 0;
            return (
              <li key={product.id}>
                <Card className="flex h-full flex-col gap-3">
                  <div className="flex flex-wrap gap-2">
                    <Badge tone="primary">{types[product.productType]?.[lng] ?? product.productType}</Badge>
                    {product.licenseType ? <Badge>{t(`shop.licenses.${product.licenseType}`)}</Badge> : null}
                    {product.characterOwner === "shared" ? <Badge tone="accent">{t("shop.collab")}</Badge> : null}
                  </div>
                  <h2 className="text-lg font-bold">{product.name}</h2>
                  {product.description ? <p className="text-sm text-muted">{product.description}</p> : null}
                  <p className="mt-auto text-2xl font-black tabular-nums">
                    {formatMoney(product.price, lng, product.currency)}
                    {product.isRecurring ? (
                      <span className="text-sm font-normal text-muted"> / {t(`shop.per.${product.recurringInterval ?? "monthly"}`)}</span>
                    ) : null}
                  </p>
                  {product.inventoryCount !== null ? (
                    <p className="text-xs text-muted">{soldOut ? t("shop.soldOut") : t("shop.left", { count: product.inventoryCount })}</p>
                  ) : null}
                  <BuyForm
                    product={product}
                    lastResult={failed?.productId === product.id ? failed.result : undefined}
                    disabled={!paymentsOn || soldOut || navigation.state === "submitting"}
                    label={signedIn ? t("shop.buy") : t("shop.signInToBuy")}
                  />
                </Card>
              </li>
            );
          })}
        </ul>
      </div>
    </SiteShell>
  );
}

/** A product's buy button (and quantity, for what is not a subscription), with the refusal of its last submission. */
function BuyForm({
  product,
  lastResult,
  disabled,
  label,
}: {
  product: { id: string; isRecurring: boolean };
  lastResult: SubmissionResult<string[]> | undefined;
  disabled: boolean;
  label: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: `buy-${product.id}`,
    defaultValue: { productId: product.id, quantity: "1" },
    lastResult: navigation.state === "idle" ? lastResult : undefined,
    constraint: getZodConstraint(CheckoutSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CheckoutSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  // Checked in the browser too (the form does not submit then): its messages, or the server's refusal.
  const errors = Object.values(form.allErrors).flat();
  return (
    <>
      <Form method="post" {...getFormProps(form)} className="flex items-end gap-2">
        <input {...getInputProps(fields.productId, { type: "hidden" })} />
        {!product.isRecurring ? (
          <label className="flex flex-col text-xs font-semibold">
            {t("shop.quantity")}
            <input {...getInputProps(fields.quantity, { type: "number" })} className="w-16 rounded-brand border border-border px-2 py-1" />
          </label>
        ) : null}
        <Button type="submit" disabled={disabled}>
          {label}
        </Button>
      </Form>
      {errors.length ? (
        <p role="alert" className="text-sm text-red-700">
          {errors.map((m) => translateError(t, m)).join(" ")}
        </p>
      ) : null}
    </>
  );
}

// Here rather than only at the root, so an error from this route's action still renders in the site's frame
// (the root's loader runs for a boundary below it, not for its own).
export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
