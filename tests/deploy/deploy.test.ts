// The deploy test: the recipe of docs/deploy.md (nginx with TLS, two app instances, PostgreSQL primary + streaming
// replica, Redis) brought up on loopback and checked through the proxy over HTTPS, then put through a rolling
// restart and faults under a bounded stream of page loads and lead submissions. The figures are printed at the end.
import { execFileSync, spawnSync } from "node:child_process";
import { readdir } from "node:fs/promises";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { latestMailTo, signInCode } from "../support/outbox.ts";
import { multipart, PNG } from "../support/multipart.ts";
import type { RunningServer } from "../support/server.ts";
import { Visitor } from "../support/visitor.ts";
import { startLoad, type LoadFigures } from "./load.ts";
import { ADMIN_EMAIL, HOSTS, startStack, type Stack } from "./stack.ts";

const KPI_JOB = "kpi.current-periods";
let stack: Stack;
const figures: Record<string, Record<string, unknown>> = {};

beforeAll(async () => {
  const started = Date.now();
  stack = await startStack({ env: { JOB_SCHEDULES: `${KPI_JOB}=*/3 * * * * *`, RATE_LIMIT_SIGN_IN_PER_MINUTE: "20" } });
  figures["start"] = { seconds: ((Date.now() - started) / 1000).toFixed(1) };
});

