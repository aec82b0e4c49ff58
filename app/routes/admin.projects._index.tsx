// Admin › Projects: filters by status, type, assigned character, manager and due date; progress per project.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { FilterInput, FilterSelect } from "~/components/list-filters";
import { FilterBar } from "~/components/admin/filter-bar";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { readListQuery } from "~/lib/list";
import { formatDate, formatMoney } from "~/lib/format";
import { useFieldErrors } from "~/lib/use-field-errors";
import { replyFailure, replyInvalid } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { listStaff } from "~/modules/identity/users.server";
import { listCompanyOptions } from "~/modules/companies/companies.server";
import { Card, CardTitle } from "~/components/ui/card";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { can } from "~/modules/identity/permissions";
import {
  CHARACTERS,
  CreateProjectFormSchema,
  CreateProjectSchema,
  PROJECT_STATUSES,
  PROJECT_TYPES,
  ProjectListQuerySchema,
} from "~/modules/projects/projects.schema";
import { createProject, listProjects } from "~/modules/projects/projects.server";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "projects", "read");
  const [staff, companies] = await Promise.all([listStaff(), listCompanyOptions()]);
  const canCreate = can(actor.role, "projects", "create");
  const { query, fields } = readListQuery(request, ProjectListQuerySchema, { limit: String(PAGE_SIZE) });
  if (!query) return data({ staff, companies, canCreate, list: null, fields }, { status: 400 });
  return { staff, companies, canCreate, list: await listProjects(query, actor), fields: {} as Record<string, string[]> };
}

/** The new-project form: the same schema as POST /api/admin/projects. */
export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "projects", "create");
  // Text as sent (no coercion): the form schema reads the budget and the empty choices as the API's schema expects.
  const submission = parseWithZod(await readForm(request), { schema: CreateProjectFormSchema, disableAutoCoercion: true });
  if (submission.status !== "success") return replyInvalid(submission);
  const result = await createProject(submission.value, actor, requestOrigin(request));
  if (!result.ok) return replyFailure(submission, result);
  return redirect(`/admin/projects/${result.project.id}`);
}

