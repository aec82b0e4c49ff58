// The real server against a test database: tenants from the Host header, edge answers, headers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startServer, type RunningServer } from "../support/server.ts";

let server: RunningServer;

beforeAll(async () => {
  const { url } = await createTestDatabase();
  server = await startServer({ DATABASE_URL: url });
});
afterAll(async () => {
  await server?.stop();
});

describe("tenant resolution", () => {
  it("renders the yuya brand on yuya.localhost", async () => {
    const res = await server.request({ host: "yuya" });
    expect(res.status).toBe(200);
    expect(res.body).toContain("傾奇ユウヤ");
    expect(res.body).not.toContain("猫空あおば</");
  });

  it("renders the aoba brand on aoba.localhost", async () => {
    const res = await server.request({ host: "aoba" });
    expect(res.status).toBe(200);
    expect(res.body).toContain("猫空あおば");
  });

  it("sends the admin host's root to the admin shell", async () => {
    const res = await server.request({ host: "admin" });
    expect([301, 302, 303]).toContain(res.status);
    expect(res.headers.location).toMatch(/\/admin$/);
    const shell = await server.request({ host: "admin", path: "/admin" });
    expect(shell.status).toBe(302); // the admin needs a signed-in staff member
    expect(shell.headers.location).toBe("/login?redirectTo=%2Fadmin");
  });

  it("shows an index of the three hosts on bare localhost", async () => {
    const res = await server.request({ host: "localhost" });
    expect(res.status).toBe(200);
    for (const host of ["yuya", "aoba", "admin"]) expect(res.body).toContain(`http://${host}.localhost:${server.port}`);
  });

  it("answers an unknown host with 404 and runs nothing else", async () => {
    const res = await server.request({ host: "evil.example.com" });
    expect(res.status).toBe(404);
    expect(res.body).toContain("Unknown site");
    expect(res.body).not.toContain("傾奇ユウヤ");
  });

  it.each(["bad host", "yuya.localhost:99999", "user@yuya.localhost"])("answers the malformed Host %j with 400", async (host) => {
    const res = await server.request({ host });
    expect(res.status).toBe(400);
    expect(res.body).toContain("Host header");
  });

  it("does not serve brand pages on the admin host or admin pages on a brand host", async () => {
    expect((await server.request({ host: "yuya", path: "/admin" })).status).toBe(404);
    expect((await server.request({ host: "admin", path: "/contact" })).status).toBe(404);
  });

  it("renders a branded 404 for an unknown path", async () => {
    const res = await server.request({ host: "aoba", path: "/no-such-page" });
    expect(res.status).toBe(404);
    expect(res.body).toContain("猫空あおば");
  });
});

describe("edge headers", () => {
  it("returns a request id and security headers", async () => {
    const res = await server.request({ host: "yuya" });
    expect(res.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });

  it("keeps a sane incoming request id and replaces a hostile one", async () => {
    const kept = await server.request({ host: "yuya", headers: { "x-request-id": "trace-12345678" } });
    expect(kept.headers["x-request-id"]).toBe("trace-12345678");
    const replaced = await server.request({ host: "yuya", headers: { "x-request-id": "<script>" } });
    expect(replaced.headers["x-request-id"]).not.toBe("<script>");
  });
});

describe("language", () => {
  it("follows Accept-Language, and the lng cookie over it", async () => {
    const en = await server.request({ host: "yuya", headers: { "accept-language": "en-US,en;q=0.9" } });
    expect(en.body).toMatch(/<html[^>]*lang="en"/);
    const ja = await server.request({ host: "yuya", headers: { "accept-language": "en-US", cookie: "lng=ja" } });
    expect(ja.body).toMatch(/<html[^>]*lang="ja"/);
  });

  it("falls back to Japanese for an unknown language", async () => {
    const res = await server.request({ host: "aoba", headers: { "accept-language": "fr-FR", cookie: "lng=xx" } });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/<html[^>]*lang="ja"/);
  });
});

describe("switching language", () => {
  it("sets the lng cookie and returns to the page it came from", async () => {
    const res = await server.request({
      host: "aoba",
      path: "/set-language",
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "lng=en&redirectTo=%2Fcontact",
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/contact");
    expect(String(res.headers["set-cookie"])).toMatch(/^lng=en; Path=\//);
  });

  it("answers an unknown language with 400 naming the field, and never redirects off-site", async () => {
    const bad = await server.request({
      host: "aoba",
      path: "/set-language",
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "lng=xx",
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain("lng");
    const offsite = await server.request({
      host: "aoba",
      path: "/set-language",
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "lng=ja&redirectTo=%2F%2Fevil.example.com",
    });
    expect(offsite.headers.location).toBe("/");
  });
});
