// Re-encrypts every stored personal value under the current key version, in small batches, while the app
// keeps running: readers accept every configured version, and each row is rewritten only if it still holds
// the value that was read (a concurrent edit already wrote the current version and wins).
import pg from "pg";
import { decryptPii, encryptPii, isEncrypted, keyVersionOf, PiiKeyError, piiKeys, type PiiKeys } from "~/lib/pii.server";

/** Tables and text columns holding encrypted values (mirrors ENCRYPTED_FIELDS), plus JSON columns with encrypted names. */
export const ENCRYPTED_COLUMNS: readonly { table: string; columns: readonly string[]; jsonNames?: string }[] = [
  { table: "leads", columns: ["email", "phone", "notes"] },
  { table: "inquiries", columns: ["message"], jsonNames: "attachments" },
  { table: "lead_activities", columns: ["description"] },
  { table: "inquiry_messages", columns: ["body"] },
  { table: "accounts", columns: ["access_token", "refresh_token", "id_token"] },
  { table: "lead_imports", columns: ["payload"] },
];

const needsRewrite = (value: unknown, current: number) =>
  typeof value === "string" && (!isEncrypted(value) || keyVersionOf(value) !== current);

export interface RotationReport {
  table: string;
  scanned: number;
  rewritten: number;
  /** Values that do not decrypt under any configured key (corrupt, or of a key no longer held): left as they are. */
  unreadable: number;
}

/** The value under the current key, or null when it does not decrypt: one bad value must not stop the rotation. */
function reencrypt(value: string, keys: PiiKeys): string | null {
  try {
    return encryptPii(decryptPii(value, keys), keys);
  } catch (error) {
    if (error instanceof PiiKeyError) return null;
    throw error;
  }
}

export async function rotatePiiKeys(
  connectionString: string,
  { keys = piiKeys(), batchSize = 500 }: { keys?: PiiKeys; batchSize?: number } = {},
): Promise<RotationReport[]> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  const reports: RotationReport[] = [];
  try {
    for (const { table, columns, jsonNames } of ENCRYPTED_COLUMNS) {
      const report = { table, scanned: 0, rewritten: 0, unreadable: 0 };
      const selected = [...columns, ...(jsonNames ? [jsonNames] : [])].map((c) => `"${c}"`).join(", ");
      let after = "00000000-0000-0000-0000-000000000000";
      for (;;) {
        const { rows } = await client.query<Record<string, unknown> & { id: string }>(
          `SELECT id, ${selected} FROM "${table}" WHERE id > $1 ORDER BY id LIMIT $2`,
          [after, batchSize],
        );
        if (rows.length === 0) break;
        after = rows.at(-1)!.id;
        report.scanned += rows.length;
        for (const row of rows) {
          const changes: Record<string, unknown> = {};
          for (const column of columns) {
            if (!needsRewrite(row[column], keys.current)) continue;
            const rewritten = reencrypt(row[column] as string, keys);
            if (rewritten === null) report.unreadable++;
            else changes[column] = rewritten;
          }
          if (jsonNames && Array.isArray(row[jsonNames])) {
            const items = row[jsonNames] as Record<string, unknown>[];
            if (items.some((item) => needsRewrite(item?.name, keys.current))) {
              changes[jsonNames] = JSON.stringify(
                items.map((item) =>
                  needsRewrite(item?.name, keys.current)
                    ? { ...item, name: encryptPii(decryptPii(item.name as string, keys), keys) }
                    : item,
                ),
              );
            }
          }
          const changed = Object.keys(changes);
          if (changed.length === 0) continue;
          const set = changed.map((column, i) => `"${column}" = $${i + 2}`).join(", ");
          const same = changed
            .map((column, i) => `"${column}" IS NOT DISTINCT FROM $${changed.length + i + 2}${column === jsonNames ? "::jsonb" : ""}`)
            .join(" AND ");
          const previous = changed.map((column) => (column === jsonNames ? JSON.stringify(row[column]) : row[column]));
          const result = await client.query(`UPDATE "${table}" SET ${set} WHERE id = $1 AND ${same}`, [
            row.id,
            ...changed.map((c) => changes[c]),
            ...previous,
          ]);
          report.rewritten += result.rowCount ?? 0;
        }
      }
      reports.push(report);
    }
  } finally {
    await client.end();
  }
  return reports;
}
