import type { ReactNode } from "react";

export function EmptyState({ title, children, icon = "✦" }: { title: string; children?: ReactNode; icon?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center rounded-brand border border-dashed border-border bg-surface px-6 py-16 text-center">
      <span aria-hidden="true" className="mb-3 text-4xl text-primary">
        {icon}
      </span>
      <h2 className="text-lg font-bold">{title}</h2>
      {children ? <div className="mt-2 max-w-md text-muted">{children}</div> : null}
    </div>
  );
}
