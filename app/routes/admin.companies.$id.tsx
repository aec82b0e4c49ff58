// Admin › Company: its details (editable), its people (leads with a role), its projects and its pipeline value.
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DeleteCard } from "~/components/admin/delete-card";
import { Alert } from "~/components/ui/alert";
import { Badge } from "~/components/ui/badge";
import { Card, CardTitle } from "~/components/ui/card";
import { formatDate, formatMoney } from "~/lib/format";
import { found, uuidParam } from "~/lib/http";
import { dispatchIntent, orThrow, replyFailure, replyInvalid, replyOk } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { CompanyForm } from "~/modules/companies/company-form";
import { CompanySchema } from "~/modules/companies/companies.schema";
import { deleteCompany, getCompany, updateCompany } from "~/modules/companies/companies.server";
import { can } from "~/modules/identity/permissions";
import { requirePermission } from "~/modules/identity/permissions.server";
import { STATUS_TONE } from "~/modules/leads/lead-display";
import { readForm } from "~/lib/form.server";
import { useLanguage } from "~/lib/use-language";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "companies", "read");
  const company = found(await getCompany(uuidParam(params.id), actor.role));
  return { company, canEdit: can(actor.role, "companies", "update"), canDelete: can(actor.role, "companies", "delete") };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.company.name ?? "Company"} — Kizuna` }];

export async function action({ request, params, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const id = uuidParam(params.id);
  const origin = requestOrigin(request);
  return dispatchIntent(request, await readForm(request), {
    delete: async () => {
      const actor = await requirePermission(request, "companies", "delete");
      orThrow(await deleteCompany(id, actor, origin));
      return redirect("/admin/companies");
    },
    update: async (form) => {
      const actor = await requirePermission(request, "companies", "update");
      const submission = parseWithZod(form, { schema: CompanySchema });
      if (submission.status !== "success") return replyInvalid(submission);
      const updated = await updateCompany(id, submission.value, actor, origin);
      return updated.ok ? replyOk(submission) : replyFailure(submission, updated);
    },
  });
}

export default function CompanyPage() {
  const { company, canEdit, canDelete } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const lng = useLanguage();
  return (
    <div className="flex flex-col gap-6">
      <div>
        <Link to="/admin/companies" className="text-sm text-primary hover:underline">
          ← {t("admin.companies")}
        </Link>
        <h1 className="mt-1 text-2xl font-black">{company.name}</h1>
        <p className="text-sm text-muted">{[company.domain, company.industry, company.country].filter(Boolean).join(" · ")}</p>
      </div>
      {result && navigation.state === "idle" ? (
        <Alert tone={result.ok ? "success" : "error"}>{t(result.ok ? "leadDetail.saved" : "leadDetail.checkFields")}</Alert>
      ) : null}
      <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
        <div className="flex flex-col gap-6">
          <Card>
            <CardTitle>{t("companies.people")}</CardTitle>
            <ul className="flex flex-col divide-y divide-border">
              {company.contacts.map((contact) => (
                <li key={contact.id} className="flex items-center justify-between gap-2 py-2" data-contact={contact.lead.id}>
                  <span>
                    <Link to={`/admin/leads/${contact.lead.id}`} className="font-semibold text-primary hover:underline">
                      {contact.lead.name ?? contact.lead.email}
                    </Link>{" "}
                    <span className="text-sm text-muted">{contact.role ? t(`contactRoles.${contact.role}`) : ""}</span>
                  </span>
                  <span className="flex items-center gap-2">
                    <Badge tone={STATUS_TONE[contact.lead.status]}>{t(`leadStatuses.${contact.lead.status}`)}</Badge>
                    <span className="tabular-nums text-sm">{formatMoney(contact.lead.estimatedValue, lng)}</span>
                  </span>
                </li>
              ))}
            </ul>
            {company.contacts.length === 0 ? <p className="text-muted">{t("companies.noPeople")}</p> : null}
          </Card>
          <Card>
            <CardTitle>{t("admin.projects")}</CardTitle>
            <ul className="flex flex-col divide-y divide-border">
              {company.projects.map((project) => (
                <li key={project.id} className="flex items-center justify-between gap-2 py-2" data-project={project.id}>
                  <span className="font-semibold">{project.name}</span>
                  <span className="flex items-center gap-2 text-sm">
                    <Badge>{t(`projectStatuses.${project.status}`)}</Badge>
                    <span className="tabular-nums">{formatMoney(project.budget, lng)}</span>
                    <span className="text-muted">{formatDate(project.endDate, lng)}</span>
                  </span>
                </li>
              ))}
            </ul>
            {company.projects.length === 0 ? <p className="text-muted">{t("companies.noProjects")}</p> : null}
          </Card>
          {canEdit ? (
            <Card>
              <CardTitle>{t("leadDetail.details")}</CardTitle>
              <CompanyForm
                intent="update"
                values={company}
                lastResult={result?.result}
                submitLabel={t("account.save")}
                key={String(company.updatedAt)}
              />
            </Card>
          ) : null}
        </div>
        <div className="flex flex-col gap-6">
          <Card>
            <CardTitle>{t("companies.pipeline")}</CardTitle>
            <p className="text-3xl font-black tabular-nums" data-pipeline={company.pipelineValue}>
              {formatMoney(company.pipelineValue, lng)}
            </p>
            <p className="text-sm text-muted">{t("companies.pipelineHint")}</p>
          </Card>
          {canDelete ? (
            <DeleteCard
              title={t("companies.delete")}
              hint={t("companies.deleteHint")}
              confirm={t("companies.deleteConfirm", { name: company.name })}
            />
          ) : null}
        </div>
      </div>
    </div>
  );
}
