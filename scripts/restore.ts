// Restores a backup made by the daily backup job (or npm run job -- backup.database) over the configured
// database, in one transaction:
//   npm run restore -- data/backups/kizuna-20261125T030000Z.dump
// Stop the server first: the restore replaces every table while it runs.
import { existsSync } from "node:fs";
import path from "node:path";
import { withConfiguredDatabase } from "../server/database.ts";
import { restoreBackup } from "../app/modules/ops/backup.server.ts";

const file = process.argv[2];
if (!file || !existsSync(file)) {
  console.error(file ? `No backup at ${file}.` : "Usage: npm run restore -- <backup file>");
  process.exit(2);
}
await withConfiguredDatabase((url) => restoreBackup({ databaseUrl: url, file: path.resolve(file) }));
console.log(`Restored ${file}.`);
process.exit(0);
