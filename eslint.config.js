import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "build/", "public/build/", "app/generated/", "data/", "sdk/dist/", "storybook-static/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-empty": ["error", { allowEmptyCatch: false }],
    },
  },
  {
    files: ["app/routes/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.property.name='formData']",
          message: "Read a form with readForm() from ~/lib/form.server: it refuses a NUL (U+0000) with 400 naming the field.",
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^(~|\\.{1,2}(/\\.\\.)*)/lib/db\\.server(\\.ts)?$",
              message:
                "A route does not query the database: call a service in app/modules/<domain>/*.server.ts (thin functions with object arguments) instead.",
            },
            {
              regex: "^(~|\\.{1,2}(/\\.\\.)*)/modules/audit/audit\\.server(\\.ts)?$",
              importNames: ["recordAudit"],
              message:
                "A route does not write audit rows: the service that makes the change audits it, with requestOrigin(request) passed in.",
            },
          ],
        },
      ],
    },
  },
);
