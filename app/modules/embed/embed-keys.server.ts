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
import { fail, ok, type Failure, type Result } from "~/lib/result";

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

/** A source the registry does not know, or one of the other site: refused beside the field (400, as the form's own checks). */
function checkSource(input: EmbedKeyInput, registry: Registry): Failure | null {
  const source = registry.leadSources.get(input.source);
  if (!source) return fail("bad_request", "errors.unknownSource", { field: "source" });
  if (source.site && source.site !== input.tenant) return fail("bad_request", "errors.sourceOtherSite", { field: "source" });
  return null;
}

export async function createEmbedKey(
  input: EmbedKeyInput,
  registry: Registry,
  actor: Actor,
  origin: RequestOrigin,
): Promise<Result<{ id: string; publicKey: string }>> {
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
  return ok({ id: key.id, publicKey: key.publicKey });
}

export async function updateEmbedKey(
  id: string,
  input: EmbedKeyInput,
  registry: Registry,
  actor: Actor,
  origin: RequestOrigin,
): Promise<Result<{ id: string; publicKey: string }>> {
  const problem = checkSource(input, registry);
  if (problem) return problem;
  const db = getDb();
  const before = await db.embedKey.findUnique({ where: { id } });
  if (!before) return fail("not_found", "embed.unknown");
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
  return ok({ id, publicKey: after.publicKey });
}

export async function setEmbedKeyEnabled(id: string, enabled: boolean, actor: Actor, origin: RequestOrigin): Promise<Result> {
  const result = await getDb().embedKey.updateMany({ where: { id }, data: { enabled } });
  if (result.count === 0) return fail("not_found", "embed.unknown");
  await recordAudit({
    userId: actor.id,
    action: "PUT",
    resource: "embed_keys",
    resourceId: id,
    changes: { enabled },
    ...origin,
    status: "success",
  });
  return ok();
}

export interface CheckedEmbedKey {
  id: string;
  tenant: "yuya" | "aoba";
  source: string;
  allowedOrigins: string[];
  lastUsedAt: Date | null;
}

const INVALID_KEY = () => fail("unauthorized", "api.embed.invalid_key", { code: "invalid_key" });

/** Whether a submission with this key from this origin is accepted. */
export async function checkEmbedKey(publicKey: string | null, origin: string | null): Promise<Result<{ key: CheckedEmbedKey }>> {
  if (!publicKey || !PUBLIC_KEY.test(publicKey)) return INVALID_KEY();
  const key = await getDb().embedKey.findUnique({
    where: { publicKey },
    select: { id: true, tenant: true, source: true, allowedOrigins: true, enabled: true, lastUsedAt: true },
  });
  if (!key) return INVALID_KEY();
  if (!key.enabled) return fail("forbidden", "api.embed.key_disabled", { code: "key_disabled" });
  if (!origin || !key.allowedOrigins.includes(origin.toLowerCase()))
    return fail("forbidden", "api.embed.origin_not_allowed", { code: "origin_not_allowed" });
  return ok({
    key: { id: key.id, tenant: key.tenant, source: key.source, allowedOrigins: key.allowedOrigins, lastUsedAt: key.lastUsedAt },
  });
}

/** Records a key's use, to within minutes: a busy embed's submissions do not each write (and lock) the key's row. */
export async function touchEmbedKey(key: { id: string; lastUsedAt: Date | null }): Promise<void> {
  if (!touchDue(key.lastUsedAt)) return;
  await getDb().embedKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
}
