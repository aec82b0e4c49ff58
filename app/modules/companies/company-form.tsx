// The company form, for creating and editing: every field with its errors in place, checked in the browser by the
// same schema the action parses with.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/ui/button";
import { SelectField, TextareaField, TextField } from "~/components/ui/field";
import { useFieldErrors } from "~/lib/use-field-errors";
import { COMPANY_SIZES, CompanySchema } from "./companies.schema.ts";

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

export function CompanyForm({
  values = {},
  lastResult,
  intent,
  submitLabel,
}: {
  values?: CompanyValues;
  lastResult?: SubmissionResult<string[]> | null;
  intent: string;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: `company-${intent}`,
    defaultValue: values,
    lastResult: navigation.state === "idle" ? lastResult : undefined,
    constraint: getZodConstraint(CompanySchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CompanySchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const err = useFieldErrors();
  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-2 sm:grid-cols-2" data-company-form={intent}>
      <input type="hidden" name="intent" value={intent} />
      <TextField label={t("companies.name")} errors={err(fields.name.errors)} {...getInputProps(fields.name, { type: "text" })} />
      <TextField
        label={t("companies.domain")}
        placeholder="example.co.jp"
        errors={err(fields.domain.errors)}
        {...getInputProps(fields.domain, { type: "text" })}
      />
      <TextField
        label={t("companies.industry")}
        errors={err(fields.industry.errors)}
        {...getInputProps(fields.industry, { type: "text" })}
      />
      <SelectField
        label={t("companies.size")}
        errors={err(fields.sizeCategory.errors)}
        options={[{ value: "", label: "—" }, ...COMPANY_SIZES.map((s) => ({ value: s, label: t(`companies.sizes.${s}`) }))]}
        {...getSelectProps(fields.sizeCategory)}
      />
      <TextField
        label={t("companies.revenue")}
        errors={err(fields.annualRevenueRange.errors)}
        {...getInputProps(fields.annualRevenueRange, { type: "text" })}
      />
      <TextField label={t("companies.country")} errors={err(fields.country.errors)} {...getInputProps(fields.country, { type: "text" })} />
      <TextField
        className="sm:col-span-2"
        label={t("companies.website")}
        placeholder="https://"
        errors={err(fields.websiteUrl.errors)}
        {...getInputProps(fields.websiteUrl, { type: "url" })}
      />
      <TextareaField
        className="sm:col-span-2"
        rows={3}
        label={t("companies.description")}
        errors={err(fields.description.errors)}
        {...getTextareaProps(fields.description)}
      />
      <div>
        <Button type="submit">{submitLabel}</Button>
      </div>
    </Form>
  );
}
