// A brand's shop: its own active products and the shared ones, each with a buy button that starts Stripe
// Checkout (signed-in buyers; the server prices the order). Returning from Checkout shows the order's state.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SiteShell } from "~/components/site-shell";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { formatMoney } from "~/lib/format";
import { messagesByField } from "~/lib/http";
import { translateError } from "~/lib/i18n";
import { getLanguage } from "~/lib/i18n.server";
import { requireBrand } from "~/lib/site.server";
import { getStripe } from "~/lib/stripe.server";
import { brandTitle } from "~/modules/brand/brands";
import { CheckoutSchema, findOwnOrder, shopProducts, startCheckout } from "~/modules/commerce/checkout.server";
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
  const parsed = CheckoutSchema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success)
    return data({ fields: messagesByField(parsed.error.issues, "productId"), productId: null as string | null }, { status: 400 });
  const result = await startCheckout(parsed.data, {
    brand,
    user: { id: user.id, email: user.email },
    shopUrl: `${context.urls[brand]}/shop`,
    registry: context.registry,
  });
  if (!result.ok)
    return data(
      { fields: { [result.field ?? "productId"]: [result.message] }, productId: parsed.data.productId },
      { status: result.status },
    );
  return redirect(result.url);
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
            {Object.values(failed.fields)
              .flat()
              .map((m) => translateError(t, m))
              .join(" ")}
          </Alert>
        ) : null}
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {products.map((product) => {
            const soldOut = product.inventoryCount !== null && product.inventoryCount <= 0;
            const errors = failed?.productId === product.id ? Object.values(failed.fields).flat() : [];
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
                  <Form method="post" className="flex items-end gap-2">
                    <input type="hidden" name="productId" value={product.id} />
                    {!product.isRecurring ? (
                      <label className="flex flex-col text-xs font-semibold">
                        {t("shop.quantity")}
                        <input
                          name="quantity"
                          type="number"
                          min={1}
                          max={10}
                          defaultValue={1}
                          className="w-16 rounded-brand border border-border px-2 py-1"
                        />
                      </label>
                    ) : null}
                    <Button type="submit" disabled={!paymentsOn || soldOut || navigation.state === "submitting"}>
                      {signedIn ? t("shop.buy") : t("shop.signInToBuy")}
                    </Button>
                  </Form>
                  {errors.length ? (
                    <p role="alert" className="text-sm text-red-700">
                      {errors.map((m) => translateError(t, m)).join(" ")}
                    </p>
                  ) : null}
                </Card>
              </li>
            );
          })}
        </ul>
      </div>
    </SiteShell>
  );
}

// Here rather than only at the root, so an error from this route's action still renders in the site's frame
// (the root's loader runs for a boundary below it, not for its own).
export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
