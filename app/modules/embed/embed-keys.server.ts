// Embed keys: public keys (pk_…) an admin creates per site for the embeddable lead form. A key fixes the site
// and the lead source its submissions are recorded under and lists the origins allowed to use it; it can be
// disabled. Changes are audited.
import { randomBytes } from "node:crypto";
import { getDb } from "~/lib/db.server";
import { auditDiff, recordAudit } from "~/modules/audit/audit.server";
import { touchDue } from "~/modules/identity/session.server";
import type { Registry } from "~/modules/plugins/registry.server";
import { PUBLIC_KEY, type EmbedKeyInput } from "./embed.schema.ts";
import { type RequestOrigin } from "~/lib/request-origin.server";

type Actor = { id: string };

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** pk_ and 24 base62 characters (≈ 143 bits). */
export function newPublicKey(): string {
  // 248 = 4 × 62: bytes at or above it are dropped so every character is equally likely.
  let key = "";
  while (key.length < 24) for (const byte of randomBytes(32)) if (byte < 248 && key.length < 24) key += BASE62[byte % 62];
  return `pk_${key}`;
}

export async function listEmbedKeys() {
  return getDb().embedKey.findMany({
    orderBy: [{ enabled: "desc" }, { createdAt: "desc" }],
    include: { creator: { select: { name: true, email: true } } },
  });
}

export type EmbedKeyResult = { ok: true; id: string; publicKey: string } | { ok: false; field: "source"; message: string };

function checkSource(input: EmbedKeyInput, registry: Registry): EmbedKeyResult | null {
  const source = registry.leadSources.get(input.source);
  if (!source) return { ok: false, field: "source", message: "errors.unknownSource" };
  if (source.site && source.site !== input.tenant) return { ok: false, field: "source", message: "errors.sourceOtherSite" };
  return null;
}

export async function createEmbedKey(
  input: EmbedKeyInput,
  registry: Registry,
  actor: Actor,
  origin: RequestOrigin,
): Promise<EmbedKeyResult> {
  const problem = checkSource(input, registry);
  if (problem) return problem;
  const key = await getDb().embedKey.create({
    data: {
      publicKey: newPublicKey(),
      name: input.name,
      tenant: input.tenant,
      source: input.source,
      allowedOrigins: input.allowedOrigins,
      createdBy: actor.id,
    },
  });
  await recordAudit({
    userId: actor.id,
    action: "POST",
    resource: "embed_keys",
    resourceId: key.id,
    changes: { name: input.name, tenant: input.tenant, source: input.source, allowedOrigins: input.allowedOrigins },
    ...origin,
    status: "success",
  });
  return { ok: true, id: key.id, publicKey: key.publicKey };
}

export async function updateEmbedKey(
  id: string,
  input: EmbedKeyInput,
  registry: Registry,
  actor: Actor,
  origin: RequestOrigin,
): Promise<EmbedKeyResult | null> {
  const problem = checkSource(input, registry);
  if (problem) return problem;
  const db = getDb();
  const before = await db.embedKey.findUnique({ where: { id } });
  if (!before) return null;
  const after = await db.embedKey.update({
    where: { id },
    data: { name: input.name, tenant: input.tenant, source: input.source, allowedOrigins: input.allowedOrigins },
  });
  const pick = (k: typeof before) => ({ name: k.name, tenant: k.tenant, source: k.source, allowedOrigins: k.allowedOrigins });
  await recordAudit({
    userId: actor.id,
    action: "PUT",
    resource: "embed_keys",
    resourceId: id,
    changes: auditDiff(pick(before), pick(after)),
    ...origin,
    status: "success",
  });
  return { ok: true, id, publicKey: after.publicKey };
}

export async function setEmbedKeyEnabled(id: string, enabled: boolean, actor: Actor, origin: RequestOrigin): Promise<boolean> {
  const result = await getDb().embedKey.updateMany({ where: { id }, data: { enabled } });
  if (result.count === 0) return false;
  await recordAudit({
    userId: actor.id,
    action: "PUT",
    resource: "embed_keys",
    resourceId: id,
    changes: { enabled },
    ...origin,
    status: "success",
  });
  return true;
}

export type EmbedKeyCheck =
  | { ok: true; key: { id: string; tenant: "yuya" | "aoba"; source: string; allowedOrigins: string[]; lastUsedAt: Date | null } }
  | { ok: false; status: 401 | 403; code: "invalid_key" | "key_disabled" | "origin_not_allowed" };

/** Whether a submission with this key from this origin is accepted. */
export async function checkEmbedKey(publicKey: string | null, origin: string | null): Promise<EmbedKeyCheck> {
  if (!publicKey || !PUBLIC_KEY.test(publicKey)) return { ok: false, status: 401, code: "invalid_key" };
  const key = await getDb().embedKey.findUnique({
    where: { publicKey },
    select: { id: true, tenant: true, source: true, allowedOrigins: true, enabled: true, lastUsedAt: true },
  });
  if (!key) return { ok: false, status: 401, code: "invalid_key" };
  if (!key.enabled) return { ok: false, status: 403, code: "key_disabled" };
  if (!origin || !key.allowedOrigins.includes(origin.toLowerCase())) return { ok: false, status: 403, code: "origin_not_allowed" };
  return {
    ok: true,
    key: { id: key.id, tenant: key.tenant, source: key.source, allowedOrigins: key.allowedOrigins, lastUsedAt: key.lastUsedAt },
  };
}

/** Records a key's use, to within minutes: a busy embed's submissions do not each write (and lock) the key's row. */
export async function touchEmbedKey(key: { id: string; lastUsedAt: Date | null }): Promise<void> {
  if (!touchDue(key.lastUsedAt)) return;
  await getDb().embedKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
}
