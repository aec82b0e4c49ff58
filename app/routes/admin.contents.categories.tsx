// Admin › Contents › Categories: one tree per scope. Create, rename, re-slug, describe, move under another parent
// of the same scope (never inside itself), reorder siblings with up/down buttons, and delete — the deleted
// category's children move up to its parent, and its contents simply lose it.
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { translateError } from "~/lib/i18n";
import { replyFailure, replyInvalid } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { CategoryActionSchema } from "~/modules/content/categories.schema";
import {
  createCategory,
  deleteCategory,
  listCategoryTrees,
  moveCategory,
  updateCategory,
  type CategoryNode,
} from "~/modules/content/categories.server";
import { CONTENT_OWNERS } from "~/modules/content/contents.schema";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { readForm } from "~/lib/form.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "contents", "read");
  return {
    trees: await listCategoryTrees(),
    can: {
      create: can(actor.role, "contents", "create"),
      update: can(actor.role, "contents", "update"),
      delete: can(actor.role, "contents", "delete"),
    },
  };
}

export const meta: MetaFunction = () => [{ title: "Content categories — Kizuna" }];

const PERMISSION = { create: "create", update: "update", move: "update", delete: "delete" } as const;

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const id = String(formData.get("id") ?? "new");
  const key = `${intent}:${id}`;
  const actor = await requirePermission(request, "contents", PERMISSION[intent as keyof typeof PERMISSION] ?? "update");
  const submission = parseWithZod(formData, { schema: CategoryActionSchema });
  if (submission.status !== "success") return replyInvalid(submission, { key, createdId: null, moved: null });
  const origin = requestOrigin(request);
  const input = submission.value;
  const outcome =
    input.intent === "create"
      ? await createCategory(input, actor, origin)
      : input.intent === "update"
        ? await updateCategory(input, actor, origin)
        : input.intent === "move"
          ? await moveCategory(input.id, input.direction, actor, origin)
          : await deleteCategory(input.id, actor, origin);
  if (!outcome.ok) return replyFailure(submission, outcome, { key, createdId: null, moved: null });
  return {
    key,
    result: submission.reply({ resetForm: input.intent === "create" }),
    ok: true,
    createdId: "id" in outcome ? String(outcome.id) : null,
    moved: input.intent === "move" ? input.direction : null,
  };
}

type ActionData = ReturnType<typeof useActionData<typeof action>>;

