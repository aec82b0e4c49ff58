// The two brands as data: names, domains, copy keys and theme tokens. Components never branch on the brand;
// they read these tokens as CSS variables (see themeStyle and tailwind.config.ts).
import type { Brand, Site } from "~/lib/tenant";

export interface Theme {
  /** Each colour as "R G B" so Tailwind can add opacity: rgb(var(--color-primary-rgb) / 0.5). */
  primary: string;
  primaryForeground: string;
  accent: string;
  background: string;
  surface: string;
  text: string;
  muted: string;
  border: string;
  /** Rounded corners: yuya is sharp, aoba is soft. */
  radius: string;
}

export interface BrandInfo {
  id: Brand;
  name: { ja: string; en: string };
  domain: string;
  /** The lead source a submission on this site's own pages is recorded under. */
  leadSource: string;
  /** Other brand, for the footer cross-link (cross referrals are a KPI). */
  sibling: Brand;
  emoji: string;
  theme: Theme;
}

export const BRAND_INFO: Record<Brand, BrandInfo> = {
  yuya: {
    id: "yuya",
    name: { ja: "傾奇ユウヤ", en: "Kabuki Yuya" },
    domain: "yuya-kabuki.com",
    leadSource: "yuya_site",
    sibling: "aoba",
    emoji: "🎭",
    theme: {
      primary: "178 34 52", // crimson
      primaryForeground: "255 248 231",
      accent: "212 160 23", // gold
      background: "252 249 243",
      surface: "255 255 255",
      text: "28 25 23",
      muted: "107 98 90",
      border: "226 215 200",
      radius: "0.25rem",
    },
  },
  aoba: {
    id: "aoba",
    name: { ja: "猫空あおば", en: "Nekosora Aoba" },
    domain: "aoba-nekosora.com",
    leadSource: "aoba_site",
    sibling: "yuya",
    emoji: "🐈",
    theme: {
      primary: "59 130 246", // sky blue
      primaryForeground: "255 255 255",
      accent: "167 139 250", // lavender
      background: "240 246 255",
      surface: "255 255 255",
      text: "30 41 59",
      muted: "100 116 139",
      border: "203 213 225",
      radius: "1rem",
    },
  },
};

/** The admin is not branded: a neutral theme from the same tokens. */
/** The brands' domains, in BRAND_INFO's order (the values a lead's source_domain may hold). */
export const BRAND_DOMAINS = [BRAND_INFO.yuya.domain, BRAND_INFO.aoba.domain] as const;

/** The brand whose domain this is, if any. */
export function brandOfDomain(domain: string | null | undefined): Brand | undefined {
  return (Object.keys(BRAND_INFO) as Brand[]).find((brand) => BRAND_INFO[brand].domain === domain);
}

export const ADMIN_THEME: Theme = {
  primary: "15 118 110",
  primaryForeground: "255 255 255",
  accent: "99 102 241",
  background: "248 250 252",
  surface: "255 255 255",
  text: "15 23 42",
  muted: "100 116 139",
  border: "226 232 240",
  radius: "0.5rem",
};

export function themeFor(site: Site): Theme {
  return site === "yuya" || site === "aoba" ? BRAND_INFO[site].theme : ADMIN_THEME;
}

/** The theme as CSS custom properties, for a style attribute. */
export function themeStyle(theme: Theme): Record<string, string> {
  const rgb = (value: string) => `rgb(${value.split(" ").join(", ")})`;
  return {
    "--color-primary": rgb(theme.primary),
    "--color-primary-rgb": theme.primary,
    "--color-primary-foreground-rgb": theme.primaryForeground,
    "--color-accent-rgb": theme.accent,
    "--color-background-rgb": theme.background,
    "--color-surface-rgb": theme.surface,
    "--color-text-rgb": theme.text,
    "--color-muted-rgb": theme.muted,
    "--color-border-rgb": theme.border,
    "--radius": theme.radius,
  };
}

/** "傾奇ユウヤ" in Japanese, "傾奇ユウヤ (Kabuki Yuya)" in English: the Japanese name is the brand. */
export function brandTitle(brand: Brand, lng: string): string {
  const { name } = BRAND_INFO[brand];
  return lng === "en" ? `${name.ja} (${name.en})` : name.ja;
}
