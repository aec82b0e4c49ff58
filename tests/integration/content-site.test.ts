// The brand sites' contents against the built server and the demo data: each site lists its own and the shared
// contents (by category tree and tag, featured first, paged), a content page has its SEO head and 404s for what
// the site does not show; sitemap and feed are well-formed XML on the site's origin; and the tracking endpoint
// stores truncated addresses, counts once per session and window (a like once), drops bots, keeps the counters
// equal to the rows under concurrency, and a referrer from the other brand is a cross referral in the rollups.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshRollups } from "~/modules/analytics/rollups.server";
import { buildRegistry } from "~/modules/plugins/registry.server";
import { plugins } from "../../plugins/index.ts";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer, type TestResponse } from "../support/server.ts";
import { signedInVisitors } from "../support/sign-in.ts";

let server: RunningServer;
let outbox: string;
const { url, db, sql } = await createTestDatabase({ seeded: true });
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36";

beforeAll(async () => {
  outbox = await mkdtemp(path.join(tmpdir(), "kizuna-content-outbox-"));
  // TRUST_PROXY: the tests choose the client address with X-Forwarded-For.
  server = await startServer({
    DATABASE_URL: url,
    OUTBOX_DIR: outbox,
    TRUST_PROXY: "1",
    RATE_LIMIT_API_PER_MINUTE: "100000",
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    JOBS_ENABLED: "false",
  });
});
afterAll(async () => {
  await server?.stop();
});

const get = (host: string, pathname: string, headers: Record<string, string> = {}) => server.request({ host, path: pathname, headers });
/** The content slugs a page links to, in order of appearance (first link each). */
const slugsOn = (html: string) => [...new Set([...html.matchAll(/href="\/content\/([a-z0-9-]+)"/g)].map((m) => m[1]!))];
const metaOf = (html: string, attr: "name" | "property", key: string) =>
  new RegExp(`<meta ${attr}="${key}" content="([^"]*)"`).exec(html)?.[1];
const canonicalOf = (html: string) => /<link rel="canonical" href="([^"]*)"/.exec(html)?.[1];

