import type { HTMLAttributes, ReactNode } from "react";
import { cn } from "./cn.ts";

export function Card({ className, ...props }: HTMLAttributes<HTMLDivElement>) {
  return <div className={cn("rounded-brand border border-border bg-surface p-6 shadow-sm", className)} {...props} />;
}

export function CardTitle({ children, as: Heading = "h2" }: { children: ReactNode; as?: "h2" | "h3" }) {
  return <Heading className="mb-2 text-lg font-bold text-text">{children}</Heading>;
}
