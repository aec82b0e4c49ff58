// Admin › Orders: both shops' orders, newest first, by status, site or a search for the number or buyer.
import { data, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterInput, FilterSelect } from "~/components/list-filters";
import { FilterBar } from "~/components/admin/filter-bar";
import { Badge } from "~/components/ui/badge";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { formatDateTime, formatMoney } from "~/lib/format";
import { readListQuery } from "~/lib/list";
import { requireAdminHost } from "~/lib/site.server";
import { ORDER_STATUS_TONE } from "~/modules/commerce/commerce-display";
import { listOrders, paidTotalsOf } from "~/modules/commerce/orders.server";
import { ORDER_STATUSES, OrderListQuerySchema } from "~/modules/commerce/products.schema";
import { requirePermission } from "~/modules/identity/permissions.server";
import { useLanguage } from "~/lib/use-language";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "orders", "read");
  // A filter that does not parse is 400 naming it, with the filters still usable (blank ones are absent).
  const { query, fields } = readListQuery(request, OrderListQuerySchema);
  if (!query) return data({ list: null, paidTotals: [], fields }, { status: 400 });
  const [list, paidTotals] = await Promise.all([listOrders(query), paidTotalsOf(query)]);
  return { list, paidTotals, fields };
}

export default function Orders() {
  const { list, paidTotals, fields } = useLoaderData<typeof loader>();
  const orders = list?.items ?? [];
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-baseline justify-between gap-3">
        <h1 className="text-2xl font-black">{t("admin.orders")}</h1>
        <p className="text-sm text-muted" data-paid-totals>
          {t("orders.paidTotal")}: {paidTotals.length ? paidTotals.map((p) => formatMoney(p.amount, lng, p.currency)).join(" · ") : "—"}
        </p>
      </div>
      <FilterBar resetTo="/admin/orders" errors={fields ?? undefined}>
        <FilterInput name="q" type="search" maxLength={100} label={t("orders.search")} invalid={Boolean(fields?.q)} />
        <FilterSelect
          name="status"
          label={t("orders.status")}
          anyLabel={t("leads.any")}
          options={ORDER_STATUSES.map((s) => ({ value: s, label: t(`account.orderStatuses.${s}`) }))}
          invalid={Boolean(fields?.status)}
        />
        <FilterSelect
          name="site"
          label={t("leads.site")}
          anyLabel={t("leads.bothSites")}
          options={(["yuya", "aoba", "shared"] as const).map((s) => ({ value: s, label: t(`account.sites.${s}`) }))}
          invalid={Boolean(fields?.site)}
        />
      </FilterBar>
      <Table caption={t("admin.orders")}>
        <thead>
          <tr>
            <Th>{t("orders.number")}</Th>
            <Th>{t("orders.date")}</Th>
            <Th>{t("orders.buyer")}</Th>
            <Th>{t("orders.items")}</Th>
            <Th>{t("orders.status")}</Th>
            <Th className="text-right">{t("orders.total")}</Th>
          </tr>
        </thead>
        <tbody>
          {orders.map((order) => (
            <Tr key={order.id} data-order={order.orderNumber}>
              <Td className="whitespace-nowrap">
                <Link to={`/admin/orders/${order.id}`} className="font-mono font-semibold text-primary hover:underline">
                  {order.orderNumber}
                </Link>
              </Td>
              <Td className="whitespace-nowrap text-sm">{formatDateTime(order.createdAt, lng)}</Td>
              <Td className="text-sm">{order.buyer ? (order.buyer.name ?? order.buyer.email) : "—"}</Td>
              <Td className="max-w-xs truncate text-sm" title={order.summary}>
                {order.summary}
              </Td>
              <Td>
                <Badge tone={ORDER_STATUS_TONE[order.status]}>{t(`account.orderStatuses.${order.status}`)}</Badge>
              </Td>
              <Td className="text-right tabular-nums">{formatMoney(order.total, lng, order.currency)}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      {list && orders.length === 0 ? <p className="text-center text-muted">{t("orders.none")}</p> : null}
      {list ? <Pagination page={list.page} totalPages={list.totalPages} total={list.total} /> : null}
    </div>
  );
}
