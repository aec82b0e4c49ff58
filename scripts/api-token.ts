// Creates a personal API token from the command line:
//   npm run api-token -- --email admin@example.com --name "CRM import" [--days 90]
// Prints the token alone on the last line (it is not stored and cannot be shown again).
import { parseArgs } from "node:util";
import { z } from "zod";
import { withConfiguredDatabase } from "../server/database.ts";
import { applyMigrations } from "../server/db/migrate.ts";

const Args = z.object({
  email: z.email({ error: "--email must be the email address of an existing user" }),
  name: z.string().trim().min(1, { error: '--name must name the token (e.g. "CRM import")' }).max(100),
  days: z.coerce.number().int().min(1).max(3650, { error: "--days must be between 1 and 3650" }).default(90),
});

const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, days: { type: "string" } } });
const parsed = Args.safeParse(values);
if (!parsed.success) {
  console.error(parsed.error.issues.map((issue) => issue.message).join("\n"));
  console.error("Usage: npm run api-token -- --email <user email> --name <label> [--days 90]");
  process.exit(2);
}

const created = await withConfiguredDatabase(async (url) => {
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  const [{ getDb }, { createApiToken }] = await Promise.all([
    import("../app/lib/db.server.ts"),
    import("../app/modules/identity/api-tokens.server.ts"),
  ]);
  const db = getDb();
  try {
    const user = await db.user.findUnique({ where: { email: parsed.data.email.toLowerCase() } });
    if (!user) {
      console.error(`No user with the email ${parsed.data.email}. They must have signed in once (or be a demo account).`);
      return false;
    }
    // Audited as the user's, from the command line (no client address).
    const origin = { ip: null, userAgent: "npm run api-token" };
    const created = await createApiToken({ userId: user.id, name: parsed.data.name, days: parsed.data.days, origin });
    console.log(
      `Created API token "${parsed.data.name}" for ${user.email} (${user.role}), valid until ${created.expiresAt.toISOString()}.`,
    );
    console.log("Send it as: Authorization: Bearer <token>. It is shown only now:");
    console.log(created.token);
    return true;
  } finally {
    await db.$disconnect();
  }
});
if (!created) process.exit(1);
