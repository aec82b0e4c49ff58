// The filter controls of the admin lists: each reads its value from the URL and names itself by label, so
// a filtered view is a URL. Shared by the lead list, the inbox and (later) other lists.
import { useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { cn } from "./ui/cn.ts";

const control = "rounded-brand border border-border bg-surface px-2 py-1.5 font-normal";

export interface FilterOption {
  value: string;
  label: string;
}

/** A <select> filter: the "any" choice first, then the options. */
export function FilterSelect({
  name,
  label,
  anyLabel,
  options,
  invalid,
  className,
}: {
  name: string;
  label: string;
  anyLabel: string;
  options: readonly FilterOption[];
  invalid?: boolean;
  className?: string;
}) {
  const [params] = useSearchParams();
  return (
    <label className={cn("flex flex-col gap-1 text-sm font-semibold", className)}>
      {label}
      <select
        name={name}
        defaultValue={params.get(name) ?? ""}
        aria-invalid={invalid || undefined}
        className={cn(control, invalid && "border-red-600")}
      >
        <option value="">{anyLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** An <input> filter (search, date). */
export function FilterInput({
  name,
  label,
  type = "text",
  maxLength,
  invalid,
  className,
}: {
  name: string;
  label: string;
  type?: string;
  maxLength?: number;
  invalid?: boolean;
  className?: string;
}) {
  const [params] = useSearchParams();
  return (
    <label className={cn("flex flex-col gap-1 text-sm font-semibold", className)}>
      {label}
      <input
        name={name}
        type={type}
        maxLength={maxLength}
        defaultValue={params.get(name) ?? ""}
        aria-invalid={invalid || undefined}
        className={cn(control, invalid && "border-red-600")}
      />
    </label>
  );
}

/** Site: both, yuya or aoba. */
export function SiteFilter({ invalid }: { invalid?: boolean }) {
  const { t } = useTranslation();
  return (
    <FilterSelect
      name="character"
      label={t("leads.site")}
      anyLabel={t("leads.bothSites")}
      invalid={invalid}
      options={[
        { value: "yuya", label: t("account.sites.yuya") },
        { value: "aoba", label: t("account.sites.aoba") },
      ]}
    />
  );
}

/** Assignee: anyone, me, unassigned, or a staff member. */
export function AssigneeFilter({
  staff,
  invalid,
}: {
  staff: readonly { id: string; name: string | null; email: string }[];
  invalid?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <FilterSelect
      name="assignee"
      label={t("leads.assignee")}
      anyLabel={t("leads.anyone")}
      invalid={invalid}
      options={[
        { value: "me", label: t("leads.me") },
        { value: "none", label: t("leads.unassigned") },
        ...staff.map((p) => ({ value: p.id, label: p.name ?? p.email })),
      ]}
    />
  );
}
