// The one place personal data is encrypted and decrypted: a Prisma client extension. Writes of the listed
// fields (also in nested writes) are encrypted; in results, exactly those fields are decrypted, model by model
// through every relation the query included. Services read and write plaintext and cannot forget. Nothing else
// is ever decrypted: a plaintext column holding a pasted ciphertext must not become a decryption oracle.
import { Prisma } from "~/generated/prisma/client";
import { looksLikeCiphertext, UNREADABLE } from "./ciphertext.ts";
import { decryptPii, encryptPii, PiiKeyError, piiKeys, type PiiKeys } from "./pii.server.ts";

/** Encrypted columns, by model. Equality lookups use the blind index (Lead.emailHash), never these. */
export const ENCRYPTED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Lead: ["email", "phone", "notes"],
  Inquiry: ["message"],
  LeadActivity: ["description"],
  InquiryMessage: ["body"],
  // The rows of a CSV import waiting to be imported (JSON text: emails, phones, notes, messages).
  LeadImport: ["payload"],
  // OAuth credentials of a sign-in: secrets, kept encrypted like personal data.
  Account: ["access_token", "refresh_token", "id_token"],
};

/** Model → relation field → the related model: where a nested write or an included result leads. */
type Relations = ReadonlyMap<string, ReadonlyMap<string, string>>;
const NO_RELATIONS: Relations = new Map();

interface RuntimeDataModel {
  models: Record<string, { fields: readonly { name: string; kind: string; type: string }[] }>;
}

/**
 * Every relation of the schema, from the client's own data model, so that a relation added later is followed
 * without anyone remembering to list it here. The field is in the runtime's public types; without it the
 * client refuses to start rather than leave included personal data encrypted.
 */
export function relationsOf(client: unknown): Relations {
  const model = (client as { _runtimeDataModel?: RuntimeDataModel })._runtimeDataModel;
  if (!model?.models) throw new Error("pii-encryption: the Prisma client has no runtime data model to find relations in");
  return new Map(
    Object.entries(model.models).map(([name, { fields }]) => [
      name,
      new Map(fields.filter((f) => f.kind === "object").map((f) => [f.name, f.type])),
    ]),
  );
}

/** A write put a ciphertext-looking value into a column that is not encrypted (input validation should have refused it). */
export class CiphertextInputError extends Error {
  override name = "CiphertextInputError";
  constructor(
    readonly model: string,
    readonly field: string,
  ) {
    super(`${model}.${field} is not an encrypted field and cannot hold a value that looks like ciphertext`);
  }
}

type Data = Record<string, unknown>;

const isPlainObject = (value: unknown): value is Data => {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
};

function encryptValue(value: unknown, keys: PiiKeys): unknown {
  if (typeof value === "string") return encryptPii(value, keys);
  if (isPlainObject(value) && typeof value.set === "string") return { ...value, set: encryptPii(value.set, keys) };
  return value; // null, undefined
}

/** Inquiry attachments are JSON: their original file names are personal enough to encrypt. */
function encryptAttachments(value: unknown, keys: PiiKeys): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item: unknown) =>
    isPlainObject(item) && typeof item.name === "string" ? { ...item, name: encryptPii(item.name, keys) } : item,
  );
}

/** The text a write puts into a column: the value itself, or Prisma's `{ set: value }`. */
const writtenText = (value: unknown): string | null =>
  typeof value === "string" ? value : isPlainObject(value) && typeof value.set === "string" ? value.set : null;

function encryptData(model: string, data: unknown, keys: PiiKeys, schema: Relations): unknown {
  if (Array.isArray(data)) return data.map((item) => encryptData(model, item, keys, schema));
  if (!isPlainObject(data)) return data;
  const fields = ENCRYPTED_FIELDS[model] ?? [];
  const relations = schema.get(model);
  const out: Data = { ...data };
  for (const [key, value] of Object.entries(data)) {
    const related = relations?.get(key);
    if (fields.includes(key)) out[key] = encryptValue(value, keys);
    else if (model === "Inquiry" && key === "attachments") out[key] = encryptAttachments(value, keys);
    else if (related) out[key] = encryptNested(related, value, keys, schema);
    else if (looksLikeCiphertext(writtenText(value) ?? "")) throw new CiphertextInputError(model, key);
  }
  return out;
}

