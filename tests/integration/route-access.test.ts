// Every route of the app, taken from the built route manifest, is requested anonymously and as each role;
// the answers must match the permission table. A route added without an expectation here fails the test,
// so no page can go live unguarded by accident.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { matchRoutes } from "@remix-run/react";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "~/modules/identity/permissions";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signInWithEmail } from "../support/sign-in.ts";
import { Visitor } from "../support/visitor.ts";

type Who = "anonymous" | Role;
const WHO: readonly Who[] = ["anonymous", ...ROLES];
/** A status, or "login" for a redirect to the sign-in page, or "away" for any other redirect. */
type Outcome = number | "login" | "away";
type Host = "yuya" | "aoba" | "admin";

interface Check {
  host: Host;
  path: string;
  /** GET unless said; a mutating method is sent with the JSON body `{}`. */
  method?: "POST" | "PUT" | "DELETE";
  expect: Outcome | (Partial<Record<Who, Outcome>> & { otherwise?: Outcome });
}

const staff = (grants: Partial<Record<Role, Outcome>>, otherwise: Outcome = 403): Check["expect"] => ({
  anonymous: "login",
  USER: 403,
  otherwise,
  ...grants,
});

/**
 * What each route answers to a GET (or the method given), by who asks. The brand routes are checked on yuya
 * (and, for being absent, on the admin host); the admin's on the admin host (and absent on a brand). Staff APIs
 * exist on the admin host only, whatever the method and whoever asks (decision 015): 404 on a brand host.
 */
