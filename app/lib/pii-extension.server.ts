// The one place personal data is encrypted and decrypted: a Prisma client extension. Writes of the listed
// fields (also in nested writes) are encrypted; every string in every result that carries the encryption
// prefix is decrypted, however deeply it was included. Services read and write plaintext and cannot forget.
import { Prisma } from "~/generated/prisma/client";
import { decryptPii, encryptPii, isEncrypted, piiKeys, type PiiKeys } from "./pii.server.ts";

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

/** Relations through which nested writes can reach an encrypted model. */
const RELATIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Lead: { inquiries: "Inquiry", activities: "LeadActivity" },
  Inquiry: { lead: "Lead", messages: "InquiryMessage" },
  LeadActivity: { lead: "Lead" },
  InquiryMessage: { inquiry: "Inquiry" },
  User: { leads: "Lead", assignedLeads: "Lead", inquiries: "Inquiry", assignedInquiries: "Inquiry", leadActivities: "LeadActivity", inquiryMessages: "InquiryMessage", accounts: "Account", leadImports: "LeadImport" },
};

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
  return value.map((item: unknown) => (isPlainObject(item) && typeof item.name === "string" ? { ...item, name: encryptPii(item.name, keys) } : item));
}

function encryptData(model: string, data: unknown, keys: PiiKeys): unknown {
  if (Array.isArray(data)) return data.map((item) => encryptData(model, item, keys));
  if (!isPlainObject(data)) return data;
  const fields = ENCRYPTED_FIELDS[model] ?? [];
  const relations = RELATIONS[model] ?? {};
  const out: Data = { ...data };
  for (const [key, value] of Object.entries(data)) {
    if (fields.includes(key)) out[key] = encryptValue(value, keys);
    else if (model === "Inquiry" && key === "attachments") out[key] = encryptAttachments(value, keys);
    else if (relations[key]) out[key] = encryptNested(relations[key], value, keys);
  }
  return out;
}

function encryptNested(model: string, ops: unknown, keys: PiiKeys): unknown {
  if (!isPlainObject(ops)) return ops;
  const out: Data = { ...ops };
  const each = (value: unknown, fn: (item: Data) => Data) =>
    Array.isArray(value) ? value.map((item) => (isPlainObject(item) ? fn(item) : item)) : isPlainObject(value) ? fn(value) : value;
  if ("create" in ops) out.create = encryptData(model, ops.create, keys);
  if (isPlainObject(ops.createMany)) out.createMany = { ...ops.createMany, data: encryptData(model, ops.createMany.data, keys) };
  if ("connectOrCreate" in ops) out.connectOrCreate = each(ops.connectOrCreate, (item) => ({ ...item, create: encryptData(model, item.create, keys) }));
  if ("update" in ops) out.update = each(ops.update, (item) => ("data" in item && "where" in item ? { ...item, data: encryptData(model, item.data, keys) } : (encryptData(model, item, keys) as Data)));
  if ("updateMany" in ops) out.updateMany = each(ops.updateMany, (item) => ({ ...item, data: encryptData(model, item.data, keys) }));
  if ("upsert" in ops) out.upsert = each(ops.upsert, (item) => ({ ...item, create: encryptData(model, item.create, keys), update: encryptData(model, item.update, keys) }));
  return out;
}

/**
 * A model's fields encrypted as the extension would write them, for the few writes that go around Prisma's
 * model API (a SQL function doing a submission in one round trip): the field list stays in one place.
 */
export function encryptForModel<T extends Data>(model: keyof typeof ENCRYPTED_FIELDS, data: T): T {
  return encryptData(model, data, piiKeys()) as T;
}

/** Refuses a query that filters on an encrypted column: it could never match, and would fail silently. */
function assertNoEncryptedFilter(model: string, where: unknown): void {
  if (!isPlainObject(where)) return;
  for (const field of ENCRYPTED_FIELDS[model] ?? []) {
    if (field in where) throw new Error(`${model}.${field} is encrypted and cannot be filtered on${field === "email" ? "; use emailHash" : ""}`);
  }
}

function decryptDeep(value: unknown, keys: PiiKeys): unknown {
  if (isEncrypted(value)) return decryptPii(value, keys);
  if (Array.isArray(value)) return value.map((item) => decryptDeep(item, keys));
  if (isPlainObject(value)) {
    const out: Data = {};
    for (const [key, item] of Object.entries(value)) out[key] = decryptDeep(item, keys);
    return out;
  }
  return value;
}

const WRITES_DATA = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn"]);

export const piiEncryption = Prisma.defineExtension({
  name: "pii-encryption",
  query: {
    $allModels: {
      async $allOperations({ model, operation, args, query }) {
        const keys = piiKeys();
        const input = { ...(args as Data) };
        assertNoEncryptedFilter(model, input.where);
        if (WRITES_DATA.has(operation)) input.data = encryptData(model, input.data, keys);
        if (operation === "upsert") {
          input.create = encryptData(model, input.create, keys);
          input.update = encryptData(model, input.update, keys);
        }
        return decryptDeep(await query(input as typeof args), keys);
      },
    },
  },
});
