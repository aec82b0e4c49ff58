import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.server.ts";
import { buildHostMap, publicSiteUrls, resolveHost, siteUrls } from "./tenant.server.ts";

const env = parseEnv({});
const hosts = buildHostMap(env);

describe("resolveHost", () => {
  it.each([
    ["yuya.localhost:3000", "yuya"],
    ["aoba.localhost", "aoba"],
    ["admin.localhost:8080", "admin"],
    ["localhost:3000", "index"],
    ["YUYA-KABUKI.COM", "yuya"],
    ["aoba-nekosora.com.", "aoba"],
  ])("%s → %s", (header, site) => {
    expect(resolveHost(header, hosts)).toMatchObject({ kind: "site", site });
  });

  it("keeps the port for links between the hosts", () => {
    expect(resolveHost("yuya.localhost:3000", hosts)).toMatchObject({ hostname: "yuya.localhost", port: "3000" });
  });

  it("reports an unknown host by name", () => {
    expect(resolveHost("evil.example.com", hosts)).toEqual({ kind: "unknown", hostname: "evil.example.com" });
  });

  it.each([
    undefined,
    "",
    "   ",
    "a b",
    "yuya.localhost:99999",
    "yuya.localhost:port",
    "user@yuya.localhost",
    "..",
    ".yuya.localhost",
    "yuya.localhost/path",
    "ゆうや.com",
  ])("treats %j as malformed", (header) => {
    expect(resolveHost(header, hosts)).toEqual({ kind: "malformed" });
  });
});

describe("siteUrls", () => {
  it("links local hosts to local hosts on the same port", () => {
    expect(siteUrls(env, { hostname: "localhost", port: "3000" })).toEqual({
      yuya: "http://yuya.localhost:3000",
      aoba: "http://aoba.localhost:3000",
      admin: "http://admin.localhost:3000",
    });
  });

  it("takes the port from configuration, never from the request's Host header", () => {
    expect(siteUrls(env, { hostname: "yuya.localhost", port: "31337" }).aoba).toBe("http://aoba.localhost:3000");
    const prod = parseEnv({ PUBLIC_SCHEME: "https" });
    expect(siteUrls(prod, { hostname: "yuya-kabuki.com", port: "8443" }).aoba).toBe("https://aoba-nekosora.com");
    expect(siteUrls(parseEnv({ PUBLIC_SCHEME: "https", PUBLIC_PORT: "8443" }), { hostname: "yuya-kabuki.com", port: "" }).yuya).toBe(
      "https://yuya-kabuki.com:8443",
    );
  });

  it("links production hosts to production hosts", () => {
    const prod = parseEnv({ PUBLIC_SCHEME: "https", ADMIN_HOSTS: "admin.kizuna.example,admin.localhost" });
    expect(siteUrls(prod, { hostname: "yuya-kabuki.com", port: "" })).toEqual({
      yuya: "https://yuya-kabuki.com",
      aoba: "https://aoba-nekosora.com",
      admin: "https://admin.kizuna.example",
    });
  });
});

describe("publicSiteUrls (links in mail sent by jobs)", () => {
  const secrets = {
    SESSION_SECRET: "s".repeat(32),
    PII_HASH_KEY: "h".repeat(32),
    PII_ENCRYPTION_KEYS: `v1:${Buffer.alloc(32, 1).toString("base64")}`,
  };

  it("gives the *.localhost hosts with the port for a local start, in production mode too", () => {
    const local = parseEnv({ NODE_ENV: "production", PORT: "3100", ...secrets });
    expect(publicSiteUrls(local)).toEqual({
      yuya: "http://yuya.localhost:3100",
      aoba: "http://aoba.localhost:3100",
      admin: "http://admin.localhost:3100",
    });
  });

  it("gives the public host names for a deployment behind TLS, in any mode", () => {
    const deployed = { PUBLIC_SCHEME: "https", ADMIN_HOSTS: "admin.kizuna.example,admin.localhost", ...secrets };
    const expected = { yuya: "https://yuya-kabuki.com", aoba: "https://aoba-nekosora.com", admin: "https://admin.kizuna.example" };
    expect(publicSiteUrls(parseEnv({ NODE_ENV: "production", ...deployed }))).toEqual(expected);
    expect(publicSiteUrls(parseEnv(deployed))).toEqual(expected);
    expect(publicSiteUrls(parseEnv({ ...deployed, PUBLIC_SCHEME: "http", PUBLIC_PORT: "8080" })).admin).toBe(
      "http://admin.kizuna.example:8080",
    );
  });
});