const EXPECTED: Record<string, Check[] | "not a URL"> = {
  root: "not a URL",
  "routes/_index": [
    { host: "yuya", path: "/", expect: 200 },
    { host: "admin", path: "/", expect: "away" }, // the admin host's home is /admin
  ],
  "routes/$": [
    { host: "yuya", path: "/no-such-page", expect: 404 },
    { host: "admin", path: "/no-such-page", expect: 404 },
  ],
  // The SSR benchmark's baseline page: only on a server started with BENCH_BARE_PAGE=1.
  "routes/bench.bare-page": [
    { host: "yuya", path: "/bench/bare-page", expect: 404 },
    { host: "admin", path: "/bench/bare-page", expect: 404 },
  ],
  "routes/contact": [
    { host: "aoba", path: "/contact", expect: 200 },
    { host: "admin", path: "/contact", expect: 404 },
  ],
  "routes/account": [
    { host: "yuya", path: "/account", expect: { anonymous: "login", otherwise: 200 } },
    { host: "admin", path: "/account", expect: { anonymous: 404, otherwise: 404 } },
  ],
  "routes/account.data[.]json": [
    { host: "yuya", path: "/account/data.json", expect: { anonymous: "login", otherwise: 200 } },
    { host: "admin", path: "/account/data.json", expect: 404 },
  ],
  "routes/account_.erased": [
    { host: "aoba", path: "/account/erased", expect: 200 },
    { host: "admin", path: "/account/erased", expect: 404 },
  ],
  "routes/handoff": [{ host: "yuya", path: "/handoff?to=aoba", expect: "away" }],
  "routes/auth.handoff": [{ host: "aoba", path: "/auth/handoff?token=forged", expect: "away" }],
  "routes/login": [{ host: "yuya", path: "/login", expect: { anonymous: 200, otherwise: "away" } }],
  "routes/login_.code": [{ host: "yuya", path: "/login/code", expect: "login" }],
  "routes/logout": [{ host: "yuya", path: "/logout", expect: "away" }],
  "routes/auth.email": [{ host: "yuya", path: "/auth/email", expect: "login" }],
  // A stale or wrong link: back to sign-in; someone already signed in just goes on.
  "routes/auth.email_.verify": [
    { host: "yuya", path: "/auth/email/verify?code=000000", expect: { anonymous: "login", otherwise: "away" } },
  ],
  "routes/auth.done": [{ host: "yuya", path: "/auth/done", expect: { anonymous: "login", otherwise: "away" } }],
  // Starting an OAuth sign-in is a POST; a GET goes back to the sign-in page. No provider is configured here,
  // so the callback does not exist.
  "routes/auth.$provider": [{ host: "yuya", path: "/auth/github", expect: "login" }],
  "routes/auth.$provider_.callback": [{ host: "yuya", path: "/auth/discord/callback?code=x&state=y", expect: 404 }],
  "routes/set-language": [{ host: "yuya", path: "/set-language", expect: "away" }],
  "routes/favicon[.]svg": [{ host: "aoba", path: "/favicon.svg", expect: 200 }],
  "routes/api.health": [{ host: "yuya", path: "/api/health", expect: 200 }],
  "routes/content._index": [
    { host: "yuya", path: "/content", expect: 200 },
    { host: "admin", path: "/content", expect: 404 },
  ],
  "routes/content.$slug": [
    // This database has no contents (tests/integration/content-site.test.ts shows them): unknown is 404 for all.
    { host: "aoba", path: "/content/no-such-content", expect: 404 },
    { host: "admin", path: "/content/no-such-content", expect: 404 },
  ],
  "routes/sitemap[.]xml": [
    { host: "yuya", path: "/sitemap.xml", expect: 200 },
    { host: "admin", path: "/sitemap.xml", expect: 404 },
  ],
  "routes/feed[.]xml": [
    { host: "aoba", path: "/feed.xml", expect: 200 },
    { host: "admin", path: "/feed.xml", expect: 404 },
  ],
  "routes/robots[.]txt": [{ host: "yuya", path: "/robots.txt", expect: 200 }],
  "routes/api.content.events": [{ host: "yuya", path: "/api/content/events", expect: 405 }],
  "routes/api.me": [{ host: "yuya", path: "/api/me", expect: { anonymous: 401, otherwise: 200 } }],
  "routes/api.leads": [
    { host: "admin", path: "/api/leads", expect: { anonymous: 401, MANAGER: 200, ADMIN: 200, otherwise: 403 } },
    { host: "admin", path: "/api/leads", method: "POST", expect: { anonymous: 401, ADMIN: 400, otherwise: 403 } },
    { host: "admin", path: "/api/leads", method: "DELETE", expect: 405 },
    { host: "yuya", path: "/api/leads", expect: 404 },
    // The public lead form: anyone may post on a brand (this body is invalid).
    { host: "yuya", path: "/api/leads", method: "POST", expect: 400 },
  ],
  "routes/api.analytics.leads": [
    { host: "admin", path: "/api/analytics/leads", expect: { anonymous: 401, ADMIN: 200, otherwise: 403 } },
    { host: "yuya", path: "/api/analytics/leads", expect: 404 },
    { host: "aoba", path: "/api/analytics/leads", method: "POST", expect: 405 },
  ],
  "routes/api.analytics.content": [
    { host: "admin", path: "/api/analytics/content", expect: { anonymous: 401, ADMIN: 200, otherwise: 403 } },
    { host: "aoba", path: "/api/analytics/content", expect: 404 },
  ],
  "routes/api.admin.dashboard": [
    { host: "admin", path: "/api/admin/dashboard", expect: { anonymous: 401, ADMIN: 200, otherwise: 403 } },
    { host: "yuya", path: "/api/admin/dashboard", expect: 404 },
  ],
  "routes/api.admin.projects": [
    { host: "admin", path: "/api/admin/projects", expect: { anonymous: 401, MANAGER: 200, ADMIN: 200, otherwise: 403 } },
    { host: "admin", path: "/api/admin/projects", method: "POST", expect: { anonymous: 401, MANAGER: 400, ADMIN: 400, otherwise: 403 } },
    { host: "yuya", path: "/api/admin/projects", expect: 404 },
    { host: "yuya", path: "/api/admin/projects", method: "POST", expect: 404 },
  ],
  "routes/api.inquiries": [
    { host: "yuya", path: "/api/inquiries", expect: 405 },
    { host: "yuya", path: "/api/inquiries", method: "PUT", expect: 405 },
  ],
  "routes/api.leads.$id.status": [
    { host: "admin", path: "/api/leads/0196b5a4-0000-7000-8000-000000000000/status", expect: 405 },
    {
      host: "admin",
      path: "/api/leads/0196b5a4-0000-7000-8000-000000000000/status",
      method: "PUT",
      expect: { anonymous: 401, MANAGER: 400, ADMIN: 400, otherwise: 403 },
    },
    { host: "admin", path: "/api/leads/0196b5a4-0000-7000-8000-000000000000/status", method: "DELETE", expect: 405 },
    { host: "yuya", path: "/api/leads/0196b5a4-0000-7000-8000-000000000000/status", method: "PUT", expect: 404 },
    { host: "aoba", path: "/api/leads/0196b5a4-0000-7000-8000-000000000000/status", method: "PUT", expect: 404 },
  ],
  "routes/admin": [
    { host: "admin", path: "/admin", expect: staff({}, 200) },
    { host: "yuya", path: "/admin", expect: 404 },
  ],
  "routes/admin._index": [{ host: "admin", path: "/admin", expect: staff({}, 200) }],
  "routes/admin.leads._index": [
    { host: "admin", path: "/admin/leads", expect: staff({ MANAGER: 200, ADMIN: 200 }) },
    { host: "yuya", path: "/admin/leads", expect: 404 },
  ],
  "routes/admin.leads.board": [{ host: "admin", path: "/admin/leads/board?character=aoba", expect: staff({ MANAGER: 200, ADMIN: 200 }) }],
  "routes/admin.leads.export[.]csv": [
    { host: "admin", path: "/admin/leads/export.csv?status=won", expect: staff({ MANAGER: 200, ADMIN: 200 }) },
  ],
  "routes/admin.leads.import": [{ host: "admin", path: "/admin/leads/import", expect: staff({ ADMIN: 200 }) }],
  "routes/admin.leads.$id": [
    { host: "admin", path: "/admin/leads/0196b5a4-0000-7000-8000-000000000000", expect: staff({ MANAGER: 404, ADMIN: 404 }) },
  ],
  "routes/admin.inquiries._index": [{ host: "admin", path: "/admin/inquiries", expect: staff({ SUPPORT: 200, ADMIN: 200 }) }],
  "routes/admin.inquiries.$id": [
    { host: "admin", path: "/admin/inquiries/0196b5a4-0000-7000-8000-000000000000", expect: staff({ SUPPORT: 404, ADMIN: 404 }) },
  ],
  "routes/admin.inquiries.$id.attachments.$attachmentId": [
    {
      host: "admin",
      path: "/admin/inquiries/0196b5a4-0000-7000-8000-000000000000/attachments/0196b5a4-0000-7000-8000-000000000001",
      expect: staff({ SUPPORT: 404, ADMIN: 404 }),
    },
  ],
  "routes/feedback.$token": [
    { host: "aoba", path: "/feedback/not-a-token", expect: 404 },
    { host: "admin", path: "/feedback/not-a-token", expect: 404 },
  ],
  "routes/admin.companies._index": [{ host: "admin", path: "/admin/companies", expect: staff({ ADMIN: 200 }) }],
  "routes/admin.companies.$id": [
    { host: "admin", path: "/admin/companies/0196b5a4-0000-7000-8000-000000000000", expect: staff({ ADMIN: 404 }) },
  ],
  "routes/admin.projects._index": [{ host: "admin", path: "/admin/projects", expect: staff({ MANAGER: 200, ADMIN: 200 }) }],
  "routes/admin.projects.$id": [
    { host: "admin", path: "/admin/projects/0196b5a4-0000-7000-8000-000000000000", expect: staff({ MANAGER: 404, ADMIN: 404 }) },
  ],
  "routes/admin.projects.$id.deliverables.$deliverableId.file": [
    {
      host: "admin",
      path: "/admin/projects/0196b5a4-0000-7000-8000-000000000000/deliverables/0196b5a4-0000-7000-8000-000000000001/file",
      expect: staff({ MANAGER: 404, ADMIN: 404 }),
    },
  ],
  "routes/admin.users": [{ host: "admin", path: "/admin/users", expect: staff({ SUPPORT: 200, ADMIN: 200 }) }],
  "routes/admin.privacy": [
    { host: "admin", path: "/admin/privacy", expect: staff({ SUPPORT: 200, ADMIN: 200 }) },
    { host: "aoba", path: "/admin/privacy", expect: 404 },
  ],
  "routes/admin.privacy.export[.]json": [
    { host: "admin", path: "/admin/privacy/export.json?email=nobody@example.com", expect: staff({ ADMIN: 404 }) },
  ],
  "routes/admin.tokens": [{ host: "admin", path: "/admin/tokens", expect: staff({}, 200) }],
  "routes/admin.audit": [{ host: "admin", path: "/admin/audit", expect: staff({ ADMIN: 200 }) }],
  "routes/admin.products._index": [{ host: "admin", path: "/admin/products", expect: staff({ ADMIN: 200 }) }],
  "routes/admin.products.new": [{ host: "admin", path: "/admin/products/new", expect: staff({ ADMIN: 200 }) }],
  "routes/admin.products.$id": [
    { host: "admin", path: "/admin/products/0196b5a4-0000-7000-8000-000000000000", expect: staff({ ADMIN: 404 }) },
  ],
  "routes/admin.orders._index": [
    { host: "admin", path: "/admin/orders", expect: staff({ ADMIN: 200 }) },
    { host: "aoba", path: "/admin/orders", expect: 404 },
  ],
  "routes/admin.orders.$id": [{ host: "admin", path: "/admin/orders/0196b5a4-0000-7000-8000-000000000000", expect: staff({ ADMIN: 404 }) }],
  "routes/admin.jobs._index": [{ host: "admin", path: "/admin/jobs", expect: staff({ ADMIN: 200 }) }],
  "routes/admin.jobs.reports.$day": [{ host: "admin", path: "/admin/jobs/reports/2020-01-01", expect: staff({ ADMIN: 404 }) }],
  "routes/admin.embed-keys": [{ host: "admin", path: "/admin/embed-keys", expect: staff({ ADMIN: 200 }) }],
  "routes/api.embed.v1.leads": [{ host: "yuya", path: "/api/embed/v1/leads", expect: 405 }],
  "routes/api.openapi[.]json": [{ host: "admin", path: "/api/openapi.json", expect: 200 }],
  "routes/admin.api-docs": [{ host: "admin", path: "/admin/api-docs", expect: staff({}, 200) }],
  "routes/shop": [
    { host: "aoba", path: "/shop", expect: 200 },
    { host: "admin", path: "/shop", expect: 404 },
  ],
  "routes/downloads.$itemId": [{ host: "aoba", path: "/downloads/0190c0de-0000-7000-8000-000000000000?e=1&s=x", expect: 403 }],
  "routes/api.webhooks.stripe": [{ host: "yuya", path: "/api/webhooks/stripe", expect: 405 }],
  // Contents: the permission table gives them to ADMIN alone.
  "routes/admin.contents._index": [
    { host: "admin", path: "/admin/contents?owner=aoba&status=published", expect: staff({ ADMIN: 200 }) },
    { host: "yuya", path: "/admin/contents", expect: 404 },
  ],
  "routes/admin.contents.new": [{ host: "admin", path: "/admin/contents/new", expect: staff({ ADMIN: 200 }) }],
  "routes/admin.contents.$id": [
    { host: "admin", path: "/admin/contents/0196b5a4-0000-7000-8000-000000000000", expect: staff({ ADMIN: 404 }) },
    { host: "admin", path: "/admin/contents/not-a-uuid", expect: staff({ ADMIN: 404 }) },
  ],
  "routes/admin.contents.categories": [{ host: "admin", path: "/admin/contents/categories", expect: staff({ ADMIN: 200 }) }],
  "routes/admin.analytics": [{ host: "admin", path: "/admin/analytics", expect: staff({ ADMIN: 200 }) }],
};