function encryptNested(model: string, ops: unknown, keys: PiiKeys, schema: Relations): unknown {
  if (!isPlainObject(ops)) return ops;
  const out: Data = { ...ops };
  const each = (value: unknown, fn: (item: Data) => Data) =>
    Array.isArray(value) ? value.map((item) => (isPlainObject(item) ? fn(item) : item)) : isPlainObject(value) ? fn(value) : value;
  if ("create" in ops) out.create = encryptData(model, ops.create, keys, schema);
  if (isPlainObject(ops.createMany)) out.createMany = { ...ops.createMany, data: encryptData(model, ops.createMany.data, keys, schema) };
  if ("connectOrCreate" in ops)
    out.connectOrCreate = each(ops.connectOrCreate, (item) => ({ ...item, create: encryptData(model, item.create, keys, schema) }));
  if ("update" in ops)
    out.update = each(ops.update, (item) =>
      "data" in item && "where" in item
        ? { ...item, data: encryptData(model, item.data, keys, schema) }
        : (encryptData(model, item, keys, schema) as Data),
    );
  if ("updateMany" in ops)
    out.updateMany = each(ops.updateMany, (item) => ({ ...item, data: encryptData(model, item.data, keys, schema) }));
  if ("upsert" in ops)
    out.upsert = each(ops.upsert, (item) => ({
      ...item,
      create: encryptData(model, item.create, keys, schema),
      update: encryptData(model, item.update, keys, schema),
    }));
  return out;
}

/**
 * A model's fields encrypted as the extension would write them, for the few writes that go around Prisma's
 * model API (a SQL function doing a submission in one round trip): the field list stays in one place.
 */
export function encryptForModel<T extends Data>(model: keyof typeof ENCRYPTED_FIELDS, data: T): T {
  return encryptData(model, data, piiKeys(), NO_RELATIONS) as T;
}

/** Refuses a query that filters on an encrypted column: it could never match, and would fail silently. */
function assertNoEncryptedFilter(model: string, where: unknown): void {
  if (!isPlainObject(where)) return;
  for (const field of ENCRYPTED_FIELDS[model] ?? []) {
    if (field in where)
      throw new Error(`${model}.${field} is encrypted and cannot be filtered on${field === "email" ? "; use emailHash" : ""}`);
  }
}

/** A stored value, decrypted; one that does not decrypt is shown as unreadable rather than failing the whole page. */
function readable(stored: string, keys: PiiKeys): string {
  try {
    return decryptPii(stored, keys);
  } catch (error) {
    if (error instanceof PiiKeyError) return UNREADABLE;
    throw error;
  }
}

function decryptAttachments(value: unknown, keys: PiiKeys): unknown {
  if (!Array.isArray(value)) return value;
  return value.map((item: unknown) =>
    isPlainObject(item) && typeof item.name === "string" ? { ...item, name: readable(item.name, keys) } : item,
  );
}

/** Decrypts the encrypted fields of a result of `model`, and of every related record it includes. */
function decryptResult(model: string, value: unknown, keys: PiiKeys, schema: Relations): unknown {
  if (Array.isArray(value)) return value.map((item) => decryptResult(model, item, keys, schema));
  if (!isPlainObject(value)) return value;
  const fields = ENCRYPTED_FIELDS[model] ?? [];
  const relations = schema.get(model);
  const out: Data = { ...value };
  for (const [key, item] of Object.entries(value)) {
    const related = relations?.get(key);
    if (fields.includes(key) && typeof item === "string") out[key] = readable(item, keys);
    else if (model === "Inquiry" && key === "attachments") out[key] = decryptAttachments(item, keys);
    else if (related) out[key] = decryptResult(related, item, keys, schema);
  }
  return out;
}

const WRITES_DATA = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn"]);

export const piiEncryption = Prisma.defineExtension((client) => {
  const schema = relationsOf(client);
  return client.$extends({
    name: "pii-encryption",
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          const keys = piiKeys();
          const input = { ...(args as Data) };
          assertNoEncryptedFilter(model, input.where);
          if (WRITES_DATA.has(operation)) input.data = encryptData(model, input.data, keys, schema);
          if (operation === "upsert") {
            input.create = encryptData(model, input.create, keys, schema);
            input.update = encryptData(model, input.update, keys, schema);
          }
          return decryptResult(model, await query(input as typeof args), keys, schema);
        },
      },
    },
  });
});
