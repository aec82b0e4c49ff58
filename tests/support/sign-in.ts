// Signs a Visitor in with the email code from the outbox, as a person would: ask for a code, type it in.
import { expect } from "vitest";
import { latestMailTo, signInCode } from "./outbox.ts";
import type { RunningServer } from "./server.ts";
import { Visitor } from "./visitor.ts";

export async function signInWithEmail(visitor: Visitor, host: string, email: string, outbox: string): Promise<void> {
  const sent = await visitor.post(host, "/auth/email", { email });
  expect(sent.headers.location, `code for ${email}`).toBe("/login/code");
  const verified = await visitor.post(host, "/auth/email", { code: signInCode(await latestMailTo(outbox, email)) });
  expect(verified.headers.location, `sign-in of ${email}`).toBe("/auth/done");
  await visitor.get(host, "/auth/done");
}

/** One signed-in Visitor per address (on one host), keyed by the part before the @. */
export async function signedInVisitors(
  server: RunningServer,
  outbox: string,
  emails: readonly string[],
  host = "admin",
): Promise<Map<string, Visitor>> {
  const visitors = new Map<string, Visitor>();
  for (const email of emails) {
    const visitor = new Visitor(server);
    await signInWithEmail(visitor, host, email, outbox);
    visitors.set(email.split("@")[0]!, visitor);
  }
  return visitors;
}
