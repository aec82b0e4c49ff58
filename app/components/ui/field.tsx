// Form fields with a visible label, an optional hint and the field's errors, wired for screen readers:
// aria-invalid, aria-describedby, and errors in a live region so they are announced when they appear.
import type { InputHTMLAttributes, ReactNode, TextareaHTMLAttributes } from "react";
import { useId } from "react";
import { cn } from "./cn.ts";

interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  errors?: string[];
  id?: string;
}

/** The field's id (given or generated), whether it is invalid, and the aria attributes its control carries. */
function useField({ id: givenId, hint, errors }: Omit<FieldProps, "label">) {
  const autoId = useId();
  const id = givenId ?? autoId;
  const invalid = Boolean(errors?.length);
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return { id, invalid, aria: { "aria-invalid": invalid || undefined, "aria-describedby": describedBy } };
}

/** Errors under a field (or a group of fields: the id names it), in a live region that keeps its height. */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  return (
    <div id={`${id}-error`} aria-live="polite" className="min-h-[1.25rem] text-sm text-red-700">
      {errors?.length ? errors.join(" ") : null}
    </div>
  );
}

function HintAndErrors({ id, hint, errors }: { id: string; hint?: ReactNode; errors?: string[] }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="text-sm text-muted">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={id} errors={errors} />
    </>
  );
}

/** Label above the control, hint and errors below. */
function LabelledField({
  id,
  label,
  hint,
  errors,
  className,
  children,
}: FieldProps & { id: string; className?: string; children: ReactNode }) {
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <label htmlFor={id} className="font-semibold">
        {label}
      </label>
      {children}
      <HintAndErrors id={id} hint={hint} errors={errors} />
    </div>
  );
}

const control =
  "w-full rounded-brand border bg-surface px-3 py-2 text-text placeholder:text-muted/70 focus:border-primary focus:outline-none focus:ring-2 focus:ring-primary/30";
const controlClasses = (invalid: boolean) => cn(control, invalid ? "border-red-600" : "border-border");

export function TextField({ label, hint, errors, id: givenId, className, ...input }: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const { id, invalid, aria } = useField({ id: givenId, hint, errors });
  return (
    <LabelledField id={id} label={label} hint={hint} errors={errors} className={className}>
      <input id={id} {...aria} className={controlClasses(invalid)} {...input} />
    </LabelledField>
  );
}

export function TextareaField({
  label,
  hint,
  errors,
  id: givenId,
  className,
  ...textarea
}: FieldProps & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const { id, invalid, aria } = useField({ id: givenId, hint, errors });
  return (
    <LabelledField id={id} label={label} hint={hint} errors={errors} className={className}>
      <textarea id={id} rows={6} {...aria} className={controlClasses(invalid)} {...textarea} />
    </LabelledField>
  );
}

export function SelectField({
  label,
  hint,
  errors,
  id: givenId,
  className,
  options,
  ...select
}: FieldProps & InputHTMLAttributes<HTMLSelectElement> & { options: { value: string; label: string }[] }) {
  const { id, invalid, aria } = useField({ id: givenId, hint, errors });
  return (
    <LabelledField id={id} label={label} hint={hint} errors={errors} className={className}>
      <select id={id} {...aria} className={controlClasses(invalid)} {...(select as object)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </LabelledField>
  );
}

export function CheckboxField({
  label,
  hint,
  errors,
  id: givenId,
  className,
  ...input
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const { id, aria } = useField({ id: givenId, hint, errors });
  return (
    <div className={cn("flex flex-col gap-1", className)}>
      <div className="flex items-start gap-2">
        <input id={id} type="checkbox" {...aria} className="mt-1 h-4 w-4 accent-[rgb(var(--color-primary-rgb))]" {...input} />
        <label htmlFor={id}>{label}</label>
      </div>
      <HintAndErrors id={id} hint={hint} errors={errors} />
    </div>
  );
}
