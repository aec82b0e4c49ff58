// The content editor, for new and existing contents: every field with its errors in place (Conform), the slug
// suggested from the title, categories grouped by scope (those that do not fit the owner hidden), and a preview
// rendered by the server — live while typing with JS, by the "Preview" button without.
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { Form, useFetcher, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Button } from "~/components/ui/button";
import { Card, CardTitle } from "~/components/ui/card";
import { CheckboxField, FieldErrors, SelectField, TextareaField, TextField } from "~/components/ui/field";
import { translateError } from "~/lib/i18n";
import {
  categoryScopesFor,
  CONTENT_OWNERS,
  CONTENT_STATUSES,
  CONTENT_TYPES,
  ContentFormSchema,
  SEO_DESCRIPTION_HINT,
  SEO_TITLE_HINT,
  slugify,
  type ContentOwner,
} from "./contents.schema.ts";

export type ContentFormValues = {
  title?: string;
  slug?: string;
  content?: string | null;
  excerpt?: string | null;
  characterOwner?: string;
  contentType?: string | null;
  status?: string;
  featured?: boolean;
  tags?: string;
  seoTitle?: string | null;
  seoDescription?: string | null;
  metadata?: string;
  categoryIds?: string[];
};

export interface CategoryOption {
  id: string;
  name: string;
  slug: string;
  characterScope: ContentOwner;
  depth: number;
}

/** What the editor's action answers to a preview. */
export interface PreviewData {
  preview: string | null;
}

/** Readable defaults for rendered markdown (the admin has no typography plugin). */
const PROSE =
  "max-w-none break-words [&_h1]:my-3 [&_h1]:text-2xl [&_h1]:font-black [&_h2]:my-3 [&_h2]:text-xl [&_h2]:font-bold [&_h3]:my-2 [&_h3]:font-bold [&_p]:my-2 [&_ul]:list-disc [&_ul]:pl-6 [&_ol]:list-decimal [&_ol]:pl-6 [&_a]:text-primary [&_a]:underline [&_pre]:my-2 [&_pre]:overflow-x-auto [&_pre]:rounded-brand [&_pre]:bg-background [&_pre]:p-3 [&_code]:font-mono [&_code]:text-sm [&_blockquote]:border-l-4 [&_blockquote]:border-border [&_blockquote]:pl-3 [&_blockquote]:text-muted [&_table]:my-2 [&_td]:border [&_td]:border-border [&_td]:px-2 [&_th]:border [&_th]:border-border [&_th]:px-2 [&_img]:max-w-full";

const asArray = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === "string" && value ? [value] : [];

