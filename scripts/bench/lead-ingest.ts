// Lead ingest: POST /api/leads against raw single-row INSERTs into the same PostgreSQL.
//   npm run bench:ingest [-- --seconds 10 --connections 8]
// Baseline: pgbench (custom script: one INSERT per transaction) when installed, else the same loop over `pg`.
// The same tool then runs the submission's SQL alone (submit_inquiry), the ceiling of the endpoint.
// Then autocannon drives POST /api/leads with realistic, unique bodies at full speed, and again at half that
// rate to read p99 where the system is not saturated (its same-run baseline: bare Express + one INSERT at that
// rate). Ends with the goal lines: POST /api/leads over the submission's SQL alone (≥ 0.5), p99 at half rate
// (< 25 ms). Nothing exits non-zero.
// For scale it also measures the ceilings of any Node endpoint here (bare-server.ts: one INSERT per request,
// behind Express as our edge is, and on node:http alone).
import { spawnSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { benchServer, fmt, hasCommand, printGoals, scratchDatabase, startBare } from "./common.ts";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "10" }, connections: { type: "string", default: "8" } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const db = await scratchDatabase();
let server: Awaited<ReturnType<typeof benchServer>> | undefined;
try {
  const setup = new pg.Client({ connectionString: db.url });
  await setup.connect();
  await setup.query(
    "CREATE TABLE bench_raw (id bigserial PRIMARY KEY, email text NOT NULL, name text, message text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
  );
  await setup.end();

  // --- baseline, and the submission's SQL alone ------------------------------------------------------
  const insert =
    "INSERT INTO bench_raw (email, name, message) VALUES ('fan' || (random() * 1e9)::bigint || '@example.com', '猫空 ファン', 'ステムのライセンスについて教えてください。配信で使いたいです。');";
  // What POST /api/leads asks of PostgreSQL, as leads.server.ts's submitInquiry calls it: a new address each
  // time (lock, user and open-lead lookups, then lead + first inquiry + timeline row), with strings the size
  // of the ciphertexts ("v1." instead of "v1:" because pgbench reads ":name" as a variable).
  const cipher = `'v1.${"A".repeat(120)}'`;
  const submission = `SELECT * FROM submit_inquiry(${cipher}, md5(random()::text), 'fan' || (random() * 1e9)::bigint || '@example.com', '猫空 ファン', NULL, NULL, NULL, 'aoba_site', 'aoba-nekosora.com', NULL, 'music_licensing'::lead_type, 'ステムのライセンスについて教えてください。', ${cipher}, 'licensing'::inquiry_type, 'medium'::priority, 24, NULL, ${cipher}, '{"via":"api"}'::jsonb);`;
  const tool = hasCommand("pgbench") ? "pgbench" : "pg loop";
  const rate = async (sql: string): Promise<number> => {
    if (tool === "pgbench") {
      const script = path.join(mkdtempSync(path.join(tmpdir(), "kizuna-bench-")), "script.sql");
      writeFileSync(script, `${sql}\n`);
      const url = new URL(db.url);
      const run = spawnSync(
        "pgbench",
        [
          "-n",
          "-f",
          script,
          "-c",
          String(connections),
          "-j",
          String(Math.min(connections, 4)),
          "-T",
          String(seconds),
          "-M",
          "prepared",
          "-h",
          url.hostname,
          "-p",
          url.port,
          "-U",
          decodeURIComponent(url.username),
          url.pathname.slice(1),
        ],
        {
          env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
          encoding: "utf8",
        },
      );
      const tps = /tps = ([\d.]+)/.exec(run.stdout)?.[1];
      if (!tps) throw new Error(`pgbench failed:\n${run.stdout}\n${run.stderr}`);
      return Number(tps);
    }
    const pool = new pg.Pool({ connectionString: db.url, max: connections });
    let count = 0;
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (Date.now() < until) {
          await pool.query(sql);
          count += 1;
        }
      }),
    );
    await pool.end();
    return count / seconds;
  };
  const baseline = await rate(insert);
  const sqlAlone = await rate(submission);

  let n = 0;
  // --- the ceilings: a bare Node endpoint doing one INSERT, behind Express and on node:http alone -------
  // (overallRate: the same endpoint at a fixed rate, the baseline of our p99 at half rate)
  const bareCeiling = async (kind: "express" | "http", overallRate?: number) => {
    const bare = await startBare(kind, { DATABASE_URL: db.url });
    try {
      const bareRequest = {
        method: "POST" as const,
        setupRequest: (request: autocannon.Request) => ({
          ...request,
          body: JSON.stringify({
            email: `bare${n++}@example.com`,
            name: "猫空 ファン",
            message: "ステムのライセンスについて教えてください。",
          }),
        }),
      };
      const bareRun = {
        url: `http://127.0.0.1:${bare.port}/`,
        connections,
        headers: { "content-type": "application/json" },
        requests: [bareRequest],
      };
      await autocannon({ ...bareRun, duration: 2 });
      return await autocannon({ ...bareRun, overallRate, duration: overallRate ? seconds : Math.min(5, seconds) });
    } finally {
      await bare.stop();
    }
  };
  const ceiling = await bareCeiling("express");
  const rawCeiling = await bareCeiling("http");

  // --- our API --------------------------------------------------------------------------------------
  server = await benchServer(db.url);
  const body = () =>
    JSON.stringify({
      email: `fan${process.pid}-${n++}@example.com`,
      name: "猫空 ファン",
      ...(n % 3 ? {} : { company: "株式会社サンプル" }),
      source: "aoba_site",
      sourceDomain: "aoba-nekosora.com",
      leadType: "music_licensing",
      message: "ステムのライセンスについて教えてください。配信で使いたいです。",
      gdprConsent: true,
    });
  const run = (overallRate?: number) =>
    autocannon({
      url: server!.url("aoba", "/api/leads").replace("aoba.localhost", "127.0.0.1"),
      connections,
      duration: seconds,
      overallRate,
      headers: { host: `aoba.localhost:${server!.port}`, "content-type": "application/json" },
      requests: [{ method: "POST", setupRequest: (request) => ({ ...request, body: body() }) }],
    });
  // Warm up (JIT, pools), then measure.
  await autocannon({
    url: server.url("aoba", "/").replace("aoba.localhost", "127.0.0.1"),
    connections: 2,
    duration: 2,
    headers: { host: `aoba.localhost:${server.port}` },
  });
  // The floor of the stack itself: a static resource route through Express, helmet, logging and Remix.
  const floor = await autocannon({
    url: server.url("yuya", "/favicon.svg").replace("yuya.localhost", "127.0.0.1"),
    connections,
    duration: Math.min(5, seconds),
    headers: { host: `yuya.localhost:${server.port}` },
  });
  const full = await run();
  const halfRate = Math.max(1, Math.floor(full.requests.average / 2));
  const half = await run(halfRate);
  await server.stop();
  server = undefined;
  const bareAtHalf = await bareCeiling("express", halfRate);
  const errors = full.non2xx + full.errors + half.non2xx + half.errors;

  console.log("\nLead ingest (POST /api/leads: validation, dedupe lock, user link, lead + first inquiry + timeline, 4 fields encrypted)");
  console.log(
    `  machine: ${(await import("node:os")).cpus().length} CPUs shared by PostgreSQL, the server and the load generator; ${connections} connections, ${seconds} s each`,
  );
  console.log(`  baseline (${tool}, 1 INSERT per transaction): ${fmt(baseline)} rows/s`);
  console.log(
    `  (the submission's SQL alone, ${tool} on submit_inquiry: ${fmt(sqlAlone)} submissions/s, ratio ${fmt(sqlAlone / baseline, 2)}: the ceiling of this endpoint whatever the server does)`,
  );
  console.log(
    `  POST /api/leads at full speed:   ${fmt(full.requests.average)} req/s   p50 ${full.latency.p50} ms   p99 ${full.latency.p99} ms`,
  );
  console.log(
    `  POST /api/leads at half of that: ${fmt(half.requests.average)} req/s   p50 ${half.latency.p50} ms   p99 ${half.latency.p99} ms`,
  );
  console.log(`  (the stack's floor, GET /favicon.svg through the same server: ${fmt(floor.requests.average)} req/s)`);
  console.log(
    `  (the ceiling of an endpoint behind Express here, bare Express + one INSERT: ${fmt(ceiling.requests.average)} req/s, ratio ${fmt(ceiling.requests.average / baseline, 2)})`,
  );
  console.log(
    `  (the ceiling of any Node endpoint here, node:http + one INSERT: ${fmt(rawCeiling.requests.average)} req/s, ratio ${fmt(rawCeiling.requests.average / baseline, 2)})`,
  );
  console.log(
    `  (bare Express + one INSERT at the same ${halfRate} req/s: ${fmt(bareAtHalf.requests.average)} req/s   p50 ${bareAtHalf.latency.p50} ms   p99 ${bareAtHalf.latency.p99} ms)`,
  );
  console.log(`  ratio to the single-INSERT baseline: ${fmt(full.requests.average / baseline, 2)}`);
  console.log(`  non-2xx or failed requests: ${errors}`);
  printGoals([
    {
      measure: "POST /api/leads / the submission's own SQL (submit_inquiry)",
      value: `${fmt(full.requests.average)} req/s`,
      baseline: `${tool} on submit_inquiry: ${fmt(sqlAlone)} submissions/s`,
      ratio: full.requests.average / sqlAlone,
      goal: "≥ 0.5",
      met: full.requests.average / sqlAlone >= 0.5,
    },
    {
      measure: `POST /api/leads p99 at half its max rate (${halfRate} req/s)`,
      value: `${half.latency.p99} ms`,
      baseline: `bare Express + one INSERT at the same rate: p99 ${bareAtHalf.latency.p99} ms`,
      ratio: half.latency.p99 / bareAtHalf.latency.p99,
      goal: "< 25 ms",
      met: half.latency.p99 < 25,
    },
  ]);
} finally {
  await server?.stop();
  await db.stop();
}
