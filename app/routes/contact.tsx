// The contact page of a brand site: a consultation (the lead form) or a question with attachments (the
// inquiry form), each validated by the same schema in the browser and here, and working without JavaScript.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SiteShell } from "~/components/site-shell";
import { Alert } from "~/components/ui/alert";
import { Button } from "~/components/ui/button";
import { Card } from "~/components/ui/card";
import { cn } from "~/components/ui/cn";
import { CheckboxField, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { useFieldErrors } from "~/lib/use-field-errors";
import { getLanguage } from "~/lib/i18n.server";
import { requireBrand } from "~/lib/site.server";
import type { Brand } from "~/lib/tenant";
import { brandTitle } from "~/modules/brand/brands";
import { getSignedInUser } from "~/modules/identity/session.server";
import { parseForm } from "~/lib/form.server";
import { AttachmentError, attachmentLimits, parseMultipart } from "~/modules/inquiries/attachments.server";
import { INQUIRY_TYPES, CreateInquirySchema } from "~/modules/inquiries/inquiries.schema";
import { attachmentFailure, parseInquiry, receiveInquiry } from "~/modules/inquiries/inquiries.server";
import { fieldMessages, statusOf } from "~/lib/result";
import { submitContactLead } from "~/modules/leads/intake.server";
import { ContactFormSchema, LEAD_TYPES } from "~/modules/leads/leads.schema";

type Mode = "lead" | "inquiry";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const brand = requireBrand(context);
  const lng = await getLanguage(request);
  const mode: Mode = new URL(request.url).searchParams.get("form") === "inquiry" ? "inquiry" : "lead";
  const { maxFiles, maxBytes } = attachmentLimits();
  const user = await getSignedInUser(request);
  return {
    brand,
    mode,
    limits: { maxFiles, maxMb: Math.round(maxBytes / 1024 / 1024) },
    signedIn: Boolean(user),
    title: `${lng === "en" ? "Contact" : "お問い合わせ"} — ${brandTitle(brand, lng)}`,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title }];

export async function action({ request, context }: ActionFunctionArgs) {
  const brand = requireBrand(context);
  if (/^multipart\/form-data\b/i.test(request.headers.get("content-type") ?? "")) return inquiryAction(request, brand);

  // Not readForm(): the contact schemas refuse a NUL themselves, shown in place beside the field.
  const submission = parseWithZod(await parseForm(request), { schema: ContactFormSchema });
  if (submission.status !== "success") return data({ form: "lead" as Mode, result: submission.reply(), reference: null }, { status: 400 });
  const submitted = await submitContactLead({ brand, form: submission.value });
  return data({ form: "lead" as Mode, result: submission.reply({ resetForm: true }), reference: submitted.inquiryId });
}

async function inquiryAction(request: Request, brand: Brand) {
  let formData: FormData;
  try {
    formData = await parseMultipart(request);
  } catch (error) {
    if (!(error instanceof AttachmentError)) throw error;
    const failure = attachmentFailure(error);
    return data(
      { form: "inquiry" as Mode, result: { status: "error" as const, error: fieldMessages(failure) }, reference: null },
      { status: statusOf(failure) },
    );
  }
  const user = await getSignedInUser(request);
  const result = await receiveInquiry(formData, { brand, user: user ? { email: user.email, name: user.name } : null, via: "contact_form" });
  if (!result.ok) {
    // The reply keeps what was typed (the submission as the form sent it), with the messages beside their fields.
    const reply = parseInquiry(formData).reply({ fieldErrors: fieldMessages(result) });
    return data({ form: "inquiry" as Mode, result: reply, reference: null }, { status: statusOf(result) });
  }
  return data({ form: "inquiry" as Mode, result: { status: "success" as const }, reference: result.submitted.inquiryId });
}

