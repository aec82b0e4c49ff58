// Admin › Products: both shops' products with what each has sold, filters kept in the URL.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterInput, FilterSelect } from "~/components/list-filters";
import { FilterBar } from "~/components/admin/filter-bar";
import { Badge } from "~/components/ui/badge";
import { buttonClasses } from "~/components/ui/button";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { formatMoney } from "~/lib/format";
import { getLanguage } from "~/lib/i18n.server";
import { readListQuery } from "~/lib/list";
import { requireAdminHost } from "~/lib/site.server";
import { PRODUCT_STATUS_TONE } from "~/modules/commerce/commerce-display";
import { PRODUCT_STATUSES, ProductListQuerySchema } from "~/modules/commerce/products.schema";
import { listProducts, productTypeOptions } from "~/modules/commerce/products.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { useLanguage } from "~/lib/use-language";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "products", "read");
  // A filter that does not parse is 400 naming it, with the filters still usable (blank ones are absent).
  const { query, fields } = readListQuery(request, ProductListQuerySchema);
  const types = productTypeOptions(context.registry, await getLanguage(request));
  const canCreate = can(actor.role, "products", "create");
  if (!query) return data({ list: null, fields, types, canCreate }, { status: 400 });
  return { list: await listProducts(query), fields, types, canCreate };
}

export default function Products() {
  const { list, fields, types, canCreate } = useLoaderData<typeof loader>();
  const products = list?.items ?? [];
  const { t } = useTranslation();
  const lng = useLanguage();
  const typeLabel = new Map(types.map((type) => [type.key, type.label]));
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-black">{t("admin.products")}</h1>
        {canCreate ? (
          <Link to="/admin/products/new" className={buttonClasses({})}>
            {t("products.new")}
          </Link>
        ) : null}
      </div>
      <FilterBar resetTo="/admin/products" errors={fields ?? undefined}>
        <FilterInput name="q" type="search" maxLength={100} label={t("products.search")} invalid={Boolean(fields?.q)} />
        <FilterSelect
          name="owner"
          label={t("products.owner")}
          anyLabel={t("leads.bothSites")}
          options={(["yuya", "aoba", "shared"] as const).map((s) => ({ value: s, label: t(`account.sites.${s}`) }))}
          invalid={Boolean(fields?.owner)}
        />
        <FilterSelect
          name="type"
          label={t("products.type")}
          anyLabel={t("leads.any")}
          options={types.map((type) => ({ value: type.key, label: type.label }))}
          invalid={Boolean(fields?.type)}
        />
        <FilterSelect
          name="status"
          label={t("products.status")}
          anyLabel={t("leads.any")}
          options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`products.statuses.${s}`) }))}
          invalid={Boolean(fields?.status)}
        />
      </FilterBar>
      <Table caption={t("admin.products")}>
        <thead>
          <tr>
            <Th>{t("products.name")}</Th>
            <Th>{t("products.owner")}</Th>
            <Th>{t("products.type")}</Th>
            <Th className="text-right">{t("products.price")}</Th>
            <Th>{t("products.status")}</Th>
            <Th className="text-right">{t("products.inventory")}</Th>
            <Th className="text-right">{t("products.sold")}</Th>
            <Th className="text-right">{t("products.revenue")}</Th>
          </tr>
        </thead>
        <tbody>
          {products.map((product) => (
            <Tr key={product.id} data-product={product.id}>
              <Td>
                <Link to={`/admin/products/${product.id}`} className="font-semibold text-primary hover:underline">
                  {product.name}
                </Link>
                {product.isRecurring ? (
                  <div className="text-xs text-muted">{t(`products.intervals.${product.recurringInterval}`)}</div>
                ) : null}
              </Td>
              <Td>{t(`account.sites.${product.characterOwner}`)}</Td>
              <Td>{typeLabel.get(product.productType) ?? <span title={t("products.typeUnregistered")}>{product.productType} ⚠</span>}</Td>
              <Td className="text-right tabular-nums">{formatMoney(product.price, lng, product.currency)}</Td>
              <Td>
                <Badge tone={PRODUCT_STATUS_TONE[product.status]}>{t(`products.statuses.${product.status}`)}</Badge>
              </Td>
              <Td className="text-right tabular-nums">{product.inventoryCount ?? "∞"}</Td>
              <Td className="text-right tabular-nums">{product.sold}</Td>
              <Td className="text-right tabular-nums">{formatMoney(product.revenue, lng, product.currency)}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      {list && products.length === 0 ? <p className="text-center text-muted">{t("products.none")}</p> : null}
      {list ? <Pagination page={list.page} totalPages={list.totalPages} total={list.total} /> : null}
    </div>
  );
}
