// Storybook (React + Vite builder) for the shared UI components, outside the Remix compiler.
import path from "node:path";
import type { StorybookConfig } from "@storybook/react-vite";
import tailwindcss from "tailwindcss";

const root = path.resolve(import.meta.dirname, "../..");

const config: StorybookConfig = {
  stories: ["../**/*.stories.tsx"],
  framework: { name: "@storybook/react-vite", options: {} },
  core: { disableTelemetry: true },
  viteFinal: async (vite) => ({
    ...vite,
    resolve: { ...vite.resolve, alias: { ...(vite.resolve?.alias as Record<string, string>), "~": path.join(root, "app") } },
    css: { postcss: { plugins: [tailwindcss({ config: path.join(root, "tailwind.config.ts") })] } },
  }),
};

export default config;