export default function Projects() {
  const { staff, companies, canCreate, list, fields } = useLoaderData<typeof loader>();
  const projects = list?.items ?? null;
  const created = useActionData<typeof action>();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-2xl font-black">{t("admin.projects")}</h1>
      <FilterBar resetTo="/admin/projects" errors={fields}>
        <FilterSelect
          name="status"
          label={t("leads.status")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields.status)}
          options={PROJECT_STATUSES.map((s) => ({ value: s, label: t(`projectStatuses.${s}`) }))}
        />
        <FilterSelect
          name="type"
          label={t("leadDetail.projectType")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields.type)}
          options={PROJECT_TYPES.map((p) => ({ value: p, label: t(`projectTypes.${p}`) }))}
        />
        <FilterSelect
          name="character"
          label={t("projects.character")}
          anyLabel={t("leads.any")}
          invalid={Boolean(fields.character)}
          options={CHARACTERS.map((c) => ({ value: c, label: t(`projects.characters.${c}`) }))}
        />
        <FilterSelect
          name="manager"
          label={t("projects.manager")}
          anyLabel={t("leads.anyone")}
          invalid={Boolean(fields.manager)}
          options={[{ value: "me", label: t("leads.me") }, ...staff.map((p) => ({ value: p.id, label: p.name ?? p.email }))]}
        />
        <FilterInput name="dueAfter" type="date" label={t("projects.dueAfter")} invalid={Boolean(fields.dueAfter)} />
        <FilterInput name="dueBefore" type="date" label={t("projects.dueBefore")} invalid={Boolean(fields.dueBefore)} />
      </FilterBar>
      {projects ? (
        <>
          <Table caption={t("admin.projects")}>
            <thead>
              <tr>
                <Th>{t("leadDetail.projectName")}</Th>
                <Th>{t("leads.status")}</Th>
                <Th>{t("projects.character")}</Th>
                <Th>{t("projects.progress")}</Th>
                <Th className="text-right">{t("leadDetail.budget")}</Th>
                <Th>{t("projects.due")}</Th>
              </tr>
            </thead>
            <tbody>
              {projects.map((project) => (
                <Tr key={project.id} data-project={project.id}>
                  <Td>
                    <Link to={`/admin/projects/${project.id}`} className="font-semibold text-primary hover:underline">
                      {project.name}
                    </Link>
                    <div className="text-xs text-muted">{[project.client.company, project.client.name].filter(Boolean).join(" · ")}</div>
                  </Td>
                  <Td>
                    <Badge>{t(`projectStatuses.${project.status}`)}</Badge>
                  </Td>
                  <Td>{t(`projects.characters.${project.assignedCharacter}`)}</Td>
                  <Td>
                    <div className="flex items-center gap-2">
                      <progress max={100} value={project.progress} className="w-20" aria-label={t("projects.progress")} />
                      <span className="tabular-nums text-sm">{project.progress}%</span>
                    </div>
                  </Td>
                  <Td className="text-right tabular-nums">{formatMoney(project.budget, lng)}</Td>
                  <Td className="whitespace-nowrap">{formatDate(project.dueDate, lng)}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          <p className="text-sm text-muted">{t("projects.count", { count: list!.total })}</p>
          <Pagination page={list!.page} totalPages={list!.totalPages} total={list!.total} />
        </>
      ) : null}
      {canCreate ? (
        <Card>
          <CardTitle>{t("projects.new")}</CardTitle>
          <NewProjectForm companies={companies} staff={staff} lastResult={created?.result} />
        </Card>
      ) : null}
    </div>
  );
}

/** The new-project form, checked in the browser by the schema the action parses with. */
function NewProjectForm({
  companies,
  staff,
  lastResult,
}: {
  companies: readonly { id: string; name: string }[];
  staff: readonly { id: string; name: string | null; email: string }[];
  lastResult?: SubmissionResult<string[]>;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm<z.input<typeof CreateProjectSchema>>({
    id: "project-new",
    defaultValue: { projectType: "consultation", assignedCharacter: "yuya", companyId: "", projectManager: "" },
    lastResult: navigation.state === "idle" ? lastResult : undefined,
    constraint: getZodConstraint(CreateProjectSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateProjectFormSchema, disableAutoCoercion: true }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const err = useFieldErrors();
  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-2 sm:grid-cols-2">
      <TextField label={t("leadDetail.projectName")} errors={err(fields.name.errors)} {...getInputProps(fields.name, { type: "text" })} />
      <SelectField
        label={t("leadDetail.company")}
        errors={err(fields.companyId.errors)}
        options={[{ value: "", label: "—" }, ...companies.map((c) => ({ value: c.id, label: c.name }))]}
        {...getSelectProps(fields.companyId)}
      />
      <SelectField
        label={t("leadDetail.projectType")}
        errors={err(fields.projectType.errors)}
        options={PROJECT_TYPES.map((p) => ({ value: p, label: t(`projectTypes.${p}`) }))}
        {...getSelectProps(fields.projectType)}
      />
      <SelectField
        label={t("projects.character")}
        errors={err(fields.assignedCharacter.errors)}
        options={CHARACTERS.map((c) => ({ value: c, label: t(`projects.characters.${c}`) }))}
        {...getSelectProps(fields.assignedCharacter)}
      />
      <TextField
        label={t("leadDetail.budget")}
        inputMode="decimal"
        errors={err(fields.budget.errors)}
        {...getInputProps(fields.budget, { type: "text" })}
      />
      <SelectField
        label={t("projects.manager")}
        errors={err(fields.projectManager.errors)}
        options={[{ value: "", label: t("leads.me") }, ...staff.map((p) => ({ value: p.id, label: p.name ?? p.email }))]}
        {...getSelectProps(fields.projectManager)}
      />
      <TextField
        label={t("leadDetail.start")}
        errors={err(fields.startDate.errors)}
        {...getInputProps(fields.startDate, { type: "date" })}
      />
      <TextField label={t("leadDetail.end")} errors={err(fields.endDate.errors)} {...getInputProps(fields.endDate, { type: "date" })} />
      <TextareaField
        className="sm:col-span-2"
        rows={3}
        label={t("projects.description")}
        errors={err(fields.description.errors)}
        {...getTextareaProps(fields.description)}
      />
      <div>
        <Button type="submit">{t("projects.create")}</Button>
      </div>
    </Form>
  );
}
