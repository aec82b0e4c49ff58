// The baseline of `npm run bench:pages`: a page with nothing of its own — no loader data, one heading — so
// its throughput is what the framework and the root layout cost. Not found unless the benchmark's server
// turns it on (BENCH_BARE_PAGE=1).
import type { MetaFunction } from "@remix-run/node";

export function loader() {
  if (process.env.BENCH_BARE_PAGE !== "1") throw new Response("Not Found", { status: 404 });
  return null;
}

export const meta: MetaFunction = () => [{ title: "Bare page" }];

export default function BarePage() {
  return (
    <main>
      <h1>Bare page</h1>
    </main>
  );
}