describe("content pages", () => {
  it("list the brand's own and shared published contents, featured first, and none of the other brand's or unpublished ones", async () => {
    const yuya = await get("yuya", "/content");
    expect(yuya.status).toBe(200);
    const slugs = slugsOn(yuya.body);
    expect(slugs).toEqual(
      expect.arrayContaining(["yuya-welcome-to-kabuki-ai", "yuya-prompt-kit", "yuya-api-docs", "shared-collab-announcement"]),
    );
    expect(slugs.filter((s) => s.startsWith("aoba-"))).toEqual([]);
    expect(slugs).not.toContain("yuya-draft-ideas");
    const featured = (
      await db.content.findMany({
        where: { featured: true, characterOwner: { in: ["yuya", "shared"] }, status: "published" },
        select: { slug: true },
      })
    ).map((c) => c.slug);
    expect(featured.length).toBeGreaterThan(0);
    expect(new Set(slugs.slice(0, featured.length))).toEqual(new Set(featured));
    expect(yuya.body).toContain('href="/content"'); // the nav link

    const aoba = slugsOn((await get("aoba", "/content")).body);
    expect(aoba).toEqual(expect.arrayContaining(["aoba-night-sky", "aoba-studio-diary-1", "shared-collab-announcement"]));
    expect(aoba.filter((s) => s.startsWith("yuya-"))).toEqual([]);
    expect(aoba).not.toContain("aoba-archived-single");
  });

  it("renders each request in its own language, also when Japanese and English pages render at once", async () => {
    // The server shares one translation instance per language between concurrent renders.
    const languages = Array.from({ length: 16 }, (_, i) => (i % 2 ? "en" : "ja"));
    const pages = await Promise.all(languages.map((lng) => get(lng === "en" ? "yuya" : "aoba", "/content", { cookie: `lng=${lng}` })));
    pages.forEach((page, i) => {
      expect(page.status).toBe(200);
      const [mine, other] =
        languages[i] === "en"
          ? ["Articles, tools, music and videos, newest first.", "記事、ツール、音楽、映像。"]
          : ["記事、ツール、音楽、映像。", "Articles, tools, music and videos"];
      expect(page.body).toContain(mine);
      expect(page.body).not.toContain(other);
    });
  });

  it("filter by category (a parent includes its children) and by tag; another brand's category is 404", async () => {
    const parent = slugsOn((await get("yuya", "/content?category=yuya-ai")).body);
    expect(parent.sort()).toEqual([
      "yuya-api-docs",
      "yuya-case-retail",
      "yuya-meeting-summarizer",
      "yuya-prompt-kit",
      "yuya-welcome-to-kabuki-ai",
    ]);
    const child = slugsOn((await get("yuya", "/content?category=yuya-ai-tools")).body);
    expect(child.sort()).toEqual(["yuya-api-docs", "yuya-meeting-summarizer", "yuya-prompt-kit"]);
    expect((await get("yuya", "/content?category=aoba-music")).status).toBe(404);
    expect(slugsOn((await get("aoba", "/content?tag=news")).body)).toEqual(["shared-collab-announcement"]);
    expect(slugsOn((await get("aoba", "/content?tag=music&category=aoba-stems")).body)).toEqual(["aoba-night-sky-stems"]);
  });

  it("page through the list and never show a content before its publication time", async () => {
    const now = Date.now();
    const extra = Array.from({ length: 10 }, (_, i) => ({
      title: `ページ送り ${i}`,
      slug: `paging-${i}`,
      content: "x",
      characterOwner: "aoba" as const,
      status: "published" as const,
      publishedAt: new Date(now - (i + 1) * 60_000),
    }));
    await db.content.createMany({
      data: [
        ...extra,
        { title: "予約投稿", slug: "scheduled-post", characterOwner: "aoba", status: "published", publishedAt: new Date(now + 3_600_000) },
      ],
    });
    try {
      const first = await get("aoba", "/content");
      const second = await get("aoba", "/content?page=2");
      const all = [...slugsOn(first.body), ...slugsOn(second.body)];
      expect(new Set(all).size).toBe(all.length); // no content on both pages
      expect(all).toEqual(expect.arrayContaining(extra.map((e) => e.slug)));
      expect(second.body).toContain('rel="prev"');
      expect(all).not.toContain("scheduled-post");
      expect((await get("aoba", "/content/scheduled-post")).status).toBe(404);
    } finally {
      await db.content.deleteMany({ where: { slug: { in: [...extra.map((e) => e.slug), "scheduled-post"] } } });
    }
  });

  it("show a content with its head: title, description, Open Graph and the canonical address on the brand's origin", async () => {
    const res = await get("yuya", "/content/yuya-prompt-kit", { "accept-language": "en" });
    expect(res.status).toBe(200);
    const content = await db.content.findUniqueOrThrow({ where: { slug: "yuya-prompt-kit" } });
    const origin = server.url("yuya", "").replace(/\/$/, "");
    expect(res.body).toContain(`<title>${content.seoTitle} — 傾奇ユウヤ (Kabuki Yuya)</title>`);
    expect(metaOf(res.body, "name", "description")).toBe(content.seoDescription);
    expect(canonicalOf(res.body)).toBe(`${origin}/content/yuya-prompt-kit`);
    expect(metaOf(res.body, "property", "og:url")).toBe(`${origin}/content/yuya-prompt-kit`);
    expect(metaOf(res.body, "property", "og:type")).toBe("article");
    expect(metaOf(res.body, "property", "og:title")).toContain(content.seoTitle!);
    expect(metaOf(res.body, "property", "og:description")).toBe(content.seoDescription);
    expect(metaOf(res.body, "property", "og:site_name")).toBe("傾奇ユウヤ (Kabuki Yuya)");
    expect(metaOf(res.body, "property", "og:locale")).toBe("en_US");
    expect(res.body).toContain(`<link rel="alternate" type="application/rss+xml" title="Kabuki Yuya" href="${origin}/feed.xml"/>`);
    expect(res.body).toContain("<h1>プロンプト設計キット</h1>"); // the markdown, rendered
    expect(res.body).toContain('href="/content?category=yuya-ai-tools"');
    expect(res.body).toContain('href="/content?tag=ai"');
    expect(slugsOn(res.body)).toEqual(expect.arrayContaining(["yuya-meeting-summarizer"])); // related (same category)

    const ja = await get("yuya", "/content/yuya-prompt-kit");
    expect(metaOf(ja.body, "property", "og:locale")).toBe("ja_JP");
  });

  it("describe a content by its excerpt, else its text; render its markdown sanitized", async () => {
    await db.content.create({
      data: {
        title: "説明なし",
        slug: "no-description",
        characterOwner: "yuya",
        status: "published",
        publishedAt: new Date(Date.now() - 1000),
        content: "# 見出し\n\n本文の**最初**の段落です。\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>",
      },
    });
    await db.content.create({
      data: {
        title: "抜粋あり",
        slug: "with-excerpt",
        characterOwner: "yuya",
        status: "published",
        publishedAt: new Date(Date.now() - 1000),
        excerpt: "抜粋 & <要約>",
        content: "本文",
      },
    });
    try {
      const plain = await get("yuya", "/content/no-description");
      expect(metaOf(plain.body, "name", "description")).toBe("見出し 本文の最初の段落です。");
      expect(plain.body).not.toContain("<script>alert");
      expect(plain.body).not.toContain("onerror");
      expect(plain.body).toContain("<strong>最初</strong>");
      const excerpt = await get("yuya", "/content/with-excerpt");
      expect(metaOf(excerpt.body, "name", "description")).toBe("抜粋 &amp; &lt;要約&gt;");
    } finally {
      await db.content.deleteMany({ where: { slug: { in: ["no-description", "with-excerpt"] } } });
    }
  });

  it("give a shared content one canonical address, on yuya (or the brand its metadata names), on both sites", async () => {
    const yuyaOrigin = server.url("yuya", "").replace(/\/$/, "");
    const aobaOrigin = server.url("aoba", "").replace(/\/$/, "");
    for (const host of ["yuya", "aoba"]) {
      const res = await get(host, "/content/shared-collab-announcement");
      expect(res.status).toBe(200);
      expect(canonicalOf(res.body)).toBe(`${yuyaOrigin}/content/shared-collab-announcement`);
    }
    await db.content.update({ where: { slug: "shared-collab-announcement" }, data: { metadata: { canonicalSite: "aoba" } } });
    try {
      expect(canonicalOf((await get("yuya", "/content/shared-collab-announcement")).body)).toBe(
        `${aobaOrigin}/content/shared-collab-announcement`,
      );
    } finally {
      await db.content.update({ where: { slug: "shared-collab-announcement" }, data: { metadata: {} } });
    }
  });

  it.each([
    ["a draft", "yuya", "yuya-draft-ideas"],
    ["an archived content", "aoba", "aoba-archived-single"],
    ["another brand's content", "yuya", "aoba-night-sky"],
    ["an unknown slug", "aoba", "no-such-thing"],
  ])("answer %s with the 404 page", async (_label, host, slug) => {
    const res = await get(host, `/content/${slug}`);
    expect(res.status).toBe(404);
    expect(res.body).toContain("<title>404");
  });
});