export function ContentForm({
  id,
  defaultValue,
  categories,
  lastResult,
  preview: initialPreview,
  isNew,
  readOnly = false,
}: {
  id: string;
  defaultValue: ContentFormValues;
  categories: readonly CategoryOption[];
  lastResult?: SubmissionResult<string[]>;
  preview: string | null;
  isNew: boolean;
  /** For a role that may read contents but not change them: no save button. */
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id,
    defaultValue,
    lastResult: navigation.state === "idle" ? lastResult : undefined,
    constraint: getZodConstraint(ContentFormSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ContentFormSchema }),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
  });
  const errors = (list?: string[]) => list?.map((message) => translateError(t, message));
  const saving = navigation.state === "submitting" && navigation.formData?.get("intent") === "save";

  // The slug follows the title until someone edits it (existing contents keep theirs: links point to it).
  const [slugTouched, setSlugTouched] = useState(!isNew || Boolean(defaultValue.slug));
  const onTitle = (title: string) => {
    if (!slugTouched) form.update({ name: fields.slug.name, value: slugify(title) });
  };

  // Live preview: the server renders the body (the site's renderer), a moment after typing stops.
  const previewer = useFetcher<PreviewData>();
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const onBody = (content: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => previewer.submit({ intent: "preview", content }, { method: "post" }), 400);
  };
  useEffect(() => () => clearTimeout(timer.current), []);
  const preview = previewer.data?.preview ?? initialPreview;

  const owner = (CONTENT_OWNERS as readonly string[]).includes(fields.characterOwner.value ?? "")
    ? (fields.characterOwner.value as ContentOwner)
    : "shared";
  const fits = categoryScopesFor(owner);
  const chosen = asArray(fields.categoryIds.initialValue);
  const seoTitleLength = (fields.seoTitle.value ?? "").length;
  const seoDescriptionLength = (fields.seoDescription.value ?? "").length;

  return (
    <Form method="post" {...getFormProps(form)} className="grid gap-6 lg:grid-cols-[3fr_2fr]" data-content-form={isNew ? "new" : "edit"}>
      <div className="flex flex-col gap-2">
        <Card>
          <TextField
            label={t("contents.fields.title")}
            errors={errors(fields.title.errors)}
            {...getInputProps(fields.title, { type: "text" })}
            onInput={(e) => onTitle(e.currentTarget.value)}
          />
          <TextField
            label={t("contents.fields.slug")}
            hint={isNew ? t("contents.slugHintNew") : t("contents.slugHintEdit")}
            errors={errors(fields.slug.errors)}
            {...getInputProps(fields.slug, { type: "text" })}
            onInput={() => setSlugTouched(true)}
          />
          <TextareaField
            label={t("contents.fields.content")}
            hint={t("contents.markdownHint")}
            rows={18}
            className="[&_textarea]:font-mono"
            errors={errors(fields.content.errors)}
            {...getTextareaProps(fields.content)}
            onInput={(e) => onBody(e.currentTarget.value)}
          />
          <div className="flex flex-wrap gap-2" hidden={readOnly}>
            <Button type="submit" name="intent" value="save" disabled={saving || readOnly}>
              {t("contents.save")}
            </Button>
            <Button type="submit" name="intent" value="preview" variant="secondary" formNoValidate>
              {t("contents.preview")}
            </Button>
          </div>
        </Card>
        <Card>
          <CardTitle>{t("contents.preview")}</CardTitle>
          <p className="mb-3 text-sm text-muted">{t("contents.previewHint")}</p>
          {preview ? (
            <div className={PROSE} data-preview="html" dangerouslySetInnerHTML={{ __html: preview }} />
          ) : (
            <p className="text-sm text-muted" data-preview="empty">
              {t("contents.previewEmpty")}
            </p>
          )}
        </Card>
      </div>

      <div className="flex flex-col gap-6">
        <Card>
          <CardTitle>{t("contents.publishing")}</CardTitle>
          <SelectField
            label={t("contents.fields.status")}
            hint={t("contents.statusHint")}
            errors={errors(fields.status.errors)}
            options={CONTENT_STATUSES.map((value) => ({ value, label: t(`contents.statuses.${value}`) }))}
            {...getSelectProps(fields.status)}
          />
          <SelectField
            label={t("contents.fields.owner")}
            errors={errors(fields.characterOwner.errors)}
            options={CONTENT_OWNERS.map((value) => ({ value, label: t(`contents.owners.${value}`) }))}
            {...getSelectProps(fields.characterOwner)}
          />
          <SelectField
            label={t("contents.fields.type")}
            errors={errors(fields.contentType.errors)}
            options={CONTENT_TYPES.map((value) => ({ value, label: t(`contents.types.${value}`) }))}
            {...getSelectProps(fields.contentType)}
          />
          <CheckboxField
            label={t("contents.fields.featured")}
            errors={errors(fields.featured.errors)}
            {...getInputProps(fields.featured, { type: "checkbox", value: "on" })}
          />
        </Card>

        <Card>
          <CardTitle>{t("contents.fields.categories")}</CardTitle>
          <fieldset aria-describedby={`${id}-categories-hint ${id}-categories-error`}>
            <legend className="sr-only">{t("contents.fields.categories")}</legend>
            <p id={`${id}-categories-hint`} className="mb-2 text-sm text-muted">
              {t("contents.categoriesHint")}
            </p>
            {categories.length === 0 ? <p className="text-sm text-muted">{t("contents.noCategories")}</p> : null}
            {CONTENT_OWNERS.map((scope) => {
              const options = categories.filter((c) => c.characterScope === scope);
              const fit = fits.includes(scope);
              // A group that does not fit stays visible while something in it is chosen, so the error can be fixed.
              if (options.length === 0 || (!fit && !options.some((c) => chosen.includes(c.id)))) return null;
              return (
                <div key={scope} className="mb-2" data-category-scope={scope}>
                  <p className="text-sm font-semibold">
                    {t(`contents.owners.${scope}`)}
                    {fit ? null : <span className="ml-2 text-red-700">{t("contents.categoryScopeShort")}</span>}
                  </p>
                  <ul>
                    {options.map((category) => (
                      <li key={category.id} style={{ paddingLeft: `${category.depth * 1.25}rem` }}>
                        <label className="flex items-center gap-2 py-0.5">
                          <input
                            type="checkbox"
                            name={fields.categoryIds.name}
                            value={category.id}
                            defaultChecked={chosen.includes(category.id)}
                            className="h-4 w-4"
                          />
                          {category.name}
                        </label>
                      </li>
                    ))}
                  </ul>
                </div>
              );
            })}
            <FieldErrors
              id={`${id}-categories`}
              errors={errors([
                ...(fields.categoryIds.errors ?? []),
                ...Object.entries(form.allErrors).flatMap(([name, list]) => (name.startsWith(`${fields.categoryIds.name}[`) ? list : [])),
              ])}
            />
          </fieldset>
        </Card>

        <Card>
          <CardTitle>{t("contents.details")}</CardTitle>
          <TextareaField
            label={t("contents.fields.excerpt")}
            hint={t("contents.excerptHint")}
            rows={3}
            errors={errors(fields.excerpt.errors)}
            {...getTextareaProps(fields.excerpt)}
          />
          <TextField
            label={t("contents.fields.tags")}
            hint={t("contents.tagsHint")}
            errors={errors(fields.tags.errors)}
            {...getInputProps(fields.tags, { type: "text" })}
          />
          <TextField
            label={t("contents.fields.seoTitle")}
            hint={t("contents.lengthHint", { count: seoTitleLength, max: SEO_TITLE_HINT })}
            errors={errors(fields.seoTitle.errors)}
            {...getInputProps(fields.seoTitle, { type: "text" })}
          />
          <TextareaField
            label={t("contents.fields.seoDescription")}
            hint={t("contents.lengthHint", { count: seoDescriptionLength, max: SEO_DESCRIPTION_HINT })}
            rows={3}
            errors={errors(fields.seoDescription.errors)}
            {...getTextareaProps(fields.seoDescription)}
          />
          <TextareaField
            label={t("contents.fields.metadata")}
            hint={t("contents.metadataHint")}
            rows={5}
            className="[&_textarea]:font-mono"
            errors={errors(fields.metadata.errors)}
            {...getTextareaProps(fields.metadata)}
          />
        </Card>
      </div>
    </Form>
  );
}
