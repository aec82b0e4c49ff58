// Admin › Order: its lines (licenses, downloads), payment and buyer, its history, and what staff can do —
// the next fulfilment step, cancel while pending, refund once paid.
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { formatDateTime, formatMoney } from "~/lib/format";
import { found, uuidParam } from "~/lib/http";
import type { Result } from "~/lib/result";
import { dispatchIntent, replyFailure, replyInvalid, replyOk } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { ORDER_STATUS_TONE } from "~/modules/commerce/commerce-display";
import { advanceOrder, cancelOrder, getOrder, refundOrder } from "~/modules/commerce/orders.server";
import { OrderAdvanceSchema, OrderActionSchema } from "~/modules/commerce/products.schema";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "orders", "read");
  const order = found(await getOrder(uuidParam(params.id)));
  return { order, canUpdate: can(actor.role, "orders", "update") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.order.orderNumber ?? "Order"} — Kizuna` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "orders", "update");
  const id = uuidParam(params.id);
  const origin = requestOrigin(request);
  // Each button's form; the page shows the outcome (its message) above the order.
  const reply = (submission: Parameters<typeof replyOk>[0], result: Result<{ status: string }>, intent: string) =>
    result.ok ? replyOk(submission, { message: `orders.done.${intent}` }) : replyFailure(submission, result, { message: result.message });
  return dispatchIntent(request, await readForm(request), {
    advance: async (form, intent) => {
      const submission = parseWithZod(form, { schema: OrderAdvanceSchema });
      if (submission.status !== "success") return replyInvalid(submission, { message: "orders.unknownAction" });
      return reply(submission, await advanceOrder(id, submission.value.from, actor, origin), intent);
    },
    cancel: async (form, intent) => reply(parseWithZod(form, { schema: OrderActionSchema }), await cancelOrder(id, actor, origin), intent),
    refund: async (form, intent) => reply(parseWithZod(form, { schema: OrderActionSchema }), await refundOrder(id, actor, origin), intent),
  });
}

export default function OrderPage() {
  const { order, canUpdate } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lng = useLanguage();
  const busy = navigation.state !== "idle";
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link to="/admin/orders" className="text-sm text-primary hover:underline">
          ← {t("admin.orders")}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-black">
          <span className="font-mono">{order.orderNumber}</span>
          <Badge tone={ORDER_STATUS_TONE[order.status]}>{t(`account.orderStatuses.${order.status}`)}</Badge>
        </h1>
        <p className="text-sm text-muted">
          {formatDateTime(order.createdAt, lng)} · {formatMoney(order.totalAmount, lng, order.currency)}
        </p>
      </div>
      {result && navigation.state === "idle" ? <Alert tone={result.ok ? "success" : "error"}>{t(result.message)}</Alert> : null}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="flex flex-col gap-6">
          <Card>
            <CardTitle>{t("orders.items")}</CardTitle>
            <ul className="flex flex-col divide-y divide-border">
              {order.items.map((item) => (
                <li key={item.id} className="flex flex-col gap-1 py-2" data-item={item.id}>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    {item.product ? (
                      <Link to={`/admin/products/${item.product.id}`} className="font-semibold text-primary hover:underline">
                        {item.product.name}
                      </Link>
                    ) : (
                      <span>—</span>
                    )}
                    <span className="tabular-nums">
                      {formatMoney(item.unitPrice, lng, order.currency)} × {item.quantity} ={" "}
                      <strong>{formatMoney(item.totalPrice, lng, order.currency)}</strong>
                    </span>
                  </div>
                  <div className="flex flex-wrap gap-3 text-sm text-muted">
                    {item.licenseKey ? (
                      <span>
                        {t("orders.license")}: <code className="rounded bg-border/40 px-1.5 py-0.5 text-xs">{item.licenseKey}</code>
                      </span>
                    ) : null}
                    {item.downloadLimit !== null ? (
                      <span>{t("account.downloads", { used: item.downloadCount, limit: item.downloadLimit })}</span>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          </Card>
          <Card>
            <CardTitle>{t("orders.history")}</CardTitle>
            <ul className="flex flex-col gap-1 text-sm">
              {order.history.map((entry) => (
                <li key={entry.id} className="flex flex-wrap gap-2">
                  <span className="text-muted">{formatDateTime(entry.createdAt, lng)}</span>
                  <span>{entry.user?.name ?? entry.user?.email ?? "—"}</span>
                  <code className="text-xs">{JSON.stringify(entry.changes)}</code>
                </li>
              ))}
            </ul>
            {order.history.length === 0 ? <p className="text-sm text-muted">{t("orders.noHistory")}</p> : null}
          </Card>
        </div>
        <div className="flex flex-col gap-6">
          <Card>
            <CardTitle>{t("orders.buyer")}</CardTitle>
            <p>{order.user ? (order.user.name ?? "—") : "—"}</p>
            <p className="text-sm text-muted">{order.user?.email}</p>
            <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
              <dt className="text-muted">{t("orders.paymentMethod")}</dt>
              <dd>{order.paymentMethod ?? "—"}</dd>
              <dt className="text-muted">{t("orders.paymentReference")}</dt>
              <dd className="break-all font-mono text-xs">{order.paymentIntentId ?? "—"}</dd>
              {order.notes ? (
                <>
                  <dt className="text-muted">{t("orders.notes")}</dt>
                  <dd>{order.notes}</dd>
                </>
              ) : null}
            </dl>
          </Card>
          {canUpdate && (order.next || order.canCancel || order.canRefund) ? (
            <Card>
              <CardTitle>{t("orders.actions")}</CardTitle>
              <div className="flex flex-col gap-3">
                {order.next ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="advance" />
                    <input type="hidden" name="from" value={order.status} />
                    <Button type="submit" disabled={busy}>
                      {t("orders.markAs", { status: t(`account.orderStatuses.${order.next}`) })}
                    </Button>
                  </Form>
                ) : null}
                {order.canCancel ? (
                  <Form method="post" onSubmit={(event) => !confirm(t("orders.cancelConfirm")) && event.preventDefault()}>
                    <input type="hidden" name="intent" value="cancel" />
                    <Button type="submit" variant="secondary" disabled={busy}>
                      {t("orders.cancel")}
                    </Button>
                  </Form>
                ) : null}
                {order.canRefund ? (
                  <Form
                    method="post"
                    onSubmit={(event) =>
                      !confirm(t("orders.refundConfirm", { total: formatMoney(order.totalAmount, lng, order.currency) })) &&
                      event.preventDefault()
                    }
                  >
                    <input type="hidden" name="intent" value="refund" />
                    <Button type="submit" variant="secondary" disabled={busy}>
                      {t("orders.refund")}
                    </Button>
                    <p className="mt-1 text-xs text-muted">
                      {t(order.refundsThroughStripe ? "orders.refundStripe" : "orders.refundManual")}
                    </p>
                  </Form>
                ) : null}
              </div>
            </Card>
          ) : null}
        </div>
      </div>
    </div>
  );
}
