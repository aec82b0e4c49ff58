// Re-encrypts all personal data under the current key (PII_KEY_VERSION, or the highest in PII_ENCRYPTION_KEYS):
//   1. add the new key:  PII_ENCRYPTION_KEYS="v1:<old>,v2:<new>"   (restart: new data is written with v2)
//   2. npm run rotate-key                                          (old rows are rewritten; the app keeps running)
//   3. when it reports nothing left, the old key can be removed.
import { withConfiguredDatabase } from "../server/database.ts";
import { applyMigrations } from "../server/db/migrate.ts";

await withConfiguredDatabase(async (url) => {
  await applyMigrations(url);
  const { rotatePiiKeys } = await import("../app/modules/privacy/rotate-key.server.ts");
  const { piiKeys } = await import("../app/lib/pii.server.ts");
  const { current } = piiKeys();
  console.log(`Re-encrypting personal data under key v${current}…`);
  const reports = await rotatePiiKeys(url);
  for (const { table, scanned, rewritten } of reports)
    console.log(`  ${table.padEnd(18)} ${String(scanned).padStart(8)} rows, ${String(rewritten).padStart(8)} rewritten`);
  const total = reports.reduce((sum, r) => sum + r.rewritten, 0);
  console.log(
    total === 0
      ? `Everything was already under v${current}.`
      : `Done: ${total} rows now under v${current}. Run again to confirm nothing is left.`,
  );
});
