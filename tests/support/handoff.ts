// Drives a crossing between the brand sites as a browser would: /handoff on one site, by way of the other site's
// /auth/handoff (which gives this browser its nonce), back for the token, up to the URL that carries it.
import { expect } from "vitest";
import type { RunningServer } from "./server.ts";
import { pathOf, type Visitor } from "./visitor.ts";

/** The Location a signed-in `visitor` ends at before opening the token (…/auth/handoff?token=…), or wherever /handoff sent it. */
export async function handoffLocation(
  server: RunningServer,
  visitor: Visitor,
  from: "yuya" | "aoba",
  to: "yuya" | "aoba",
  next = "/contact",
): Promise<string> {
  const res = await visitor.get(from, `/handoff?to=${to}&next=${encodeURIComponent(next)}`);
  expect(res.status).toBe(302);
  const location = res.headers.location!;
  if (!location.startsWith(server.url(to, "/auth/handoff?")) || new URL(location).searchParams.has("token")) return location;
  const begun = await visitor.get(to, pathOf(location));
  expect(begun.status).toBe(302);
  const back = await visitor.get(from, pathOf(begun.headers.location!));
  expect(back.status).toBe(302);
  return back.headers.location!;
}
