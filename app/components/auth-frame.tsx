// Sign-in pages live on every host: inside the brand's frame on yuya/aoba, on a plain page on the admin host.
import type { ReactNode } from "react";
import { useRootData } from "~/root";
import { isBrand } from "~/lib/tenant";
import { SiteShell } from "./site-shell.tsx";
import { Card } from "./ui/card.tsx";
import { LanguageSwitcher } from "./ui/language-switcher.tsx";

export function AuthFrame({ title, children }: { title: string; children: ReactNode }) {
  const root = useRootData();
  const body = (
    <div className="mx-auto max-w-md">
      <h1 className="mb-6 text-3xl font-black text-primary">{title}</h1>
      <Card>{children}</Card>
    </div>
  );
  if (root && isBrand(root.site)) {
    return <SiteShell brand={root.site}>{body}</SiteShell>;
  }
  return (
    <main id="main" className="px-4 py-16">
      <div className="mx-auto mb-6 flex max-w-md justify-end">
        <LanguageSwitcher />
      </div>
      {body}
    </main>
  );
}
