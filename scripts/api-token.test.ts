// `npm run api-token` end to end: the built script (build/scripts/api-token.mjs, as npm runs it) in a real process
// against a test database; the printed token works.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../tests/support/database.ts";

const run = promisify(execFile);
const { url, db } = await createTestDatabase();

function apiToken(...args: string[]) {
  return run(process.execPath, ["build/scripts/api-token.mjs", ...args], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: "silent" },
  });
}

beforeAll(async () => {
  process.env.DATABASE_URL = url;
  await db.user.create({ data: { email: "admin@example.com", role: "ADMIN" } });
});

describe("npm run api-token", () => {
  it("prints a working token alone on its last line", async () => {
    const { stdout } = await apiToken("--email", "admin@example.com", "--name", "CRM import");
    const token = stdout.trim().split("\n").at(-1)!;
    expect(token).toMatch(/^kz_[A-Za-z0-9_-]{40,}$/);
    const { authenticateBearer } = await import("~/modules/identity/api-tokens.server");
    const user = await authenticateBearer(new Request("http://x/", { headers: { authorization: `Bearer ${token}` } }));
    expect(user?.email).toBe("admin@example.com");
    expect((await db.apiToken.findFirstOrThrow({ where: { name: "CRM import" } })).userId).toBe(user?.id);
  });

  it("names the problem for a missing name or an unknown user", async () => {
    await expect(apiToken("--email", "admin@example.com")).rejects.toMatchObject({ stderr: expect.stringContaining("--name") });
    await expect(apiToken("--email", "nobody@example.com", "--name", "x")).rejects.toMatchObject({
      stderr: expect.stringContaining("No user with the email nobody@example.com"),
    });
  });
});