/** The text of each node an XPath selects, with Postgres's XML parser (which also proves the document well-formed). */
async function xpath(xml: string, query: string, ns: [string, string][] = []): Promise<string[]> {
  const { rows } = await sql<{ values: string[] }>("SELECT xpath($2, xmlparse(document $1), $3)::text[] AS values", [xml, query, ns]);
  return rows[0]!.values;
}
const SITEMAP_NS: [string, string][] = [["s", "http://www.sitemaps.org/schemas/sitemap/0.9"]];

describe("sitemap, feed and robots", () => {
  it("sitemap.xml lists the brand's pages and contents on its origin, shared contents only where canonical", async () => {
    for (const brand of ["yuya", "aoba"] as const) {
      const res = await get(brand, "/sitemap.xml");
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("application/xml; charset=utf-8");
      const origin = server.url(brand, "").replace(/\/$/, "");
      const locs = await xpath(res.body, "/s:urlset/s:url/s:loc/text()", SITEMAP_NS);
      for (const loc of locs) expect(loc.startsWith(`${origin}/`), loc).toBe(true);
      expect(locs).toEqual(expect.arrayContaining([`${origin}/`, `${origin}/contact`, `${origin}/shop`, `${origin}/content`]));
      const visible = await db.content.findMany({ where: { characterOwner: brand, status: "published" }, select: { slug: true } });
      expect(locs).toEqual(expect.arrayContaining(visible.map((c) => `${origin}/content/${c.slug}`)));
      expect(locs.includes(`${origin}/content/shared-collab-announcement`)).toBe(brand === "yuya");
      expect(locs.some((l) => l.includes("draft") || l.includes("archived"))).toBe(false);
      const lastmods = await xpath(res.body, "/s:urlset/s:url/s:lastmod/text()", SITEMAP_NS);
      for (const lastmod of lastmods) expect(Number.isNaN(Date.parse(lastmod))).toBe(false);
      expect(lastmods.length).toBeGreaterThanOrEqual(visible.length);
    }
  });

  it("feed.xml is RSS 2.0 of the brand's own and shared contents with absolute links and dates, XML escaped", async () => {
    await db.content.create({
      data: {
        title: 'R&D <速報> "引用"',
        slug: "escape-check",
        characterOwner: "aoba",
        status: "published",
        publishedAt: new Date(Date.now() - 1000),
        excerpt: "a < b & c",
      },
    });
    try {
      const res = await get("aoba", "/feed.xml");
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("application/rss+xml; charset=utf-8");
      expect(await xpath(res.body, "/rss/@version")).toEqual(["2.0"]);
      const origin = server.url("aoba", "").replace(/\/$/, "");
      const links = await xpath(res.body, "/rss/channel/item/link/text()");
      expect(links[0]).toBe(`${origin}/content/escape-check`);
      for (const link of links) expect(link.startsWith(`${origin}/content/`), link).toBe(true);
      expect(links).toContain(`${origin}/content/shared-collab-announcement`);
      expect(links.some((l) => l.includes("/content/yuya-"))).toBe(false);
      // Postgres gives text nodes back escaped; the raw body shows it is escaped once, not twice.
      expect(res.body).toContain("<title>R&amp;D &lt;速報&gt; &quot;引用&quot;</title>");
      expect(res.body).toContain("<description>a &lt; b &amp; c</description>");
      const dates = await xpath(res.body, "/rss/channel/item/pubDate/text()");
      expect(dates.length).toBe(links.length);
      for (const date of dates) expect(date).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    } finally {
      await db.content.delete({ where: { slug: "escape-check" } });
    }
  });

  it("robots.txt names the brand's sitemap; the admin host is not for crawlers; the admin host has no sitemap or feed", async () => {
    const robots = await get("aoba", "/robots.txt");
    expect(robots.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(robots.body).toContain(`Sitemap: ${server.url("aoba", "/sitemap.xml")}`);
    expect((await get("admin", "/robots.txt")).body).toContain("Disallow: /\n");
    expect((await get("admin", "/sitemap.xml")).status).toBe(404);
    expect((await get("admin", "/feed.xml")).status).toBe(404);
  });
});

// ---------------------------------------------------------------------------------------------------------------

function track(
  host: string,
  body: unknown,
  { cookie, ip = "198.51.100.77", ua = BROWSER, raw }: { cookie?: string; ip?: string; ua?: string; raw?: string } = {},
): Promise<TestResponse> {
  return server.request({
    host,
    path: "/api/content/events",
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": ua,
      "x-forwarded-for": ip,
      "accept-language": "en",
      ...(cookie ? { cookie } : {}),
    },
    body: raw ?? JSON.stringify(body),
  });
}
const visitorCookie = (res: TestResponse) => String(res.headers["set-cookie"] ?? "").match(/kizuna_vid=[^;]+/)?.[0];
const counters = (slug: string) =>
  db.content.findUniqueOrThrow({ where: { slug }, select: { id: true, viewCount: true, likeCount: true, downloadCount: true } });
