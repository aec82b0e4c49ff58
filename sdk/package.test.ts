// The SDK as a third party gets it: `npm pack` holds the built files every export points at (and no
// sources), a consumer type-checks against the published types (NodeNext resolution through the exports
// map), the client's types match the OpenAPI description, and the client runs. Needs `npm run build`.
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { generateSdkTypes, TYPES_PATH } from "../scripts/generate-sdk-types.ts";

const sdk = path.resolve(import.meta.dirname);
const root = path.resolve(sdk, "..");

describe("the @kizuna-crm/sdk package", () => {
  it("packs the built files its exports map points at, and no sources", async () => {
    const [pack] = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
        cwd: sdk,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      }),
    ) as [{ name: string; version: string; files: { path: string }[] }];
    const files = pack.files.map((f) => f.path).sort();
    expect(pack.name).toBe("@kizuna-crm/sdk");
    expect(files).toEqual([
      "CHANGELOG.md",
      "README.md",
      "dist/api-types.d.ts",
      "dist/client.d.ts",
      "dist/client.js",
      "dist/embed.js",
      "dist/plugin.d.ts",
      "dist/plugin.js",
      "package.json",
    ]);
    const manifest = JSON.parse(await readFile(path.join(sdk, "package.json"), "utf8")) as {
      exports: Record<string, string | Record<string, string>>;
    };
    const targets = Object.values(manifest.exports).flatMap((t) => (typeof t === "string" ? [t] : Object.values(t)));
    for (const target of targets) expect(files, target).toContain(target.replace(/^\.\//, ""));
  });

  it("type-checks a consumer through the exports map (NodeNext), and its types are not `any`", () => {
    const tsc = path.join(root, "node_modules/typescript/bin/tsc");
    const run = () =>
      execFileSync(process.execPath, [tsc, "-p", path.join(root, "tests/fixtures/sdk-consumer/tsconfig.json")], {
        cwd: root,
        encoding: "utf8",
      });
    expect(run).not.toThrow();
  });

  it("carries the types of the current OpenAPI description", async () => {
    expect(await readFile(TYPES_PATH, "utf8"), "sdk/src/api-types.ts is out of date: npx tsx scripts/generate-sdk-types.ts").toBe(
      await generateSdkTypes(),
    );
  });

  it("runs: the client sends an idempotency key and turns errors into KizunaApiError", async () => {
    const { createClient, KizunaApiError } = await import("@kizuna-crm/sdk");
    const seen: Request[] = [];
    const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Request(input, init));
      return Response.json(
        { error: { code: "invalid_request", message: "Check email", fields: { email: ["Enter a valid email address"] } } },
        { status: 400 },
      );
    }) as typeof fetch;
    const client = createClient({ baseUrl: "https://yuya.example/", fetch: fakeFetch, language: "en" });
    const error = await client
      .createLead({ email: "x", source: "referral", sourceDomain: "yuya-kabuki.com", leadType: "other", message: "m", gdprConsent: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KizunaApiError);
    expect(error).toMatchObject({ status: 400, code: "invalid_request", fields: { email: ["Enter a valid email address"] } });
    expect(seen[0]!.url).toBe("https://yuya.example/api/leads");
    expect(seen[0]!.headers.get("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]!.headers.get("accept-language")).toBe("en");
  });
});
