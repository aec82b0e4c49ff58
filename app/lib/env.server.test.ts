import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server.ts";

describe("parseEnv", () => {
  it("gives working local defaults for an empty environment", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.EMBEDDED_PG_DIR).toBe("./data/pg");
    expect(env.YUYA_HOSTS).toContain("yuya.localhost");
    expect(env.AOBA_HOSTS).toContain("aoba-nekosora.com");
    expect(env.ADMIN_HOSTS).toEqual(["admin.localhost"]);
  });

  it("reads PORT and host lists, trimming and lower-casing", () => {
    const env = parseEnv({ PORT: "4100", YUYA_HOSTS: " Yuya.Example.com , yuya.localhost" });
    expect(env.PORT).toBe(4100);
    expect(env.YUYA_HOSTS).toEqual(["yuya.example.com", "yuya.localhost"]);
  });

  it("lists every problem, naming each variable", () => {
    let caught: unknown;
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", ADMIN_HOSTS: "https://admin.example.com", NODE_ENV: "production" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvError);
    const problems = (caught as EnvError).problems.join("\n");
    expect(problems).toMatch(/^PORT: /m);
    expect(problems).toMatch(/^DATABASE_URL: must be a postgresql:\/\/ URL/m);
    expect(problems).toMatch(/^ADMIN_HOSTS\.0: must be a comma-separated list of host names/m);
    expect(problems).toMatch(/^SESSION_SECRET: is required in production/m);
  });

  it("reads versioned encryption keys and checks them", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const env = parseEnv({ PII_ENCRYPTION_KEYS: `v1:${key}, v3:${key}` });
    expect([...env.PII_ENCRYPTION_KEYS!.keys()]).toEqual([1, 3]);
    expect(() => parseEnv({ PII_ENCRYPTION_KEYS: "v1:c2hvcnQ=" })).toThrow(
      /PII_ENCRYPTION_KEYS: each entry must be v<number>:<base64 of 32 bytes>/,
    );
    expect(() => parseEnv({ PII_ENCRYPTION_KEYS: `v1:${key}`, PII_KEY_VERSION: "2" })).toThrow(
      /PII_KEY_VERSION: v2 is not in PII_ENCRYPTION_KEYS/,
    );
    expect(() => parseEnv({ NODE_ENV: "production", SESSION_SECRET: "x".repeat(32), PII_HASH_KEY: "y".repeat(32) })).toThrow(
      /PII_ENCRYPTION_KEYS: is required in production/,
    );
  });

  it("takes a read replica only as a replica of DATABASE_URL", () => {
    expect(() => parseEnv({ DATABASE_REPLICA_URL: "mysql://r" })).toThrow(/DATABASE_REPLICA_URL: must be a postgresql:\/\/ URL/);
    expect(() => parseEnv({ DATABASE_REPLICA_URL: "postgresql://r/kizuna" })).toThrow(
      /DATABASE_REPLICA_URL: is a replica of DATABASE_URL: set DATABASE_URL too/,
    );
    const env = parseEnv({ DATABASE_URL: "postgresql://p/kizuna", DATABASE_REPLICA_URL: "postgresql://r/kizuna" });
    expect(env.DATABASE_REPLICA_URL).toBe("postgresql://r/kizuna");
    expect(env.DATABASE_REPLICA_POOL_MAX).toBe(4);
  });

  it("refuses a host claimed by two sites", () => {
    expect(() => parseEnv({ AOBA_HOSTS: "yuya.localhost" })).toThrow(/AOBA_HOSTS: host yuya.localhost is also listed in YUYA_HOSTS/);
  });

  it("treats empty variables as unset", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).PORT).toBe(3000);
  });
});

describe("TRUST_PROXY", () => {
  it.each([
    ["false", false],
    ["0", false],
    ["1", 1],
    ["2", 2],
    ["10.0.0.1", ["10.0.0.1"]],
    ["10.0.0.0/8, fd00::/8,loopback", ["10.0.0.0/8", "fd00::/8", "loopback"]],
  ])("reads %j", (value, expected) => {
    expect(parseEnv({ TRUST_PROXY: value }).TRUST_PROXY).toEqual(expected);
  });

  it("refuses true, saying what to set instead", () => {
    expect(() => parseEnv({ TRUST_PROXY: "true" })).toThrow(/TRUST_PROXY: true is refused.*number of proxies/);
  });

  it.each(["yes", "10.0.0.300", "10.0.0.0/33", "proxy.example.com", ","])("refuses %j", (value) => {
    expect(() => parseEnv({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY: must be false, a number of proxies/);
  });
});
