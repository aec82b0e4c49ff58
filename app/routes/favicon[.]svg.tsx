// The site's icon in its own colours (an SVG, so no binary assets per brand).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { themeFor } from "~/modules/brand/brands";

const LETTER = { yuya: "傾", aoba: "猫", admin: "K", index: "K" } as const;

export function loader({ context }: LoaderFunctionArgs) {
  const theme = themeFor(context.site);
  const rgb = (value: string) => `rgb(${value.split(" ").join(",")})`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="${rgb(theme.primary)}"/><text x="32" y="44" font-size="34" text-anchor="middle" font-family="sans-serif" font-weight="700" fill="${rgb(theme.primaryForeground)}">${LETTER[context.site]}</text></svg>`;
  return new Response(svg, { headers: { "Content-Type": "image/svg+xml", "Cache-Control": "public, max-age=86400" } });
}
