import type { ReactNode } from "react";
import { cn } from "./cn.ts";

export function Alert({ tone = "info", children }: { tone?: "info" | "error" | "success"; children: ReactNode }) {
  const tones = {
    info: "border-primary/40 bg-primary/10",
    error: "border-red-300 bg-red-50 text-red-900",
    success: "border-green-300 bg-green-50 text-green-900",
  };
  return (
    <div role={tone === "error" ? "alert" : "status"} className={cn("rounded-brand border px-4 py-3", tones[tone])}>
      {children}
    </div>
  );
}
