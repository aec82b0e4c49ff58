// Before the tests: the system packages the suite needs. As root, missing ones are installed with apt-get;
// otherwise this stops with the exact command to run.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

const needs = [
  { pkg: "chromium", present: () => existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"), why: "end-to-end tests" },
  { pkg: "redis-server", present: () => onPath("redis-server"), why: "rate limits and jobs shared through Redis" },
  { pkg: "postgresql-client", present: () => onPath("pg_dump") && onPath("pg_restore"), why: "backups and restore (pg_dump, pg_restore)" },
  { pkg: "postgresql", present: () => postgresServer(), why: "a streaming replica for the read-replica tests (initdb, pg_basebackup)" },
  { pkg: "nginx", present: () => onPath("nginx") || existsSync("/usr/sbin/nginx"), why: "the deploy test's TLS proxy" },
  { pkg: "openssl", present: () => onPath("openssl"), why: "the deploy test's local certificate authority" },
];

function postgresServer() {
  const root = "/usr/lib/postgresql";
  return (
    existsSync(root) &&
    readdirSync(root).some((major) => existsSync(`${root}/${major}/bin/pg_basebackup`) && existsSync(`${root}/${major}/bin/postgres`))
  );
}

function onPath(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

const missing = needs.filter((need) => !need.present());
if (missing.length === 0) process.exit(0);

const names = missing.map((need) => need.pkg);
const command = `apt-get update && apt-get install -y --no-install-recommends ${names.join(" ")}`;
if (process.getuid?.() !== 0) {
  console.error(`The test suite needs: ${missing.map((m) => `${m.pkg} (${m.why})`).join(", ")}.\nInstall with:\n  sudo ${command}`);
  process.exit(1);
}
console.log(`Installing ${names.join(", ")} for the test suite…`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
const result = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...names], { stdio: "inherit", env });
if (result.status !== 0 || missing.some((need) => !need.present())) {
  console.error(`Could not install ${names.join(", ")}. Run: ${command}`);
  process.exit(1);
}