export default function ContentCategories() {
  const { trees, can } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const idle = navigation.state === "idle";
  const all = CONTENT_OWNERS.flatMap((scope) => trees[scope]);
  const createErrors = (name: string) => fieldErrors(actionData, "create:new")(name)?.map((m) => translateError(t, m));
  const createValues = actionData?.key === "create:new" && !actionData.ok ? (actionData.result.initialValue ?? {}) : {};
  return (
    <div className="flex flex-col gap-5">
      <div>
        <Link to="/admin/contents" className="text-sm text-primary hover:underline">
          ← {t("admin.contents")}
        </Link>
        <h1 className="mt-1 text-2xl font-black">{t("contents.categoriesTitle")}</h1>
        <p className="mt-1 max-w-3xl text-sm text-muted">{t("contents.categoriesIntro")}</p>
      </div>
      {actionData && idle ? (
        <Alert tone={actionData.ok ? "success" : "error"}>
          {actionData.ok ? t("contents.categorySaved") : t("leadDetail.checkFields")}
        </Alert>
      ) : null}

      {can.create ? (
        <Card>
          <CardTitle>{t("contents.newCategory")}</CardTitle>
          <Form
            method="post"
            className="grid gap-2 sm:grid-cols-2"
            data-category-form="create"
            key={(actionData?.ok && actionData.createdId) || "create"}
          >
            <input type="hidden" name="intent" value="create" />
            <TextField
              label={t("contents.categoryName")}
              name="name"
              required
              maxLength={100}
              defaultValue={str(createValues.name)}
              errors={createErrors("name")}
            />
            <TextField
              label={t("contents.fields.slug")}
              name="slug"
              maxLength={100}
              hint={t("contents.categorySlugHint")}
              defaultValue={str(createValues.slug)}
              errors={createErrors("slug")}
            />
            <SelectField
              label={t("contents.scope")}
              name="characterScope"
              defaultValue={str(createValues.characterScope) || "shared"}
              errors={createErrors("characterScope")}
              options={CONTENT_OWNERS.map((value) => ({ value, label: t(`contents.owners.${value}`) }))}
            />
            <SelectField
              label={t("contents.parent")}
              name="parentId"
              hint={t("contents.parentHint")}
              defaultValue={str(createValues.parentId)}
              errors={createErrors("parentId")}
              options={[{ value: "", label: t("contents.noParent") }, ...all.map((node) => ({ value: node.id, label: label(t, node) }))]}
            />
            <TextareaField
              className="sm:col-span-2"
              rows={2}
              label={t("contents.description")}
              name="description"
              defaultValue={str(createValues.description)}
              errors={createErrors("description")}
            />
            <div>
              <Button type="submit">{t("contents.createCategory")}</Button>
            </div>
          </Form>
        </Card>
      ) : null}

      <div className="grid gap-5 lg:grid-cols-3">
        {CONTENT_OWNERS.map((scope) => (
          <Card key={scope} data-scope={scope}>
            <CardTitle>{t(`contents.owners.${scope}`)}</CardTitle>
            {trees[scope].length === 0 ? <p className="text-sm text-muted">{t("contents.noCategories")}</p> : null}
            <ul className="flex flex-col divide-y divide-border" aria-label={t(`contents.owners.${scope}`)}>
              {trees[scope].map((node) => (
                <CategoryItem key={node.id} node={node} tree={trees[scope]} actionData={actionData} can={can} idle={idle} />
              ))}
            </ul>
          </Card>
        ))}
      </div>
    </div>
  );
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function label(t: (key: string) => string, node: CategoryNode): string {
  return `${t(`contents.owners.${node.characterScope}`)} › ${"· ".repeat(node.depth)}${node.name}`;
}

function fieldErrors(actionData: ActionData, key: string) {
  return (name: string) =>
    actionData && !actionData.ok && actionData.key === key ? (actionData.result.error?.[name] ?? undefined) : undefined;
}

function CategoryItem({
  node,
  tree,
  actionData,
  can,
  idle,
}: {
  node: CategoryNode;
  tree: CategoryNode[];
  actionData: ActionData;
  can: { update: boolean; delete: boolean };
  idle: boolean;
}) {
  const { t } = useTranslation();
  const translate = (list?: string[] | null) => list?.map((m) => translateError(t, m));
  const errorsOf = fieldErrors(actionData, `update:${node.id}`);
  const editFailed = Boolean(actionData && !actionData.ok && actionData.key === `update:${node.id}`);
  const parent = tree.find((other) => other.id === node.parentId);
  const children = tree.filter((other) => other.parentId === node.id);
  const moveError = translate(fieldErrors(actionData, `move:${node.id}`)("id"));
  // After a move the row sits elsewhere (and an arrow may now be disabled): keep the keyboard on this row's arrows.
  const upButton = useRef<HTMLButtonElement>(null);
  const downButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    // Once the reloaded tree is in place: the answer arrives while the tree is still being reloaded.
    if (!idle || !actionData?.ok || actionData.key !== `move:${node.id}` || !actionData.moved) return;
    const [preferred, other] = actionData.moved === "up" ? [upButton, downButton] : [downButton, upButton];
    (preferred.current && !preferred.current.disabled ? preferred.current : other.current)?.focus();
  }, [actionData, node.id, idle]);
  return (
    <li
      id={`category-${node.id}`}
      className="py-2"
      style={{ paddingLeft: `${node.depth * 1.25}rem` }}
      data-category={node.slug}
      data-depth={node.depth}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span>
          <span className="font-semibold">{node.name}</span> <span className="text-xs text-muted">/{node.slug}</span>{" "}
          <span className="text-xs text-muted">{t("contents.contentCount", { count: node.contentCount })}</span>
        </span>
        {can.update ? (
          <span className="flex gap-1">
            {(["up", "down"] as const).map((direction) => (
              <Form key={direction} method="post" preventScrollReset>
                <input type="hidden" name="intent" value="move" />
                <input type="hidden" name="id" value={node.id} />
                <input type="hidden" name="direction" value={direction} />
                <Button
                  ref={direction === "up" ? upButton : downButton}
                  type="submit"
                  size="sm"
                  variant="secondary"
                  disabled={direction === "up" ? node.first : node.last}
                  aria-label={t(direction === "up" ? "contents.moveUp" : "contents.moveDown", { name: node.name })}
                >
                  <span aria-hidden="true">{direction === "up" ? "↑" : "↓"}</span>
                </Button>
              </Form>
            ))}
          </span>
        ) : null}
      </div>
      {node.description ? <p className="text-sm text-muted">{node.description}</p> : null}
      {moveError ? <p className="text-sm text-red-700">{moveError.join(" ")}</p> : null}
      {can.update ? (
        <details className="mt-1 text-sm" open={editFailed || undefined}>
          <summary className="cursor-pointer text-primary">{t("contents.editCategory", { name: node.name })}</summary>
          <Form method="post" preventScrollReset className="mt-2 flex flex-col gap-1" data-category-form={`update:${node.slug}`}>
            <input type="hidden" name="intent" value="update" />
            <input type="hidden" name="id" value={node.id} />
            <TextField
              label={t("contents.categoryName")}
              name="name"
              required
              maxLength={100}
              defaultValue={node.name}
              errors={translate(errorsOf("name"))}
            />
            <TextField
              label={t("contents.fields.slug")}
              name="slug"
              required
              maxLength={100}
              defaultValue={node.slug}
              errors={translate(errorsOf("slug"))}
            />
            <SelectField
              label={t("contents.parent")}
              name="parentId"
              hint={t("contents.parentHint")}
              defaultValue={node.parentId ?? ""}
              errors={translate(errorsOf("parentId"))}
              options={[
                { value: "", label: t("contents.noParent") },
                ...tree
                  .filter((other) => !node.subtree.includes(other.id))
                  .map((other) => ({ value: other.id, label: `${"· ".repeat(other.depth)}${other.name}` })),
              ]}
            />
            <TextareaField
              rows={2}
              label={t("contents.description")}
              name="description"
              defaultValue={node.description ?? ""}
              errors={translate(errorsOf("description"))}
            />
            <div>
              <Button type="submit" size="sm">
                {t("contents.saveCategory")}
              </Button>
            </div>
          </Form>
        </details>
      ) : null}
      {can.delete ? (
        <details className="mt-1 text-sm">
          <summary className="cursor-pointer text-red-700">{t("contents.deleteCategory", { name: node.name })}</summary>
          <Form method="post" preventScrollReset className="mt-2 flex flex-col items-start gap-2">
            <input type="hidden" name="intent" value="delete" />
            <input type="hidden" name="id" value={node.id} />
            <p>
              {children.length > 0
                ? t("contents.deleteCategoryChildren", { count: children.length, parent: parent?.name ?? t("contents.topLevel") })
                : t("contents.deleteCategoryLeaf")}{" "}
              {t("contents.deleteCategoryContents", { count: node.contentCount })}
            </p>
            <Button type="submit" size="sm" variant="secondary" className="border-red-600 text-red-700">
              {t("contents.deleteCategoryConfirm")}
            </Button>
          </Form>
        </details>
      ) : null}
    </li>
  );
}
