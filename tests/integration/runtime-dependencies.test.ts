// The running server and the operator scripts need only package.json's `dependencies`: every package the built
// server (build/server/index.mjs), the Remix build (build/index.js) and the scripts (build/scripts/*.mjs)
// import is one, and `dependencies` hold nothing else but their peers and what the install itself runs. The
// imports come from the build's esbuild metafiles; then the built scripts run with plain node, no tsx.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { isBuiltin } from "node:module";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";

const root = path.resolve(import.meta.dirname, "../..");
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8"));

const pkg = readJson("package.json") as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};
const lock = readJson("package-lock.json") as { packages: Record<string, { dev?: boolean }> };

/** Run by `npm ci` itself (postinstall): patch-package applies patches/, prisma generates the client. */
const INSTALL_TIME = ["patch-package", "prisma"];

/** build/metafile.node.json: the server and the scripts (scripts/build-server.mjs); build/metafile.server.json: Remix's server build. */
function bundleImports(): Map<string, Set<string>> {
  const byOutput = new Map<string, Set<string>>();
  for (const file of ["build/metafile.node.json", "build/metafile.server.json"]) {
    const { outputs } = readJson(file) as { outputs: Record<string, { imports: { path: string; external?: boolean }[] }> };
    for (const [output, { imports }] of Object.entries(outputs)) {
      if (!/\.m?js$/.test(output)) continue;
      const packages = imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => packageOf(i.path));
      byOutput.set(output, new Set(packages));
    }
  }
  return byOutput;
}

function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function requiredPeers(name: string): string[] {
  const { peerDependencies = {}, peerDependenciesMeta = {} } = readJson(`node_modules/${name}/package.json`) as {
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  };
  return Object.keys(peerDependencies).filter((peer) => !peerDependenciesMeta[peer]?.optional);
}

describe("runtime dependencies", () => {
  const byOutput = bundleImports();
  const imported = new Set([...byOutput.values()].flatMap((packages) => [...packages]));

  it("the built server, the Remix build and every operator script are there to check", () => {
    expect([...byOutput.keys()].sort()).toEqual([
      "build/index.js",
      "build/scripts/api-token.mjs",
      "build/scripts/db.mjs",
      "build/scripts/job.mjs",
      "build/scripts/restore.mjs",
      "build/scripts/rotate-key.mjs",
      "build/server/index.mjs",
    ]);
    // The seed runs on the server's first start: it is in the bundle, with no fake-data package.
    expect(imported).not.toContain("@faker-js/faker");
  });

  it("every package they import is in dependencies, and installed as one (not only for development)", () => {
    const misplaced = [...byOutput].flatMap(([output, packages]) =>
      [...packages]
        .filter((name) => !(name in pkg.dependencies) || lock.packages[`node_modules/${name}`]?.dev !== undefined)
        .map((name) => `${output}: ${name}`),
    );
    expect(misplaced).toEqual([]);
  });

  it("dependencies hold only those, their peers and what the install runs", () => {
    const needed = new Set([...imported, ...[...imported].flatMap(requiredPeers), ...INSTALL_TIME]);
    expect(Object.keys(pkg.dependencies).filter((name) => !needed.has(name))).toEqual([]);
  });

  it("the operator commands run the built scripts with node, not tsx", () => {
    for (const command of ["db:migrate", "db:migration", "db:check", "seed", "api-token", "rotate-key", "job", "restore"]) {
      expect(pkg.scripts[command], command).toMatch(/^node build\/scripts\/[a-z-]+\.mjs\b/);
    }
    expect(pkg.devDependencies).toHaveProperty("tsx");
  });
});

describe("the built operator scripts, with plain node", async () => {
  const { url, db } = await createTestDatabase();
  const run = (script: string, ...args: string[]) =>
    promisify(execFile)(process.execPath, [`build/scripts/${script}.mjs`, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "silent" },
    });

  it("migrate, seed, rotate the key over the seeded data, and run a job", async () => {
    expect((await run("db", "migrate")).stdout).toContain("The database is up to date.");
    expect((await run("db", "seed")).stdout).toContain("Seeded demo data.");
    expect(await db.lead.count()).toBeGreaterThan(0);
    expect((await run("rotate-key")).stdout).toMatch(/Everything was already under v\d+\./);
    const job = await run("job", "analytics.refresh-rollups");
    expect(await db.jobRun.count({ where: { job: "analytics.refresh-rollups", trigger: "manual", status: "succeeded" } })).toBe(1);
    expect(job.stderr).toBe("");
  });

  it("list the jobs, and name what is missing", async () => {
    expect((await run("job", "--list")).stderr).toContain("backup.database");
    await expect(run("restore")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Usage: npm run restore -- <backup file>"),
    });
    await expect(run("db")).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining("Usage: npm run db:migrate") });
  });
});