const rows = async (contentId: string, event: string) =>
  Number(
    (
      await sql<{ n: string }>(
        "SELECT count(*) AS n FROM content_analytics WHERE content_id = $1 AND event_type = $2::content_event_type",
        [contentId, event],
      )
    ).rows[0]!.n,
  );

describe("tracking", () => {
  it("stores a view with a truncated address, the session cookie it creates, the user agent and referrer, and counts it once per window", async () => {
    const before = await counters("yuya-prompt-kit");
    const first = await track("yuya", { contentId: before.id, event: "view", referrer: "https://www.google.com/search?q=secret" });
    expect(first.status).toBe(202);
    expect(JSON.parse(first.body)).toEqual({
      data: { recorded: true, counts: { views: before.viewCount + 1, likes: before.likeCount, downloads: before.downloadCount } },
    });
    const cookie = visitorCookie(first)!;
    expect(cookie).toMatch(/^kizuna_vid=[A-Za-z0-9_-]{22}$/);
    expect(String(first.headers["set-cookie"])).toMatch(/HttpOnly/);
    expect(String(first.headers["set-cookie"])).toMatch(/SameSite=Lax/);
    const sessionId = cookie.split("=")[1];
    const { rows: stored } = await sql(
      "SELECT content_id, event_type::text AS event, ip_address::text AS ip, user_agent, referrer, user_id FROM content_analytics WHERE session_id = $1",
      [sessionId],
    );
    expect(stored).toEqual([
      {
        content_id: before.id,
        event: "view",
        ip: "198.51.100.0/24",
        user_agent: BROWSER,
        referrer: "https://www.google.com/search",
        user_id: null,
      },
    ]);
    // Nothing of the full address is kept anywhere in the row.
    expect((await sql("SELECT count(*)::int AS n FROM content_analytics WHERE host(ip_address) = '198.51.100.77'")).rows[0]).toEqual({
      n: 0,
    });

    const again = await track("yuya", { slug: "yuya-prompt-kit", event: "view" }, { cookie });
    expect(again.status).toBe(202);
    expect(JSON.parse(again.body)).toMatchObject({ data: { recorded: false } });
    expect(visitorCookie(again)).toBeUndefined(); // the session it had is kept
    expect((await counters("yuya-prompt-kit")).viewCount).toBe(before.viewCount + 1);
    expect(await rows(before.id, "view")).toBe(before.viewCount + 1);

    // Once the window has passed, the same session's view counts again.
    await sql("UPDATE content_analytics SET created_at = created_at - interval '31 minutes' WHERE session_id = $1", [sessionId]);
    expect(JSON.parse((await track("yuya", { slug: "yuya-prompt-kit", event: "view" }, { cookie })).body)).toMatchObject({
      data: { recorded: true },
    });
    expect((await counters("yuya-prompt-kit")).viewCount).toBe(before.viewCount + 2);
  });

  it("truncates an IPv6 address to its /48", async () => {
    const res = await track("aoba", { slug: "aoba-night-sky", event: "share" }, { ip: "2001:db8:abcd:12:3456:789a:bcde:f012" });
    expect(res.status).toBe(202);
    const { rows: stored } = await sql("SELECT ip_address::text AS ip FROM content_analytics WHERE session_id = $1", [
      visitorCookie(res)!.split("=")[1],
    ]);
    expect(stored).toEqual([{ ip: "2001:db8:abcd::/48" }]);
  });

  it("answers a bot 202 and stores nothing, sets no cookie", async () => {
    const before = await counters("aoba-night-sky");
    for (const ua of ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", ""]) {
      const res = await track("aoba", { slug: "aoba-night-sky", event: "view" }, { ua });
      expect(res.status).toBe(202);
      expect(JSON.parse(res.body)).toEqual({ data: { recorded: false } });
      expect(res.headers["set-cookie"]).toBeUndefined();
    }
    expect(await counters("aoba-night-sky")).toEqual(before);
    expect(await rows(before.id, "view")).toBe(before.viewCount);
  });

  it("counts a like once per session, and once per signed-in user across sessions", async () => {
    const before = await counters("aoba-studio-diary-1");
    const first = await track("aoba", { slug: "aoba-studio-diary-1", event: "like" });
    const cookie = visitorCookie(first)!;
    await track("aoba", { slug: "aoba-studio-diary-1", event: "like" }, { cookie });
    expect((await counters("aoba-studio-diary-1")).likeCount).toBe(before.likeCount + 1);

    const user = (await signedInVisitors(server, outbox, ["user@example.com"], "aoba")).get("user")!;
    const session = user.cookies("aoba");
    const signedIn = await track(
      "aoba",
      { slug: "aoba-studio-diary-1", event: "like" },
      { cookie: `${session}; kizuna_vid=AAAAAAAAAAAAAAAAAAAAAA` },
    );
    expect(JSON.parse(signedIn.body)).toMatchObject({ data: { recorded: true } });
    const { id: userId } = await db.user.findUniqueOrThrow({ where: { email: "user@example.com" } });
    expect(await db.contentAnalytics.count({ where: { contentId: before.id, eventType: "like", userId } })).toBe(1);
    // The same user from another device (another visitor session): still one like.
    const otherDevice = await track(
      "aoba",
      { slug: "aoba-studio-diary-1", event: "like" },
      { cookie: `${session}; kizuna_vid=BBBBBBBBBBBBBBBBBBBBBB` },
    );
    expect(JSON.parse(otherDevice.body)).toMatchObject({ data: { recorded: false } });
    expect((await counters("aoba-studio-diary-1")).likeCount).toBe(before.likeCount + 2);
    // The page shows the like as given.
    const page = await server.request({
      host: "aoba",
      path: "/content/aoba-studio-diary-1",
      headers: { cookie: `${session}; kizuna_vid=BBBBBBBBBBBBBBBBBBBBBB` },
    });
    expect(page.body).toMatch(/aria-pressed="true"/);
  });

  it("keeps the counter equal to the rows under concurrent events: 50 parallel likes of 50 sessions, 10 parallel views of one", async () => {
    const before = await counters("yuya-case-retail");
    const likes = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        track(
          "yuya",
          { slug: "yuya-case-retail", event: "like" },
          { cookie: `kizuna_vid=${`c${String(i).padStart(2, "0")}`.padEnd(22, "x")}` },
        ),
      ),
    );
    expect(likes.map((r) => r.status)).toEqual(Array(50).fill(202));
    const after = await counters("yuya-case-retail");
    expect(after.likeCount).toBe(before.likeCount + 50);
    expect(await rows(before.id, "like")).toBe(after.likeCount);

    const cookie = "kizuna_vid=samesessionsamesession";
    const views = await Promise.all(
      Array.from({ length: 10 }, () => track("yuya", { slug: "yuya-case-retail", event: "view" }, { cookie })),
    );
    expect(views.filter((r) => (JSON.parse(r.body) as { data: { recorded: boolean } }).data.recorded)).toHaveLength(1);
    const final = await counters("yuya-case-retail");
    expect(final.viewCount).toBe(before.viewCount + 1);
    expect(await rows(before.id, "view")).toBe(final.viewCount);
  });

  it("records a referrer from the other brand on its public domain, counted as a cross referral by the rollups", async () => {
    const registry = buildRegistry(plugins);
    await refreshRollups(registry, db);
    const crossViews = async () =>
      Number(
        (
          await sql<{ n: string }>(
            "SELECT COALESCE(sum(views), 0) AS n FROM content_referrer_daily WHERE day = jst_day(now()) AND site = 'yuya' AND domain_site(referrer_host) = 'aoba'",
          )
        ).rows[0]!.n,
      );
    const before = await crossViews();
    const res = await track("yuya", {
      slug: "yuya-meeting-summarizer",
      event: "view",
      referrer: server.url("aoba", "/content/aoba-night-sky?utm_source=x#top"),
    });
    const { rows: stored } = await sql("SELECT referrer FROM content_analytics WHERE session_id = $1", [visitorCookie(res)!.split("=")[1]]);
    expect(stored).toEqual([{ referrer: "https://aoba-nekosora.com/content/aoba-night-sky" }]);
    await refreshRollups(registry, db);
    expect(await crossViews()).toBe(before + 1);
  });

  it.each([
    ["an unknown event", { slug: "yuya-prompt-kit", event: "vote" }, 400, "invalid_request", "event"],
    ["neither id nor slug", { event: "view" }, 400, "invalid_request", "contentId"],
    ["a malformed id", { contentId: "42", event: "view" }, 400, "invalid_request", "contentId"],
    ["an unknown field", { slug: "yuya-prompt-kit", event: "view", count: 100 }, 400, "invalid_request", "body"],
    ["an unknown content", { contentId: "0196b5a4-0000-7000-8000-000000000000", event: "view" }, 404, "not_found", "contentId"],
    ["another brand's content", { slug: "aoba-night-sky", event: "like" }, 404, "not_found", "slug"],
    ["a draft", { slug: "yuya-draft-ideas", event: "view" }, 404, "not_found", "slug"],
  ])("refuses %s with a JSON error naming the field", async (_label, body, status, code, field) => {
    const res = await track("yuya", body);
    expect(res.status).toBe(status);
    const { error } = JSON.parse(res.body) as { error: { code: string; message: string; fields?: Record<string, string[]> } };
    expect(error.code).toBe(code);
    expect(Object.keys(error.fields ?? {})).toEqual([field]);
  });

  it("refuses malformed JSON, other media types, GET and the admin host", async () => {
    const malformed = await track("yuya", null, { raw: "{not json" });
    expect([malformed.status, (JSON.parse(malformed.body) as { error: { code: string } }).error.code]).toEqual([400, "invalid_json"]);
    const text = await server.request({
      host: "yuya",
      path: "/api/content/events",
      method: "POST",
      headers: { "content-type": "text/plain", "user-agent": BROWSER },
      body: "view",
    });
    expect(text.status).toBe(415);
    expect((await get("yuya", "/api/content/events")).status).toBe(405);
    const admin = await track("admin", { slug: "yuya-prompt-kit", event: "view" });
    expect([admin.status, (JSON.parse(admin.body) as { error: { code: string } }).error.code]).toEqual([404, "not_found"]);
  });
});
