// Renders a piece of UI once per brand theme, side by side: the same components, different tokens.
import type { ReactNode } from "react";
import { BRAND_INFO, themeFor, themeStyle } from "~/modules/brand/brands";

export function BothThemes({ children }: { children: ReactNode }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {(["yuya", "aoba"] as const).map((brand) => (
        <div key={brand} style={themeStyle(themeFor(brand))} className="rounded-brand bg-background p-4 text-text">
          <p className="mb-3 text-xs font-bold uppercase text-muted">{BRAND_INFO[brand].name.ja}</p>
          {children}
        </div>
      ))}
    </div>
  );
}
