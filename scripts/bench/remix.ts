// Our bare Remix page (app/routes/bench.bare-page.tsx: the root layout and one heading, no data) against a minimal
// Remix 2.17 app (remix-reference/: a root layout and the same route, behind @remix-run/express's request handler
// and nothing else), same run. Goal: ours ≥ 0.6 of the reference, in requests/s and in p50 (the reference's p50
// over ours).
//   npm run bench:remix [-- --seconds 5 --connections 8 --rounds 2]
// The reference is built here at run time (buildRemixReference: into node_modules/.cache, not part of
// `npm run build`). Each target gets a warm-up, then they are measured in turns (`--rounds`).
import { parseArgs } from "node:util";
import {
  benchServer,
  buildRemixReference,
  fmt,
  inTurns,
  load,
  printGoals,
  scratchDatabase,
  startBare,
  summarise,
  type BareServer,
} from "./common.ts";

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

const t0 = Date.now();
const referenceBuild = buildRemixReference();
const built = (Date.now() - t0) / 1000;
const db = await scratchDatabase();
let server: Awaited<ReturnType<typeof benchServer>> | undefined;
let bare: BareServer | undefined;
try {
  server = await benchServer(db.url, { BENCH_BARE_PAGE: "1", JOBS_ENABLED: "false" });
  bare = await startBare("remix", { REMIX_BUILD: referenceBuild });

  const ours = (d = duration) => load(server!.port, "/bench/bare-page", { host: "yuya.localhost", connections, duration: d });
  const reference = (d = duration) => load(bare!.port, "/", { connections, duration: d });
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
    `\nBare Remix page against a minimal Remix 2.17 app (reference built in ${fmt(built)} s), ${connections} connections, ${rounds} × ${duration} s each, in turns; 2 CPUs shared by PostgreSQL, the servers and the load generator`,
  );
  console.log(`  our bare page (root layout only):  ${fmt(us.rps)} req/s   p50 ${us.p50} ms   p99 ${us.p99} ms`);
  console.log(`  minimal Remix app (one route):     ${fmt(them.rps)} req/s   p50 ${them.p50} ms   p99 ${them.p99} ms`);
  console.log(`  non-2xx or failed requests: ${us.failed + them.failed}`);
  printGoals([
    {
      measure: "bare Remix page (root layout only), req/s",
      value: `${fmt(us.rps)} req/s`,
      baseline: `minimal Remix 2.17 app: ${fmt(them.rps)} req/s`,
      ratio: us.rps / them.rps,
      goal: "≥ 0.6",
      met: us.rps / them.rps >= 0.6,
    },
    {
      measure: "bare Remix page (root layout only), p50 (reference's over ours)",
      value: `${us.p50} ms`,
      baseline: `minimal Remix 2.17 app: ${them.p50} ms`,
      ratio: them.p50 / us.p50,
      goal: "≥ 0.6",
      met: them.p50 / us.p50 >= 0.6,
    },
  ]);
} finally {
  await bare?.stop();
  await server?.stop();
  await db.stop();
}
