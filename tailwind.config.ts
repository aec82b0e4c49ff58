// Colours come from CSS variables set per site (app/modules/brand/brands.ts): one set of components, two brands.
import type { Config } from "tailwindcss";

const token = (name: string) => `rgb(var(--color-${name}-rgb) / <alpha-value>)`;

export default {
  content: ["./app/**/*.{ts,tsx}", "./stories/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        primary: { DEFAULT: token("primary"), foreground: token("primary-foreground") },
        accent: token("accent"),
        background: token("background"),
        surface: token("surface"),
        text: token("text"),
        muted: token("muted"),
        border: token("border"),
      },
      borderRadius: { brand: "var(--radius)" },
      fontFamily: {
        sans: ['"Hiragino Sans"', '"Noto Sans JP"', '"Yu Gothic"', "system-ui", "sans-serif"],
      },
    },
  },
  plugins: [],
} satisfies Config;
