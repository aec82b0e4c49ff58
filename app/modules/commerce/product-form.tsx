// The product form, for creating and editing: every field with its errors in place, checked in the browser by the
// same schema the action parses with; the type list comes from the product types plugins registered.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, useNavigation } from "@remix-run/react";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/ui/button";
import { CheckboxField, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { useFieldErrors } from "~/lib/use-field-errors";
import { CURRENCIES, LICENSE_TYPES, PRODUCT_STATUSES, productFieldsSchema, RECURRING_INTERVALS } from "./products.schema.ts";

export interface ProductValues {
  name?: string | null;
  description?: string | null;
  characterOwner?: string | null;
  productType?: string | null;
  price?: string | null;
  currency?: string | null;
  isRecurring?: boolean | null;
  recurringInterval?: string | null;
  licenseType?: string | null;
  status?: string | null;
  inventoryCount?: number | string | null;
  fileUrl?: string | null;
}

/** What a new product starts with. */
const NEW_PRODUCT: ProductValues = { characterOwner: "aoba", currency: "JPY", status: "active" };

export function ProductForm({
  values = NEW_PRODUCT,
  lastResult,
  types,
  intent,
  submitLabel,
}: {
  values?: ProductValues;
  lastResult?: SubmissionResult<string[]> | null;
  types: { key: string; label: string }[];
  intent: string;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const schema = useMemo(() => productFieldsSchema(types.map((type) => type.key)), [types]);
  const [form, fields] = useForm({
    id: `product-${intent}`,
    defaultValue: values,
    lastResult: navigation.state === "idle" ? lastResult : undefined,
    // A checkbox left unticked is "false", not missing; the name's trim hides its length from the constraint.
    constraint: { ...getZodConstraint(schema), isRecurring: { required: false }, name: { required: true, maxLength: 200 } },
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const err = useFieldErrors();
  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-2 sm:grid-cols-2" data-product-form={intent}>
      <input type="hidden" name="intent" value={intent} />
      <TextField
        className="sm:col-span-2"
        label={t("products.name")}
        errors={err(fields.name.errors)}
        {...getInputProps(fields.name, { type: "text" })}
      />
      <SelectField
        label={t("products.owner")}
        errors={err(fields.characterOwner.errors)}
        options={(["yuya", "aoba", "shared"] as const).map((s) => ({ value: s, label: t(`account.sites.${s}`) }))}
        {...getSelectProps(fields.characterOwner)}
      />
      <SelectField
        label={t("products.type")}
        errors={err(fields.productType.errors)}
        options={[{ value: "", label: "—" }, ...types.map((type) => ({ value: type.key, label: type.label }))]}
        {...getSelectProps(fields.productType)}
      />
      <TextField
        label={t("products.price")}
        inputMode="decimal"
        placeholder="1500"
        errors={err(fields.price.errors)}
        hint={t("products.priceHint")}
        {...getInputProps(fields.price, { type: "text" })}
      />
      <SelectField
        label={t("products.currency")}
        errors={err(fields.currency.errors)}
        options={CURRENCIES.map((c) => ({ value: c, label: c }))}
        {...getSelectProps(fields.currency)}
      />
      <CheckboxField
        label={t("products.recurring")}
        errors={err(fields.isRecurring.errors)}
        {...getInputProps(fields.isRecurring, { type: "checkbox" })}
      />
      <SelectField
        label={t("products.interval")}
        errors={err(fields.recurringInterval.errors)}
        options={[{ value: "", label: "—" }, ...RECURRING_INTERVALS.map((i) => ({ value: i, label: t(`products.intervals.${i}`) }))]}
        {...getSelectProps(fields.recurringInterval)}
      />
      <SelectField
        label={t("products.license")}
        errors={err(fields.licenseType.errors)}
        options={[
          { value: "", label: t("products.noLicense") },
          ...LICENSE_TYPES.map((l) => ({ value: l, label: t(`products.licenses.${l}`) })),
        ]}
        {...getSelectProps(fields.licenseType)}
      />
      <SelectField
        label={t("products.status")}
        errors={err(fields.status.errors)}
        options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`products.statuses.${s}`) }))}
        {...getSelectProps(fields.status)}
      />
      <TextField
        label={t("products.inventory")}
        min={0}
        step={1}
        errors={err(fields.inventoryCount.errors)}
        hint={t("products.inventoryHint")}
        {...getInputProps(fields.inventoryCount, { type: "number" })}
      />
      <TextField
        label={t("products.file")}
        placeholder="stems/pack.zip"
        errors={err(fields.fileUrl.errors)}
        hint={t("products.fileHint")}
        {...getInputProps(fields.fileUrl, { type: "text" })}
      />
      <TextareaField
        className="sm:col-span-2"
        rows={4}
        label={t("products.description")}
        errors={err(fields.description.errors)}
        {...getTextareaProps(fields.description)}
      />
      <div>
        <Button type="submit">{submitLabel}</Button>
      </div>
    </Form>
  );
}
