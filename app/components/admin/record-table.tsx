// The table of an admin record list (leads, inquiries): each row opens its record from its first cell (a bold
// link and a muted line below it), the other cells are the columns given; an empty list says so, and the pager
// follows the table.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/ui/pagination";
import { Table, Td, Th, Tr } from "~/components/ui/table";

export interface RecordColumn<T> {
  header: ReactNode;
  headerClassName?: string;
  className?: string;
  cell: (row: T) => ReactNode;
}

export function RecordTable<T extends { id: string }>({
  caption,
  rows,
  rowData,
  title,
  columns,
  empty,
  page,
}: {
  caption: string;
  rows: T[];
  /** The row's data attribute ("lead" gives data-lead="<id>"), for tests and scripts. */
  rowData: string;
  /** The first column: its header, the record's link, its text and the line below it. */
  title: { header: ReactNode; href: (row: T) => string; label: (row: T) => ReactNode; detail: (row: T) => ReactNode };
  columns: RecordColumn<T>[];
  empty: string;
  page: { page: number; totalPages: number; total: number };
}) {
  return (
    <>
      <Table caption={caption}>
        <thead>
          <tr>
            <Th>{title.header}</Th>
            {columns.map((column, i) => (
              <Th key={i} className={column.headerClassName}>
                {column.header}
              </Th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Tr key={row.id} {...{ [`data-${rowData}`]: row.id }}>
              <Td>
                <Link to={title.href(row)} className="font-semibold text-primary hover:underline">
                  {title.label(row)}
                </Link>
                <div className="text-xs text-muted">{title.detail(row)}</div>
              </Td>
              {columns.map((column, i) => (
                <Td key={i} className={column.className}>
                  {column.cell(row)}
                </Td>
              ))}
            </Tr>
          ))}
        </tbody>
      </Table>
      {rows.length === 0 ? <p className="text-center text-muted">{empty}</p> : null}
      <Pagination page={page.page} totalPages={page.totalPages} total={page.total} />
    </>
  );
}

/** A record's assignee, or "unassigned" in muted text. */
export function AssigneeCell({ assignee }: { assignee: { name: string | null; email: string } | null }) {
  const { t } = useTranslation();
  return assignee ? <>{assignee.name ?? assignee.email}</> : <span className="text-muted">{t("leads.unassigned")}</span>;
}