function expected(check: Check, who: Who): Outcome {
  if (typeof check.expect !== "object") return check.expect;
  const outcome = check.expect[who] ?? check.expect.otherwise;
  if (outcome === undefined) throw new Error(`no expectation for ${who} on ${check.path}`);
  return outcome;
}

function outcomeOf(status: number, location: string | undefined): Outcome {
  if (status >= 300 && status < 400) return location?.startsWith("/login") ? "login" : "away";
  return status;
}

const build = (await import(pathToFileURL(path.resolve(import.meta.dirname, "../../build/index.js")).href)) as ServerBuild;

/** The manifest as the router's nested route objects, to find which route a path lands on. */
type RouteObject = Parameters<typeof matchRoutes>[0][number];

function routeTree(parentId?: string): RouteObject[] {
  return Object.values(build.routes)
    .filter((route) => route.parentId === parentId)
    .map(
      (route) =>
        ({ id: route.id, path: route.path, index: route.index, children: route.index ? undefined : routeTree(route.id) }) as RouteObject,
    );
}
const tree = routeTree(undefined);

let server: RunningServer;
const visitors = new Map<string, Visitor>();
const { url, db } = await createTestDatabase();

beforeAll(async () => {
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  server = await startServer({
    DATABASE_URL: url,
    OUTBOX_DIR: outbox,
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    RATE_LIMIT_API_PER_MINUTE: "10000",
  });
  for (const role of ROLES) {
    const email = `${role.toLowerCase()}@example.com`;
    await db.user.create({ data: { email, role } });
    const visitor = new Visitor(server);
    for (const host of ["yuya", "aoba", "admin"] as const) await signInWithEmail(visitor, host, email, outbox);
    visitors.set(role, visitor);
  }
  visitors.set("anonymous", new Visitor(server));
});
afterAll(async () => {
  await server?.stop();
});