export default function Contact() {
  const { brand, mode, limits, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const tab = (active: boolean) =>
    cn("rounded-brand px-4 py-2 font-semibold", active ? "bg-primary text-primary-foreground" : "text-text hover:bg-primary/10");

  return (
    <SiteShell brand={brand}>
      <div className="mx-auto max-w-2xl">
        <h1 className="text-3xl font-black text-primary">{t("contact.title")}</h1>
        <p className="mt-2 text-muted">{t("contact.intro")}</p>
        <nav aria-label={t("contact.title")} className="mt-6 flex gap-2">
          <Link to="/contact" className={tab(mode === "lead")} aria-current={mode === "lead" ? "page" : undefined}>
            {t("contact.leadTab")}
          </Link>
          <Link to="/contact?form=inquiry" className={tab(mode === "inquiry")} aria-current={mode === "inquiry" ? "page" : undefined}>
            {t("contact.inquiryTab")}
          </Link>
        </nav>
        <Card className="mt-4">
          {actionData?.reference && navigation.state === "idle" ? (
            <div className="flex flex-col items-start gap-4" data-thanks>
              <Alert tone="success">
                <p className="text-lg font-bold">{t(`brand.${brand}.thanksTitle`)}</p>
                <p className="mt-1">{t(`brand.${brand}.thanksBody`)}</p>
                <p className="mt-2 text-sm text-muted">
                  {t("contact.reference", { reference: actionData.reference.slice(-8).toUpperCase() })}
                </p>
              </Alert>
              <Link to={mode === "inquiry" ? "/contact?form=inquiry" : "/contact"} className="font-semibold text-primary hover:underline">
                {t("contact.again")}
              </Link>
            </div>
          ) : mode === "inquiry" ? (
            <InquiryForm limits={limits} signedIn={signedIn} />
          ) : (
            <LeadForm brand={brand} />
          )}
        </Card>
      </div>
    </SiteShell>
  );
}

function LeadForm({ brand }: { brand: Brand }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const errors = useFieldErrors();
  const [form, fields] = useForm({
    id: "lead",
    lastResult: navigation.state === "idle" && actionData?.form === "lead" ? actionData.result : undefined,
    constraint: getZodConstraint(ContactFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContactFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const leadTypes = LEAD_TYPES.filter((type) =>
    brand === "aoba" ? type !== "b2b_consultation" && type !== "tool_interest" : type !== "music_licensing",
  );
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-col gap-2">
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
        options={leadTypes.map((value) => ({ value, label: t(`leadTypes.${value}`) }))}
        {...getSelectProps(fields.leadType)}
      />
      <TextareaField label={t("contact.message")} errors={errors(fields.message.errors)} {...getTextareaProps(fields.message)} />
      <ConsentAndSubmit consent={fields.gdprConsent} errors={errors(fields.gdprConsent.errors)} />
    </Form>
  );
}

function InquiryForm({ limits, signedIn }: { limits: { maxFiles: number; maxMb: number }; signedIn: boolean }) {
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t } = useTranslation();
  const errors = useFieldErrors();
  const [form, fields] = useForm({
    id: "inquiry",
    lastResult: navigation.state === "idle" && actionData?.form === "inquiry" ? actionData.result : undefined,
    constraint: getZodConstraint(CreateInquirySchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CreateInquirySchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const leadInfo = fields.leadInfo.getFieldset();
  return (
    <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="flex flex-col gap-2">
      {form.allErrors.form ? <Alert tone="error">{errors(form.allErrors.form)}</Alert> : null}
      {signedIn ? null : (
        <>
          <TextField
            label={t("contact.name")}
            autoComplete="name"
            errors={errors(leadInfo.name.errors)}
            {...getInputProps(leadInfo.name, { type: "text" })}
          />
          <TextField
            label={t("contact.email")}
            autoComplete="email"
            errors={errors(leadInfo.email.errors)}
            {...getInputProps(leadInfo.email, { type: "email" })}
          />
          <TextField
            label={t("contact.company")}
            autoComplete="organization"
            errors={errors(leadInfo.company.errors)}
            {...getInputProps(leadInfo.company, { type: "text" })}
          />
        </>
      )}
      <SelectField
        label={t("contact.type")}
        errors={errors(fields.type.errors)}
        options={INQUIRY_TYPES.map((value) => ({ value, label: t(`inquiryTypes.${value}`) }))}
        {...getSelectProps(fields.type)}
      />
      <TextField label={t("contact.subject")} errors={errors(fields.subject.errors)} {...getInputProps(fields.subject, { type: "text" })} />
      <TextareaField label={t("contact.message")} errors={errors(fields.message.errors)} {...getTextareaProps(fields.message)} />
      <TextField
        label={t("contact.attachments")}
        hint={t("contact.attachmentsHint", { count: limits.maxFiles, mb: limits.maxMb })}
        name="attachments"
        type="file"
        multiple
        accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.mp3,.wav,.flac,.zip,.txt"
        errors={errors(form.allErrors.attachments)}
      />
      <ConsentAndSubmit consent={fields.gdprConsent} errors={errors(fields.gdprConsent.errors)} />
    </Form>
  );
}

/** The consent every submission needs, and the send button. */
function ConsentAndSubmit({ consent, errors }: { consent: Parameters<typeof getInputProps>[0]; errors?: string[] }) {
  const navigation = useNavigation();
  const { t } = useTranslation();
  return (
    <>
      <CheckboxField
        label={t("contact.gdprConsent")}
        hint={t("contact.gdprHint")}
        errors={errors}
        {...getInputProps(consent, { type: "checkbox", value: "on" })}
      />
      <div>
        <Button type="submit" size="lg" disabled={navigation.state === "submitting"}>
          {navigation.state === "submitting" ? t("contact.submitting") : t("contact.submit")}
        </Button>
      </div>
    </>
  );
}

// Here rather than only at the root, so an error from this route's action still renders in the site's frame
// (the root's loader runs for a boundary below it, not for its own).
export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";
