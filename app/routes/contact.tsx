// The contact page of a brand site: the lead form, validated by the same schema in the browser and here.
import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SiteShell } from "~/components/site-shell";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import {
  CheckboxField,
  SelectField,
  TextareaField,
  TextField,
} from "~/components/ui/field";
import { getLanguage } from "~/lib/i18n.server";
import { requireBrand } from "~/lib/site.server";
import { BRAND_INFO, brandTitle } from "~/modules/brand/brands";
import { translateError } from "~/lib/i18n";
import { getDb } from "~/lib/db.server";
import {
  ContactFormSchema,
  LEAD_TYPES,
  type CreateLead,
} from "~/modules/leads/leads.schema";
import { submitLead } from "~/modules/leads/leads.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const brand = requireBrand(context);
  const lng = await getLanguage(request);
  return {
    brand,
    title: `${lng === "en" ? "Contact" : "お問い合わせ"} — ${brandTitle(
      brand,
      lng
    )}`,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data?.title },
];

export async function action({ request, context }: ActionFunctionArgs) {
  const brand = requireBrand(context);
  const submission = parseWithZod(await request.formData(), {
    schema: ContactFormSchema,
  });
  if (submission.status !== "success") {
    return data(
      { result: submission.reply(), reference: null },
      { status: 400 }
    );
  }
  const info = BRAND_INFO[brand];
  const submitted = await getDb().$transaction((tx) =>
    submitLead(
      tx,
      {
        ...submission.value,
        source: info.leadSource,
        sourceDomain: info.domain as CreateLead["sourceDomain"],
        sourcePage: "/contact",
      },
      { via: "contact_form" }
    )
  );
  return data({
    result: submission.reply({ resetForm: true }),
    reference: submitted.inquiryId,
  });
}

export default function Contact() {
  const { brand } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    lastResult: navigation.state === "idle" ? actionData?.result : undefined,
    constraint: getZodConstraint(ContactFormSchema),
    onValidate: ({ formData }) =>
      parseWithZod(formData, { schema: ContactFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const errors = (list?: string[]) =>
    list?.map((message) => translateError(t, message));
  const leadTypes = LEAD_TYPES.filter((type) =>
    brand === "aoba"
      ? type !== "b2b_consultation" && type !== "tool_interest"
      : type !== "music_licensing"
  );

  return (
    <SiteShell brand={brand}>
      <div className="mx-auto max-w-2xl">
        <h1 className="text-3xl font-black text-primary">
          {t("contact.title")}
        </h1>
        <p className="mt-2 text-muted">{t("contact.intro")}</p>
        <Card className="mt-8">
          {actionData?.reference && navigation.state === "idle" ? (
            <div className="flex flex-col items-start gap-4" data-thanks>
              <Alert tone="success">
                <p className="text-lg font-bold">
                  {t(`brand.${brand}.thanksTitle`)}
                </p>
                <p className="mt-1">{t(`brand.${brand}.thanksBody`)}</p>
                <p className="mt-2 text-sm text-muted">
                  {t("contact.reference", {
                    reference: actionData.reference.slice(-8).toUpperCase(),
                  })}
                </p>
              </Alert>
              <Link
                to="/contact"
                className="font-semibold text-primary hover:underline"
              >
                {t("contact.again")}
              </Link>
            </div>
          ) : (
            <Form
              method="post"
              {...getFormProps(form)}
              className="flex flex-col gap-2"
            >
              <TextField
                label={t("contact.name")}
                autoComplete="name"
                errors={errors(fields.name.errors)}
                {...getInputProps(fields.name, { type: "text" })}
              />
              <TextField
                label={t("contact.email")}
                autoComplete="email"
                errors={errors(fields.email.errors)}
                {...getInputProps(fields.email, { type: "email" })}
              />
              <div className="grid gap-2 sm:grid-cols-2">
                <TextField
                  label={t("contact.company")}
                  autoComplete="organization"
                  errors={errors(fields.company.errors)}
                  {...getInputProps(fields.company, { type: "text" })}
                />
                <TextField
                  label={t("contact.phone")}
                  autoComplete="tel"
                  errors={errors(fields.phone.errors)}
                  {...getInputProps(fields.phone, { type: "tel" })}
                />
              </div>
              <SelectField
                label={t("contact.leadType")}
                errors={errors(fields.leadType.errors)}
                options={leadTypes.map((value) => ({
                  value,
                  label: t(`leadTypes.${value}`),
                }))}
                {...getSelectProps(fields.leadType)}
              />
              <TextareaField
                label={t("contact.message")}
                errors={errors(fields.message.errors)}
                {...getTextareaProps(fields.message)}
              />
              <CheckboxField
                label={t("contact.gdprConsent")}
                hint={t("contact.gdprHint")}
                errors={errors(fields.gdprConsent.errors)}
                {...getInputProps(fields.gdprConsent, {
                  type: "checkbox",
                  value: "on",
                })}
              />
              <div>
                <Button
                  type="submit"
                  size="lg"
                  disabled={navigation.state === "submitting"}
                >
                  {navigation.state === "submitting"
                    ? t("contact.submitting")
                    : t("contact.submit")}
                </Button>
              </div>
            </Form>
          )}
        </Card>
      </div>
    </SiteShell>
  );
}
