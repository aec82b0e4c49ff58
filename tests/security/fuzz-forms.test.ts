// Generative fuzz of every form action over real HTTP, signed in as the role that may use it: random fields
// drawn from the words of the route's own source (so the intents and field names it looks for are hit), with
// hostile values, urlencoded or multipart, as a document POST and as Remix's `.data` request. The bar: no 5xx
// and no hang. FUZZ_SEED picks another set of cases, FUZZ_RUNS=10 ten times more.
import { readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { FUZZ_SEED, encodeAny, nastyString, sampleOf } from "../support/fuzz.ts";
import { failures, histogram, sendAll, type FuzzRequest } from "../support/fuzz-http.ts";
import { startServer, type RunningServer } from "../support/server.ts";
import { signInWithEmail } from "../support/sign-in.ts";
import { Visitor } from "../support/visitor.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");
const PER_ROUTE = 60;

let server: RunningServer;
let outbox: string;
const { url, db } = await createTestDatabase({ seeded: true });
const visitors = new Map<string, Visitor>();

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-fuzz-outbox-"));
  const backups = await mkdtemp(path.join(tmpdir(), "kizuna-fuzz-backups-"));
  server = await startServer({
    DATABASE_URL: url,
    OUTBOX_DIR: outbox,
    BACKUP_DIR: backups,
    RATE_LIMIT_API_PER_MINUTE: "1000000",
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000000",
    JOBS_ENABLED: "false",
  });
  for (const [who, host, email] of [
    ["admin", "admin", "admin@example.com"],
    ["user", "yuya", "user@example.com"],
  ] as const) {
    const visitor = new Visitor(server);
    await signInWithEmail(visitor, host, email, outbox);
    visitors.set(who, visitor);
  }
});
afterAll(async () => {
  if (process.env.FUZZ_VERBOSE) (await import("node:fs")).writeFileSync("/tmp/fuzz-forms-server.log", server?.output() ?? "");
  await server?.stop();
});

/** The string literals of a route file and of the app modules it imports: the field names and intents it reads. */
function wordsOf(routeFile: string): string[] {
  const files = [routeFile];
  const source = readFileSync(path.join(ROOT, "app/routes", routeFile), "utf8");
  for (const [, spec] of source.matchAll(/from "~\/(modules\/[^"]+)"/g)) {
    for (const ext of [".ts", ".tsx", ""]) {
      try {
        files.push(path.relative(path.join(ROOT, "app/routes"), path.join(ROOT, "app", spec + ext)));
        readFileSync(path.join(ROOT, "app", spec + ext));
        break;
      } catch {
        files.pop();
      }
    }
  }
  const words = new Set<string>();
  for (const file of files) {
    const text = readFileSync(path.join(ROOT, "app/routes", file), "utf8");
    for (const [, word] of text.matchAll(/["'`]([A-Za-z_][\w.[\]-]{0,40})["'`]/g)) words.add(word!);
  }
  return [...words];
}

/** A random form for a route: some of its own words as names, each with its words or hostile text as value. */
function forms(routeFile: string): fc.Arbitrary<[string, string][]> {
  const words = wordsOf(routeFile);
  const name = fc.oneof({ weight: 5, arbitrary: fc.constantFrom("intent", ...words) }, { weight: 1, arbitrary: nastyString });
  const value = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...words) },
    { weight: 3, arbitrary: nastyString },
    {
      weight: 1,
      arbitrary: fc.constantFrom("1", "0", "-1", "100000", "on", "true", "2026-12-05", "example@example.com", "https://example.com"),
    },
    { weight: 1, arbitrary: fc.uuid() },
  );
  // Most forms name an intent the route knows, so the fuzz gets past "which form is this?" into its fields.
  const intent = fc.option(
    fc.constantFrom(...words).map((word): [string, string] => ["intent", word]),
    { freq: 4, nil: null },
  );
  return fc.tuple(intent, fc.array(fc.tuple(name, value), { maxLength: 10 })).map(([first, rest]) => (first ? [first, ...rest] : rest));
}

