// Admin › Product: edit it (type from the plugin registry), see its recent orders, and delete it while nothing
// was ordered (afterwards it can only be discontinued: orders keep pointing at it).
import { stat } from "node:fs/promises";
import path from "node:path";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DeleteCard } from "~/components/admin/delete-card";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Card, CardTitle } from "~/components/ui/card";
import { getEnv } from "~/lib/env.server";
import { formatDate, formatMoney } from "~/lib/format";
import { found, uuidParam } from "~/lib/http";
import { getLanguage } from "~/lib/i18n.server";
import { dispatchIntent, replyFailure, replyInvalid, replyOk } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { ORDER_STATUS_TONE, PRODUCT_STATUS_TONE } from "~/modules/commerce/commerce-display";
import { ProductForm } from "~/modules/commerce/product-form";
import { OrderActionSchema as NoFields, productSchema } from "~/modules/commerce/products.schema";
import { deleteProduct, getProduct, productTypeOptions, updateProduct } from "~/modules/commerce/products.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

/** Whether the product's file is where downloads will look for it. */
async function fileFound(fileUrl: string | null): Promise<boolean | null> {
  if (!fileUrl) return null;
  const root = path.resolve(getEnv().PRODUCT_FILES_DIR);
  return stat(path.resolve(root, fileUrl)).then(
    (s) => s.isFile(),
    () => false,
  );
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "products", "read");
  const product = found(await getProduct(uuidParam(params.id)));
  return {
    product,
    fileFound: await fileFound(product.fileUrl),
    types: productTypeOptions(context.registry, await getLanguage(request)),
    canEdit: can(actor.role, "products", "update"),
    canDelete: can(actor.role, "products", "delete"),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.product.name ?? "Product"} — Kizuna` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const id = uuidParam(params.id);
  const origin = requestOrigin(request);
  return dispatchIntent(request, await readForm(request), {
    update: async (form) => {
      const actor = await requirePermission(request, "products", "update");
      const submission = parseWithZod(form, { schema: productSchema([...context.registry.productTypes.keys()]) });
      if (submission.status !== "success") return replyInvalid(submission, { message: "leadDetail.checkFields" });
      const updated = await updateProduct(id, submission.value, actor, origin);
      return updated.ok
        ? replyOk(submission, { message: "leadDetail.saved" })
        : replyFailure(submission, updated, { message: updated.message });
    },
    // A product that was ordered is refused beside the page's message (409), not thrown: the page stays usable.
    delete: async (form) => {
      const actor = await requirePermission(request, "products", "delete");
      const deleted = await deleteProduct(id, actor, origin);
      if (!deleted.ok) return replyFailure(parseWithZod(form, { schema: NoFields }), deleted, { message: deleted.message });
      throw redirect("/admin/products");
    },
  });
}

export default function ProductPage() {
  const { product, fileFound, types, canEdit, canDelete } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link to="/admin/products" className="text-sm text-primary hover:underline">
          ← {t("admin.products")}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-black">
          {product.name} <Badge tone={PRODUCT_STATUS_TONE[product.status]}>{t(`products.statuses.${product.status}`)}</Badge>
        </h1>
        <p className="text-sm text-muted">
          {t(`account.sites.${product.characterOwner}`)} · {formatMoney(product.price, lng, product.currency)}
          {product.isRecurring ? ` / ${t(`products.intervals.${product.recurringInterval}`)}` : ""}
        </p>
      </div>
      {result && navigation.state === "idle" ? <Alert tone={result.ok ? "success" : "error"}>{t(result.message)}</Alert> : null}
      {fileFound === false ? <Alert tone="error">{t("products.fileMissing", { file: product.fileUrl })}</Alert> : null}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="flex flex-col gap-6">
          {canEdit ? (
            <Card>
              <CardTitle>{t("leadDetail.details")}</CardTitle>
              <ProductForm
                intent="update"
                types={types}
                values={product}
                lastResult={result?.result}
                submitLabel={t("account.save")}
                key={String(product.updatedAt)}
              />
            </Card>
          ) : null}
        </div>
        <div className="flex flex-col gap-6">
          <Card>
            <CardTitle>{t("products.recentOrders")}</CardTitle>
            <ul className="flex flex-col divide-y divide-border">
              {product.recent.map((item) => (
                <li key={item.id} className="flex items-center justify-between gap-2 py-2 text-sm">
                  <Link to={`/admin/orders/${item.order.id}`} className="font-mono font-semibold text-primary hover:underline">
                    {item.order.orderNumber}
                  </Link>
                  <span className="flex items-center gap-2">
                    <Badge tone={ORDER_STATUS_TONE[item.order.status]}>{t(`account.orderStatuses.${item.order.status}`)}</Badge>
                    <span className="tabular-nums">{formatMoney(item.totalPrice, lng, item.order.currency)}</span>
                    <span className="text-muted">{formatDate(item.order.createdAt, lng)}</span>
                  </span>
                </li>
              ))}
            </ul>
            {product.recent.length === 0 ? <p className="text-muted">{t("products.noOrders")}</p> : null}
          </Card>
          {canDelete ? (
            <DeleteCard
              title={t("products.delete")}
              hint={t(product.ordered ? "products.deleteHasOrders" : "products.deleteHint")}
              confirm={t("products.deleteConfirm", { name: product.name })}
              disabled={product.ordered > 0}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
}
