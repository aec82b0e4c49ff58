// Admin › Products › New: a product for one brand's shop (or both), of a type a plugin registered.
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Card } from "~/components/ui/card";
import { getLanguage } from "~/lib/i18n.server";
import { requireAdminHost } from "~/lib/site.server";
import { orThrow, replyInvalid } from "~/lib/result.server";
import { ProductForm } from "~/modules/commerce/product-form";
import { productSchema } from "~/modules/commerce/products.schema";
import { createProduct, productTypeOptions } from "~/modules/commerce/products.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { readForm } from "~/lib/form.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "products", "create");
  return { types: productTypeOptions(context.registry, await getLanguage(request)) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "products", "create");
  const submission = parseWithZod(await readForm(request), { schema: productSchema([...context.registry.productTypes.keys()]) });
  if (submission.status !== "success") return replyInvalid(submission);
  const product = orThrow(await createProduct(submission.value, actor, requestOrigin(request)));
  return redirect(`/admin/products/${product.id}`);
}

export default function NewProduct() {
  const { types } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  return (
    <div className="flex flex-col gap-5">
      <div>
        <Link to="/admin/products" className="text-sm text-primary hover:underline">
          ← {t("admin.products")}
        </Link>
        <h1 className="mt-1 text-2xl font-black">{t("products.new")}</h1>
      </div>
      <Card>
        <ProductForm intent="create" types={types} lastResult={result?.result} submitLabel={t("products.create")} />
      </Card>
    </div>
  );
}
