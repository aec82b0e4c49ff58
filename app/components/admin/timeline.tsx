// The timeline of an admin record (a lead's or a project's activities), in the order given: each entry with when,
// who and what, and the text written with it.
import type { ReactNode } from "react";
import { formatDateTime } from "~/lib/format";
import { useLanguage } from "~/lib/use-language";

export interface TimelineEntry {
  id: string;
  /** The activity type, kept on the item (data-activity) for tests and styling. */
  kind: string | null;
  at: Date | string;
  /** Who did it, as shown. */
  by: string;
  /** More about how it came, after who (e.g. "via the API"). */
  note?: string | null;
  title: ReactNode;
  body?: string | null;
}

export function Timeline({ entries }: { entries: readonly TimelineEntry[] }) {
  const lng = useLanguage();
  return (
    <ol className="flex flex-col gap-3 border-l-2 border-border pl-4" data-timeline>
      {entries.map((entry) => (
        <li key={entry.id} data-activity={entry.kind ?? undefined}>
          <div className="text-xs text-muted">
            {formatDateTime(entry.at, lng)} · {entry.by}
            {entry.note ? ` · ${entry.note}` : ""}
          </div>
          <div className="font-semibold">{entry.title}</div>
          {entry.body ? <p className="whitespace-pre-wrap text-sm">{entry.body}</p> : null}
        </li>
      ))}
    </ol>
  );
}
