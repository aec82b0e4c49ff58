import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(import.meta.dirname, "app") };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "node",
          include: ["{app,server,plugins,sdk,scripts,prisma,deploy,tests/integration,tests/security}/**/*.test.{ts,tsx}"],
          exclude: ["**/node_modules/**", "sdk/dist/**"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup-each.ts"],
          // Vitest's default (one CPU less than there are) is a single worker on 2 CPUs. An integration file spends
          // most of its time waiting for the server it started (booting, answering) and PostgreSQL; a second file
          // meanwhile uses the other CPU: a third less wall time for the same CPU time on a 2-CPU machine.
          maxWorkers: Math.max(2, availableParallelism() - 1),
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "e2e",
          include: ["tests/e2e/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/setup-each.ts"],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
