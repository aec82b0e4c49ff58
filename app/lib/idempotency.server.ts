// Idempotency-Key for POSTs: the work and the stored response commit in one transaction, so a retry (even one
// that arrives while the first is still running: it waits on the key's row) gets the first response back and
// nothing is written twice. The same key with another body is refused. A key belongs to its caller: another
// client sending the same key (guessed, or seen in a log) neither gets the first caller's response nor blocks them.
import { createHash } from "node:crypto";
import { getDb, type Tx } from "./db.server.ts";
import { jsonError } from "./http.ts";
import type { Prisma } from "~/generated/prisma/client";

const KEY = /^[\x21-\x7E]{1,255}$/;
const LIFETIME_MS = 24 * 3600_000;

export interface StoredResponse {
  status: number;
  body: Record<string, unknown>;
}

export interface IdempotencyMessages {
  invalidKey: string;
  mismatch: string;
  inProgress: string;
}

/**
 * Who is sending: a signed-in user or API token's user (`user:<id>`), else the client's address (`ip:<address>`).
 * Stored as a digest in the key's scope, so the table holds no addresses.
 */
export function idempotencyCaller(actor: { id: string } | null, clientAddress: string | null): string {
  return actor ? `user:${actor.id}` : `ip:${clientAddress ?? "unknown"}`;
}

/**
 * Runs `work` in a transaction. With an Idempotency-Key header, the key is claimed in the same transaction
 * and its response stored; a repeat returns the stored response with `Idempotent-Replayed: true`.
 * `singleStatement`: the work writes with one SQL statement (atomic by itself), so without a key it runs
 * on the client directly — no interactive transaction, two round trips fewer on the hot ingest path.
 */
export async function idempotent(
  request: Request,
  {
    scope: route,
    caller,
    body,
    messages,
    singleStatement = false,
  }: { scope: string; caller: string; body: unknown; messages: IdempotencyMessages; singleStatement?: boolean },
  work: (tx: Tx) => Promise<StoredResponse>,
): Promise<Response> {
  const key = request.headers.get("idempotency-key");
  const db = getDb();
  if (key === null) {
    const result = singleStatement ? await work(db) : await db.$transaction((tx) => work(tx));
    return Response.json(result.body, { status: result.status });
  }
  if (!KEY.test(key)) throw jsonError(400, "invalid_idempotency_key", messages.invalidKey, { "Idempotency-Key": [messages.invalidKey] });
  const requestHash = createHash("sha256")
    .update(JSON.stringify(body ?? null))
    .digest("hex");
  const scope = `${route} ${createHash("sha256").update(caller).digest("hex").slice(0, 32)}`;

  const outcome = await db.$transaction(async (tx): Promise<{ replayed: boolean; response: StoredResponse } | { conflict: Response }> => {
    // Waits here while another transaction holds the same key, then sees its committed row.
    const { count } = await tx.idempotencyKey.createMany({
      data: [{ scope, key, requestHash, expiresAt: new Date(Date.now() + LIFETIME_MS) }],
      skipDuplicates: true, // ON CONFLICT DO NOTHING
    });
    if (count === 0) {
      const row = await tx.idempotencyKey.findUniqueOrThrow({ where: { scope_key: { scope, key } } });
      if (row.requestHash !== requestHash) return { conflict: jsonError(422, "idempotency_key_reused", messages.mismatch) };
      if (row.responseStatus === null) return { conflict: jsonError(409, "idempotency_in_progress", messages.inProgress) };
      return { replayed: true, response: { status: row.responseStatus, body: row.responseBody as Record<string, unknown> } };
    }
    const response = await work(tx);
    await tx.idempotencyKey.update({
      where: { scope_key: { scope, key } },
      data: { responseStatus: response.status, responseBody: response.body as Prisma.InputJsonValue },
    });
    return { replayed: false, response };
  });
  if ("conflict" in outcome) return outcome.conflict;
  return Response.json(outcome.response.body, {
    status: outcome.response.status,
    headers: outcome.replayed ? { "Idempotent-Replayed": "true" } : undefined,
  });
}
