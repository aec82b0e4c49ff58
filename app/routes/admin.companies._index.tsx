// Admin › Companies: search and filter (industry, size, country), and add a company.
import { parseWithZod } from "@conform-to/zod/v4";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterInput, FilterSelect } from "~/components/list-filters";
import { FilterBar } from "~/components/admin/filter-bar";
import { Card, CardTitle } from "~/components/ui/card";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";
import { readListQuery } from "~/lib/list";
import { replyInvalid } from "~/lib/result.server";
import { requireAdminHost } from "~/lib/site.server";
import { CompanyForm } from "~/modules/companies/company-form";
import { COMPANY_SIZES, CompanyListQuerySchema, CompanySchema } from "~/modules/companies/companies.schema";
import { companyFacets, createCompany, listCompanies } from "~/modules/companies/companies.server";
import { requirePermission } from "~/modules/identity/permissions.server";
import { readForm } from "~/lib/form.server";
import { requestOrigin } from "~/lib/request-origin.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireAdminHost(context);
  await requirePermission(request, "companies", "read");
  const { query, fields } = readListQuery(request, CompanyListQuerySchema);
  const facets = await companyFacets();
  if (!query) return data({ list: null, fields, ...facets }, { status: 400 });
  return { list: await listCompanies(query), fields, ...facets };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireAdminHost(context);
  const actor = await requirePermission(request, "companies", "create");
  const submission = parseWithZod(await readForm(request), { schema: CompanySchema });
  if (submission.status !== "success") return replyInvalid(submission);
  const company = await createCompany(submission.value, actor, requestOrigin(request));
  return redirect(`/admin/companies/${company.ok ? company.id : ""}`);
}

export default function Companies() {
  const { list, fields, industries, countries } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const companies = list?.items ?? [];
  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-2xl font-black">{t("admin.companies")}</h1>
      <FilterBar resetTo="/admin/companies" errors={fields ?? undefined}>
        <FilterInput name="q" type="search" maxLength={100} label={t("companies.search")} invalid={Boolean(fields?.q)} />
        <FilterSelect
          name="industry"
          label={t("companies.industry")}
          anyLabel={t("leads.any")}
          options={industries.map((i) => ({ value: i, label: i }))}
          invalid={Boolean(fields?.industry)}
        />
        <FilterSelect
          name="size"
          label={t("companies.size")}
          anyLabel={t("leads.any")}
          options={COMPANY_SIZES.map((s) => ({ value: s, label: t(`companies.sizes.${s}`) }))}
          invalid={Boolean(fields?.size)}
        />
        <FilterSelect
          name="country"
          label={t("companies.country")}
          anyLabel={t("leads.any")}
          options={countries.map((c) => ({ value: c, label: c }))}
          invalid={Boolean(fields?.country)}
        />
      </FilterBar>
      <Table caption={t("admin.companies")}>
        <thead>
          <tr>
            <Th>{t("companies.name")}</Th>
            <Th>{t("companies.industry")}</Th>
            <Th>{t("companies.size")}</Th>
            <Th>{t("companies.country")}</Th>
            <Th className="text-right">{t("companies.contacts")}</Th>
            <Th className="text-right">{t("admin.projects")}</Th>
          </tr>
        </thead>
        <tbody>
          {companies.map((company) => (
            <Tr key={company.id} data-company={company.id}>
              <Td>
                <Link to={`/admin/companies/${company.id}`} className="font-semibold text-primary hover:underline">
                  {company.name}
                </Link>
                {company.domain ? <div className="text-xs text-muted">{company.domain}</div> : null}
              </Td>
              <Td>{company.industry ?? "—"}</Td>
              <Td>{company.sizeCategory ? t(`companies.sizes.${company.sizeCategory}`) : "—"}</Td>
              <Td>{company.country ?? "—"}</Td>
              <Td className="text-right tabular-nums">{company._count.contacts}</Td>
              <Td className="text-right tabular-nums">{company._count.projects}</Td>
            </Tr>
          ))}
        </tbody>
      </Table>
      {companies.length === 0 ? <p className="text-center text-muted">{t("companies.none")}</p> : null}
      {list ? <Pagination page={list.page} totalPages={list.totalPages} total={list.total} /> : null}
      <Card>
        <CardTitle>{t("companies.new")}</CardTitle>
        <CompanyForm intent="create" lastResult={result?.result} submitLabel={t("companies.create")} />
      </Card>
    </div>
  );
}
