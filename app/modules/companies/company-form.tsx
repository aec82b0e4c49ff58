// The company form, for creating and editing: every field with its errors in place.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/ui/button";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { translateError } from "~/lib/i18n";
import { COMPANY_SIZES } from "./companies.schema.ts";

export interface CompanyValues {
  name?: string | null;
  domain?: string | null;
  industry?: string | null;
  sizeCategory?: string | null;
  annualRevenueRange?: string | null;
  country?: string | null;
  websiteUrl?: string | null;
  description?: string | null;
}

export function CompanyForm({ values = {}, errors = {}, intent, submitLabel }: { values?: CompanyValues; errors?: Record<string, string[]>; intent: string; submitLabel: string }) {
  const { t } = useTranslation();
  const err = (name: string) => errors[name]?.map((m) => translateError(t, m));
  return (
    <Form method="post" className="grid gap-2 sm:grid-cols-2" data-company-form={intent}>
      <input type="hidden" name="intent" value={intent} />
      <TextField label={t("companies.name")} name="name" required maxLength={200} defaultValue={values.name ?? ""} errors={err("name")} />
      <TextField label={t("companies.domain")} name="domain" placeholder="example.co.jp" defaultValue={values.domain ?? ""} errors={err("domain")} />
      <TextField label={t("companies.industry")} name="industry" defaultValue={values.industry ?? ""} errors={err("industry")} />
      <SelectField
        label={t("companies.size")}
        name="sizeCategory"
        defaultValue={values.sizeCategory ?? ""}
        errors={err("sizeCategory")}
        options={[{ value: "", label: "—" }, ...COMPANY_SIZES.map((s) => ({ value: s, label: t(`companies.sizes.${s}`) }))]}
      />
      <TextField label={t("companies.revenue")} name="annualRevenueRange" defaultValue={values.annualRevenueRange ?? ""} errors={err("annualRevenueRange")} />
      <TextField label={t("companies.country")} name="country" defaultValue={values.country ?? ""} errors={err("country")} />
      <TextField className="sm:col-span-2" label={t("companies.website")} name="websiteUrl" type="url" placeholder="https://" defaultValue={values.websiteUrl ?? ""} errors={err("websiteUrl")} />
      <TextareaField className="sm:col-span-2" rows={3} label={t("companies.description")} name="description" defaultValue={values.description ?? ""} errors={err("description")} />
      <div>
        <Button type="submit">{submitLabel}</Button>
      </div>
    </Form>
  );
}
