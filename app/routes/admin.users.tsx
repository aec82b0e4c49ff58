// Admin › Users: everyone who has signed in, searchable by name or email and filterable by role. An ADMIN
// changes roles here (audited); SUPPORT sees the list read-only.
import { getFormProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterBar } from "~/components/admin/filter-bar";
import { FilterInput, FilterSelect } from "~/components/list-filters";
import { Alert } from "~/components/ui/alert";
import { Badge, type BadgeTone } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { formatDateTime } from "~/lib/format";
import { translateError } from "~/lib/i18n";
import { readListQuery } from "~/lib/list";
import { replyFailure, replyInvalid, replyOk } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { can, ROLES, type Role } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { RoleChange, UserListQuery } from "~/modules/identity/users.schema";
import { changeRole, listUsers } from "~/modules/identity/users.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "users", "read");
  const { query, fields } = readListQuery(request, UserListQuery);
  const view = { actorId: actor.id, canEdit: can(actor.role, "users", "update") };
  if (!query) return data({ list: null, fields, ...view }, { status: 400 });
  return { list: await listUsers(query), fields, ...view };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "users", "update");
  const submission = parseWithZod(await readForm(request), { schema: RoleChange });
  const userId = String(submission.payload.userId ?? "");
  if (submission.status !== "success") return replyInvalid(submission, { userId, changed: false });
  const result = await changeRole({ actorId: actor.id, ...submission.value }, requestOrigin(request));
  if (!result.ok) return replyFailure(submission, result, { userId, changed: false });
  return replyOk(submission, { userId, changed: result.changed });
}

const ROLE_TONE: Record<Role, BadgeTone> = { ADMIN: "danger", MANAGER: "primary", SUPPORT: "accent", USER: "neutral" };

export default function AdminUsers() {
  const { list, fields, canEdit, actorId } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lng = useLanguage();
  const users = list?.items ?? [];
  const replyErrors = reply && !reply.ok ? Object.values(reply.result.error ?? {}).flatMap((messages) => messages ?? []) : [];

  return (
    <div className="flex flex-col gap-6">
      <div>
        <h1 className="text-2xl font-black">{t("admin.users")}</h1>
        <p className="mt-1 text-muted">{canEdit ? t("users.intro") : t("users.readOnly")}</p>
      </div>
      {reply && navigation.state === "idle" ? (
        <Alert tone={reply.ok ? "success" : "error"}>
          {reply.ok
            ? t(reply.changed ? "users.changed" : "users.unchanged")
            : replyErrors.map((message) => translateError(t, message)).join(" ")}
        </Alert>
      ) : null}
      <FilterBar resetTo="/admin/users" errors={fields ?? undefined} applyLabel={t("users.filter")}>
        <FilterInput name="q" type="search" maxLength={100} label={t("users.search")} invalid={Boolean(fields?.q)} />
        <FilterSelect
          name="role"
          label={t("users.role")}
          anyLabel={t("users.allRoles")}
          options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          invalid={Boolean(fields?.role)}
        />
      </FilterBar>
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
                  <RoleForm user={user} lastResult={reply?.userId === user.id ? reply.result : undefined} />
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
      {list && users.length === 0 ? <p className="text-center text-muted">{t("users.none")}</p> : null}
      {list ? <Pagination page={list.page} totalPages={list.totalPages} total={list.total} /> : null}
    </div>
  );
}

/** One user's role control: a select and Save, checked by the schema the action parses with. */
function RoleForm({ user, lastResult }: { user: { id: string; email: string; role: Role }; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: `role-${user.id}`,
    defaultValue: { userId: user.id, role: user.role },
    lastResult: navigation.state === "idle" ? lastResult : undefined,
    constraint: getZodConstraint(RoleChange),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RoleChange }),
  });
  return (
    <Form method="post" {...getFormProps(form)} className="flex items-center gap-2">
      <input type="hidden" name="userId" value={user.id} />
      <select
        {...getSelectProps(fields.role)}
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
  );
}