function encode(fields: [string, string][], multipart: boolean): { type: string; body: string } {
  if (!multipart)
    return { type: "application/x-www-form-urlencoded", body: fields.map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join("&") };
  const boundary = "----kizunafuzz";
  const clean = (s: string) =>
    Buffer.from(s, "utf8")
      .toString("utf8")
      .replace(/[\r\n"]/g, "_");
  const parts = fields.map(([k, v], i) =>
    i % 4 === 3
      ? `--${boundary}\r\nContent-Disposition: form-data; name="${clean(k)}"; filename="${clean(v).slice(0, 60)}.csv"\r\nContent-Type: text/csv\r\n\r\nemail,name\r\n${clean(v)},x\r\n`
      : `--${boundary}\r\nContent-Disposition: form-data; name="${clean(k)}"\r\n\r\n${Buffer.from(v, "utf8").toString("utf8")}\r\n`,
  );
  return { type: `multipart/form-data; boundary=${boundary}`, body: `${parts.join("")}--${boundary}--\r\n` };
}

interface Target {
  file: string;
  who: "admin" | "user" | "anonymous";
  host: string;
  /** The path; ":lead", ":company" … stand for the id of a demo record of that kind. */
  path: string;
}

const TARGETS: Target[] = [
  { file: "contact.tsx", who: "anonymous", host: "yuya", path: "/contact" },
  { file: "contact.tsx", who: "anonymous", host: "aoba", path: "/contact?form=inquiry" },
  { file: "set-language.tsx", who: "anonymous", host: "aoba", path: "/set-language" },
  { file: "auth.email.tsx", who: "anonymous", host: "yuya", path: "/auth/email" },
  { file: "auth.$provider.tsx", who: "anonymous", host: "yuya", path: "/auth/github" },
  { file: "feedback.$token.tsx", who: "anonymous", host: "yuya", path: "/feedback/not-a-token" },
  { file: "shop.tsx", who: "user", host: "aoba", path: "/shop" },
  { file: "admin._index.tsx", who: "admin", host: "admin", path: "/admin?index" },
  { file: "admin.leads._index.tsx", who: "admin", host: "admin", path: "/admin/leads" },
  { file: "admin.leads.$id.tsx", who: "admin", host: "admin", path: "/admin/leads/:lead" },
  { file: "admin.leads.board.tsx", who: "admin", host: "admin", path: "/admin/leads/board" },
  { file: "admin.leads.import.tsx", who: "admin", host: "admin", path: "/admin/leads/import" },
  { file: "admin.companies._index.tsx", who: "admin", host: "admin", path: "/admin/companies" },
  { file: "admin.companies.$id.tsx", who: "admin", host: "admin", path: "/admin/companies/:company" },
  { file: "admin.projects._index.tsx", who: "admin", host: "admin", path: "/admin/projects" },
  { file: "admin.projects.$id.tsx", who: "admin", host: "admin", path: "/admin/projects/:project" },
  { file: "admin.contents.new.tsx", who: "admin", host: "admin", path: "/admin/contents/new" },
  { file: "admin.contents.$id.tsx", who: "admin", host: "admin", path: "/admin/contents/:content" },
  { file: "admin.contents.categories.tsx", who: "admin", host: "admin", path: "/admin/contents/categories" },
  { file: "admin.inquiries.$id.tsx", who: "admin", host: "admin", path: "/admin/inquiries/:inquiry" },
  { file: "admin.orders.$id.tsx", who: "admin", host: "admin", path: "/admin/orders/:order" },
  { file: "admin.products.new.tsx", who: "admin", host: "admin", path: "/admin/products/new" },
  { file: "admin.products.$id.tsx", who: "admin", host: "admin", path: "/admin/products/:product" },
  { file: "admin.embed-keys.tsx", who: "admin", host: "admin", path: "/admin/embed-keys" },
  { file: "admin.tokens.tsx", who: "admin", host: "admin", path: "/admin/tokens" },
  { file: "admin.jobs._index.tsx", who: "admin", host: "admin", path: "/admin/jobs" },
  { file: "admin.privacy.tsx", who: "admin", host: "admin", path: "/admin/privacy" },
  // Last: these can take the fuzzing user's own account or role away.
  { file: "account.tsx", who: "user", host: "yuya", path: "/account" },
  { file: "admin.users.tsx", who: "admin", host: "admin", path: "/admin/users" },
];

/** The path with its placeholder replaced by the id of a demo record of that kind. */
async function resolvePath(pathname: string): Promise<string> {
  const kind = /:(\w+)/.exec(pathname)?.[1];
  if (!kind) return pathname;
  const model = db[kind as "lead"] as unknown as { findFirst(args: object): Promise<{ id: string } | null> };
  const record = await model.findFirst({ select: { id: true } });
  if (!record) throw new Error(`the demo data has no ${kind}`);
  return pathname.replace(`:${kind}`, record.id);
}

describe(`form action fuzz (seed ${FUZZ_SEED})`, () => {
  // FUZZ_ONLY=/admin/tokens fuzzes the routes whose path contains it (to reproduce a finding).
  const chosen = TARGETS.filter((t) => t.path.includes(process.env.FUZZ_ONLY ?? ""));
  it.each(chosen)("POST $path ($who) answers any form with a page, a redirect or a 4xx, never a 5xx", async (target) => {
    const targetPath = await resolvePath(target.path);
    const cookie = target.who === "anonymous" ? "" : visitors.get(target.who)!.cookies(target.host);
    const origin = new URL(server.url(target.host)).origin;
    const cases = sampleOf(fc.tuple(forms(target.file), fc.boolean(), fc.boolean()), PER_ROUTE, target.path);
    const requests: FuzzRequest[] = cases.map(([fields, multipart, single]) => {
      // One in eight is not a form at all: JSON or text sent to a form action.
      const { type, body } =
        fields.length % 8 === 7
          ? { type: fields.length % 2 ? "application/json" : "text/plain", body: JSON.stringify(Object.fromEntries(fields)) }
          : encode(fields, multipart);
      const [pathname, query] = targetPath.split("?");
      const url = single ? `${pathname}.data${query ? `?${query}` : ""}` : targetPath;
      return {
        host: target.host,
        method: "POST",
        path: url,
        headers: { "content-type": type, origin, ...(cookie ? { cookie } : {}) },
        body,
      };
    });
    const outcomes = await sendAll(server, requests);
    if (process.env.FUZZ_VERBOSE) process.stdout.write(`${target.path} ${JSON.stringify(histogram(outcomes))}\n`);
    expect(failures(outcomes)).toEqual([]);
    // Signed in and past the door: the route answered something other than "sign in" or "forbidden".
    expect(outcomes.some((o) => !["401", "403"].includes(String(o.status)))).toBe(true);
  });
});

describe("what the fuzz found, pinned", () => {
  it("a multipart body whose part header is broken is a 400 naming the form, on every kind of form", async () => {
    const broken = '--b\r\nContent-Disposition: form-data; name="a\\"\r\n\r\nx\r\n--b--\r\n';
    const cookie = visitors.get("admin")!.cookies("admin");
    for (const [host, path, withCookie] of [
      ["admin", "/admin/leads/import", true],
      ["admin", "/admin/companies", true],
      ["yuya", "/set-language", false],
    ] as const) {
      const res = await server.request({
        host,
        path,
        method: "POST",
        headers: {
          "content-type": "multipart/form-data; boundary=b",
          origin: new URL(server.url(host)).origin,
          ...(withCookie ? { cookie } : {}),
        },
        body: broken,
      });
      expect([path, res.status]).toEqual([path, 400]);
    }
  });

  it("a JSON or text body sent to a form action is a 415, not a 500", async () => {
    for (const type of ["application/json", "text/plain"]) {
      const res = await server.request({
        host: "yuya",
        path: "/set-language",
        method: "POST",
        headers: { "content-type": type, origin: new URL(server.url("yuya")).origin },
        body: '{"lng":"en"}',
      });
      expect([type, res.status]).toEqual([type, 415]);
    }
  });

  it("deleting a saved view by an id that is not a UUID does nothing and goes back to the list", async () => {
    const res = await visitors.get("admin")!.post("admin", "/admin/leads?status=new", { intent: "delete-view", id: "not-a-uuid" });
    expect([res.status, res.headers.location]).toEqual([302, "/admin/leads?status=new"]);
  });
});
