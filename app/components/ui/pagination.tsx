// Previous / next links for a paged list, keeping the other search parameters (filters) as they are.
import { Link, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { buttonClasses } from "./button.tsx";

export function Pagination({ page, totalPages, total }: { page: number; totalPages: number; total: number }) {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const to = (target: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(target));
    return `?${next.toString()}`;
  };
  const link = buttonClasses({ variant: "secondary", size: "sm" });
  return (
    <nav aria-label={t("pagination.label")} className="flex items-center justify-between gap-4 text-sm text-muted">
      <span>{t("pagination.summary", { page, totalPages, total })}</span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link to={to(page - 1)} rel="prev" className={link}>
            {t("pagination.previous")}
          </Link>
        ) : null}
        {page < totalPages ? (
          <Link to={to(page + 1)} rel="next" className={link}>
            {t("pagination.next")}
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
