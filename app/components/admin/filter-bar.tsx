// The filter bar above an admin list: a GET form, so a filtered view is a URL, holding the list's filters (see
// list-filters.tsx) with Apply and Reset, and below it the filters the loader refused, by name.
import { Form, Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/ui/alert";
import { Button, buttonClasses } from "~/components/ui/button";
import { cn } from "~/components/ui/cn";
import { translateError } from "~/lib/i18n";

export interface FilterBarProps {
  /** The filters: FilterSelect, FilterInput and the like. */
  children: ReactNode;
  /** Where Reset goes: the list without any filter. */
  resetTo: string;
  /** How the filters are laid out; a wrapping row by default. */
  className?: string;
  /** When set, Apply and Reset share one cell of a grid layout, with these classes (a column span). */
  actionsClassName?: string;
  applyLabel?: string;
  resetLabel?: string;
  /** The loader's refusals, by filter name: one message or several (translation keys). */
  errors?: Record<string, string | readonly string[]>;
  /** How a refused filter is named in the alert; its name by default. */
  errorLabel?: (name: string) => string;
}

export function FilterBar({
  children,
  resetTo,
  className = "flex flex-wrap items-end gap-3",
  actionsClassName,
  applyLabel,
  resetLabel,
  errors = {},
  errorLabel = (name) => name,
}: FilterBarProps) {
  const { t } = useTranslation();
  const actions = (
    <>
      <Button type="submit" className="whitespace-nowrap">
        {applyLabel ?? t("leads.apply")}
      </Button>
      <Link to={resetTo} className={cn(buttonClasses({ variant: "ghost" }), "whitespace-nowrap")}>
        {resetLabel ?? t("leads.reset")}
      </Link>
    </>
  );
  return (
    <>
      <Form method="get" role="search" className={cn(className, "rounded-brand border border-border bg-surface p-4")}>
        {children}
        {actionsClassName === undefined ? actions : <div className={cn("flex items-end gap-2", actionsClassName)}>{actions}</div>}
      </Form>
      <RefusedFilters errors={errors} errorLabel={errorLabel} />
    </>
  );
}

/** The filters a loader refused, each by name with its messages; nothing when none was. */
export function RefusedFilters({ errors, errorLabel = (name) => name }: Pick<FilterBarProps, "errors" | "errorLabel">) {
  const { t } = useTranslation();
  const refused = Object.entries(errors ?? {});
  if (!refused.length) return null;
  return (
    <Alert tone="error">
      {refused.map(([name, messages]) => (
        <p key={name}>
          {errorLabel(name)}:{" "}
          {(typeof messages === "string" ? [messages] : messages).map((message) => translateError(t, message)).join(" ")}
        </p>
      ))}
    </Alert>
  );
}
