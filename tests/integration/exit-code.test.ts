// CI must fail when a test fails. The suite's global setup starts embedded PostgreSQL, whose exit hook once
// turned failed runs into exit code 0; this runs a deliberately failing test under that setup.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

it("a run with a failing test exits non-zero", () => {
  const run = spawnSync(
    process.execPath,
    [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "-c", "tests/fixtures/exit-code.vitest.config.ts"],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, CI: "true" },
      timeout: 120_000,
    },
  );
  expect(run.stdout + run.stderr).toMatch(/fails on purpose/);
  expect(run.status).toBe(1);
});
