// The deploy test (tests/deploy): the production recipe on loopback, run after the other projects (npm test) or
// alone (npm run test:deploy). It brings up its own PostgreSQL, Redis, nginx and app instances.
import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "~": path.resolve(import.meta.dirname, "app") };

export default defineConfig({
  resolve: { alias },
  test: {
    name: "deploy",
    include: ["tests/deploy/**/*.test.ts"],
    environment: "node",
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
