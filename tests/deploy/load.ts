// A bounded stream of page loads and lead submissions through the proxy, as visitors would send them, with
// figures: what was sent, what failed, and which submissions were acknowledged (so the database can be checked
// for exactly those rows). Submissions carry an Idempotency-Key; with `retry` a failed one is sent again with
// the same key, as the SDK does, until it is acknowledged.
import https from "node:https";
import { send, type Answer, type Target } from "./client.ts";

export interface LoadFigures {
  requests: number;
  pages: number;
  submissions: number;
  failures: number;
  /** Status (or error code) → count, for the failures. */
  failureKinds: Record<string, number>;
  retries: number;
  /** The first two failures of each kind: what was asked and what came back. */
  samples: string[];
  /** Distinct submissions acknowledged (201), each with its own name. */
  acknowledged: string[];
  slowestMs: number;
}

export interface Load {
  stop(): Promise<LoadFigures>;
  figures(): LoadFigures;
}

const SITES = [
  { host: "yuya-kabuki.com", source: "yuya_site", leadType: "b2b_consultation", page: "/" },
  { host: "aoba-nekosora.com", source: "aoba_site", leadType: "music_licensing", page: "/" },
] as const;

export function startLoad(
  proxy: Omit<Target, "agent">,
  {
    marker,
    concurrency = 4,
    retry = false,
    maxRequests = 6000,
    maxMs = 120_000,
  }: { marker: string; concurrency?: number; retry?: boolean; maxRequests?: number; maxMs?: number },
): Load {
  const agent = new https.Agent({ keepAlive: true, maxSockets: concurrency, ca: proxy.ca });
  const target: Target = { ...proxy, agent };
  const figures: LoadFigures = {
    requests: 0,
    pages: 0,
    submissions: 0,
    failures: 0,
    failureKinds: {},
    retries: 0,
    samples: [],
    acknowledged: [],
    slowestMs: 0,
  };
  const started = Date.now();
  let stopping = false;
  let sequence = 0;

  const record = (answer: Answer, ok: boolean, what: string) => {
    figures.requests++;
    figures.slowestMs = Math.max(figures.slowestMs, answer.ms);
    if (!ok) {
      figures.failures++;
      const kind = answer.error ?? String(answer.status);
      figures.failureKinds[kind] = (figures.failureKinds[kind] ?? 0) + 1;
      if (figures.failureKinds[kind]! <= 2)
        figures.samples.push(`${what} → ${kind} ${answer.headers["content-type"] ?? ""} ${answer.body.slice(0, 160)}`);
    }
  };
  const bounded = () => !stopping && figures.requests < maxRequests && Date.now() - started < maxMs;

  async function submit(n: number) {
    const site = SITES[n % SITES.length]!;
    const name = `${marker}-${n}`;
    const body = JSON.stringify({
      email: `${name}@load.example`,
      name,
      company: marker,
      source: site.source,
      sourceDomain: site.host,
      leadType: site.leadType,
      message: `load ${marker} ${n}`,
      gdprConsent: true,
    });
    figures.submissions++;
    for (let attempt = 0; ; attempt++) {
      const answer = await send(target, {
        host: site.host,
        path: "/api/leads",
        method: "POST",
        headers: { "content-type": "application/json", "idempotency-key": `${name}-key` },
        body,
      });
      const ok = answer.status === 201;
      record(answer, ok, `POST ${site.host}/api/leads`);
      if (ok) return void figures.acknowledged.push(name);
      // A retry is bounded too, but outlives `stop` so that an acknowledged count means what it says.
      if (!retry || attempt >= 60 || Date.now() - started > maxMs + 30_000) return;
      figures.retries++;
      await new Promise((r) => setTimeout(r, Math.min(1000, 100 * (attempt + 1))));
    }
  }

  async function page(n: number) {
    const site = SITES[n % SITES.length]!;
    figures.pages++;
    const answer = await send(target, { host: site.host, path: site.page });
    record(answer, answer.status === 200, `GET ${site.host}${site.page}`);
  }

  async function worker() {
    while (bounded()) {
      const n = sequence++;
      await (n % 2 === 0 ? submit(n) : page(n));
    }
  }

  const workers = Promise.all(Array.from({ length: concurrency }, () => worker()));
  return {
    figures: () => figures,
    async stop() {
      stopping = true;
      await workers;
      agent.destroy();
      return figures;
    },
  };
}
