// Admin › Users: everyone who has signed in, searchable by name or email and filterable by role. An ADMIN
// changes roles here (audited); SUPPORT sees the list read-only.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/ui/alert";
import { Badge, type BadgeTone } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { formatDateTime } from "~/lib/format";
import { requireAdminHost } from "~/lib/site.server";
import { can, ROLES, type Role } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { changeRole, listUsers, RoleChange, UserListQuery } from "~/modules/identity/users.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "users", "read");
  const query = UserListQuery.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...(await listUsers(query)), page: query.page, actorId: actor.id, canEdit: can(actor.role, "users", "update") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "users", "update");
  const parsed = RoleChange.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return data(
      { ok: false as const, field: String(issue?.path[0] ?? "role"), message: issue?.message ?? "users.unknownRole" },
      { status: 400 },
    );
  }
  const result = await changeRole({ actorId: actor.id, ...parsed.data }, requestOrigin(request));
  if (!result.ok) return data({ ok: false as const, field: result.field, message: result.message }, { status: result.status });
  return { ok: true as const, changed: result.changed, userId: parsed.data.userId };
}

const ROLE_TONE: Record<Role, BadgeTone> = { ADMIN: "danger", MANAGER: "primary", SUPPORT: "accent", USER: "neutral" };

export default function AdminUsers() {
  const { users, total, totalPages, page, canEdit, actorId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const { t } = useTranslation();
  const lng = useLanguage();

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-black">{t("admin.users")}</h1>
        <p className="mt-1 text-muted">{canEdit ? t("users.intro") : t("users.readOnly")}</p>
      </div>
      {result && navigation.state === "idle" ? (
        <Alert tone={result.ok ? "success" : "error"}>
          {result.ok ? t(result.changed ? "users.changed" : "users.unchanged") : t(result.message)}
        </Alert>
      ) : null}
      <Form method="get" className="flex flex-wrap items-end gap-3" role="search">
        <label className="flex flex-col gap-1 text-sm font-semibold">
          {t("users.search")}
          <input
            name="q"
            type="search"
            defaultValue={params.get("q") ?? ""}
            maxLength={100}
            className="rounded-brand border border-border bg-surface px-3 py-2 font-normal"
          />
        </label>
        <label className="flex flex-col gap-1 text-sm font-semibold">
          {t("users.role")}
          <select
            name="role"
            defaultValue={params.get("role") ?? ""}
            className="rounded-brand border border-border bg-surface px-3 py-2 font-normal"
          >
            <option value="">{t("users.allRoles")}</option>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`roles.${role}`)}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" variant="secondary">
          {t("users.filter")}
        </Button>
      </Form>
      <Table caption={t("admin.users")}>
        <thead>
          <tr>
            <Th>{t("users.user")}</Th>
            <Th>{t("users.role")}</Th>
            <Th>{t("users.signInWith")}</Th>
            <Th>{t("users.lastSeen")}</Th>
            <Th>{t("users.joined")}</Th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <Tr key={user.id} data-user={user.email}>
              <Td>
                <div className="font-semibold">{user.name ?? "—"}</div>
                <div className="text-muted">{user.email}</div>
              </Td>
              <Td>
                {canEdit && user.id !== actorId ? (
                  <Form method="post" className="flex items-center gap-2">
                    <input type="hidden" name="userId" value={user.id} />
                    <select
                      name="role"
                      defaultValue={user.role}
                      aria-label={t("users.roleOf", { email: user.email })}
                      className="rounded-brand border border-border bg-surface px-2 py-1"
                    >
                      {ROLES.map((role) => (
                        <option key={role} value={role}>
                          {t(`roles.${role}`)}
                        </option>
                      ))}
                    </select>
                    <Button type="submit" size="sm" variant="secondary">
                      {t("users.save")}
                    </Button>
                  </Form>
                ) : (
                  <Badge tone={ROLE_TONE[user.role]}>{t(`roles.${user.role}`)}</Badge>
                )}
              </Td>
              <Td>{user.providers.map((provider) => t(`account.providers.${provider}`, { defaultValue: provider })).join(", ") || "—"}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(user.lastSeenAt, lng) || "—"}</Td>
              <Td className="whitespace-nowrap">{formatDateTime(user.createdAt, lng)}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      {users.length === 0 ? <p className="text-center text-muted">{t("users.none")}</p> : null}
      <Pagination page={page} totalPages={totalPages} total={total} />
    </div>
  );
}
