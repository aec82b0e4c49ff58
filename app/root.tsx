// The document: language, the site's theme tokens, the CSP nonce for Remix's scripts, and the one error boundary.
import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useEffect, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getLanguage } from "~/lib/i18n.server";
import { themeFor, themeStyle } from "~/modules/brand/brands";
import { getSignedInUser } from "~/modules/identity/session.server";
import stylesheet from "~/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getSignedInUser(request);
  return {
    user: user ? { id: user.id, name: user.profile?.displayName ?? user.name ?? user.email, email: user.email, role: user.role } : null,
    lng: await getLanguage(request),
    site: context.site,
    urls: context.urls,
    nonce: context.cspNonce,
    requestId: context.requestId,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: ReactNode }) {
  const root = useRootData();
  const { i18n } = useTranslation();
  const lng = root?.lng ?? "ja";
  // The language follows the loader (cookie / Accept-Language), also after switching on the client.
  useEffect(() => {
    if (i18n.language !== lng) void i18n.changeLanguage(lng);
  }, [i18n, lng]);
  useEffect(() => {
    // Tests and tools wait for this: the page is interactive from here on.
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return (
    <html lang={lng} dir="ltr" style={themeStyle(themeFor(root?.site ?? "index"))}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen bg-background font-sans text-text antialiased">
        {children}
        <ScrollRestoration nonce={root?.nonce} />
        <Scripts nonce={root?.nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