afterAll(async () => {
  if (Object.keys(figures).length) {
    const rows = Object.entries(figures).map(
      ([name, values]) =>
        `| ${name} | ${Object.entries(values)
          .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
          .join(", ")} |`,
    );
    process.stdout.write(`\nDeploy test figures\n| check | figures |\n|---|---|\n${rows.join("\n")}\n\n`);
  }
  await stack?.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A Visitor whose requests go through the proxy over HTTPS (the tests' cookie-keeping client). */
function proxyVisitor(): Visitor {
  const server = {
    request: (options: { host: string; path?: string; method?: string; headers?: Record<string, string>; body?: string | Buffer }) =>
      stack.request(options),
    url: (host: string, pathname = "/") => `https://${host}:${stack.proxy.port}${pathname}`,
  };
  return new Visitor(server as unknown as RunningServer);
}

/** The instances' error lines written since `marks` (log lengths taken before), for an assertion's message. */
function errorLinesSince(marks: number[]): string {
  return stack.instances
    .flatMap((instance, i) =>
      instance
        .log()
        .slice(marks[i] ?? 0)
        .split("\n")
        .filter((line) => /"level":(50|60)/.test(line) && !/"status":503/.test(line))
        .map((line) => `instance ${i}: ${line.slice(0, 4000)}`),
    )
    .join("\n");
}

/** Rows stored by a load run: each acknowledged submission must be there exactly once. */
async function storedExactlyOnce(marker: string, load: LoadFigures) {
  const rows = await stack.sql<{ name: string; n: number }>("SELECT name, count(*)::int AS n FROM leads WHERE company = $1 GROUP BY name", [
    marker,
  ]);
  const stored = new Map(rows.map((row) => [row.name, row.n]));
  const missing = load.acknowledged.filter((name) => !stored.has(name));
  const duplicated = rows.filter((row) => row.n > 1).map((row) => row.name);
  return { acknowledged: load.acknowledged.length, rowsFound: rows.reduce((sum, row) => sum + row.n, 0), missing, duplicated };
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
  return (Date.now() - started) / 1000;
}

const healthOf = async (i: number) => {
  const res = await stack.direct(stack.instances[i]!, { host: HOSTS.admin, path: "/api/health", timeoutMs: 5000 });
  return res.status === 0 ? null : (JSON.parse(res.body) as { status: string; services: Record<string, string> });
};

describe("through the proxy", () => {
  it("redirects HTTP to HTTPS and serves the three sites by host name, an unknown one with the app's 404", async () => {
    const redirect = await import("./client.ts").then(({ send }) => send(stack.http, { host: HOSTS.yuya, path: "/contact?x=1" }));
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe(`https://${HOSTS.yuya}:${stack.proxy.port}/contact?x=1`);

    const yuya = await stack.request({ host: HOSTS.yuya });
    expect(yuya.status).toBe(200);
    expect(yuya.body).toContain("傾奇ユウヤ");
    expect(yuya.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
    const aoba = await stack.request({ host: HOSTS.aoba });
    expect(aoba.status).toBe(200);
    expect(aoba.body).toContain("猫空あおば");
    const admin = await stack.request({ host: HOSTS.admin, path: "/login" });
    expect(admin.status).toBe(200);
    const unknown = await stack.request({ host: "evil.example", servername: HOSTS.yuya, path: "/" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain("Unknown site");
    expect(unknown.body).not.toContain("傾奇ユウヤ");
  });

  it("signs in with Secure cookies, and a session made through one instance is valid on the other", async () => {
    const visitor = proxyVisitor();
    const asked = await visitor.post(HOSTS.admin, "/auth/email", { email: ADMIN_EMAIL });
    expect(asked.headers.location).toBe("/login/code");
    expect(
      [asked.headers["set-cookie"]]
        .flat()
        .filter(Boolean)
        .every((cookie) => /;\s*Secure/i.test(cookie!)),
    ).toBe(true);
    const verified = await visitor.post(HOSTS.admin, "/auth/email", { code: signInCode(await latestMailTo(stack.outboxDir, ADMIN_EMAIL)) });
    expect(verified.headers.location, `${verified.status} ${verified.body.slice(0, 500)}`).toBe("/auth/done");
    const cookies = [verified.headers["set-cookie"]].flat().filter(Boolean) as string[];
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.every((cookie) => /;\s*Secure/i.test(cookie) && /;\s*HttpOnly/i.test(cookie))).toBe(true);
    await visitor.get(HOSTS.admin, "/auth/done");

    for (const instance of stack.instances) {
      const page = await stack.direct(instance, {
        host: HOSTS.admin,
        path: "/admin",
        headers: { cookie: visitor.cookies(HOSTS.admin), "x-forwarded-proto": "https" },
      });
      expect(page.status, `instance on ${instance.port}`).toBe(200);
    }
    adminCookie = visitor.cookies(HOSTS.admin);
  });

  it("shares rate limits between the instances, and a client's own X-Forwarded-For changes nothing", async () => {
    // Straight to the instances, as the proxy would send them (one address): 20 sign-in attempts a minute in all.
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const instance = stack.instances[i % 2]!;
      const res = await stack.direct(instance, {
        host: HOSTS.admin,
        path: "/login",
        method: "POST",
        headers: { "x-forwarded-for": "198.51.100.7", "content-type": "application/x-www-form-urlencoded" },
        body: "email=x",
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).filter((s) => s === 429)).toEqual([]);
    expect(statuses.slice(20)).toEqual([429, 429]);

    // Through the proxy with a new forged address each time: still one client, refused once its 20 are spent.
    const forged: number[] = [];
    for (let i = 0; i < 24; i++) {
      const res = await stack.request({
        host: HOSTS.admin,
        path: "/login",
        method: "POST",
        headers: { "x-forwarded-for": `203.0.113.${i + 1}`, "content-type": "application/x-www-form-urlencoded" },
        body: "email=x",
      });
      forged.push(res.status);
    }
    expect(forged.filter((s) => s !== 429).length).toBeLessThanOrEqual(20);
    expect(forged.slice(-2)).toEqual([429, 429]);
    figures["rate limits"] = {
      direct: `${statuses.filter((s) => s !== 429).length} allowed of 22`,
      forgedXff: `${forged.filter((s) => s !== 429).length} allowed of 24`,
    };
  });

  it("runs each tick of a scheduled job once, on one of the instances", async () => {
    await sleep(10_000);
    const rows = await stack.sql<{ scheduled_for: Date; status: string; n: number }>(
      "SELECT scheduled_for, status, count(*)::int AS n FROM job_runs WHERE job = $1 AND trigger = 'schedule' GROUP BY 1, 2",
      [KPI_JOB],
    );
    expect(rows.length).toBeGreaterThanOrEqual(2);
    expect(rows.every((row) => row.n === 1)).toBe(true);
    const finished = stack.instances.map(
      (instance) =>
        instance
          .log()
          .split("\n")
          .filter((line) => line.includes('"msg":"job finished"') && line.includes(`"job":"${KPI_JOB}"`)).length,
    );
    const succeeded = rows.filter((row) => row.status === "succeeded").length;
    expect(finished.reduce((a, b) => a + b, 0)).toBe(succeeded);
    figures["scheduled job"] = { ticks: rows.length, runsPerInstance: finished.join(" + ") };
  });
});

let adminCookie = "";

describe("under load", () => {
  it("a rolling restart (SIGTERM, drain, start again, one instance at a time) fails no request and loses no lead", async () => {
    const load = startLoad(stack.proxy, { marker: "rolling", concurrency: 4 });
    await sleep(1500);
    const restartSeconds: number[] = [];
    for (let i = 0; i < stack.instances.length; i++) {
      // As deploy/rolling-restart.sh: out of nginx first, then SIGTERM (the drain), start, back into nginx.
      const started = Date.now();
      const { port } = stack.instances[i]!;
      await stack.nginx.setUpstream(port, true);
      expect(await stack.instances[i]!.server.stop("SIGTERM")).toBe(0);
      await stack.restart(i);
      await stack.nginx.setUpstream(port, false);
      restartSeconds.push((Date.now() - started) / 1000);
      await sleep(1000);
    }
    const result = await load.stop();
    const rows = await storedExactlyOnce("rolling", result);
    figures["rolling restart"] = {
      requests: result.requests,
      failures: result.failures,
      samples: result.samples,
      ...rows,
      missing: rows.missing.length,
      duplicated: rows.duplicated.length,
      restartSeconds,
    };
    expect(result.failureKinds, result.samples.join("\n")).toEqual({});
    expect(result.requests).toBeGreaterThan(50);
    expect(rows.missing).toEqual([]);
    expect(rows.duplicated).toEqual([]);
  });

  it("SIGKILL of an instance mid-stream: every acknowledged submission is stored exactly once (the client retries with its key)", async () => {
    const load = startLoad(stack.proxy, { marker: "killed", concurrency: 4, retry: true });
    await sleep(1500);
    stack.instances[0]!.server.process.kill("SIGKILL");
    await sleep(1500);
    await stack.restart(0);
    await sleep(1500);
    const result = await load.stop();
    const rows = await storedExactlyOnce("killed", result);
    figures["SIGKILL"] = {
      requests: result.requests,
      failedAttempts: result.failures,
      retries: result.retries,
      ...rows,
      missing: rows.missing.length,
      duplicated: rows.duplicated.length,
    };
    expect(rows.missing).toEqual([]);
    expect(rows.duplicated).toEqual([]);
    expect(result.submissions).toBe(result.acknowledged.length);
  });

  it("PostgreSQL restarted mid-stream: 503s while it is away, no hangs, recovery by itself, nothing lost", async () => {
    const logMarks = stack.instances.map((instance) => instance.log().length);
    const load = startLoad(stack.proxy, { marker: "pg-restart", concurrency: 4, retry: true });
    await sleep(1500);
    await stack.postgres.stopPrimary();
    const duringOutage = await stack.request({
      host: HOSTS.yuya,
      path: "/api/leads",
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: "x@y.example",
        name: "x",
        source: "yuya_site",
        sourceDomain: HOSTS.yuya,
        leadType: "b2b_consultation",
        message: "m",
        gdprConsent: true,
      }),
    });
    const health = await healthOf(0);
    await sleep(2000);
    const back = Date.now();
    await stack.postgres.startPrimary();
    const recovery = await Promise.all(
      stack.instances.map((_, i) => waitFor(`instance ${i} healthy`, async () => (await healthOf(i))?.services.database === "up", 30_000)),
    );
    await sleep(1500);
    const result = await load.stop();
    const rows = await storedExactlyOnce("pg-restart", result);
    figures["PostgreSQL restart"] = {
      requests: result.requests,
      failedAttempts: result.failures,
      kinds: result.failureKinds,
      samples: result.samples.filter((sample) => !sample.includes("→ 503")),
      slowestMs: result.slowestMs,
      recoverySeconds: Math.max(...recovery).toFixed(1),
      ...rows,
      missing: rows.missing.length,
      duplicated: rows.duplicated.length,
      sinceBackMs: Date.now() - back,
    };
    expect(duringOutage.status).toBe(503);
    expect(duringOutage.headers["content-type"]).toMatch(/application\/json/);
    expect(duringOutage.headers["retry-after"]).toBeDefined();
    expect(health?.services.database).toBe("down");
    expect(
      Object.keys(result.failureKinds).filter((kind) => kind !== "503"),
      `${result.samples.join("\n")}\n${errorLinesSince(logMarks)}`,
    ).toEqual([]);
    expect(rows.missing).toEqual([]);
    expect(rows.duplicated).toEqual([]);
  });

  it("Redis stopped mid-stream: pages and lead intake keep working, no error loop in the logs, shared again when it is back", async () => {
    const load = startLoad(stack.proxy, { marker: "redis-down", concurrency: 4 });
    await sleep(1000);
    const logBefore = stack.instances.map((instance) => instance.log().length);
    await stack.stopRedis();
    await sleep(5000);
    const health = await healthOf(0);
    const redisLines = stack.instances.map(
      (instance, i) =>
        instance
          .log()
          .slice(logBefore[i])
          .split("\n")
          .filter((line) => /redis|ECONNREFUSED/i.test(line)).length,
    );
    await stack.startRedis();
    const recovery = await Promise.all(
      stack.instances.map((_, i) => waitFor(`instance ${i} sees redis`, async () => (await healthOf(i))?.services.redis === "up", 30_000)),
    );
    await sleep(1000);
    const result = await load.stop();
    const rows = await storedExactlyOnce("redis-down", result);
    figures["Redis stop"] = {
      requests: result.requests,
      failures: result.failures,
      slowestMs: result.slowestMs,
      redisLogLinesIn5s: redisLines.join(" + "),
      recoverySeconds: Math.max(...recovery).toFixed(1),
      ...rows,
      missing: rows.missing.length,
      duplicated: rows.duplicated.length,
    };
    expect(health?.services.redis).toBe("down");
    expect(result.failureKinds).toEqual({});
    expect(rows.missing).toEqual([]);
    expect(rows.duplicated).toEqual([]);
    for (const lines of redisLines) expect(lines).toBeLessThanOrEqual(6);
  });

  it("200 slow idle connections do not stop a normal request from being answered", async () => {
    const sockets = await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect(stack.proxy.port, "127.0.0.1", () => resolve(socket));
            socket.on("error", () => undefined);
          }),
      ),
    );
    // Half of them start a request and never finish it.
    sockets.slice(0, 100).forEach((socket) => socket.write("\x16\x03\x01"));
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await stack.request({ host: HOSTS.yuya, path: "/", timeoutMs: 10_000 }));
    for (const socket of sockets) socket.destroy();
    figures["slow connections"] = { idle: 200, normalRequestsMs: answers.map((a) => a.ms).join(", ") };
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    // Generous against this shared machine's noise; the fault it guards against held requests for a minute.
    expect(Math.min(...answers.map((a) => a.ms))).toBeLessThan(1000);
  });

  it("an unwritable upload directory gives a clear error and leaves no half-written rows", async () => {
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", stack.uploadDir], { encoding: "utf8" });
    expect(mounted.status, `mount a read-only tmpfs over the upload directory: ${mounted.stderr}`).toBe(0);
    try {
      const form = await multipart(
        {
          type: "licensing",
          subject: "s",
          message: "deploy-test attachment",
          "leadInfo.email": "upload@deploy.example",
          "leadInfo.name": "upload-fault",
          gdprConsent: "true",
        },
        [{ name: "cover.png", type: "image/png", bytes: PNG }],
      );
      const res = await stack.request({
        host: HOSTS.aoba,
        path: "/api/inquiries",
        method: "POST",
        headers: { "content-type": form.contentType },
        body: form.body,
      });
      expect([503, 507]).toContain(res.status);
      expect(res.body).toMatch(/attachments/);
      const textOnly = await multipart({
        type: "licensing",
        subject: "s",
        message: "deploy-test text only",
        "leadInfo.email": "upload@deploy.example",
        "leadInfo.name": "upload-fault",
        gdprConsent: "true",
      });
      const ok = await stack.request({
        host: HOSTS.aoba,
        path: "/api/inquiries",
        method: "POST",
        headers: { "content-type": textOnly.contentType },
        body: textOnly.body,
      });
      expect(ok.status).toBe(201);
      const inquiries = await stack.sql<{ n: number }>(
        "SELECT count(*)::int AS n FROM inquiries i JOIN leads l ON l.id = i.lead_id WHERE l.name = 'upload-fault'",
      );
      expect(inquiries[0]!.n).toBe(1);
      expect(await readdir(stack.uploadDir)).toEqual([]);
      figures["unwritable uploads"] = { withAttachment: res.status, textOnly: ok.status, inquiriesStored: inquiries[0]!.n };
    } finally {
      execFileSync("umount", [stack.uploadDir]);
    }
  });

  it("serves the dashboard from the streaming replica", async () => {
    expect(adminCookie).not.toBe("");
    const dashboard = async () => {
      const res = await stack.request({ host: HOSTS.admin, path: "/api/admin/dashboard", headers: { cookie: adminCookie } });
      expect(res.status).toBe(200);
      return JSON.parse(res.body) as { overview: { totalLeads: number } };
    };
    // Paused first, then read: the KPI job writes every few seconds, so a read before the pause could see a
    // state the replica has already moved past when replay stops.
    await stack.postgres.waitForReplay();
    await stack.postgres.pauseReplay();
    let before: { overview: { totalLeads: number } };
    try {
      before = await dashboard();
      const lead = await stack.request({
        host: HOSTS.yuya,
        path: "/api/leads",
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          email: "replica@deploy.example",
          name: "replica-check",
          company: "replica",
          source: "yuya_site",
          sourceDomain: HOSTS.yuya,
          leadType: "b2b_consultation",
          message: "m",
          gdprConsent: true,
        }),
      });
      expect(lead.status).toBe(201);
      // The primary has it; the paused replica does not, and the dashboard still shows the figures without it.
      expect(await dashboard()).toEqual(before);
    } finally {
      await stack.postgres.resumeReplay();
    }
    // Replayed, the KPI job's next values (written on the primary) count the new lead.
    await waitFor("the dashboard catches up", async () => (await dashboard()).overview.totalLeads > before.overview.totalLeads);
    figures["replica"] = { dashboardFrom: "replica (unchanged while replay was paused, caught up after)" };
  });
});
