// Staff of every role for attack tests: a signed-in admin-host Visitor and an API token per role.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Role } from "~/modules/identity/permissions";
import type { TestDatabase } from "./database.ts";
import { startServer, type RunningServer, type TestResponse } from "./server.ts";
import { signInWithEmail } from "./sign-in.ts";
import { Visitor } from "./visitor.ts";
import { giveApiToken } from "./api-token.ts";

export const STAFF_ROLES = ["ADMIN", "MANAGER", "SUPPORT", "USER"] as const satisfies readonly Role[];

export interface Staff {
  role: Role;
  email: string;
  id: string;
  token: string;
  /** Signed in on the admin host (a USER is signed in too, and is refused there). */
  visitor: Visitor;
}

/** A server with an outbox, generous rate limits, and the given environment. */
export async function startTestServer(url: string, env: Record<string, string> = {}): Promise<{ server: RunningServer; outbox: string }> {
  const outbox = await mkdtemp(path.join(tmpdir(), "kizuna-outbox-"));
  const server = await startServer({
    DATABASE_URL: url,
    OUTBOX_DIR: outbox,
    RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    RATE_LIMIT_API_PER_MINUTE: "100000",
    ...env,
  });
  return { server, outbox };
}

/** One user of each role, with an API token and a Visitor signed in on the admin host. */
export async function staffOfEveryRole(
  server: RunningServer,
  outbox: string,
  { db }: Pick<TestDatabase, "db">,
  tag: string,
): Promise<Map<Role, Staff>> {
  const staff = new Map<Role, Staff>();
  for (const role of STAFF_ROLES) {
    const email = `${role.toLowerCase()}-${tag}@example.com`;
    const user = await db.user.create({ data: { email, name: `${role} ${tag}`, role } });
    const token = `kz_${`${role.toLowerCase()}${tag}`
      .replace(/[^a-z0-9]/g, "")
      .padEnd(43, "x")
      .slice(0, 43)}`;
    await giveApiToken(db, user.id, token);
    const visitor = new Visitor(server);
    await signInWithEmail(visitor, "admin", email, outbox);
    staff.set(role, { role, email, id: user.id, token, visitor });
  }
  return staff;
}

/** A JSON API call, with a bearer token when given. */
export function apiCall(
  server: RunningServer,
  method: string,
  host: string,
  pathname: string,
  { body, token, headers = {} }: { body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<TestResponse> {
  return server.request({
    host,
    path: pathname,
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