describe("route manifest", () => {
  it("every route has expectations, and every expectation reaches its route", () => {
    const ids = Object.keys(build.routes).sort();
    expect(
      ids.filter((id) => !(id in EXPECTED)),
      "routes without expectations",
    ).toEqual([]);
    expect(
      Object.keys(EXPECTED).filter((id) => !ids.includes(id)),
      "expectations for routes that no longer exist",
    ).toEqual([]);
    for (const [id, checks] of Object.entries(EXPECTED)) {
      if (checks === "not a URL") continue;
      for (const check of checks) {
        const matched = matchRoutes(tree, new URL(check.path, "http://x").pathname)?.map((m) => m.route.id);
        expect(matched, `${check.path} should reach ${id}`).toContain(id);
      }
    }
  });
});

describe.each(WHO)("as %s", (who) => {
  it("every route answers as the permission table says", async () => {
    const visitor = visitors.get(who)!;
    const mismatches: string[] = [];
    for (const [id, checks] of Object.entries(EXPECTED)) {
      if (checks === "not a URL") continue;
      for (const check of checks) {
        const method = check.method ?? "GET";
        const res =
          method === "GET"
            ? await visitor.get(check.host, check.path)
            : await server.request({
                host: check.host,
                path: check.path,
                method,
                // Content-Length said: Node's client would send a DELETE's body unframed.
                headers: {
                  cookie: visitor.cookies(check.host),
                  "content-type": "application/json",
                  "content-length": "2",
                  origin: new URL(server.url(check.host)).origin,
                },
                body: "{}",
              });
        const got = outcomeOf(res.status, res.headers.location);
        const want = expected(check, who);
        if (got !== want)
          mismatches.push(
            `${id}: ${method} ${check.host}${check.path} → ${got} (${res.status} ${res.headers.location ?? ""}), expected ${want}`,
          );
        if (res.status >= 500) mismatches.push(`${id}: ${check.path} answered ${res.status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe("an admin path that no route serves", () => {
  it.each(WHO)("is a 404 as %s, on the admin host and on a brand", async (who) => {
    const visitor = visitors.get(who)!;
    expect((await visitor.get("admin", "/admin/nothing-here")).status).toBe(404);
    expect((await visitor.get("aoba", "/admin/nothing-here")).status).toBe(404);
  });
});
