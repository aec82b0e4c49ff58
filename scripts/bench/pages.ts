// Branded page SSR against a bare Remix page on the same server (budget: ≥ 70 % of its throughput), and the
// server's memory under that load (budget: RSS < 250 MB; its same-run baseline is the server's RSS at rest,
// after boot and before any request).
//   npm run bench:pages [-- --seconds 8 --connections 8]
// The database holds the demo data of both sites (the seed), so the pages render what they would for real.
// Each page is requested at full speed by autocannon after a warm-up; the server's RSS is read from /proc
// while the load runs. Prints ratios and whether each goal is met; nothing exits non-zero.
import { parseArgs } from "node:util";
import type autocannon from "autocannon";
import { seed } from "../../prisma/seed.ts";
import { benchServer, fmt, load as loadOn, printGoals, rssMb, scratchDatabase } from "./common.ts";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "8" }, connections: { type: "string", default: "8" } } });
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const PAGES: { host: "yuya" | "aoba"; path: string; label: string }[] = [
  { host: "yuya", path: "/", label: "yuya home" },
  { host: "aoba", path: "/", label: "aoba home" },
  { host: "yuya", path: "/content", label: "yuya content index" },
  { host: "aoba", path: "/shop", label: "aoba shop" },
  { host: "aoba", path: "/contact", label: "aoba contact form" },
];

const db = await scratchDatabase();
let server: Awaited<ReturnType<typeof benchServer>> | undefined;
try {
  await seed(db.url);
  server = await benchServer(db.url, { BENCH_BARE_PAGE: "1", JOBS_ENABLED: "false" });
  const running = server;
  await new Promise((resolve) => setTimeout(resolve, 1000)); // settled after boot
  const restingRss = rssMb(running.process.pid!);
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMb(running.process.pid!))), 200);
  const load = (host: string, path: string, duration: number) =>
    loadOn(running.port, path, { host: `${host}.localhost`, connections, duration });

  const rows: { label: string; result: autocannon.Result }[] = [];
  await load("yuya", "/bench/bare-page", 2); // warm-up (JIT, pools)
  const bare = await load("yuya", "/bench/bare-page", seconds);
  for (const page of PAGES) {
    await load(page.host, page.path, 1);
    rows.push({ label: page.label, result: await load(page.host, page.path, seconds) });
  }
  clearInterval(sampler);

  const failed = [bare, ...rows.map((r) => r.result)].reduce((n, r) => n + r.non2xx + r.errors, 0);
  console.log(
    `\nBranded page SSR (${connections} connections, ${seconds} s per page; 2 CPUs shared by PostgreSQL, the server and the load generator)`,
  );
  console.log(
    `  bare Remix page (root layout only):  ${fmt(bare.requests.average)} req/s   p50 ${bare.latency.p50} ms   p99 ${bare.latency.p99} ms`,
  );
  for (const { label, result } of rows) {
    const ratio = result.requests.average / bare.requests.average;
    console.log(
      `  ${label.padEnd(36)} ${fmt(result.requests.average)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   ratio ${fmt(ratio, 2)}`,
    );
  }
  console.log(`  server RSS at rest after boot: ${fmt(restingRss, 0)} MB; peak under this load: ${fmt(peakRss, 0)} MB`);
  console.log(`  non-2xx or failed requests: ${failed}`);
  printGoals([
    ...rows.map(({ label, result }) => ({
      measure: `branded page / bare page: ${label}`,
      value: `${fmt(result.requests.average)} req/s`,
      baseline: `bare Remix page (root layout only): ${fmt(bare.requests.average)} req/s`,
      ratio: result.requests.average / bare.requests.average,
      goal: "≥ 0.7",
      met: result.requests.average / bare.requests.average >= 0.7,
    })),
    {
      measure: "server RSS, peak under bench:pages",
      value: `${fmt(peakRss, 0)} MB`,
      baseline: `the same server at rest after boot: ${fmt(restingRss, 0)} MB`,
      ratio: peakRss / restingRss,
      goal: "< 250 MB",
      met: peakRss < 250,
    },
  ]);
} finally {
  await server?.stop();
  await db.stop();
}
