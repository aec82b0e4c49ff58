// The product form, for creating and editing: every field with its errors in place; the type list comes from
// the product types plugins registered.
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/ui/button";
import { CheckboxField, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { translateError } from "~/lib/i18n";
import { CURRENCIES, LICENSE_TYPES, PRODUCT_STATUSES, RECURRING_INTERVALS } from "./products.schema.ts";

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

export function ProductForm({
  values = {},
  errors = {},
  types,
  intent,
  submitLabel,
}: {
  values?: ProductValues;
  errors?: Record<string, string[]>;
  types: { key: string; label: string }[];
  intent: string;
  submitLabel: string;
}) {
  const { t } = useTranslation();
  const err = (name: string) => errors[name]?.map((m) => translateError(t, m));
  return (
    <Form method="post" className="grid gap-2 sm:grid-cols-2" data-product-form={intent}>
      <input type="hidden" name="intent" value={intent} />
      <TextField
        className="sm:col-span-2"
        label={t("products.name")}
        name="name"
        required
        maxLength={200}
        defaultValue={values.name ?? ""}
        errors={err("name")}
      />
      <SelectField
        label={t("products.owner")}
        name="characterOwner"
        defaultValue={values.characterOwner ?? "aoba"}
        errors={err("characterOwner")}
        options={(["yuya", "aoba", "shared"] as const).map((s) => ({ value: s, label: t(`account.sites.${s}`) }))}
      />
      <SelectField
        label={t("products.type")}
        name="productType"
        defaultValue={values.productType ?? ""}
        errors={err("productType")}
        options={[{ value: "", label: "—" }, ...types.map((type) => ({ value: type.key, label: type.label }))]}
      />
      <TextField
        label={t("products.price")}
        name="price"
        inputMode="decimal"
        required
        placeholder="1500"
        defaultValue={values.price ?? ""}
        errors={err("price")}
        hint={t("products.priceHint")}
      />
      <SelectField
        label={t("products.currency")}
        name="currency"
        defaultValue={values.currency ?? "JPY"}
        errors={err("currency")}
        options={CURRENCIES.map((c) => ({ value: c, label: c }))}
      />
      <CheckboxField
        label={t("products.recurring")}
        name="isRecurring"
        defaultChecked={Boolean(values.isRecurring)}
        errors={err("isRecurring")}
      />
      <SelectField
        label={t("products.interval")}
        name="recurringInterval"
        defaultValue={values.recurringInterval ?? ""}
        errors={err("recurringInterval")}
        options={[{ value: "", label: "—" }, ...RECURRING_INTERVALS.map((i) => ({ value: i, label: t(`products.intervals.${i}`) }))]}
      />
      <SelectField
        label={t("products.license")}
        name="licenseType"
        defaultValue={values.licenseType ?? ""}
        errors={err("licenseType")}
        options={[
          { value: "", label: t("products.noLicense") },
          ...LICENSE_TYPES.map((l) => ({ value: l, label: t(`products.licenses.${l}`) })),
        ]}
      />
      <SelectField
        label={t("products.status")}
        name="status"
        defaultValue={values.status ?? "active"}
        errors={err("status")}
        options={PRODUCT_STATUSES.map((s) => ({ value: s, label: t(`products.statuses.${s}`) }))}
      />
      <TextField
        label={t("products.inventory")}
        name="inventoryCount"
        type="number"
        min={0}
        step={1}
        defaultValue={values.inventoryCount ?? ""}
        errors={err("inventoryCount")}
        hint={t("products.inventoryHint")}
      />
      <TextField
        label={t("products.file")}
        name="fileUrl"
        placeholder="stems/pack.zip"
        defaultValue={values.fileUrl ?? ""}
        errors={err("fileUrl")}
        hint={t("products.fileHint")}
      />
      <TextareaField
        className="sm:col-span-2"
        rows={4}
        label={t("products.description")}
        name="description"
        defaultValue={values.description ?? ""}
        errors={err("description")}
      />
      <div>
        <Button type="submit">{submitLabel}</Button>
      </div>
    </Form>
  );
}
