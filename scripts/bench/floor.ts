// Our server's floor: GET /favicon.svg (a resource route: Express, helmet, logs, metrics, tenant, Remix) against
// bare Express serving the same bytes as a static file (express.static, nothing else), same run.
// Goal: ours ≥ 0.5 of the bare server's requests/s.
//   npm run bench:floor [-- --seconds 5 --connections 8 --rounds 2]
// Each target gets a warm-up, then they are measured in turns (`--rounds`) so a drifting machine load hits both.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchServer, fmt, inTurns, load, printGoals, scratchDatabase, startBare, summarise, type BareServer } from "./common.ts";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "5" },
    connections: { type: "string", default: "8" },
    rounds: { type: "string", default: "2" },
  },
});
const duration = Number(values.seconds);
const connections = Number(values.connections);
const rounds = Number(values.rounds);

const db = await scratchDatabase();
let server: Awaited<ReturnType<typeof benchServer>> | undefined;
let bare: BareServer | undefined;
try {
  server = await benchServer(db.url, { JOBS_ENABLED: "false" });
  const icon = await server.request({ host: "yuya", path: "/favicon.svg" });
  if (icon.status !== 200) throw new Error(`GET /favicon.svg: ${icon.status}`);
  const dir = mkdtempSync(path.join(tmpdir(), "kizuna-bench-static-"));
  writeFileSync(path.join(dir, "favicon.svg"), icon.body);
  bare = await startBare("static", { STATIC_DIR: dir });

  const ours = (d = duration) => load(server!.port, "/favicon.svg", { host: "yuya.localhost", connections, duration: d });
  const reference = (d = duration) => load(bare!.port, "/favicon.svg", { connections, duration: d });
  await ours(2); // warm-up (JIT, pools)
  await reference(2);
  const runs = await inTurns(
    rounds,
    () => ours(),
    () => reference(),
  );
  const us = summarise(runs.a);
  const them = summarise(runs.b);

  console.log(
    `\nServer floor: GET /favicon.svg (${icon.body.length} bytes), ${connections} connections, ${rounds} × ${duration} s each, in turns; 2 CPUs shared by PostgreSQL, the servers and the load generator`,
  );
  console.log(`  our server:                    ${fmt(us.rps)} req/s   p50 ${us.p50} ms   p99 ${us.p99} ms`);
  console.log(`  bare Express + express.static: ${fmt(them.rps)} req/s   p50 ${them.p50} ms   p99 ${them.p99} ms`);
  console.log(`  non-2xx or failed requests: ${us.failed + them.failed}`);
  printGoals([
    {
      measure: "our server's floor, GET /favicon.svg",
      value: `${fmt(us.rps)} req/s`,
      baseline: `bare Express + express.static, same file: ${fmt(them.rps)} req/s`,
      ratio: us.rps / them.rps,
      goal: "≥ 0.5",
      met: us.rps / them.rps >= 0.5,
    },
  ]);
} finally {
  await bare?.stop();
  await server?.stop();
  await db.stop();
}
